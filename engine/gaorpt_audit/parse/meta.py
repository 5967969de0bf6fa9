"""Title, publisher, report year, statistical period, signing/publication date."""

from __future__ import annotations

from ..model import Document, Report


def extract_meta(doc: Document, report: Report) -> None:
    """Fill the metadata fields of ``report``."""
