"""Per-item work over state this process already holds, in forked children, in order.

The cross-year step (xyear.py) finishes every report once the whole run is in: each needs
its publisher's other years, the peer index and the spool, all held here. Done here, that
tail is serial while the workers wait (about a fifth of a ``--jobs 2`` run, and the part
that does not shrink with more cores). Children forked once the state is complete share it
copy-on-write instead of receiving it; a task is a run of item indices and comes back as
the finished objects, handed out in index order, so the output is the same for any
``jobs``. Without fork (other platforms), with one job or a few items, the work runs here.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

MIN_ITEMS = 64  # fewer: forking costs more than it saves
CHUNK = 16  # items per task
WINDOW_PER_JOB = 4  # tasks in flight per child

_WORK: Callable[[int], Any] | None = None  # set before the fork; what a child runs


def terminate(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's processes now (their results are not wanted any more)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.terminate()


def _child_start() -> None:
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    # what the child inherited lives as long as it does: never traversed by a collection
    # (which would also copy every page it touches)
    gc.freeze()


def _run(indices: range) -> list[Any]:
    assert _WORK is not None
    return [_WORK(i) for i in indices]


def can_fork() -> bool:
    return "fork" in mp.get_all_start_methods()


def ordered_map(work: Callable[[int], Any], count: int, jobs: int) -> Iterator[Any]:
    """``work(0)``, ..., ``work(count - 1)``, computed in up to ``jobs`` forked children.
    ``work`` must depend only on state that exists when this is first advanced. A child that
    dies (killed, out of memory) costs nothing: the items not yet returned are done here."""
    global _WORK
    if jobs <= 1 or count < MIN_ITEMS or not can_fork():
        yield from map(work, range(count))
        return
    chunks = deque(range(s, min(s + CHUNK, count)) for s in range(0, count, CHUNK))
    _WORK = work
    try:
        with ProcessPoolExecutor(
            jobs, mp_context=mp.get_context("fork"), initializer=_child_start
        ) as pool:
            try:
                window: deque[tuple[range, Any]] = deque()
                while chunks or window:
                    with contextlib.suppress(BrokenProcessPool):  # the window's futures say so
                        while chunks and len(window) < jobs * WINDOW_PER_JOB:
                            window.append((chunks[0], pool.submit(_run, chunks[0])))
                            chunks.popleft()
                    indices, future = window.popleft()
                    try:
                        done = future.result()
                    except BrokenProcessPool:
                        left = [indices, *(i for i, _ in window), *chunks]
                        window.clear()
                        chunks.clear()
                        for part in left:
                            yield from map(work, part)
                        break
                    yield from done
            except BaseException:
                # Ctrl-C, or the consumer closed the results: the children's work is not
                # wanted; shutting down would wait for it.
                terminate(pool)
                raise
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        _WORK = None
