"""`compare`: left op right.

`left` (reference; a glob checks every matching cell), `op` (`eq ne lt le gt ge`),
`right` (a number, or a reference without glob), `for_each` (optional).
One finding per offending cell. `exclude_columns` (optional) lists columns a glob in `left` skips
(e.g. `["change"]`: 表二's 本年增/减 may be negative).

```toml
[check]
kind = "compare"
left = "t3.*[*]"
op = "ge"
right = 0
```
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, model_validator

from ..facts import FactBase
from ..keys import TABLE_COLUMNS
from .base import CellSlots, CheckModel, Explanation, Kind, Match, cell_labels, cell_location, fmt
from .compiler import NEGATE, Builder, Instance, cell_alpha, cmp, env_key, envs, join
from .equation import ForEach
from .refs import OP_SYMBOLS, Op, Ref, RefT


class Compare(CheckModel):
    """``left op right`` for each bound cell; a glob in ``left`` checks every matching cell."""

    kind: Literal["compare"]
    for_each: ForEach | None = None
    left: RefT
    op: Op
    right: RefT | float | int
    exclude_columns: list[str] = Field(
        default_factory=list
    )  # columns a glob in ``left`` skips (e.g. 表二 本年增/减)

    @model_validator(mode="after")
    def _loop(self) -> Compare:
        refs = [self.left] + ([self.right] if isinstance(self.right, Ref) else [])
        self._check_loop(self.for_each, refs)
        for c in self.exclude_columns:
            if c not in TABLE_COLUMNS[self.left.table]:
                raise ValueError(f"exclude_columns: unknown {self.left.table} column {c!r}")
        if isinstance(self.right, Ref) and (self.right.is_glob or self.left.is_glob):
            raise ValueError("a glob (*) is allowed only when comparing with a number")
        return self


@dataclass
class Slots(CellSlots):
    left: str = ""  # the cell's value
    right: str = ""  # what it is compared with
    op: str = ""  # = ≠ < ≤ > ≥
    cell: str = ""  # t3.new[total]
    group: str = ""


@dataclass(frozen=True)
class Spec:
    left: Ref
    right: Any  # a Ref or a number
    op: str


def compile_check(b: Builder, rule: Any, chk: Compare) -> None:
    for env in envs(chk.for_each):
        left = chk.left.bind(env)
        key = env_key(env) or (str(left) if left.is_glob else "")
        neg = NEGATE[chk.op]
        if isinstance(chk.right, Ref):
            right: Any = chk.right.bind(env)
            parts = [
                ("r", cell_alpha(right)),
                ("l", cell_alpha(left) + [cmp(neg, "value", {"r": "value"})]),
            ]
            needs: tuple[Any, ...] = (("cell", left), ("cell", right))
        else:
            right = chk.right
            skip = tuple(chk.exclude_columns)
            parts = [("l", cell_alpha(left, skip) + [cmp(neg, "value", chk.right)])]
            needs = (("any_cell", left),) if left.is_glob else (("cell", left),)
        spec = Spec(left, right, chk.op)
        b.add(Instance(rule.code, key, env, needs, spec=spec), {"": join(parts)})


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    spec: Spec = inst.spec
    left = m["l"]
    right = m["r"]["value"] if "r" in m else spec.right
    cell = Ref(table=spec.left.table, row=left["row"], col=left["col"])
    op = OP_SYMBOLS[spec.op]
    slots = Slots(
        left=fmt(left["value"]),
        right=fmt(right),
        op=op,
        cell=str(cell),
        **cell_labels(left["row"], left["col"]),
    )
    return Explanation(
        slots,
        f"{inst.key}|{cell}",
        cell_location(left),
        expected=f"{op} {fmt(right)}",
        actual=left["value"],
    )


KIND = Kind("compare", Compare, Slots, compile_check, explain)
