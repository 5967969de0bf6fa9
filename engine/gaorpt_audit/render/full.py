"""``--format full`` (default) and ``concise``: for people reading a terminal.

Report text goes into rich ``Text`` objects, never through markup, so a report that
contains ``[bold]`` or ``<script>`` is printed as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import TextIO

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model import Finding, ReportResult
from .base import (
    SEVERITIES,
    RuleStat,
    RunView,
    Summary,
    clip,
    format_location,
    one_line,
    severity_counts,
    show_value,
)

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
GRADE_STYLE = {"A": "bold green", "B": "green", "C": "yellow", "D": "bold red"}
STATUS_STYLE = {"pass": "bold green", "fail": "bold red", "error": "bold magenta"}
CATEGORY_ORDER = ("parse", "sections", "dates", "zeros", "balance", "consistency", "format")


def make_console(out: TextIO, width: int | None = None) -> Console:
    """Colour only on a terminal; a fixed width elsewhere so files and tests are stable."""
    tty = out.isatty() if hasattr(out, "isatty") else False
    return Console(
        file=out,
        width=width or (None if tty else 120),
        color_system="auto" if tty else None,
        force_terminal=tty,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


def _category_key(category: str) -> tuple[int, str]:
    if category in CATEGORY_ORDER:
        return (CATEGORY_ORDER.index(category), category)
    return (len(CATEGORY_ORDER), category)


def _finding(f: Finding) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=8, no_wrap=True)
    grid.add_column()
    head = Text.assemble((f.rule, "bold"), " ", (f.name, "dim"))
    where = format_location(f.location)
    if where:
        head.append(f"  {where}", "blue")
    if f.waived:
        head.append("  [waived]", "dim")
    elif f.baseline:
        head.append("  [baseline]", "dim")
    body = [head, Text(one_line(f.message))]
    if f.expected is not None or f.actual is not None:
        body.append(
            Text.assemble(
                ("expected ", "dim"),
                show_value(f.expected),
                ("  actual ", "dim"),
                (show_value(f.actual), "bold"),
            )
        )
    if f.waived and f.waiver_reason:
        body.append(Text.assemble(("waiver: ", "dim"), f.waiver_reason))
    if f.evidence:
        gutter = str(f.location.line) if f.location.line is not None else ""
        body.append(
            Text.assemble(
                (f"{gutter:>5} │ ", "dim"),
                (clip(f.evidence), "italic"),
                no_wrap=True,
                overflow="ellipsis",
            )
        )
    grid.add_row(Text(f.severity.upper(), SEVERITY_STYLE.get(f.severity, "")), Group(*body))
    return grid


def report_panel(r: ReportResult) -> Panel:
    o = r.outcomes
    head = Text.assemble(
        ("score ", "dim"),
        (f"{r.score:.1f}", "bold"),
        ("  grade ", "dim"),
        (r.grade, GRADE_STYLE.get(r.grade, "")),
        ("  status ", "dim"),
        (r.status.upper(), STATUS_STYLE.get(r.status, "")),
        ("  rules ", "dim"),
        f"{o.passed} passed, {o.failed} failed, {o.not_applicable} n/a, {o.error} error",
        (f"  could not check {r.unchecked}", "yellow") if r.unchecked else "",
    )
    meta = Text(
        " · ".join(
            x for x in (r.publisher or "publisher ?", str(r.year or "year ?"), f"format {r.format}")
        )
    )
    parts: list = [meta, head]
    by_cat = sorted(r.findings, key=lambda f: _category_key(f.category))
    for category, group in groupby(by_cat, key=lambda f: f.category):
        parts.append(Text(f"\n{category}", "bold underline"))
        parts.extend(_finding(f) for f in group)
    if not r.findings:
        parts.append(Text("no findings", "green"))
    return Panel(
        Group(*parts),
        title=Text(r.path, "bold"),
        title_align="left",
        border_style=STATUS_STYLE.get(r.status, ""),
    )


@dataclass(frozen=True)
class SummaryRow:
    """What the closing table keeps of a report (not its findings: memory stays flat)."""

    path: str
    publisher: str | None
    year: int | None
    score: float
    grade: str
    status: str
    counts: dict[str, int]

    @classmethod
    def of(cls, r: ReportResult) -> SummaryRow:
        return cls(r.path, r.publisher, r.year, r.score, r.grade, r.status, severity_counts(r))


def summary_table(rows: list[SummaryRow]) -> Table:
    table = Table(title="Summary", title_justify="left")
    for col, justify in (
        ("report", "left"),
        ("publisher", "left"),
        ("year", "right"),
        ("score", "right"),
        ("grade", "center"),
        ("status", "left"),
        ("E/W/I", "right"),
    ):
        table.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    # Paths are what people copy: keep them on one line as far as the width allows.
    table.columns[0].min_width = min(56, max((len(r.path) for r in rows), default=6))
    table.columns[1].max_width = 20
    for r in rows:
        table.add_row(
            Text(r.path),
            Text(r.publisher or "?"),
            str(r.year or "?"),
            f"{r.score:.1f}",
            Text(r.grade, GRADE_STYLE.get(r.grade, "")),
            Text(r.status, STATUS_STYLE.get(r.status, "")),
            "/".join(str(r.counts[s]) for s in SEVERITIES),
        )
    return table


def totals_line(s: Summary) -> Text:
    sev = ", ".join(f"{s.findings_by_severity.get(k, 0)} {k}" for k in SEVERITIES)
    text = Text(f"{s.reports} report(s), {s.failed} failed, {s.errored} error · {sev}")
    if s.waived or s.baseline:
        text.append(f" · {s.waived} waived, {s.baseline} in baseline")
    return text


def render_full(view: RunView, out: TextIO) -> None:
    console = make_console(out)
    rows: list[SummaryRow] = []
    for r in view.results:  # panels are printed as results arrive
        console.print(report_panel(r))
        rows.append(SummaryRow.of(r))
    console.print(summary_table(rows))
    console.print(totals_line(view.summary))


def render_concise(view: RunView, out: TextIO) -> None:
    """One line per finding, ``path:line: CODE message``; grep- and editor-friendly."""
    for r in view.results:
        for f in r.findings:
            line = f":{f.location.line}" if f.location.line is not None else ""
            mark = " [waived]" if f.waived else " [baseline]" if f.baseline else ""
            message = " ".join(f.message.split())
            out.write(f"{r.path}{line}: {f.rule} {message}{mark}\n")
    s = view.summary
    total = sum(s.findings_by_severity.values())
    sev = ", ".join(f"{s.findings_by_severity.get(k, 0)} {k}" for k in SEVERITIES)
    out.write(f"Found {total} finding(s) ({sev}) in {s.reports} report(s).\n")


def statistics_table(stats: Iterable[RuleStat]) -> Table:
    table = Table(title="Statistics", title_justify="left")
    for col, justify in (
        ("count", "right"),
        ("rule", "left"),
        ("name", "left"),
        ("severity", "left"),
        ("reports", "right"),
    ):
        table.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for s in stats:
        table.add_row(
            str(s.count),
            s.rule,
            Text(s.name),
            Text(s.severity, SEVERITY_STYLE[s.severity])
            if s.severity in SEVERITY_STYLE
            else Text(s.severity),
            str(s.reports),
        )
    return table


def render_statistics(view: RunView, out: TextIO) -> None:
    make_console(out).print(statistics_table(view.tally.statistics()))
