"""``--format full`` (default) and ``concise``: for people reading a terminal.

Report text goes into rich ``Text`` objects, never through markup, so a report that
contains ``[bold]`` or ``<script>`` is printed as it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from io import StringIO
from itertools import groupby
from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ..model import Finding, ReportResult
from ..suggestions import clause
from .base import (
    SEVERITIES,
    RuleStat,
    RunView,
    Summary,
    clip,
    format_location,
    one_line,
    printable,
    severity_counts,
    show_value,
    shows_values,
)
from .labels import (
    CATEGORY_LABEL,
    CATEGORY_ORDER,
    SEVERITY_LABEL,
    STATUS_LABEL,
    format_label,
    severity_totals,
)
from .table_grid import grid_lines

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
GRADE_STYLE = {"A": "bold green", "B": "green", "C": "yellow", "D": "bold red"}
STATUS_STYLE = {"pass": "bold green", "fail": "bold red", "error": "bold magenta",
                "not_report": "bold yellow"}  # fmt: skip


def make_console(out: TextIO, width: int | None = None) -> Console:
    """Colour only on a terminal; a fixed width elsewhere so files and tests are stable."""
    tty = out.isatty() if hasattr(out, "isatty") else False
    return Console(
        file=out,
        width=width or (None if tty else _columns()),
        color_system="auto" if tty else None,
        force_terminal=tty,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


def _columns() -> int:
    """Width of a file or pipe: $COLUMNS when set (a test, a CI log), else 120."""
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() and int(value) >= 20 else 120


def _category_key(category: str) -> tuple[int, str]:
    if category in CATEGORY_ORDER:
        return (CATEGORY_ORDER.index(category), category)
    return (len(CATEGORY_ORDER), category)


# A report is drawn as lines of Text wrapped here, inside a box drawn here: rich's Panel
# and a Table grid per finding measured and laid out every finding again (~3.5 ms a
# report, 85 times the JSON Lines output); one Text per report is printed in one go.
INDENT = 9  # severity column: "警告" and 5 spaces, the room findings always had


def _wrapped(text: Text, width: int, console: Console, indent: int = INDENT) -> list[Text]:
    """``text`` folded to ``width - indent`` cells (CJK has no spaces to break at)."""
    room = max(width - indent, 10)
    if text.cell_len <= room and "\n" not in text.plain:  # most lines: nothing to fold
        return [text]
    return [line for line in text.wrap(console, room, overflow="fold")]


def _run_on(text: Text, width: int, indent: int = INDENT) -> list[Text]:
    """``text`` cut every ``width - indent`` cells wherever that falls, as Chinese text
    breaks: a long value after 应为 starts on the label's line (wrapping at the space
    after 应为 left the label alone on a line)."""
    room = max(width - indent, 10)
    cuts, used = [], 0
    for i, char in enumerate(text.plain):
        if used + cell_len(char) > room:
            cuts.append(i)
            used = 0
        used += cell_len(char)
    return list(text.divide(cuts)) if cuts else [text]


def _finding_lines(
    f: Finding, width: int, console: Console, drawn: set[str] | None = None
) -> list[Text]:
    """``drawn``: the table excerpts drawn already in this report (one excerpt is often the
    suggestion of two findings: it is drawn under the first)."""
    head = Text.assemble((f.rule, "bold"), " ", (f.name, "dim"))
    where = format_location(f.location)
    if where:
        head.append(f"  {where}", "blue")
    if f.waived:
        head.append("  [已豁免]", "dim")
    elif f.baseline:
        head.append("  [基线中已有]", "dim")
    body = [head, Text(printable(one_line(f.message)))]
    values = None
    if shows_values(f):
        values = Text.assemble(
            ("应为 ", "dim"),
            printable(one_line(show_value(f.expected))),
            ("  实际 ", "dim"),
            (printable(one_line(show_value(f.actual))), "bold"),
        )
        body.append(values)
    if f.suggestion is not None:  # the cell to correct (repair.py)
        body.append(Text.assemble(("建议 ", "dim"), printable(one_line(clause(f.suggestion)))))
        ex = f.suggestion.excerpt
        if ex is not None and (drawn is None or repr(ex) not in drawn):
            body.extend(grid_lines(ex, max(width - INDENT, 10)))
            if drawn is not None:
                drawn.add(repr(ex))
        elif ex is not None:
            body.append(Text(f"{ex.table}节选见上", "dim"))
    if f.waived and f.waiver_reason:
        body.append(Text.assemble(("豁免理由 ", "dim"), printable(one_line(f.waiver_reason))))
    lines: list[Text] = []
    for part in body:
        lines.extend(_run_on(part, width) if part is values else _wrapped(part, width, console))
    if f.evidence:  # one line, cut: the source line is in the file
        gutter = str(f.location.line) if f.location.line is not None else ""
        evidence = Text.assemble(
            (f"{gutter:>5} │ ", "dim"), (printable(clip(f.evidence)), "italic")
        )
        evidence.truncate(max(width - INDENT, 10), overflow="ellipsis")
        lines.append(evidence)
    word = SEVERITY_LABEL.get(f.severity, f.severity)
    label = Text(word + " " * (INDENT - cell_len(word)), SEVERITY_STYLE.get(f.severity, ""))
    pad = Text(" " * INDENT)
    return [Text.assemble(label if i == 0 else pad, line) for i, line in enumerate(lines)]


def _flow(parts: list[Text], width: int, console: Console) -> list[Text]:
    """``parts`` two spaces apart, a part that does not fit on a line of its own: a
    narrow box breaks the score line between 结论 and 规则, never inside ``36 项通过``."""
    lines: list[Text] = []
    for part in parts:
        if lines and lines[-1].cell_len + 2 + part.cell_len <= width:
            lines[-1] = Text.assemble(lines[-1], "  ", part)
        else:
            lines += _wrapped(part, width, console, 0)
    return lines


def report_lines(r: ReportResult, width: int, console: Console) -> list[Text]:
    """The inside of a report's box, each line at most ``width`` cells."""
    o = r.outcomes
    # the words of the dashboard's drill-down (html.py): one vocabulary
    verdict = Text.assemble(
        ("得分 ", "dim"),
        (f"{r.score:.1f}", "bold"),
        ("  等级 ", "dim"),
        (r.grade, GRADE_STYLE.get(r.grade, "")),
        ("  结论 ", "dim"),
        (STATUS_LABEL.get(r.status, r.status), STATUS_STYLE.get(r.status, "")),
    )
    rules = Text.assemble(
        ("规则 ", "dim"),
        f"{o.passed} 项通过，{o.failed} 项未通过，{o.not_applicable} 项不适用，{o.error} 项出错",
    )
    unchecked = [Text(f"{r.unchecked} 项无法检查", "yellow")] if r.unchecked else []
    year = f"{r.year} 年度" if r.year else "年度不明"
    meta = Text(
        " · ".join(
            printable(x)
            for x in (r.publisher or "发布机关不明", year, f"格式 {format_label(r.format)}")
        )
    )
    if r.status == "not_report":  # listed with why: no score, grade or rules
        return _wrapped(meta, width, console, 0) + _wrapped(
            Text(printable(r.note or ""), "yellow"), width, console, 0
        )
    lines = _wrapped(meta, width, console, 0) + _flow([verdict, rules, *unchecked], width, console)
    by_cat = sorted(r.findings, key=lambda f: _category_key(f.category))
    drawn: set[str] = set()
    for category, group in groupby(by_cat, key=lambda f: f.category):
        lines += [Text(), Text(CATEGORY_LABEL.get(category, category), "bold underline")]
        for f in group:
            lines.extend(_finding_lines(f, width, console, drawn))
    if not r.findings:
        lines.append(Text("没有发现问题", "green"))
    return lines


