"""The cross-year step finished in forked children (forkmap.py, issue 17): the same items
in the same order as here, a dying child costs nothing, and a run whose finishing was
forked is byte for byte the serial run, with the spool read from disk by the children."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gaorpt_audit import forkmap
from gaorpt_audit import spool as spool_module
from gaorpt_audit.cli import app

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not forkmap.can_fork(), reason="no fork on this platform")


def _where(i: int) -> tuple[int, int]:
    return i * i, os.getpid()


def test_items_come_back_in_order_from_children() -> None:
    got = list(forkmap.ordered_map(_where, 100, jobs=2))
    assert [v for v, _ in got] == [i * i for i in range(100)]
    pids = {pid for _, pid in got}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2  # done by the children
    assert forkmap._WORK is None  # nothing of this map left for the next one


def test_one_job_or_few_items_run_here() -> None:
    assert {pid for _, pid in forkmap.ordered_map(_where, 100, jobs=1)} == {os.getpid()}
    few = forkmap.MIN_ITEMS - 1
    assert {pid for _, pid in forkmap.ordered_map(_where, few, jobs=2)} == {os.getpid()}


def test_a_child_that_dies_costs_no_item() -> None:
    parent = os.getpid()

    def work(i: int) -> tuple[int, bool]:
        if i == 40 and os.getpid() != parent:
            os._exit(9)  # killed, say by the kernel's out-of-memory killer
        return i, os.getpid() == parent

    got = list(forkmap.ordered_map(work, 100, jobs=2))
    assert [i for i, _ in got] == list(range(100))
    here = [i for i, in_parent in got if in_parent]
    assert 40 in here and here == list(range(here[0], 100))  # from the lost task on


def test_a_consumer_that_stops_stops_the_children() -> None:
    it = forkmap.ordered_map(_where, 1000, jobs=2)
    assert next(it)[0] == 0
    it.close()  # GeneratorExit at the yield: the pool is terminated, not waited for
    assert forkmap._WORK is None


def _run_json(jobs: str) -> str:
    args = ["run", str(REPO / "reports"), "-f", "json", "-j", jobs]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.stderr  # reports/ holds real errors
    return result.stdout


def test_a_run_finished_in_children_is_the_serial_run(monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _run_json("1")
    pools: list[object] = []
    real = forkmap.ProcessPoolExecutor

    def pool(*args: object, **kwargs: object) -> object:
        pools.append(kwargs["mp_context"])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(forkmap, "ProcessPoolExecutor", pool)
    monkeypatch.setattr(forkmap, "MIN_ITEMS", 4)  # reports/ holds 20
    monkeypatch.setattr(forkmap, "CHUNK", 3)
    monkeypatch.setattr(spool_module, "MEMORY_ITEMS", 0)  # every result and report on disk,
    monkeypatch.setattr(spool_module, "CACHE_ITEMS", 1)  # read there by the children
    forked = _run_json("2")
    assert [getattr(c, "_name", None) for c in pools] == ["fork"]
    assert '"XYR005"' in forked and '"XYR008"' in forked  # cross-year findings, from children
    assert forked == serial


def test_the_history_stores_the_same_run_when_finished_in_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stored(jobs: str) -> str:
        db = tmp_path / f"history-{jobs}.sqlite"
        args = ["run", str(REPO / "reports"), "-f", "json", "-j", jobs, "--history", str(db)]
        assert CliRunner().invoke(app, args).exit_code == 1
        res = CliRunner().invoke(app, ["history", str(db), "-f", "json"])
        assert res.exit_code == 0, res.stderr
        return res.stdout

    serial = stored("1")
    monkeypatch.setattr(forkmap, "MIN_ITEMS", 4)
    forked = stored("2")
    assert forked == serial and forked.count('"year"') >= 20  # every report, as stored
