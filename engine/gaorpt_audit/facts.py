"""Report -> flat, typed facts: the only input of the rule backends.

Facts are plain dicts with a ``kind`` and scalar fields. Numbers are typed (int or float,
never strings), a missing value is an absent field (never None), dates are pre-split into
integers (durable_rules.md §3.2). Sums over many cells and regex matches are computed here
as facts of their own, because a join may hold at most 16 facts and the engine's regex
dialect is not Python's (durable_rules.md §3); the compiled ruleset says which are needed.
"""

from __future__ import annotations

import fnmatch
import math
from dataclasses import dataclass, field
from typing import Any

from .model import Cell, Report
from .rulebook import TABLE_NAMES, TABLE_ROWS, Ref

Fact = dict[str, Any]


@dataclass(frozen=True)
class SumSpec:
    """A derived fact: the sum of a list of cell references (globs expand to present rows)."""

    key: str
    refs: tuple[Ref, ...]
    identity: str | None = None


@dataclass(frozen=True)
class PatternSpec:
    key: str
    target: str
    regex: Any  # compiled re.Pattern


@dataclass
class FactPlan:
    """What the compiled rules need besides the plain facts."""

    sums: list[SumSpec] = field(default_factory=list)
    patterns: list[PatternSpec] = field(default_factory=list)


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            return int(value)  # 10 and 10.0 are different facts to the engine
    return value


def cell_fact(table: str, row: str, col: str, cell: Cell) -> Fact:
    fact: Fact = {"kind": "cell", "table": table, "row": row, "col": col, "cell_kind": cell.kind}
    value = _number(cell.value) if cell.kind == "number" else None
    if value is None and cell.kind == "number":
        fact["cell_kind"] = "text"  # a number kind without a usable value is not a number
    if value is not None:
        fact["value"] = value
    if cell.line is not None:
        fact["line"] = cell.line
    if cell.inferred_by:
        fact["inferred_by"] = cell.inferred_by
    return fact


def expand(ref: Ref, report: Report) -> list[tuple[str, str]]:
    """(row, col) pairs of a reference in this report; a glob expands to the rows present."""
    table = report.tables.get(TABLE_NAMES[ref.table])
    rows_present = list(table.rows) if table else []
    order = {r: i for i, r in enumerate(TABLE_ROWS[ref.table])}
    if "*" in ref.row:
        rows = sorted(fnmatch.filter(rows_present, ref.row), key=lambda r: order.get(r, 99))
    else:
        rows = [ref.row]
    out = []
    for row in rows:
        if "*" in ref.col:
            cols = fnmatch.filter(list(table.rows.get(row, {})) if table else [], ref.col)
            out.extend((row, c) for c in cols)
        else:
            out.append((row, ref.col))
    return out


def cell_problem(report: Report, ref: Ref, identity: str | None = None) -> str | None:
    """Why a referenced cell cannot be used (None when it holds a usable number)."""
    name = TABLE_NAMES[ref.table]
    table = report.tables.get(name)
    if table is None:
        return f"table {name} not found"
    cell = table.cell(ref.row, ref.col)
    if cell is None:
        return f"{ref} not found in table {name}"
    if cell.kind != "number" or _number(cell.value) is None:
        raw = f" ({cell.raw!r})" if cell.raw else ""
        kind = {"blank": "blank", "na": "marked not applicable", "text": "not a number"}.get(
            cell.kind, "not a number"
        )
        return f"{ref} is {kind}{raw}"
    if identity and cell.inferred_by == identity:
        return f"{ref} was inferred from the identity {identity} itself"
    return None


