"""What every renderer gets: run metadata, the streamed results and a running tally.

Results stream from audit() through the gate to the renderer one at a time, so memory
stays flat in the number of reports; the tally is complete once the stream is consumed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..keys import COLUMN_LABELS, ROW_LABELS
from ..model import Finding, Location, OutcomeCounts, ReportResult
from .rules_meta import RuleMeta

SCHEMA_VERSION = 1
SEVERITIES = ("error", "warning", "info")


class ToolInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = "gaorpt-audit"
    version: str


class RulesetInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    hash: str
    score_formula: str


class Summary(BaseModel):
    """Totals over the run. Waived findings are counted apart from findings_by_severity."""

    model_config = ConfigDict(extra="forbid")
    reports: int = 0
    failed: int = 0  # reports with status "fail"
    errored: int = 0  # reports with status "error"
    not_reports: int = 0  # files with status "not_report": listed, not scored
    findings_by_severity: dict[str, int] = Field(default_factory=lambda: {s: 0 for s in SEVERITIES})
    waived: int = 0
    baseline: int = 0  # findings (not waived) already known in the --baseline file
    outcomes: OutcomeCounts = Field(default_factory=OutcomeCounts)


@dataclass
class RuleStat:
    rule: str
    name: str
    severity: str
    count: int = 0
    reports: int = 0


@dataclass
class RunMeta:
    tool: ToolInfo
    ruleset: RulesetInfo
    rules: dict[str, RuleMeta] = field(default_factory=dict)  # catalogue, when known
    fail_on: str = "error"  # the gate's threshold: CI formats fail only at or above it
    # (publisher, html_league.YearScore) of earlier runs stored by --history: the HTML
    # dashboard's years side by side
    history: list[Any] = field(default_factory=list)


class Tally:
    """Accumulates the summary and per-rule statistics while results stream past."""

    def __init__(self) -> None:
        self.summary = Summary()
        self.rules: dict[str, RuleStat] = {}
        self.seconds: dict[str, float] = {}  # OCR and conversion time of the run (ingest)

    def add(self, result: ReportResult) -> None:
        s = self.summary
        s.reports += 1
        for k, v in result.ingest_seconds.items():
            self.seconds[k] = self.seconds.get(k, 0.0) + v
        s.failed += result.status == "fail"
        s.errored += result.status == "error"
        s.not_reports += result.status == "not_report"
        for name in ("passed", "failed", "not_applicable", "error"):
            setattr(s.outcomes, name, getattr(s.outcomes, name) + getattr(result.outcomes, name))
        seen: set[str] = set()
        for f in result.findings:
            if f.waived:
                s.waived += 1
                continue
            s.findings_by_severity[f.severity] = s.findings_by_severity.get(f.severity, 0) + 1
            s.baseline += f.baseline
            stat = self.rules.setdefault(f.rule, RuleStat(f.rule, f.name, f.severity))
            stat.count += 1
            if f.rule not in seen:
                seen.add(f.rule)
                stat.reports += 1

    def statistics(self) -> list[RuleStat]:
        """Per rule: findings and reports affected, most frequent first (ruff --statistics)."""
        return sorted(self.rules.values(), key=lambda r: (-r.count, r.rule))


@dataclass
class RunView:
    """A run as renderers see it. Iterate ``results`` once; read ``summary`` afterwards."""

    meta: RunMeta
    source: Iterable[ReportResult]
    tally: Tally = field(default_factory=Tally)

    @property
    def results(self) -> Iterator[ReportResult]:
        for result in self.source:
            self.tally.add(result)
            yield result

    @property
    def summary(self) -> Summary:
        return self.tally.summary


# --------------------------------------------------------------------------- helpers


def active(findings: Iterable[Finding]) -> list[Finding]:
    """Findings that count: not waived."""
    return [f for f in findings if not f.waived]


def severity_counts(result: ReportResult) -> dict[str, int]:
    counts = {s: 0 for s in SEVERITIES}
    for f in active(result.findings):
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def format_location(loc: Location) -> str:
    """Where a finding is, as people read it: ``§三 · 表三 本年新收 × 总计 · 第 2 页 · 第 57 行``."""
    return _location(loc, "第 {} 页", "第 {} 行")


def ci_location(loc: Location) -> str:
    """The same in the form CI formats have always printed (``… · p.2 · line 57``): their
    messages are matched by scripts and by the CI's own annotations."""
    return _location(loc, "p.{}", "line {}")


def _location(loc: Location, page: str, line: str) -> str:
    parts: list[str] = []
    if loc.section:
        parts.append(f"§{loc.section}")
    # The printed labels of the report's template (（七）总计 × 自然人), never the keys:
    # those are in the machine formats' fields.
    row = ROW_LABELS.get(loc.row, loc.row) if loc.row else None
    column = COLUMN_LABELS.get(loc.column, loc.column) if loc.column else None
    cell = " × ".join(x for x in (row, column) if x)
    if loc.table:
        parts.append(f"表{loc.table}" + (f" {cell}" if cell else ""))
    elif cell:
        parts.append(cell)
    if loc.page is not None:
        parts.append(page.format(loc.page))
    if loc.line is not None:
        parts.append(line.format(loc.line))
    return " · ".join(parts)


def logical_name(loc: Location) -> str | None:
    """Dotted logical location for machine formats: ``三/三/new/total`` style keys."""
    keys = [
        f"{k}:{v}"
        for k, v in (
            ("section", loc.section),
            ("table", loc.table),
            ("row", loc.row),
            ("column", loc.column),
        )
        if v
    ]
    return "/".join(keys) or None


def show_value(value: object) -> str:
    """Expected/actual values as people read them (5, 5.5, 'text', none; an empty text,
    e.g. the missing number of a heading, as none too rather than nothing at all)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_KEY = re.compile(r"[a-z]+(?:_[a-z]+)+|[a-z]+")


def shows_values(f: Finding) -> bool:
    """Whether people are shown expected/actual: not when all there is is an internal
    key (a parse finding's actual is its issue code, ``table_ambiguous``: kept in the
    machine formats' fields, not printed in a message)."""
    if f.expected is None and f.actual is None:
        return False
    return not (f.expected is None and isinstance(f.actual, str) and _KEY.fullmatch(f.actual))


_BREAKS = re.compile(r"\s*[\t\r\n]+\s*")


def one_line(text: str) -> str:
    """Tabs and line breaks (table rows, multi-line evidence) as two spaces."""
    return _BREAKS.sub("  ", text.strip())


def clip(text: str, limit: int = 160) -> str:
    """Evidence for people: one line, at most ``limit`` characters. A flattened export
    can put a whole report on one source line; machine formats keep it whole."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# C0 controls but tab and newline, DEL, C1 controls, and the lone surrogates that stand for
# the bytes of a file name that is not UTF-8 (os.fsdecode's surrogateescape).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\udc80-\udcff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\ufffd" if code >= 0xDC80 else f"\\x{code:02x}"  # a name's byte: as names.shown


def printable(text: str) -> str:
    """Text safe for a terminal or a CI log: control characters (escape sequences that
    clear the screen or set the window title) shown as ``\\x1b``, the undecodable bytes of
    a file name as U+FFFD; never sent raw."""
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text


def display_name(result: ReportResult) -> str:
    return result.publisher or result.path
