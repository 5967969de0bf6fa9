"""The library entry point: ``audit(paths, config)`` -> scored results, one per file.

Per file: ingest + parse + facts + rules + findings + score. With ``jobs > 1`` the files run
in a process pool whose workers build the ruleset once (initializer); results come back in
path order, so the output does not depend on the job count. A C crash in a worker costs
only the reports in flight: they are retried in this process with the python backend.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .config import Config
from .discover import Input, discover
from .model import ReportResult
from .pipeline import RuleContext, audit_file

Progress = Callable[[int, int, str], None]


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
    _WORKER = RuleContext.build(Config.model_validate_json(config_json))


def _work(item: Input) -> ReportResult:
    assert _WORKER is not None
    return audit_file(item, _WORKER)


def audit(
    paths: Iterable[str | Path],
    config: Config | None = None,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    mp_context: str | None = None,
) -> AuditRun:
    """Audit files/folders; raises InputError for a missing path, ConfigError for bad config."""
    config = config or Config()
    ctx = RuleContext.build(config)
    items = discover(paths)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(items) or 1))

    def serial() -> Iterator[ReportResult]:
        for n, item in enumerate(items, 1):
            result = audit_file(item, ctx)
            if progress:
                progress(n, len(items), item.display)
            yield result

    def pooled() -> Iterator[ReportResult]:
        import multiprocessing as mp

        mpc = mp.get_context(mp_context) if mp_context else None
        fallback = ctx.with_backend("python")
        pending = list(items)
        done = 0

        def finish(item: Input, result: ReportResult) -> ReportResult:
            nonlocal done
            done += 1
            if progress:
                progress(done, len(items), item.display)
            return result

        while pending:
            served = 0  # reports this pool returned
            with ProcessPoolExecutor(
                jobs, mp_context=mpc, initializer=_init_worker, initargs=(config.model_dump_json(),)
            ) as pool:
                try:
                    futures = [(it, pool.submit(_work, it)) for it in pending]
                except BrokenProcessPool:
                    futures = []  # the pool broke while it was being filled
                rest: list[Input] = [] if futures else pending
                for i, (item, fut) in enumerate(futures):
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        # A worker died (e.g. a segfault in the C engine): this report is
                        # retried here with the python backend; the rest get a fresh pool.
                        yield finish(item, audit_file(item, fallback))
                        rest = [it for it, _ in futures[i + 1 :]]
                        break
                    served += 1
                    yield finish(item, result)
                pool.shutdown(wait=False, cancel_futures=True)
            if rest and not served:
                # Workers cannot even start (e.g. their initializer fails): no new pool will
                # do better, so the remaining reports run here; none is ever dropped.
                for item in rest:
                    yield finish(item, audit_file(item, fallback))
                rest = []
            pending = rest

    return AuditRun(
        tool_version=__version__,
        ruleset_version=config.file.ruleset.version,
        ruleset_hash=ctx.ruleset_hash,
        score_formula=config.file.scoring.describe(),
        results=serial() if jobs == 1 else pooled(),
        backend=ctx.backend_name,
        rules=len(ctx.codes),
        total=len(items),
    )
