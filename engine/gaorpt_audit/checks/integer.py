"""`integer`: counts are whole numbers.

`cells` (a list of references, globs allowed). One finding per cell holding a number with
a fraction (e.g. 2.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, model_validator

from ..facts import FactBase
from .base import CellSlots, CheckModel, Explanation, Kind, Match, cell_labels, cell_location, fmt
from .compiler import Builder, Instance, cell_alpha, join
from .refs import RefT


class IntegerCheck(CheckModel):
    """Every number in the matching cells is a whole number (counts: docs/domain.md §3.1 T3-NN)."""

    kind: Literal["integer"]
    cells: list[RefT] = Field(min_length=1)

    @model_validator(mode="after")
    def _loop(self) -> IntegerCheck:
        self._check_loop(None, self.cells)
        return self


@dataclass
class Slots(CellSlots):
    cell: str = ""  # t3.new[total]
    value: str = ""


def compile_check(b: Builder, rule: Any, chk: IntegerCheck) -> None:
    for ref in chk.cells:
        tests = cell_alpha(ref) + [{"fraction": True}]
        needs = (("any_cell" if ref.is_glob else "cell", ref),)
        b.add(Instance(rule.code, str(ref), needs=needs, spec=ref), {"": join([("m", tests)])})


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    fact = m["m"]
    row, col = fact["row"], fact["col"]
    slots = Slots(
        cell=f"{inst.spec.table}.{row}[{col}]", value=fmt(fact["value"]), **cell_labels(row, col)
    )
    return Explanation(
        slots, f"{row}[{col}]", cell_location(fact), expected="整数", actual=fact["value"]
    )


KIND = Kind("integer", IntegerCheck, Slots, compile_check, explain)
