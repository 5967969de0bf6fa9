"""The cross-year step's spool (issue 17): past ``MEMORY_ITEMS`` results go to a temporary
file, and a run read back from disk is byte for byte the run held in memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gaorpt_audit import spool as spool_module
from gaorpt_audit.cli import app
from gaorpt_audit.model import Outcome
from gaorpt_audit.spool import Spool

REPO = Path(__file__).resolve().parent.parent


def test_items_past_the_memory_share_come_back_equal(monkeypatch: pytest.MonkeyPatch) -> None:
    items = [{"n": n, "outcome": Outcome(rule=f"R{n:03}", status="passed")} for n in range(200)]
    held = Spool(memory_items=2)  # 198 packed items of ~150 bytes: within 2 × PACKED_BYTES
    assert [held.put(item) for item in items] == list(range(200)) and held.on_disk() == 0
    monkeypatch.setattr(spool_module, "PACKED_BYTES", 0)
    spool = Spool(memory_items=2)
    slots = [spool.put(item) for item in items]
    assert slots == list(range(200)) and len(spool) == 200 and spool.on_disk() == 198
    assert [spool.get(s) for s in reversed(slots)] == items[::-1]  # past the cache too
    assert [held.get(s) for s in slots] == items
    assert spool.get(0) is items[0] and spool.get(150) is not items[150]  # memory vs disk
    packed = spool.put_packed(spool_module.pack(items[7]))  # as a worker sends a report
    assert spool.get(packed) == items[7] and spool.on_disk() == 199
    spool.close()
    assert len(spool) == 0


def _json_of_reports(jobs: str = "1") -> str:
    args = ["run", str(REPO / "reports"), "-f", "json", "-j", jobs]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.stderr  # reports/ holds real errors
    return result.stdout


def test_a_run_spooled_to_disk_is_the_run_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    held = _json_of_reports()
    calls = []
    real_put, real_packed = Spool.put, Spool.put_packed
    monkeypatch.setattr(spool_module, "MEMORY_ITEMS", 0)  # every result and report on disk
    monkeypatch.setattr(spool_module, "CACHE_ITEMS", 1)  # and read back every time
    monkeypatch.setattr(Spool, "put", lambda self, obj: calls.append("put") or real_put(self, obj))
    monkeypatch.setattr(
        Spool, "put_packed", lambda self, b: calls.append("packed") or real_packed(self, b)
    )
    spooled = _json_of_reports()
    # each of the 20 reports: its result and its trimmed report (packed here, by put)
    assert calls.count("put") == 2 * 20 and calls.count("packed") == 2 * 20
    assert '"XYR008"' in spooled and '"XYR005"' in spooled  # the cross-year findings are there
    assert spooled == held
    calls.clear()
    pooled = _json_of_reports("2")  # results and reports packed by the workers, stored as
    assert calls.count("put") == 0 and calls.count("packed") == 20 + 20  # they came
    assert pooled == held
