"""Narrative statements that rules compare with the tables."""

from __future__ import annotations

from ..model import Document, Report


def extract_claims(doc: Document, report: Report) -> None:
    """Fill ``report.claims``."""
