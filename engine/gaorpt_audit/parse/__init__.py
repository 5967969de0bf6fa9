"""Document -> Report: metadata, sections, the three tables, narrative claims.

Each stage is isolated: a bug in one stage becomes a parse issue on the Report (so the
report is still audited, and a PRS finding says what could not be read), never a crash.
"""

from __future__ import annotations

from typing import Any

from ..model import Box, Document, ParseIssue, Report
from .claims import extract_claims
from .meta import extract_meta
from .sections import find_sections
from .tables import extract_tables

# each stage in the words of the internal-error message ("提取表格时程序出错")
_STAGES = {
    "find_sections": "识别章节",
    "extract_tables": "提取表格",
    "extract_meta": "识别报告基本信息",
    "extract_claims": "提取正文数字",
}


def _line_text(doc: Document) -> dict[int, str]:
    """Source text by line: the evidence shown with findings and the text pattern rules
    search. Table rows of HTML/DOCX/PDF count too (cells joined by tabs, as a text export
    prints them), so a label inside a real table is as visible as one in a text export."""
    text = {p.line: p.text for p in doc.paragraphs()}
    for table in doc.tables():
        for i, (cells, line) in enumerate(zip(table.rows, table.lines, strict=False)):
            covered = table.spans[i] if i < len(table.spans) else []
            # a merged cell is printed once, as a reader sees it, not once per grid position
            shown = [c for j, c in enumerate(cells) if not (j < len(covered) and covered[j])]
            text.setdefault(line, "\t".join(shown))
    return dict(sorted(text.items()))


def _line_page(doc: Document) -> dict[int, int]:
    """PDF page of every line, so any finding located by line also names its page."""
    return _per_line(doc, "page", "pages")


def _line_box(doc: Document) -> dict[int, Box]:
    """Where on its page every PDF line (a table row: across the table) is printed."""
    return _per_line(doc, "box", "row_boxes")


def _per_line(doc: Document, field: str, rows: str) -> dict[int, Any]:
    """A paragraph's ``field`` by its line, else that of the table row printed there."""
    out = {p.line: getattr(p, field) for p in doc.paragraphs() if getattr(p, field) is not None}
    for table in doc.tables():
        for line, value in zip(table.lines, getattr(table, rows), strict=False):
            if value is not None:
                out.setdefault(line, value)
    return out


def parse_document(doc: Document) -> Report:
    report = Report(
        path=doc.path,
        source_format=doc.source_format,
        encoding=doc.encoding,
        parse_issues=list(doc.issues),
        not_report=doc.not_report,
    )
    report.line_text = _line_text(doc)
    report.line_page = _line_page(doc)
    report.line_box = _line_box(doc)
    if not doc.blocks:
        return report
    for stage in (find_sections, extract_tables, extract_meta, extract_claims):
        try:
            stage(doc, report)
        except Exception as exc:  # noqa: BLE001 - any parser bug must not stop the audit
            report.parse_issues.append(
                ParseIssue(
                    code="internal",
                    message=f"{_STAGES.get(stage.__name__, '解析')}时程序出错（技术细节："
                    f"{stage.__name__}: {type(exc).__name__}: {exc}）：请将此文件报告给 "
                    "gaorpt-audit 的维护者",
                )
            )
    return report
