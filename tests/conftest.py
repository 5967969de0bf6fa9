"""Shared test helpers: where the repository's fixtures are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "reports"
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="session")
def corpus_names() -> dict[str, str]:
    """Original corpus file name -> path under reports/."""
    return json.loads((FIXTURES / "corpus_names.json").read_text(encoding="utf-8"))
