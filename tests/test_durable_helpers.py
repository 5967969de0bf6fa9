"""The durable-rules guard: missing where it is a dependency fails, on 3.13+ it skips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from durable_helpers import MISSING, check_durable, durable_expected

TESTS = Path(__file__).resolve().parent


def test_missing_durable_fails_before_python_3_13() -> None:
    with pytest.raises(pytest.fail.Exception, match=re.escape(MISSING)):
        check_durable(version=(3, 12, 4), available=False)
    with pytest.raises(pytest.fail.Exception):
        check_durable(version=(3, 11, 0), available=False)


def test_missing_durable_skips_from_python_3_13() -> None:
    with pytest.raises(pytest.skip.Exception, match="3.13"):
        check_durable(version=(3, 13, 0), available=False)
    assert not durable_expected((3, 14, 1))


def test_installed_durable_runs() -> None:
    check_durable(version=(3, 12, 4), available=True)


def test_matches_the_pyproject_marker() -> None:
    pyproject = (TESTS.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"durable-rules[^"]*; python_version < \'3\.13\'"', pyproject)


def test_no_test_decides_on_durable_by_itself() -> None:
    """Every durable-dependent test goes through durable_helpers (marker or BACKENDS):
    a test that looks at durable_available() itself would skip or drop the durable
    backend silently where durable-rules should be installed."""
    offenders = [
        p.name
        for p in TESTS.glob("*.py")
        if p.name not in ("durable_helpers.py", Path(__file__).name)
        and "durable_available" in p.read_text("utf-8")
    ]
    assert offenders == []
