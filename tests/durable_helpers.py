"""durable-rules in the tests: a declared dependency on Python < 3.13, absent on 3.13+.

pyproject.toml installs durable-rules only where ``python_version < '3.13'``. There, a
test that needs it must fail when it is missing (a broken install would otherwise
silently skip the two-backend oracle); on 3.13+ it is skipped with the reason.

Use ``@needs_durable`` on a test, ``BACKENDS`` to parametrize over both backends, or
``backend_marks(name)`` in a ``pytest.param`` of your own; conftest.py runs
``check_durable`` for every test marked ``durable``.
"""

from __future__ import annotations

import sys

import pytest

from gaorpt_audit.backends import durable_available

MISSING = "durable-rules should be installed on Python < 3.13: pip install -e '.[test]'"
NOT_HERE = "durable-rules is not a dependency on Python 3.13+ (pyproject.toml marker)"

needs_durable = pytest.mark.durable
BACKEND_NAMES = ("python", "durable")


def backend_marks(name: str) -> list[pytest.MarkDecorator]:
    return [needs_durable] if name == "durable" else []


BACKENDS = [pytest.param(name, marks=backend_marks(name)) for name in BACKEND_NAMES]


def durable_expected(version: tuple[int, ...] = tuple(sys.version_info)) -> bool:
    return tuple(version[:2]) < (3, 13)


def check_durable(
    version: tuple[int, ...] = tuple(sys.version_info), available: bool | None = None
) -> None:
    """Return if durable-rules can be used; else fail (Python < 3.13) or skip (3.13+)."""
    if durable_available() if available is None else available:
        return
    if durable_expected(version):
        pytest.fail(MISSING, pytrace=False)
    pytest.skip(NOT_HERE)
