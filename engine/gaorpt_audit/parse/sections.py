"""The six section headings (DOMAIN.md §2.2), tolerant of variants and lost numerals."""

from __future__ import annotations

from ..model import Document, Report


def find_sections(doc: Document, report: Report) -> None:
    """Fill ``report.sections``."""