class ReportBox:
    """A report in a rounded box titled with its path (escaped: a file name is data).
    Its lines are wrapped already: they are sent as segments, not laid out again."""

    def __init__(self, r: ReportResult, width: int, console: Console) -> None:
        self.style = console.get_style(STATUS_STYLE.get(r.status, "") or "none")
        self.inner = max(width - 4, 20)
        self.title = Text(shorten_path(printable(r.path), self.inner - 2), "bold")
        self.lines = report_lines(r, self.inner, console)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        style, inner, title = self.style, self.inner, self.title
        yield Segment("╭─ ", style)
        yield from title.render(console)
        yield Segment(" " + "─" * (inner - 1 - title.cell_len) + "╮", style)
        yield Segment.line()
        left = Segment("│ ", style)
        for line in self.lines:
            yield left
            yield from line.render(console)
            yield Segment(" " * (inner - line.cell_len) + " │", style)
            yield Segment.line()
        yield Segment("╰" + "─" * (inner + 2) + "╯", style)
        yield Segment.line()


def report_panel(r: ReportResult, width: int = 120) -> ReportBox:
    """One report as ``--format full`` prints it at ``width`` columns."""
    return ReportBox(r, width, make_console(StringIO(), width))


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


def shorten_path(path: str, room: int) -> str:
    """``path`` in at most ``room`` cells: the file name kept, folders cut in the middle
    (``reports/…/pingtan_2019.txt``); a name longer than the room keeps its end."""
    if cell_len(path) <= room:
        return path
    head, _, name = path.rpartition("/")
    first = head.split("/", 1)[0] + "/" if head else ""
    if cell_len(first) + 2 + cell_len(name) <= room:
        return f"{first}…/{name}"
    if cell_len(name) + 2 <= room and head:
        return f"…/{name}"
    while name and cell_len(name) + 1 > room:
        name = name[1:]
    return "…" + name


