"""Why an input a check instance needs is missing: the not_applicable reasons.

An instance lists its inputs (``needs``) when it compiles: ``("cell", Ref)``,
``("any_cell", Ref)`` (a glob: at least one usable number), ``("sum", key)``,
``("date", name)``, ``("year",)``, ``("layout", table)``, ``("match", key)``,
``("claim", kind, target)``, ``("section", key)``, ``("no_issue", codes, table)`` (no parse
issue of these codes on that table), ``("crossyear",)``. Each is answered
from the report's facts, the same way for every kind and both backends.
"""

from __future__ import annotations

from typing import Any

from ..cellrefs import cell_problem, iter_expand
from ..facts import FactBase
from ..keys import TABLE_NAMES

# Left by the per-report pass; xyear.py replaces it once all reports of the run are read.
CROSSYEAR_REASON = "cross-year check: needs the other reports of this publisher"


def problem(base: FactBase, need: tuple[Any, ...], identity: str | None) -> str | None:
    """None when the input is usable, else why not (for people)."""
    kind = need[0]
    if kind == "cell":
        ref = need[1]
        return cell_problem(base.tables, ref.table, ref.row, ref.col, identity)
    if kind == "any_cell":
        ref = need[1]
        pairs = iter_expand(ref.table, ref.row, ref.col, base.tables)
        if any(cell_problem(base.tables, ref.table, r, c, identity) is None for r, c in pairs):
            return None
        name = TABLE_NAMES[ref.table]
        return f"table {name} not found" if name not in base.tables else f"no number in {ref}"
    if kind == "sum":
        f = base.sums.get(need[1])
        if f and ("value" in f or "low" in f):  # exact, or bounded (blank cells: facts.py)
            return None
        return (f or {}).get("missing", "sum not computed")
    if kind == "date":
        return None if need[1] in base.dates else f"no valid date {need[1]} found in the report"
    if kind == "year":
        return None if base.year is not None else "report year unknown"
    if kind == "layout":
        table = base.tables.get(need[1])
        if table is None:
            return f"table {need[1]} not found"
        return None if table.layout in ("2019", "2021") else f"layout of table {need[1]} unknown"
    if kind == "match":
        f = base.matches.get(need[1])
        return None if f and "matched" in f else "the text to search was not found"
    if kind == "claim":
        claim, target = need[1], need[2]
        if (claim, target) in base.claims:
            return None
        what = f"{claim} (target {target})" if target else claim
        return f"the report makes no unscoped claim {what}"
    if kind == "section":
        if base.section(need[1]) is not None:
            return None
        return f"section {need[1]} not found"
    if kind == "no_issue":
        codes, table = need[1], need[2]
        found = next(
            (
                f
                for f in base.items
                if f["kind"] == "issue" and f["code"] in codes and f.get("table") == table
            ),
            None,
        )
        if found is None:
            return None
        return f"table {table} was found, but {found['code']}: see the parse finding"
    if kind == "crossyear":
        return CROSSYEAR_REASON
    return f"unknown input {kind}"
