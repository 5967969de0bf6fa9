"""League table of publishers: one row per publisher, sorted by score then publisher."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from .model import SEVERITY_RANK, ReportResult
from .publishers import identity_keys

TOP_RULES = 3


class RuleCount(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rule: str
    name: str
    severity: str
    count: int


class LeagueRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    position: int  # competition ranking: equal scores share a position (1, 2, 2, 4)
    publisher: str
    year: int | None
    path: str
    path_bytes: str | None = None  # hex, a name that is not UTF-8 (names.py); JSON: else left out
    score: float
    grade: str
    status: str
    errors: int
    warnings: int
    infos: int
    waived: int
    top_rules: list[RuleCount]


def top_rules(result: ReportResult, limit: int = TOP_RULES) -> list[RuleCount]:
    """The report's failing rules, most severe first, then most frequent, then by code."""
    counts = Counter(f.rule for f in result.findings if not f.waived)
    first = {}
    for f in result.findings:
        first.setdefault(f.rule, f)
    ordered = sorted(counts, key=lambda r: (-SEVERITY_RANK[first[r].severity], -counts[r], r))
    return [
        RuleCount(rule=r, name=first[r].name, severity=first[r].severity, count=counts[r])
        for r in ordered[:limit]
    ]


def _publisher(result: ReportResult) -> str:
    # A report whose publisher was not recognised still ranks, under its path.
    return result.publisher or result.path


def select_reports(results: Iterable[ReportResult], year: int | None) -> list[ReportResult]:
    """One report per publisher: of ``year`` if given, else the publisher's latest year.

    Two reports of one publisher and year: the first by path wins (deterministic).
    """
    # a file that is no annual report is listed by run, never ranked
    ordered = sorted((r for r in results if r.status != "not_report"), key=lambda r: r.path)
    same = identity_keys(_publisher(r) for r in ordered)
    chosen: dict[str, ReportResult] = {}
    for r in ordered:
        if year is not None and r.year != year:
            continue
        key = same[_publisher(r)]
        best = chosen.get(key)
        if best is None or (r.year or 0) > (best.year or 0):
            chosen[key] = r
    return list(chosen.values())


def _row(r: ReportResult, position: int) -> LeagueRow:
    sev = Counter(f.severity for f in r.findings if not f.waived)
    return LeagueRow(
        position=position,
        publisher=_publisher(r),
        year=r.year,
        path=r.path,
        path_bytes=r.path_bytes,
        score=r.score,
        grade=r.grade,
        status=r.status,
        errors=sev["error"],
        warnings=sev["warning"],
        infos=sev["info"],
        waived=sum(f.waived for f in r.findings),
        top_rules=top_rules(r),
    )


def _positions(ordered: list[ReportResult]) -> list[LeagueRow]:
    rows: list[LeagueRow] = []
    for i, r in enumerate(ordered):
        position = rows[-1].position if rows and rows[-1].score == r.score else i + 1
        rows.append(_row(r, position))
    return rows


def build_league(results: Iterable[ReportResult], year: int | None = None) -> list[LeagueRow]:
    """The league of ``rank``: one row per publisher (see select_reports)."""
    reports = select_reports(results, year)
    return _positions(sorted(reports, key=lambda r: (-r.score, _publisher(r))))


def report_rows(results: Iterable[ReportResult]) -> list[LeagueRow]:
    """Every report as a row (the table of a ``run``), ordered like the league."""
    key = lambda r: (-r.score, _publisher(r), r.year or 0, r.path)
    return _positions(sorted(results, key=key))


def latest_year(results: Iterable[ReportResult]) -> int | None:
    return max((r.year for r in results if r.year is not None), default=None)
