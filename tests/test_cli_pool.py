"""The process pool is fully shut down once the results are consumed.

A pool shut down with ``wait=False`` leaves its manager thread running; at interpreter exit
``concurrent.futures`` then writes to a wake-up pipe the thread is closing, and Python
prints "Exception ignored ... OSError: [Errno 9] Bad file descriptor" with a traceback on
stderr after the payload (seen on about one `run --jobs 2` in three).
"""

from __future__ import annotations

import threading
from concurrent.futures.process import _ExecutorManagerThread
from pathlib import Path

from gaorpt_audit.audit import audit
from gaorpt_audit.config import load_config

REPO = Path(__file__).resolve().parent.parent


def manager_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if isinstance(t, _ExecutorManagerThread)]


def test_no_pool_thread_outlives_the_results() -> None:
    before = manager_threads()
    run = audit([REPO / "reports" / "fujian"], load_config(discover=False), jobs=2)
    results = list(run.results)
    assert len(results) == 7
    assert manager_threads() == before
