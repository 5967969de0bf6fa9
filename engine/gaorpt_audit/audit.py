"""The library entry point: ``audit(paths, config)`` -> scored results, one per file.

Per file: ingest + parse + facts + rules + findings + score. With ``jobs > 1`` the files run
in a process pool whose workers build the ruleset once (initializer); results come back in
path order, so the output does not depend on the job count. A C crash in a worker costs
only the reports in flight: they are retried in this process with the python backend.

Every file runs under the [limits] (``pipeline.audit_file``): a file past its time or
memory becomes a PRS001 result in the same slot, so no limit changes which files are
listed or their order. Workers ignore Ctrl-C and have their address space capped
(``memory_mb``); on Ctrl-C, or when the results are dropped, they are terminated at once
rather than left to finish the files in flight.

Cross-year rules (xyear.py) need every report of the run, so when any is selected the
results are held until the last file is read (with a trimmed copy of each report) and
then completed in the parent, in path order: still the same bytes for any ``jobs``.
``history`` (history.History) adds the stored years and records the run at the end.
``executor="dask"`` sends the files to a Dask cluster instead (executors/dask_client.py);
the cross-year step and the history stay here, so the output is the same.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__, batchgc
from .carry import Carried, Packed, crossyear_codes, hand_on
from .config import Config
from .discover import Input, discover
from .forkmap import terminate
from .model import ReportResult
from .pipeline import RuleContext, audit_file_kept

Progress = Callable[[int, int, str], None]

CHUNK = 8  # reports per task sent to a worker
WINDOW_PER_JOB = 4  # tasks in flight per worker
# a result (packed by a worker when the cross-year step will hold it) and its trimmed report
Pair = tuple[ReportResult | Packed, Carried | None]
Window = deque[tuple[list[Input], "Future[list[Pair]]"]]


@dataclass
class AuditRun:
    tool_version: str
    ruleset_version: str
    ruleset_hash: str
    score_formula: str
    results: Iterator[ReportResult]  # streamed, sorted by path
    backend: str = "python"
    rules: int = 0
    total: int = 0  # number of files


_WORKER: RuleContext | None = None


def _init_worker(config_json: str) -> None:
    global _WORKER
    import signal

    from .ingest.limits import limit_memory

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    config = Config.model_validate_json(config_json)
    _WORKER = RuleContext.build(config)
    gc.freeze()  # the compiled rules live for the whole run: keep them out of every collection
    batchgc.for_batch()
    limit_memory(config.limits.memory_mb)


def _work_many(chunk: list[Input], keep: bool = False) -> list[Pair]:
    assert _WORKER is not None
    # packed here, in parallel: the parent stores the bytes without unpickling them
    return [_audit(item, _WORKER, keep, packed=True) for item in chunk]


def _audit(item: Input, ctx: RuleContext, keep: bool, packed: bool = False) -> Pair:
    result, report = audit_file_kept(item, ctx)
    return hand_on(result, report, ctx, keep, packed)


def audit(
    paths: Iterable[str | Path],
    config: Config | None = None,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    mp_context: str | None = None,
    history: Any = None,
    executor: str = "local",
    scheduler: str | None = None,
    send: str = "bytes",
) -> AuditRun:
    """Audit files/folders; raises InputError for a missing path, ConfigError for bad config.
    ``executor="dask"`` audits them on a Dask cluster (executors/dask_client.py: at
    ``scheduler``, else a local one of ``jobs`` workers), with the same results."""
    config = config or Config()
    ctx = RuleContext.build(config)
    gc.freeze()  # set-up objects (rules, config, imports) are never garbage: skip them in GC
    items = discover(paths, config.exclude)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(items) or 1))
    # Cross-year rules and the history need each report's tables and sections (trimmed).
    keep = bool(crossyear_codes(ctx)) or history is not None

    def serial() -> Iterator[Pair]:
        for n, item in enumerate(items, 1):
            result = _audit(item, ctx, keep)
            if progress:
                progress(n, len(items), item.display)
            yield result

    def pooled() -> Iterator[Pair]:
        import multiprocessing as mp

        mpc = mp.get_context(mp_context) if mp_context else None
        fallback = ctx.with_backend("python")
        # Reports travel in chunks (fewer round trips per report) and only a bounded
        # window is in flight, so memory stays flat however many files there are.
        pending = deque(items[i : i + CHUNK] for i in range(0, len(items), CHUNK))
        depth = jobs * WINDOW_PER_JOB
        done = 0

        def finish(item: Input, result: Pair) -> Pair:
            nonlocal done
            done += 1
            if progress:
                progress(done, len(items), item.display)
            return result

        def fill(pool: ProcessPoolExecutor, window: Window) -> None:
            while pending and len(window) < depth:
                try:
                    future = pool.submit(_work_many, pending[0], keep)
                except BrokenProcessPool:
                    return  # the futures already in the window will say so
                window.append((pending.popleft(), future))

        while pending:
            served = 0  # reports this pool returned
            with ProcessPoolExecutor(
                jobs, mp_context=mpc, initializer=_init_worker, initargs=(config.model_dump_json(),)
            ) as pool:
                try:
                    window: Window = deque()
                    fill(pool, window)
                    while window:
                        chunk, future = window.popleft()
                        try:
                            results = future.result()
                        except BrokenProcessPool:
                            # A worker died (e.g. a segfault in the C engine): this chunk is
                            # retried here with the python backend; the rest get a fresh pool.
                            for item in chunk:
                                yield finish(item, _audit(item, fallback, keep))
                            pending.extendleft(reversed([c for c, _ in window]))
                            break
                        served += len(results)
                        for item, result in zip(chunk, results, strict=True):
                            yield finish(item, result)
                        fill(pool, window)
                except BaseException:
                    # Ctrl-C, or the consumer closed the results (GeneratorExit): the
                    # workers' files are not wanted; shutting down would wait for them.
                    terminate(pool)
                    raise
                # wait=True: a manager thread left running races interpreter exit and
                # prints an OSError traceback on stderr (concurrent.futures _python_exit).
                pool.shutdown(wait=True, cancel_futures=True)
            from .ingest.office import sweep

            sweep()  # the workers' LibreOffice profiles (they end without atexit)
            if pending and not served:
                # Workers cannot even start (e.g. their initializer fails): no new pool will
                # do better, so the remaining reports run here; none is ever dropped.
                while pending:
                    for item in pending.popleft():
                        yield finish(item, _audit(item, fallback, keep))

    if executor == "dask":  # checked now: a missing extra is exit 2 before any output
        from .executors import dask_client

        dask_client.require()
        source = dask_client.dask_pairs(
            items, config, ctx, keep, progress, scheduler=scheduler, workers=jobs, send=send
        )
    else:
        source = serial() if jobs == 1 else pooled()

    return AuditRun(
        tool_version=__version__,
        ruleset_version=config.file.ruleset.version,
        ruleset_hash=ctx.ruleset_hash,
        score_formula=config.file.scoring.describe(),
        # (a Dask run finishes here: forking beside the client's threads is not safe)
        results=_finish(source, ctx, history, jobs if executor == "local" else 1),
        backend=ctx.backend_name,
        rules=len(ctx.codes),
        total=len(items),
    )


def _finish(
    pairs: Iterator[Pair], ctx: RuleContext, history: Any, jobs: int = 1
) -> Iterator[ReportResult]:
    """The cross-year step over the whole set (finished in ``jobs`` forked children, in path
    order: the same for any --jobs), then the history store records the run."""
    from .xyear import cross_year

    stored = history.previous_reports() if history is not None else ()
    done = cross_year(pairs, ctx, stored, jobs=jobs, reports=history is not None)
    if history is not None:
        done = history.record(done, ctx)
    for result, _ in done:
        yield result