def summary_table(rows: list[SummaryRow], width: int = 120) -> Table:
    """Every column at any width from 60: the numbers never wrap; the path is shortened
    and the publisher wrapped to what is left."""
    counts = ["/".join(str(r.counts[s]) for s in SEVERITIES) for r in rows]
    statuses = [STATUS_LABEL.get(r.status, r.status) for r in rows]
    fixed = [  # (header, justify, width in cells of its widest cell or header)
        ("年度", "right", 4),
        ("得分", "right", 5),
        ("等级", "center", 4),
        ("结论", "left", max([4, *map(cell_len, statuses)])),
        ("错/警/提", "right", max([8, *map(len, counts)])),
    ]
    # Columns 2 cells apart (1 under 90 columns); the text columns share what is left.
    wide = width >= 90
    table = Table(
        title="汇总",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=(0, 1) if wide else 0,
        collapse_padding=True,
    )
    gaps = (2 + 2 * (len(fixed) + 1)) if wide else len(fixed) + 1
    room = max(width - sum(w for *_, w in fixed) - gaps, 16)
    publishers = [printable(r.publisher or "?") for r in rows]
    pub_width = min(max([9, *map(cell_len, publishers)]), max(room // 3, 9), 20)
    path_width = max(room - pub_width, 8)
    paths = [shorten_path(printable(r.path), path_width) for r in rows]
    # Cells are cut to size above, so rich keeps every column at its natural width.
    table.add_column("报告", no_wrap=True, overflow="ellipsis")
    table.add_column("发布机关", max_width=pub_width, overflow="fold")
    for header, justify, _ in fixed:
        table.add_column(header, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for r, path, publisher, status, count in zip(
        rows, paths, publishers, statuses, counts, strict=True
    ):
        table.add_row(
            Text(path),
            Text(publisher),
            str(r.year or "?"),
            f"{r.score:.1f}" if r.status != "not_report" else "—",
            Text(r.grade, GRADE_STYLE.get(r.grade, "")),
            Text(status, STATUS_STYLE.get(r.status, "")),
            count,
        )
    return table


def totals_line(s: Summary) -> Text:
    sev = severity_totals(s.findings_by_severity)
    text = Text(f"{s.reports} 份报告，{s.failed} 份未通过，{s.errored} 份无法审查 · {sev}")
    if s.not_reports:
        text.append(f" · {s.not_reports} 份非年度报告（不评分）")
    if s.waived or s.baseline:
        text.append(f" · 已豁免 {s.waived} 条，基线中已有 {s.baseline} 条")
    return text


def render_full(view: RunView, out: TextIO, console: Console | None = None) -> None:
    """Panels as results arrive, then the summary. ``console``: the one the progress bar
    draws on, so that bar and panels share the terminal (cli_run.py)."""
    console = console or make_console(out)
    rows: list[SummaryRow] = []
    for r in view.results:
        console.print(ReportBox(r, console.width, console))
        rows.append(SummaryRow.of(r))
    console.print(summary_table(rows, console.width))
    console.print(totals_line(view.summary))


def render_concise(view: RunView, out: TextIO) -> None:
    """One line per finding, ``path:line: CODE message``; grep- and editor-friendly."""
    for r in view.results:
        if r.status == "not_report":
            out.write(f"{printable(r.path)}: {printable(r.note or '')}\n")
        for f in r.findings:
            line = f":{f.location.line}" if f.location.line is not None else ""
            mark = " [已豁免]" if f.waived else " [基线中已有]" if f.baseline else ""
            message = " ".join(f.message.split())
            out.write(f"{printable(r.path)}{line}: {f.rule} {printable(message)}{mark}\n")
    s = view.summary
    total = sum(s.findings_by_severity.values())
    others = f"，另有 {s.not_reports} 份非年度报告" if s.not_reports else ""
    sev = severity_totals(s.findings_by_severity)
    out.write(f"{s.reports} 份报告中发现 {total} 条问题（{sev}）{others}。\n")


def statistics_table(stats: Iterable[RuleStat]) -> Table:
    table = Table(title="各规则问题统计", title_justify="left")
    for col, justify in (
        ("条数", "right"),
        ("规则", "left"),
        ("名称", "left"),
        ("级别", "left"),
        ("报告数", "right"),
    ):
        table.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for s in stats:
        table.add_row(
            str(s.count),
            s.rule,
            Text(s.name),
            Text(SEVERITY_LABEL.get(s.severity, s.severity), SEVERITY_STYLE.get(s.severity, "")),
            str(s.reports),
        )
    return table


def render_statistics(view: RunView, out: TextIO) -> None:
    console = make_console(out)
    console.print(statistics_table(view.tally.statistics()))
    seconds = view.tally.seconds
    if seconds:  # only runs that used OCR or LibreOffice
        parts = [f"{name} {seconds[key]:.1f} 秒" for key, name in _INGEST if key in seconds]
        console.print(Text("读取用时：" + "，".join(parts)))


_INGEST = (("ocr", "文字识别（OCR）"), ("conversion", "LibreOffice 转换"))
