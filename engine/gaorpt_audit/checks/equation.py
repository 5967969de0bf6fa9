"""`equation`: sum(lhs) = sum(rhs).

`lhs`, `rhs` (lists of references; a glob is summed), `tolerance` (default 0),
`for_each` (optional). Put what the report printed (the total being checked) on `lhs`:
findings report `actual` = sum(lhs), `expected` = sum(rhs).

A rule that names an `identity` of identities.py (`T3-BAL`, `T3-SUM`, `T3-ROW`,
`T4-SUM-R/D/A`) leaves `lhs`, `rhs` and `for_each` out and takes them from there, so an
identity is written once for the rules and for the parser's reading of run-together
digits. Cells the parser inferred from that identity make the instance not applicable (it
would pass by construction).

```toml
identity = "T3-BAL"
[check]
kind = "equation"
tolerance = 0
```
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, model_validator

from ..facts import FactBase
from ..keys import TABLE_NAMES
from .base import CheckModel, Explanation, Kind, Match, cell_labels, fmt
from .compiler import (
    MAX_JOIN,
    Builder,
    Instance,
    cell_alpha,
    env_key,
    envs,
    join,
    sum_alpha,
    sum_expr,
)
from .refs import RefT

ForEach = Literal["t3.columns", "t3.rows", "t3.cells", "t4.groups", "t4.columns", "t4.cells"]


class Equation(CheckModel):
    """sum(lhs) = sum(rhs) within ``tolerance``; lhs is what the report printed (actual)."""

    kind: Literal["equation"]
    for_each: ForEach | None = None
    lhs: list[RefT] = Field(min_length=1)
    rhs: list[RefT] = Field(min_length=1)
    tolerance: float = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _loop(self) -> Equation:
        self._check_loop(self.for_each, [*self.lhs, *self.rhs])
        return self


@dataclass
class Slots:
    lhs: str = ""  # sum of the printed side
    rhs: str = ""  # sum of the side it must equal
    diff: str = ""  # lhs - rhs
    lhs_terms: str = ""  # "3 + 1"
    rhs_terms: str = ""
    row: str = ""  # row key (for_each row / group, or the single lhs row)
    col: str = ""
    group: str = ""  # table 四 group key of for_each t4.groups
    column: str = ""  # printed column label
    row_label: str = ""
    column_label: str = ""
    tolerance: str = ""


@dataclass(frozen=True)
class Spec:
    lhs: tuple[Any, ...]  # bound refs
    rhs: tuple[Any, ...]
    tolerance: float
    # per side: aliases of its cell facts, or the key of its sum fact
    sides: tuple[tuple[tuple[str, ...], str | None], tuple[tuple[str, ...], str | None]]


def compile_check(b: Builder, rule: Any, chk: Equation) -> None:
    for env in envs(chk.for_each):
        lhs = [r.bind(env) for r in chk.lhs]
        rhs = [r.bind(env) for r in chk.rhs]
        key = env_key(env)
        direct = not any(r.is_glob for r in lhs + rhs) and len(lhs) + len(rhs) <= MAX_JOIN
        parts: list[tuple[str, list[dict[str, Any]], int]] = []  # alias, alpha tests, sign
        needs: list[Any] = []
        sides: list[tuple[tuple[str, ...], str | None]] = []
        if direct:
            for prefix, refs, sign in (("l", lhs, -1), ("r", rhs, +1)):
                aliases = []
                for i, r in enumerate(refs):
                    parts.append((f"{prefix}{i}", cell_alpha(r), sign))
                    needs.append(("cell", r))
                    aliases.append(f"{prefix}{i}")
                sides.append((tuple(aliases), None))
        else:
            for side, refs, sign in (("lhs", lhs, -1), ("rhs", rhs, +1)):
                if len(refs) == 1 and not refs[0].is_glob:
                    parts.append((side, cell_alpha(refs[0]), sign))
                    needs.append(("cell", refs[0]))
                    sides.append(((side,), None))
                else:
                    skey = b.sum_fact(f"{rule.code}#{key}#{side}", refs, rule.identity)
                    parts.append((side, sum_alpha(skey), sign))
                    needs.append(("sum", skey))
                    sides.append(((), skey))
        # The last fact carries the comparison: last = (signed sum of the others), up to tol.
        *others, (last_alias, last_tests, last_sign) = parts
        # Equation: sum(rhs) - sum(lhs) = 0; solve for the last term.
        expr = sum_expr([(-s * last_sign, {a: "value"}) for a, _, s in others])
        tol = chk.tolerance
        hi = {"$add": {"$l": expr, "$r": tol}} if tol else expr
        lo = {"$sub": {"$l": expr, "$r": tol}} if tol else expr
        rules = {}
        for suffix, op, bound in (("hi", "$gt", hi), ("lo", "$lt", lo)):
            ps = [(a, t) for a, t, _ in others] + [
                (last_alias, last_tests + [{op: {"value": bound}}])
            ]
            rules[suffix] = join(ps)
        spec = Spec(tuple(lhs), tuple(rhs), tol, (sides[0], sides[1]))
        b.add(Instance(rule.code, key, env, tuple(needs), spec=spec), rules)


def _side(
    m: Match, base: FactBase, side: tuple[tuple[str, ...], str | None]
) -> tuple[int | float, str]:
    """(total, "a + b") of one side, from its matched cells or its sum fact's terms."""
    aliases, skey = side
    if skey is not None:
        values = base.sum_terms[skey]
    else:
        values = [m.detail(a).value or 0 for a in aliases]
    total = sum(values)
    if isinstance(total, float):
        total = round(total, 6)
    return total, " + ".join(fmt(v) for v in values)


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    spec: Spec = inst.spec
    lhs, lterms = _side(m, base, spec.sides[0])
    rhs, rterms = _side(m, base, spec.sides[1])
    first = spec.lhs[0]
    env = inst.env
    row = env.get("row") or env.get("group")
    if not row and len(spec.lhs) == 1 and not first.is_glob:
        row = first.row
    col = env.get("col")
    if not col and len({r.col for r in spec.lhs}) == 1 and "*" not in first.col:
        col = first.col
    slots = Slots(
        lhs=fmt(lhs),
        rhs=fmt(rhs),
        diff=fmt(round(lhs - rhs, 6)),
        lhs_terms=lterms,
        rhs_terms=rterms,
        tolerance=fmt(spec.tolerance),
        group=env.get("group", ""),
        **cell_labels(row, col),
    )
    table = TABLE_NAMES[first.table]
    cell = None if first.is_glob else base.cell(first.table, first.row, first.col)
    line = cell.line if cell is not None else None
    loc = {"section": table, "table": table, "row": row, "column": col, "line": line}
    return Explanation(slots, inst.key, loc, expected=rhs, actual=lhs)


KIND = Kind("equation", Equation, Slots, compile_check, explain)
