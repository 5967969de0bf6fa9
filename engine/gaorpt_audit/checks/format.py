"""`format`: tables use the layout of the report year.

`tables` (`二 三 四`), `new_format_from` (default 2021): reports from that year on must use
the 2021 labels, earlier ones the 2019 labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from ..facts import FactBase
from ..model import TableName
from .base import CheckModel, Explanation, Kind, Match
from .compiler import Builder, Instance, join


class FormatCheck(CheckModel):
    """Each listed table uses the layout of the report year (2021 from new_format_from on)."""

    kind: Literal["format"]
    tables: list[TableName] = Field(min_length=1)
    new_format_from: int = 2021


@dataclass
class Slots:
    table: str = ""
    layout: str = ""  # the layout printed: 2019 | 2021
    expected: str = ""  # the layout the report year requires


def compile_check(b: Builder, rule: Any, chk: FormatCheck) -> None:
    for name in chk.tables:
        base = [{"kind": "table"}, {"name": name}, {"$ex": {"year": 1}}]
        rules = {
            "new": join(
                [("m", base + [{"layout": "2019"}, {"$gte": {"year": chk.new_format_from}}])]
            ),
            "old": join(
                [("m", base + [{"layout": "2021"}, {"$lt": {"year": chk.new_format_from}}])]
            ),
        }
        needs = (("layout", name), ("year",))
        b.add(Instance(rule.code, f"table={name}", needs=needs, spec=chk.new_format_from), rules)


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    fact = m["m"]
    expected = "2021" if (base.year or 0) >= inst.spec else "2019"
    slots = Slots(table=fact["name"], layout=fact["layout"], expected=expected)
    loc = {"section": fact["name"], "table": fact["name"], "line": fact.get("line")}
    return Explanation(slots, inst.key, loc, expected=expected, actual=fact["layout"])


KIND = Kind("format", FormatCheck, Slots, compile_check, explain)