def build_facts(report: Report, plan: FactPlan | None = None) -> list[Fact]:
    """All facts of one report, in a deterministic order."""
    facts: list[Fact] = []
    meta: Fact = {"kind": "meta", "format": report.format, "publisher_kind": report.publisher_kind}
    if report.year is not None:
        meta["year"] = report.year
    facts.append(meta)
    for name, present in (
        ("title", bool(report.title)),
        ("publisher", bool(report.publisher)),
        ("year", report.year is not None),
        ("period", report.period is not None and report.period.start is not None),
        ("signed", report.signed is not None and report.signed.date is not None),
    ):
        if present:
            facts.append({"kind": "field", "name": name})
    for sec in report.sections:
        fact: Fact = {"kind": "section", "key": sec.key, "line": sec.line}
        facts.append(fact)
    for key, table in sorted(report.tables.items()):
        tfact: Fact = {"kind": "table", "name": key, "layout": table.layout}
        if report.year is not None:
            tfact["year"] = report.year
        if table.line is not None:
            tfact["line"] = table.line
        facts.append(tfact)
        for row, cols in table.rows.items():
            for col, cell in cols.items():
                facts.append(cell_fact(key, row, col, cell))
    for name, date, raw, line in _dates(report):
        dfact: Fact = {
            "kind": "date",
            "name": name,
            "ymd": date.year * 10000 + date.month * 100 + date.day,
        }
        if report.year is not None:
            dfact["year"] = report.year
        if line is not None:
            dfact["line"] = line
        facts.append(dfact)
    for claim in report.claims:
        cfact: Fact = {
            "kind": "claim",
            "claim": claim.kind,
            "line": claim.line,
            "scoped": bool(claim.scope),
        }
        value = _number(claim.value)
        if value is not None:
            cfact["value"] = value
        if claim.target:
            cfact["target"] = claim.target
        facts.append(cfact)
    for issue in report.parse_issues:
        ifact: Fact = {"kind": "issue", "code": issue.code}
        if issue.line is not None:
            ifact["line"] = issue.line
        if issue.table:
            ifact["table"] = issue.table
        facts.append(ifact)
    if plan:
        facts.extend(_sum_facts(report, plan.sums))
        facts.extend(_pattern_facts(report, plan.patterns))
    return facts


def _dates(report: Report) -> list[tuple[str, Any, str, int | None]]:
    out = []
    if report.signed and report.signed.date and report.signed.valid:
        out.append(("signed", report.signed.date, report.signed.raw, report.signed.line))
    if report.period:
        if report.period.start:
            out.append(("period.start", report.period.start, report.period.raw, report.period.line))
        if report.period.end:
            out.append(("period.end", report.period.end, report.period.raw, report.period.line))
    return out


def _sum_facts(report: Report, sums: list[SumSpec]) -> list[Fact]:
    out = []
    for spec in sums:
        total: int | float = 0
        problem = None
        pairs = [(ref, rc) for ref in spec.refs for rc in expand(ref, report)]
        if not pairs:
            problem = f"no cell matches {', '.join(map(str, spec.refs))}"
        for ref, (row, col) in pairs:
            cref = Ref(table=ref.table, row=row, col=col)
            problem = cell_problem(report, cref, spec.identity)
            if problem:
                break
            cell = report.tables[TABLE_NAMES[ref.table]].rows[row][col]
            total += _number(cell.value) or 0
        fact: Fact = {"kind": "sum", "key": spec.key, "terms": len(pairs)}
        if problem:
            fact["missing"] = problem
        else:
            fact["value"] = _number(round(total, 6) if isinstance(total, float) else total)
        out.append(fact)
    return out


def section_text(report: Report, key: str) -> str | None:
    for sec in report.sections:
        if sec.key == key:
            return sec.text
    return None


def _pattern_facts(report: Report, patterns: list[PatternSpec]) -> list[Fact]:
    out = []
    for spec in patterns:
        if spec.target == "text":
            text: str | None = "\n".join(report.line_text[k] for k in sorted(report.line_text))
            if not report.line_text:
                text = None
        elif spec.target == "title":
            text = report.title
        else:
            text = section_text(report, spec.target.removeprefix("section."))
        fact: Fact = {"kind": "match", "key": spec.key}
        if text is not None:
            m = spec.regex.search(text)
            fact["matched"] = m is not None
            if m is not None:
                fact["text"] = m.group(0)[:200]
        out.append(fact)
    return out
