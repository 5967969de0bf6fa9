"""`crossyear`: same publisher, consecutive years.

`current`, `previous` (references), `for_each`, `tolerance`. **Declared only**: its
evaluation needs the previous year's report and comes in a later release; until then
such rules are always `not_applicable` with that reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from ..facts import FactBase
from .base import CheckModel, Explanation, Kind, Match
from .compiler import Builder, Instance
from .equation import ForEach
from .refs import RefT


class CrossYear(CheckModel):
    """Declared only: evaluation needs the previous year's report (a later release)."""

    kind: Literal["crossyear"]
    for_each: ForEach | None = None
    current: RefT
    previous: RefT
    tolerance: float = Field(default=0, ge=0)


@dataclass
class Slots:
    current: str = ""
    previous: str = ""
    row: str = ""
    col: str = ""
    column: str = ""


def compile_check(b: Builder, rule: Any, chk: CrossYear) -> None:
    b.add(Instance(rule.code, "", needs=(("crossyear",),)), {})


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    raise AssertionError("crossyear compiles no rule, so nothing ever matches")


KIND = Kind("crossyear", CrossYear, Slots, compile_check, explain)
