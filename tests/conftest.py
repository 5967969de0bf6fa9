"""Shared test helpers: where the repository's fixtures are; the ``durable`` marker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from durable_helpers import check_durable

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "reports"
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="session")
def corpus_names() -> dict[str, str]:
    """Original corpus file name -> path under reports/."""
    return json.loads((FIXTURES / "corpus_names.json").read_text(encoding="utf-8"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "durable: needs durable-rules; fails where it is a dependency (Python < 3.13), "
        "skips on 3.13+ (see durable_helpers.py)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    # In the call phase, so that a missing durable-rules is reported as FAILED.
    if item.get_closest_marker("durable") is not None:
        check_durable()
