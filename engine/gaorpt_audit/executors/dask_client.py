"""The client side of ``--executor dask``: the reports of a run audited on a Dask cluster,
with the same results, in the same order, as the local process pool (audit.py).

- Where: ``--scheduler ADDRESS`` (an office's own cluster), else a LocalCluster of ``--jobs``
  worker processes started for the run (one thread each: the parsers are CPU-bound).
- What travels: each report's bytes by default (workers need no shared file system);
  ``send="paths"`` sends absolute paths instead, for workers that mount the same files.
  Files that cannot be sent as bytes (not a regular file, empty, over ``file_mb``, or listed
  by fetch as never downloaded) are audited here: the pipeline only writes their issue.
- Rules: compiled once per worker by ``dask_worker.RulesPlugin``; each task checks that the
  worker's version and ruleset hash are this machine's (else exit 2, never other results).
- Streaming: a bounded window of tasks is in flight (memory stays flat for 100,000 reports);
  results arrive as they complete (``as_completed``, which drives the progress bar) and are
  handed on in path order, so that every renderer writes the same bytes as a local run.
- Failures: a worker lost mid-run costs nothing: the scheduler runs its tasks again on
  another worker. A report whose task has been on ``allowed-failures`` + 1 dying workers
  (KilledWorker; a run's own LocalCluster allows 1, so: twice) is sent once more as a new
  task, on its own once the tasks in flight are done: the scheduler also charges the
  tasks queued on a dying worker, so an innocent report next to a crashing one must not
  share its fate (seen in CI under load). Killed again, it is a PRS001 ("could not be
  read", saying why) with every other rule an ``error``, as is a task that raises; no
  report is dropped. The cross-year step and ``--history`` stay on the client
  (audit._finish), once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..config import Config, ConfigError
from ..discover import Input
from ..pipeline import RuleContext, audit_file_kept, score_result

INSTALL = "pip install 'gaorpt-audit[dask]'"
PER_WORKER = 4  # tasks in flight per worker thread
RESUBMITS = 1  # new tasks for a report whose task was on too many dying workers
SEND = ("bytes", "paths")
Pair = tuple[Any, Any]  # (ReportResult, trimmed Report | None), as audit.Pair
Progress = Callable[[int, int, str], None]
CRASHED = (
    "审核该报告的工作进程一再意外退出（崩溃或超出内存），未能审核；"
    "请在本机单独审核该文件（--executor local）"
)


class DaskError(ConfigError):
    """The dask executor cannot run: not installed, no scheduler, other rules (exit 2)."""


def require() -> None:
    """dask.distributed is importable, else DaskError naming the extra to install."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise DaskError(
            "--executor dask 需要 dask.distributed，但未安装：请运行 "
            f"{INSTALL} / --executor dask needs dask.distributed, which is not installed:"
            f" {INSTALL}"
        ) from None


