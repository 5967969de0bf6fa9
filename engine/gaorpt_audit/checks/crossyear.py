"""`crossyear`: a cell of this report against the same cell of the same publisher's report
of the year before (e.g. 上年结转 = last year's 结转下年度). Declared only: evaluating it
needs the previous report, which a later release brings; until then every instance is
not applicable with that reason.

```toml
[check]
kind = "crossyear"
for_each = "t3.columns"
current = "t3.carried_over[col]"
previous = "t3.carried_forward[col]"
```
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
