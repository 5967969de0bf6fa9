"""Report -> flat, typed facts: the only input of the rule backends.

Facts are plain dicts with a ``kind`` and scalar fields. Numbers are typed (int or float,
never strings), a missing value is an absent field (never None), dates are pre-split into
integers (durable_rules.md §3.2). Sums over many cells and regex matches are computed here
as facts of their own, because a join may hold at most 16 facts and the engine's regex
dialect is not Python's (durable_rules.md §3); the compiled ruleset says which are needed.

``build_facts`` returns a ``FactBase``: the facts for the backend, and beside each fact the
parsed object it was built from, so that a check kind explains a match from the matched
facts (checks/), never by reading the Report again. A sum fact keeps its terms.

The sums are computed in sums.py, which may also bound a sum over blank cells, or add up
the narrative's own counts (a sum over claims).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from .cellrefs import number
from .keys import PART_SCOPES, TABLE_CODES, TABLE_NAMES
from .model import Box, Cell, DatedLine, Period, Report, Section, Table

Fact = dict[str, Any]
CellKey = tuple[str, str, str]  # (table code, row key or glob, column key or glob)


@dataclass(frozen=True)
class SumSpec:
    """A derived fact: the sum of a list of cell references (globs expand to present rows)."""

    key: str
    refs: tuple[CellKey, ...]
    identity: str | None = None
    label: str = ""  # the references as a rule wrote them (for "no cell matches ...")
    # an identity of identities.py whose total bounds a blank cell of ``refs`` (T3-ROW)
    bounds: str | None = None
    # instead of cells: the claims of this kind whose targets ``cover`` the whole set, each
    # target exactly once ("granted+partial" covers granted and partial)
    claims: str | None = None
    cover: tuple[str, ...] = ()


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
    # a kind's own derived facts, added by ``spec.add_facts(base, report)`` (enumeration)
    derived: list[Any] = field(default_factory=list)


SECTION_POS_LINE = 10_000_000  # > any offset within a line; line * this stays < 2**53


@dataclass
class FactBase:
    """The facts of one report (``items``, the backend's only input) and what a check kind
    needs to explain a match of them: the parsed object behind each fact (``detail``, by
    fact index), the terms of each sum, and the report's identity and source lines."""

    items: list[Fact]
    detail: list[Any]
    path: str
    publisher: str | None
    year: int | None
    format: str
    tables: dict[str, Table]
    sections: list[Section]
    signed: DatedLine | None
    period: Period | None
    line_text: dict[int, str]
    line_page: dict[int, int]
    line_box: dict[int, Box] = field(default_factory=dict)  # where on its PDF page
    # (table code, row, col) -> inferred_by of every cell holding a usable number
    usable: dict[CellKey, str | None] = field(default_factory=dict)
    sums: dict[str, Fact] = field(default_factory=dict)
    sum_terms: dict[str, list[int | float]] = field(default_factory=dict)  # raw cell values
    # of a sum with blank cells (SumSpec.bounds): per term, (value or lower bound, exact?)
    sum_bounds: dict[str, list[tuple[int | float, bool]]] = field(default_factory=dict)
    dates: dict[str, Fact] = field(default_factory=dict)
    matches: dict[str, Fact] = field(default_factory=dict)
    # (kind, None) and (kind, target) of every unscoped claim with a value
    claims: set[tuple[str, str | None]] = field(default_factory=set)

    def cell(self, tcode: str, row: str, col: str) -> Cell | None:
        table = self.tables.get(TABLE_NAMES[tcode])
        return table.cell(row, col) if table is not None else None

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


def build_facts(report: Report, plan: FactPlan | None = None) -> FactBase:
    """All facts of one report, in a deterministic order."""
    facts: list[Fact] = []
    detail: list[Any] = []
    add = facts.append
    put = detail.append
    meta: Fact = {"kind": "meta", "format": report.format, "publisher_kind": report.publisher_kind}
    if report.year is not None:
        meta["year"] = report.year
    add(meta)
    put(None)
    for name, present in (
        ("title", bool(report.title)),
        ("publisher", bool(report.publisher)),
        ("year", report.year is not None),
        ("period", report.period is not None and report.period.start is not None),
        ("signed", report.signed is not None and report.signed.date is not None),
    ):
        if present:
            add({"kind": "field", "name": name})
            put(None)
    for sec in report.sections:
        # pos orders headings that share a line (flattened exports): line, then offset
        pos = sec.line * SECTION_POS_LINE + (sec.offset or 0)
        add({"kind": "section", "key": sec.key, "line": sec.line, "pos": pos})
        put(sec)
    usable: dict[CellKey, str | None] = {}
    for key, table in sorted(report.tables.items()):
        tfact: Fact = {"kind": "table", "name": key, "layout": table.layout}
        if report.year is not None:
            tfact["year"] = report.year
        if table.line is not None:
            tfact["line"] = table.line
        add(tfact)
        put(table)
        tcode = TABLE_CODES[key]
        for row, cols in table.rows.items():
            for col, cell in cols.items():
                # the most numerous facts, built inline
                ck = cell.kind
                fact = {"kind": "cell", "table": key, "row": row, "col": col, "cell_kind": ck}
                if ck == "number":
                    value = cell.value
                    if type(value) is not int:
                        value = number(value)
                    if value is None:
                        fact["cell_kind"] = "text"  # a number kind without a usable value
                    else:
                        fact["value"] = value
                        if type(value) is float:
                            fact["fraction"] = True
                        usable[(tcode, row, col)] = cell.inferred_by
                if cell.line is not None:
                    fact["line"] = cell.line
                if cell.inferred_by:
                    fact["inferred_by"] = cell.inferred_by
                add(fact)
                put(cell)
    dates: dict[str, Fact] = {}
    for name, date, dated in _dates(report):
        dfact: Fact = {
            "kind": "date",
            "name": name,
            "ymd": date.year * 10000 + date.month * 100 + date.day,
        }
        if report.year is not None:
            dfact["year"] = report.year
        if dated.line is not None:
            dfact["line"] = dated.line
        add(dfact)
        put(dated)
        dates[name] = dfact
    claims: set[tuple[str, str | None]] = set()
    for claim in report.claims:
        cfact: Fact = {
            "kind": "claim",
            "claim": claim.kind,
            "line": claim.line,
            "scoped": bool(claim.scope),
            "part": bool(claim.scope) and PART_SCOPES.issuperset(claim.scope),
        }
        value = number(claim.value)
        if value is not None:
            cfact["value"] = value
        if claim.target:
            cfact["target"] = claim.target
        add(cfact)
        put(claim)
        if not claim.scope and claim.value is not None:
            claims.add((claim.kind, None))
            claims.add((claim.kind, claim.target))
    for issue in report.parse_issues:
        ifact: Fact = {"kind": "issue", "code": issue.code}
        if issue.line is not None:
            ifact["line"] = issue.line
        if issue.table:
            ifact["table"] = issue.table
        if issue.row:  # tells apart issues of several rows on one line (issue per = "row")
            ifact["row"] = issue.row
        add(ifact)
        put(issue)
    base = finding_base(report)
    base.items, base.detail = facts, detail
    base.usable, base.dates, base.claims = usable, dates, claims
    if plan:
        from .sums import sum_facts  # the sum part (sums.py) builds on this module

        sum_facts(base, plan.sums)
        _pattern_facts(base, report, plan.patterns)
        for spec in plan.derived:
            spec.add_facts(base, report)
    return base


def finding_base(report: Report) -> FactBase:
    """A FactBase without facts: what findings.build_finding reads of a report (identity,
    tables, sections, source lines). For the findings of rules the backend does not run
    (crossyear), which would otherwise build every fact of the report for nothing."""
    return FactBase(
        items=[],
        detail=[],
        path=report.path,
        publisher=report.publisher,
        year=report.year,
        format=report.format,
        tables=report.tables,
        sections=report.sections,
        signed=report.signed,
        period=report.period,
        line_text=report.line_text,
        line_page=report.line_page,
        line_box=report.line_box,
    )


def _dates(report: Report) -> list[tuple[str, Any, DatedLine | Period]]:
    out: list[tuple[str, Any, DatedLine | Period]] = []
    signed, period = report.signed, report.period
    if signed and signed.date and signed.valid:
        out.append(("signed", signed.date, signed))
    if period:
        if period.start:
            out.append(("period.start", period.start, period))
        if period.end:
            out.append(("period.end", period.end, period))
    return out


def _pattern_facts(base: FactBase, report: Report, patterns: list[PatternSpec]) -> None:
    full: str | None = None  # the whole text, joined once per report
    starts: list[int] = []  # offset in ``full`` where each line begins
    numbers: list[int] = []  # ... and that line's number
    for spec in patterns:
        if spec.target == "text":
            if full is None and report.line_text:
                numbers = sorted(report.line_text)
                pos = 0
                for k in numbers:
                    starts.append(pos)
                    pos += len(report.line_text[k]) + 1
                full = "\n".join(report.line_text[k] for k in numbers)
            text: str | None = full if report.line_text else None
        elif spec.target == "title":
            text = report.title
        else:
            sec = base.section(spec.target.removeprefix("section."))
            text = sec.text if sec is not None else None
        fact: Fact = {"kind": "match", "key": spec.key}
        if text is not None:
            m = spec.regex.search(text)
            fact["matched"] = m is not None
            if m is not None:
                fact["text"] = m.group(0)[:200]
                if spec.target == "text" and starts:
                    # where in the report the match is: its line and offset in that line
                    i = bisect.bisect_right(starts, m.start()) - 1
                    fact["line"] = numbers[i]
                    fact["offset"] = m.start() - starts[i]
        base.items.append(fact)
        base.detail.append(None)
        base.matches[spec.key] = fact
