"""Rule backends: durable-rules (default where importable) and the pure-Python evaluator.

Both run the same compiled form (``checks/compiler.py``) over the same facts and return the same
matches: ``[(rule_name, {alias: fact_id})]`` sorted. ``get_backend`` caches one backend per
ruleset hash per process, so rules compile and register once, never once per report.
"""

from __future__ import annotations

import sys
from typing import Any, Protocol

from ..checks.compiler import Compiled

Match = tuple[str, tuple[tuple[str, int], ...]]
BACKENDS = ("durable", "python")


class BackendError(Exception):
    """The engine failed on one report (the report's outcomes become ``error``)."""


class Backend(Protocol):
    name: str

    def run(self, facts: list[dict[str, Any]]) -> list[Match]: ...


def durable_available() -> bool:
    if sys.version_info >= (3, 13):
        return False
    try:
        import durable_rules_engine  # noqa: F401
    except ImportError:
        return False
    return True


def default_backend() -> str:
    return "durable" if durable_available() else "python"


_BACKENDS: dict[tuple[str, str], Backend] = {}


def get_backend(compiled: Compiled, name: str | None = None) -> Backend:
    name = name or default_backend()
    key = (name, compiled.hash)
    if key not in _BACKENDS:
        if name == "durable":
            from .durable import DurableBackend

            _BACKENDS[key] = DurableBackend(compiled)
        elif name == "python":
            from .python import PythonBackend

            _BACKENDS[key] = PythonBackend(compiled)
        else:
            raise ValueError(f"unknown backend {name!r}: use durable or python")
    return _BACKENDS[key]


def with_ids(facts: list[dict[str, Any]], sid: str) -> list[dict[str, Any]]:
    """Every fact gets the report's sid and its index as id; the $end sentinel comes last."""
    out = [dict(f, sid=sid, id=i) for i, f in enumerate(facts)]
    out.append({"kind": "$end", "sid": sid, "id": len(facts)})
    return out
