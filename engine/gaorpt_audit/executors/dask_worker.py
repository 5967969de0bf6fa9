"""The worker side of ``--executor dask``: compile the rules once per worker, audit one
report per task.

``RulesPlugin`` (a Dask WorkerPlugin) builds the RuleContext when the worker joins, from the
client's config, as the local pool's initializer does; ``audit_job`` audits one report with
it. A worker whose gaorpt-audit version or rules differ from the client's would give other
results than a local run: its tasks raise ``RulesMismatch``, which ends the run (exit 2).

A report travels as its bytes (``Job.data``: no shared file system needed) or as a path the
worker can open (``--send paths``). The bytes are written under the file's own name in a
temporary folder and read from there, so that the pipeline (limits, sniffing, the suffix)
is the very one of a local run.
"""

from __future__ import annotations

import gc
import os
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path

from distributed.diagnostics.plugin import WorkerPlugin

from .. import __version__
from ..config import Config
from ..discover import Input
from ..pipeline import RuleContext, audit_file_kept

# Test-only: a file holding "NAME" or "NAME once" makes the worker that gets the report whose
# path ends with NAME kill itself (once: only the first time, over all workers), so that the
# tests can lose a worker in the middle of a run.
KILL_ENV = "GAORPT_TEST_KILL_WORKER"

_CONTEXTS: dict[str, RuleContext] = {}  # plugin name -> the rules it compiled


class RulesMismatch(Exception):
    """This worker's gaorpt-audit or rules are not the client's."""


@dataclass(frozen=True)
class Job:
    item: Input
    data: bytes | None = None  # the file's bytes; None: the worker reads item.path


class RulesPlugin(WorkerPlugin):
    """Compiles the client's ruleset once in each worker (and in each one that joins later,
    or replaces a worker that died)."""

    def __init__(self, name: str, config_json: str) -> None:
        self.name = name
        self.config_json = config_json

    def setup(self, worker: object) -> None:
        config = Config.model_validate_json(self.config_json)
        _CONTEXTS[self.name] = RuleContext.build(config)
        gc.freeze()  # the compiled rules live as long as the worker: out of every collection

    def teardown(self, worker: object) -> None:
        _CONTEXTS.pop(self.name, None)


def audit_job(job: Job, plugin: str, expect: tuple[str, str], keep: bool) -> tuple[object, ...]:
    """One report's (result, trimmed report or None), as the local pool returns it."""
    from ..carry import hand_on

    ctx = _CONTEXTS.get(plugin)
    if ctx is None:
        raise RulesMismatch(
            "这个工作进程没有加载审核规则（插件未运行）/ the rules plugin did not run"
        )
    found = (__version__, ctx.ruleset_hash)
    if found != expect:
        raise RulesMismatch(
            f"工作进程的 gaorpt-audit {found[0]}（规则 {found[1][:12]}）与本机的 {expect[0]}"
            f"（规则 {expect[1][:12]}）不同 / the worker runs gaorpt-audit {found[0]} with rules"
            f" {found[1][:12]}, this machine {expect[0]} with rules {expect[1][:12]}: install"
            " the same version and rules on every worker"
        )
    _test_kill(job.item.display)
    if job.data is None:
        result, report = audit_file_kept(job.item, ctx)
    else:
        with tempfile.TemporaryDirectory(prefix="gaorpt-audit-") as folder:
            copy = Path(folder) / (job.item.path.name or "report")
            copy.write_bytes(job.data)
            result, report = audit_file_kept(Input(job.item.display, copy), ctx)
    return hand_on(result, report, ctx, keep, packed=True)


def _test_kill(display: str) -> None:
    spec_file = os.environ.get(KILL_ENV)
    if not spec_file:
        return
    try:
        name, _, once = Path(spec_file).read_text(encoding="utf-8").strip().partition(" ")
    except OSError:
        return
    if not name or not display.endswith(name):
        return
    if once:
        try:  # the first worker to get here creates the mark; no other one is killed
            os.close(os.open(f"{spec_file}.done", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
    os.kill(os.getpid(), signal.SIGKILL)
