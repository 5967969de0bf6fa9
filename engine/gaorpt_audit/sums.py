"""The sum facts of a report (facts.py ``FactPlan.sums``): sums over many cells are facts
of their own, because a join may hold at most 16 facts (durable_rules.md §3).

A sum whose spec names a ``bounds`` identity does not give up on a blank cell (unknown,
never 0): a blank cell that is the total of that identity (T3-ROW: a row's 总计) is at
least the sum of its filled parts, and exactly that sum when every part is filled; any
other blank cell is at least 0 (cells are never negative, docs/domain.md §3.1 T3-NN). The sum
fact then holds ``value`` when the sum is still exact, else ``low`` (a proven lower bound,
only when it is above 0), and ``derived`` (how many terms were blank); without anything
provable it is missing, with the first blank cell as the reason, as without bounds.

A spec with ``claims`` sums the narrative's own counts instead of cells: the unscoped claims
of that kind whose targets cover every item of ``cover`` exactly once (the text's own
breakdown, e.g. the six outcome groups); missing, with the reason, when it cannot tell.
"""

from __future__ import annotations

from .cellrefs import cell_problem, expand, number
from .facts import CellKey, Fact, FactBase, SumSpec
from .identities import IDENTITIES, split_ref
from .keys import FOR_EACH, TABLE_NAMES
from .model import Table


def sum_facts(base: FactBase, sums: list[SumSpec]) -> None:
    """Add one sum fact per spec to ``base`` (its items, ``sums``, ``sum_terms``)."""
    tables = base.tables
    for spec in sums:
        if spec.claims is not None:
            _add_sum(base, spec.key, _claim_sum(base, spec))
            continue
        total: int | float = 0
        problem = None
        terms = 0
        values: list[int | float] = []
        identity = spec.identity
        bounds = spec.bounds
        parts: list[tuple[int | float, bool]] = []  # with bounds: every term, in order
        blank = None  # with bounds: the first blank cell (why nothing may be provable)
        nblank = 0
        for tcode, rref, cref in spec.refs:
            pairs = expand(tcode, rref, cref, tables)
            terms += len(pairs)
            if problem:
                continue  # only the count of terms is still wanted
            table = tables.get(TABLE_NAMES[tcode])
            rows = table.rows if table is not None else None
            for row, col in pairs:
                # the usable-number test of cell_problem, inline; its message only on failure
                cols = rows.get(row) if rows is not None else None
                cell = cols.get(col) if cols else None
                value = number(cell.value) if cell is not None and cell.kind == "number" else None
                if value is None or (identity and cell.inferred_by == identity):
                    why = cell_problem(tables, tcode, row, col, identity)
                    if bounds and cell is not None and cell.kind == "blank":
                        blank = blank or why
                        nblank += 1
                        parts.append(_bound(tables, bounds, tcode, row, col, identity))
                        continue
                    problem = why
                    break
                total += value
                values.append(cell.value)  # type: ignore[union-attr, arg-type]
                if bounds:
                    parts.append((value, True))
        if not terms:
            problem = f"no cell matches {spec.label}"
        fact: Fact = {"kind": "sum", "key": spec.key, "terms": terms}
        if problem:
            fact["missing"] = problem
        elif blank is None:
            fact["value"] = number(round(total, 6) if isinstance(total, float) else total)
            base.sum_terms[spec.key] = values
        else:
            _bounded(base, spec.key, fact, parts, blank, nblank)
        _add_sum(base, spec.key, fact)


def _add_sum(base: FactBase, key: str, fact: Fact) -> None:
    base.items.append(fact)
    base.detail.append(None)
    base.sums[key] = fact