@contextlib.contextmanager
def local_cluster(workers: int, memory_mb: int = 0) -> Iterator[Any]:
    """A LocalCluster of ``workers`` processes, one thread each; its scheduler lets a task
    kill one worker and fails it on the second (allowed-failures = 1). ``memory_mb`` (the
    [limits] memory_mb) is each worker's memory limit: past it the nanny restarts the worker,
    which counts as one crash of its report."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=f"{memory_mb}MB" if memory_mb else 0,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        )
    try:
        yield cluster
    finally:
        cluster.close()


@contextlib.contextmanager
def connect(scheduler: str | None, workers: int, memory_mb: int) -> Iterator[Any]:
    from distributed import Client

    if scheduler is None:
        with local_cluster(workers, memory_mb) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="30s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise DaskError(
            f"无法连接 Dask 调度器 {scheduler} / cannot reach the Dask scheduler {scheduler}: {exc}"
        ) from None
    with client:
        yield client


def dask_pairs(
    items: list[Input],
    config: Config,
    ctx: RuleContext,
    keep: bool,
    progress: Progress | None,
    *,
    scheduler: str | None = None,
    workers: int = 1,
    send: str = "bytes",
) -> Iterator[Pair]:
    """(result, trimmed report) of each item, in the order of ``items``."""
    from distributed import as_completed

    from .. import __version__
    from .dask_worker import RulesMismatch, RulesPlugin, audit_job

    if send not in SEND:
        raise DaskError(f"unknown --send {send!r}: choose one of {', '.join(SEND)}")
    if not items:
        return
    with connect(scheduler, workers, config.limits.memory_mb) as client:
        run = uuid.uuid4().hex[:12]
        plugin = f"gaorpt-audit-rules-{ctx.ruleset_hash[:16]}-{run}"
        client.register_plugin(RulesPlugin(plugin, config.model_dump_json()), name=plugin)
        expect = (__version__, ctx.ruleset_hash)
        depth = max(16, PER_WORKER * max(1, sum(client.nthreads().values())))
        waiting = as_completed()
        index: dict[str, int] = {}  # task key -> position in items
        ready: dict[int, Pair] = {}  # done, not yet handed on (arrived ahead of order)
        sent = handed = done = flying = 0
        tries: dict[int, int] = {}  # position -> tasks submitted for it after the first
        # Reports whose task was on too many dying workers, sent again one at a time with
        # nothing else in flight: on its own, an innocent neighbour of a crashing report
        # cannot be charged again, and a crashing one is charged alone.
        again: deque[int] = deque()
        alone = False  # a report sent again is in flight

        def finish(i: int, pair: Pair) -> None:
            nonlocal done
            ready[i] = pair
            done += 1
            if progress:
                progress(done, len(items), items[i].display)

        def fill() -> None:
            nonlocal sent
            while not again and not alone and sent < len(items) and sent - handed < depth:
                i, item = sent, items[sent]
                sent += 1
                job = _job(item, send, config)
                if job is None:  # nothing to send: its issue is written here
                    finish(i, _here(item, ctx, keep))
                    continue
                submit(i, job)

        def submit(i: int, job: Any) -> None:
            nonlocal flying
            retry = tries.get(i, 0)
            key = f"gaorpt-audit-{run}-{i}" + (f"-again{retry}" if retry else "")
            future = client.submit(audit_job, job, plugin, expect, keep, key=key)
            index[future.key] = i
            waiting.add(future)
            flying += 1

        try:
            fill()
            while handed < len(items):
                while handed in ready:
                    yield ready.pop(handed)
                    handed += 1
                    fill()
                if handed == len(items):
                    break
                if not flying and again:  # the others are done: one report on its own
                    i = again.popleft()
                    job = _job(items[i], send, config)
                    if job is None:
                        finish(i, crashed(items[i], ctx, keep, CRASHED))
                        continue
                    alone = True
                    submit(i, job)
                future = next(waiting)
                flying -= 1
                alone = False  # (when set, this was the one task in flight)
                i = index.pop(future.key)
                try:
                    pair = future.result()
                except RulesMismatch as exc:
                    raise DaskError(str(exc)) from None
                except Exception as exc:  # noqa: BLE001 - KilledWorker or a crash: never dropped
                    if _why(exc) == CRASHED and tries.get(i, 0) < RESUBMITS:
                        tries[i] = tries.get(i, 0) + 1
                        again.append(i)
                        continue
                    pair = crashed(items[i], ctx, keep, _why(exc))
                finally:
                    future.release()
                finish(i, pair)
                fill()
        finally:
            with contextlib.suppress(Exception):
                client.unregister_worker_plugin(plugin)


def _job(item: Input, send: str, config: Config) -> Any:
    """What a worker gets for ``item``; None for a file audited here."""
    from .dask_worker import Job

    if item.failure is not None:
        return None
    if send == "paths":
        return Job(Input(item.display, Path(os.path.abspath(item.path))))
    try:
        info = os.stat(item.path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or not info.st_size:
        return None
    if info.st_size > config.limits.file_mb * 1e6:
        return None
    try:
        data = item.path.read_bytes()
    except OSError:
        return None
    return Job(item, data)


def _here(item: Input, ctx: RuleContext, keep: bool) -> Pair:
    from ..carry import carry

    result, report = audit_file_kept(item, ctx)
    return result, carry(result, report, ctx, keep)


def _why(exc: BaseException) -> str:
    if type(exc).__name__ == "KilledWorker":
        return CRASHED
    return (
        f"工作进程审核该报告时出错（技术细节：{type(exc).__name__}: {exc}）："
        "请在本机单独审核该文件（--executor local）"
    )


def crashed(item: Input, ctx: RuleContext, keep: bool, why: str) -> Pair:
    """A report no worker could audit: one ``unreadable`` issue saying why (PRS001: listed,
    scored 0, never dropped, like any file the tool cannot read); the outcome of every rule but the
    parse ones (nothing was read to check) is ``error`` with that reason: the gate exits 2."""
    from ..carry import carry
    from ..model import Outcome, ParseIssue, Report
    from ..pipeline import audit_report

    report = Report(path=item.display, parse_issues=[ParseIssue(code="unreadable", message=why)])
    base = audit_report(report, item.display, ctx)
    parse = {c for c, rule in ctx.compiled.rules.items() if rule.category == "parse"}
    outcomes = [
        o if o.rule in parse else Outcome(rule=o.rule, status="error", reason=why)
        for o in base.outcome_list
    ]
    findings = [f for f in base.findings if f.rule in parse]
    result = score_result(report, item.display, outcomes, findings, ctx)
    return result, carry(result, report, ctx, keep)
