"""``--format xlsx`` (run and rank): a workbook for the offices that work in Excel.

Three sheets: 排名 (one row per report: publisher, year, score, grade, E/W/I), 问题 (one row
per finding, with the printed labels of the cell, expected/actual, evidence and the
suggested correction), 分类 (publisher × category: findings per category). Header row
frozen, auto-filter on, column widths set, numbers stored as numbers. The bytes are the same
for the same results: fixed workbook properties and fixed ZIP entry times (openpyxl stamps
both with the current time).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import Counter
from collections.abc import Iterable
from typing import IO, Any

from ..model import Finding, ReportResult
from ..rank import LeagueRow, report_rows
from ..suggestions import clause
from .base import RunView, display_name, format_location, one_line, show_value, shows_values
from .csv_out import cell as csv_cell

FIXED_TIME = dt.datetime(2000, 1, 1)  # workbook created/modified: no timestamp in the output
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a ZIP entry can carry
MAX_CELL = 32767  # Excel's limit on the characters of one cell

LEAGUE_COLUMNS = (
    ("名次", 6), ("发布机关", 30), ("年度", 7), ("得分", 7), ("等级", 6), ("状态", 7),
    ("错误", 6), ("警告", 6), ("提示", 6), ("已豁免", 7), ("主要问题", 30), ("文件", 40),
)  # fmt: skip
FINDING_COLUMNS = (
    ("发布机关", 24), ("年度", 7), ("规则", 8), ("规则名称", 28), ("类别", 10),
    ("级别", 8), ("位置", 28), ("问题", 60), ("应为", 20), ("实为", 20), ("原文", 50),
    ("整改建议", 50), ("已豁免", 7), ("基线", 6), ("文件", 40), ("指纹", 18),
)  # fmt: skip
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
CATEGORY_NAMES = {
    "parse": "解析", "sections": "章节", "dates": "日期", "zeros": "零值", "balance": "勾稽",
    "consistency": "一致性", "format": "格式", "crossyear": "跨年度",
}  # fmt: skip
STATUS_NAMES = {"pass": "通过", "fail": "未通过", "error": "出错", "not_report": "非年度报告"}


def _text(value: object) -> Any:
    """A cell value: numbers stay numbers; text is one line (evidence may span several),
    quoted when it starts like a formula, and cut to what a cell can hold."""
    if value is None or isinstance(value, bool):
        return None if value is None else ("是" if value else "")
    if isinstance(value, (int, float)):
        return value
    text = csv_cell(one_line(str(value)))
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _value(value: object) -> Any:
    """expected/actual: a number as a number, anything else as people read it."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    return None if value is None else _text(show_value(value))


def _league_row(row: LeagueRow) -> list[Any]:
    top = "，".join(f"{t.rule}×{t.count}" for t in row.top_rules)
    scored = row.status != "not_report"  # listed, never scored
    return [
        row.position if scored else None, row.publisher, row.year,
        row.score if scored else None, row.grade,
        STATUS_NAMES.get(row.status, row.status), row.errors, row.warnings, row.infos,
        row.waived, top, row.path,
    ]  # fmt: skip


def _finding_row(r: ReportResult, f: Finding) -> list[Any]:
    # a parse finding's actual is its issue code: a key, not shown to people (base.shows_values)
    values = shows_values(f)
    return [
        _text(display_name(r)), r.year, f.rule, f.name, f.category,
        SEVERITY_NAMES.get(f.severity, f.severity), _text(format_location(f.location)),
        _text(f.message), _value(f.expected) if values else None,
        _value(f.actual) if values else None, _text(f.evidence),
        _text(clause(f.suggestion)) if f.suggestion is not None else None,
        _text(f.waived), _text(f.baseline), _text(r.path), f.fingerprint,
    ]  # fmt: skip


def _category_rows(results: list[ReportResult], categories: list[str]) -> list[list[Any]]:
    rows = []
    for r in results:
        counts = Counter(f.category for f in r.findings if not f.waived)
        rows.append([_text(display_name(r)), r.year, *(counts[c] for c in categories)])
    return rows


def _sheet(wb: Any, title: str, columns: Iterable[tuple[str, int]], rows: Iterable[list[Any]]):
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    columns = list(columns)
    ws.append([name for name, _ in columns])
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for i, (_, width) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"  # the header stays in view
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(ws.max_row, 1)}"
    return ws


def write_workbook(
    league: list[LeagueRow], results: list[ReportResult], out: IO[bytes], categories: list[str]
) -> None:
    """The three sheets over ``league`` (its rows' order) and the findings of ``results``."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "排名", LEAGUE_COLUMNS, (_league_row(r) for r in league))
    order = {row.path: i for i, row in enumerate(league)}
    shown = sorted((r for r in results if r.path in order), key=lambda r: order[r.path])
    _sheet(wb, "问题", FINDING_COLUMNS, (_finding_row(r, f) for r in shown for f in r.findings))
    # the category's name and key (the key is what --select and the JSON use)
    named = [f"{CATEGORY_NAMES[c]} {c}" if c in CATEGORY_NAMES else c for c in categories]
    cat_columns = [("发布机关", 30), ("年度", 7), *((c, max(10, len(c) + 6)) for c in named)]
    _sheet(wb, "分类", cat_columns, _category_rows(shown, categories))
    props = wb.properties
    props.creator = props.lastModifiedBy = "gaorpt-audit"
    props.created = props.modified = FIXED_TIME
    props.title = "政府信息公开工作年度报告审核结果"
    buffer = io.BytesIO()
    wb.save(buffer)  # (which sets properties.modified to now: core.xml is written again)
    from openpyxl.xml.functions import tostring

    props.modified = FIXED_TIME
    out.write(_fixed_zip(buffer.getvalue(), {"docProps/core.xml": tostring(props.to_tree())}))


def _fixed_zip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same archive with every entry dated ZIP_TIME (openpyxl dates them now) and the
    entries of ``replace`` replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, replace.get(info.filename) or src.read(info.filename))
    return out.getvalue()


def categories_of(view_rules: dict[str, Any], results: list[ReportResult]) -> list[str]:
    """The categories of the selected rules and of any finding, sorted (stable columns)."""
    found = {m.category for m in view_rules.values()}
    found.update(f.category for r in results for f in r.findings)
    return sorted(found)


def render_xlsx(view: RunView, out: IO[bytes]) -> None:
    results = list(view.results)
    write_workbook(report_rows(results), results, out, categories_of(view.meta.rules, results))