def _bounded(
    base: FactBase,
    key: str,
    fact: Fact,
    parts: list[tuple[int | float, bool]],
    blank: str,
    nblank: int,
) -> None:
    """A sum with blank terms: exact when every blank term was derived exactly, else a
    lower bound when it proves anything (above 0), else missing (the first blank cell)."""
    low: int | float = 0
    for v, _ in parts:
        low += v
    low = number(round(low, 6) if isinstance(low, float) else low)  # type: ignore[assignment]
    if all(exact for _, exact in parts):
        fact["value"] = low
    elif low > 0:
        fact["low"] = low
    else:
        fact["missing"] = blank
        return
    fact["derived"] = nblank
    base.sum_terms[key] = [v for v, _ in parts]
    base.sum_bounds[key] = parts


def bound_parts(identity: str, tcode: str, row: str, col: str) -> list[CellKey] | None:
    """The parts of an identity whose total is the cell (tcode, row, col), in that row or
    binding: T3-ROW gives a row's six applicant cells for its 总计. None when the cell is
    not that identity's total (or the identity has no single total and glob-free parts)."""
    ident = IDENTITIES[identity]
    if len(ident.lhs) != 1:
        return None
    domain = FOR_EACH.get(ident.for_each or "", {})
    bind: dict[str, str] = {}
    for want, got in zip(split_ref(ident.lhs[0]), (tcode, row, col), strict=True):
        if want in domain:
            if got not in domain[want]:
                return None
            bind[want] = got
        elif want != got:
            return None
    out: list[CellKey] = []
    for ref in ident.rhs:
        t, r, c = (bind.get(p, p) for p in split_ref(ref))
        if "*" in r or "*" in c:
            return None
        out.append((t, r, c))
    return out


def _bound(
    tables: dict[str, Table], identity: str, tcode: str, row: str, col: str, own: str | None
) -> tuple[int | float, bool]:
    """A blank cell: (the sum of the filled parts of the identity whose total it is, True
    when every part is filled); (0, False) when it is no total of it (cells are >= 0)."""
    parts = bound_parts(identity, tcode, row, col)
    if parts is None:
        return 0, False
    low: int | float = 0
    exact = True
    table = tables[TABLE_NAMES[tcode]]
    for _, r, c in parts:
        cell = table.cell(r, c)
        value = number(cell.value) if cell is not None and cell.kind == "number" else None
        if value is None or (own and cell.inferred_by == own):  # type: ignore[union-attr]
            exact = False  # blank, marked or text: unknown, but not below 0
            continue
        low += value
    return low, exact


def _claim_sum(base: FactBase, spec: SumSpec) -> Fact:
    """The sum of the narrative's own counts of one kind whose targets cover the whole set
    ``spec.cover``, each part exactly once; missing (with the reason) when the text does
    not give them all, gives one twice, or one of them has scope words."""
    cover = spec.cover
    seen: dict[str, int] = dict.fromkeys(cover, 0)
    values: list[int | float] = []
    problem = None
    for f in base.items:
        if f["kind"] != "claim" or f["claim"] != spec.claims:
            continue
        target = f.get("target")
        parts = target.split("+") if target else []
        if not parts or any(p not in seen for p in parts):
            continue  # a sub-row reason or another target: not a part of the whole set
        if f["scoped"]:
            problem = problem or f"the {spec.claims} claim for {target} has scope words"
            continue
        if "value" not in f:
            continue
        for p in parts:
            seen[p] += 1
        values.append(f["value"])
    fact: Fact = {"kind": "sum", "key": spec.key, "terms": len(values)}
    twice = [t for t in cover if seen[t] > 1]
    absent = [t for t in cover if not seen[t]]
    if problem is None and twice:
        problem = f"the text gives more than one {spec.claims} for {', '.join(twice)}"
    if problem is None and not values:
        problem = f"the text gives no unscoped {spec.claims} of {', '.join(cover)}"
    if problem is None and absent:
        problem = (
            f"the text's {spec.claims} claims do not cover the whole set: none for "
            f"{', '.join(absent)}"
        )
    if problem:
        fact["missing"] = problem
    else:
        total: int | float = 0
        for v in values:
            total += v
        fact["value"] = number(round(total, 6) if isinstance(total, float) else total)
        base.sum_terms[spec.key] = values
    return fact
