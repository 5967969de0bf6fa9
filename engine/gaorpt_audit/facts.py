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
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
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
    if type(value) is int:
        return value  # the common case, first
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
        if type(value) is float:
            fact["fraction"] = True  # not a whole number (_number made 10.0 an int)
    if cell.line is not None:
        fact["line"] = cell.line
    if cell.inferred_by:
        fact["inferred_by"] = cell.inferred_by
    return fact


# Row keys in the table's canonical order (glob expansions are sorted by it).
_ROW_ORDER = {t: {r: i for i, r in enumerate(rows)} for t, rows in TABLE_ROWS.items()}


@lru_cache(maxsize=1024)
def _glob(pattern: str) -> Callable[[str], Any]:
    return re.compile(fnmatch.translate(pattern)).match


def _filter(names: Any, pattern: str) -> list[str]:
    """``fnmatch.filter`` without its per-call pattern lookup (posix: no case folding)."""
    if os.path is not posixpath:
        return fnmatch.filter(list(names), pattern)
    match = _glob(pattern)
    return [n for n in names if match(n)]


def expand(ref: Ref, report: Report) -> list[tuple[str, str]]:
    """(row, col) pairs of a reference in this report; a glob expands to the rows present."""
    return _expand(ref.table, ref.row, ref.col, report)


def _expand(tcode: str, row: str, col: str, report: Report) -> list[tuple[str, str]]:
    table = report.tables.get(TABLE_NAMES[tcode])
    if "*" in row:
        rows: Any = _matching_rows(tcode, tuple(table.rows) if table else (), row)
    else:
        rows = (row,)
    if "*" not in col:
        return [(r, col) for r in rows]
    out = []
    for r in rows:
        cols = _matching(tuple(table.rows.get(r, {})) if table else (), col)
        out.extend((r, c) for c in cols)
    return out


def iter_expand(tcode: str, row: str, col: str, report: Report) -> Iterator[tuple[str, str]]:
    """``_expand`` lazily, in the same order: for "is any of these cells usable"."""
    table = report.tables.get(TABLE_NAMES[tcode])
    if "*" in row:
        rows: Any = _matching_rows(tcode, tuple(table.rows) if table else (), row)
    else:
        rows = (row,)
    for r in rows:
        if "*" not in col:
            yield r, col
            continue
        for c in _matching(tuple(table.rows.get(r, {})) if table else (), col):
            yield r, c


@lru_cache(maxsize=4096)
def _matching(names: tuple[str, ...], pattern: str) -> tuple[str, ...]:
    # Reports share a few row/column sets, so a glob over one set is matched once.
    return tuple(_filter(names, pattern))


@lru_cache(maxsize=4096)
def _matching_rows(tcode: str, present: tuple[str, ...], pattern: str) -> tuple[str, ...]:
    order = _ROW_ORDER[tcode]
    return tuple(sorted(_filter(present, pattern), key=lambda r: order.get(r, 99)))


_KIND_WORDS = {"blank": "blank", "na": "marked not applicable", "text": "not a number"}


def cell_problem(report: Report, ref: Ref, identity: str | None = None) -> str | None:
    """Why a referenced cell cannot be used (None when it holds a usable number)."""
    return _cell_problem(report, ref.table, ref.row, ref.col, identity)


def _cell_problem(
    report: Report, tcode: str, row: str, col: str, identity: str | None
) -> str | None:
    name = TABLE_NAMES[tcode]
    table = report.tables.get(name)
    if table is None:
        return f"table {name} not found"
    cols = table.rows.get(row)
    cell = cols.get(col) if cols else None
    if cell is None:
        return f"{tcode}.{row}[{col}] not found in table {name}"  # str(Ref)
    if cell.kind != "number" or _number(cell.value) is None:
        raw = f" ({cell.raw!r})" if cell.raw else ""
        kind = _KIND_WORDS.get(cell.kind, "not a number")
        return f"{tcode}.{row}[{col}] is {kind}{raw}"
    if identity and cell.inferred_by == identity:
        return f"{tcode}.{row}[{col}] was inferred from the identity {identity} itself"
    return None


SECTION_POS_LINE = 10_000_000  # > any offset within a line; line * this stays < 2**53


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
        # pos orders headings that share a line (flattened exports): line, then offset
        pos = sec.line * SECTION_POS_LINE + (sec.offset or 0)
        fact: Fact = {"kind": "section", "key": sec.key, "line": sec.line, "pos": pos}
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
                # cell_fact, inline (the most numerous facts): same fields, same order
                ck = cell.kind
                fact = {"kind": "cell", "table": key, "row": row, "col": col, "cell_kind": ck}
                if ck == "number":
                    value = cell.value
                    if type(value) is not int:
                        value = _number(value)
                    if value is None:
                        fact["cell_kind"] = "text"  # a number kind without a usable value
                    else:
                        fact["value"] = value
                        if type(value) is float:
                            fact["fraction"] = True
                if cell.line is not None:
                    fact["line"] = cell.line
                if cell.inferred_by:
                    fact["inferred_by"] = cell.inferred_by
                facts.append(fact)
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
        if issue.row:  # tells apart issues of several rows on one line (issue per = "row")
            ifact["row"] = issue.row
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
    tables = report.tables
    for spec in sums:
        total: int | float = 0
        problem = None
        terms = 0
        identity = spec.identity
        for ref in spec.refs:
            tcode = ref.table
            pairs = _expand(tcode, ref.row, ref.col, report)
            terms += len(pairs)
            if problem:
                continue  # only the count of terms is still wanted
            table = tables.get(TABLE_NAMES[tcode])
            rows = table.rows if table is not None else None
            for row, col in pairs:
                # the usable-number test of _cell_problem, inline; its message only on failure
                cols = rows.get(row) if rows is not None else None
                cell = cols.get(col) if cols else None
                value = _number(cell.value) if cell is not None and cell.kind == "number" else None
                if value is None or (identity and cell.inferred_by == identity):
                    problem = _cell_problem(report, tcode, row, col, identity)
                    break
                total += value
        if not terms:
            problem = f"no cell matches {', '.join(map(str, spec.refs))}"
        fact: Fact = {"kind": "sum", "key": spec.key, "terms": terms}
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
    full: str | None = None  # the whole text, joined once per report
    for spec in patterns:
        if spec.target == "text":
            if full is None and report.line_text:
                full = "\n".join(report.line_text[k] for k in sorted(report.line_text))
            text: str | None = full if report.line_text else None
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
