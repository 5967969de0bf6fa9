"""Document -> Report: metadata, sections, the three tables, narrative claims."""

from __future__ import annotations

from ..model import Document, Report


def parse_document(doc: Document) -> Report:
    report = Report(
        path=doc.path,
        source_format=doc.source_format,
        encoding=doc.encoding,
        parse_issues=list(doc.issues),
    )
    report.line_text = {p.line: p.text for p in doc.paragraphs()}
    return report
