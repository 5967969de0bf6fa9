"""Tables 二, 三, 四 with canonical row/column keys (DOMAIN.md §2.3–2.5)."""

from __future__ import annotations

from ..model import Document, Report


def extract_tables(doc: Document, report: Report) -> None:
    """Fill ``report.tables`` (and ``report.format`` from the labels seen)."""
