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


def test_items_past_the_memory_share_come_back_equal() -> None:
    spool = Spool(memory_items=2)
    items = [{"n": n, "outcome": Outcome(rule=f"R{n:03}", status="passed")} for n in range(200)]
    slots = [spool.put(item) for item in items]
    assert slots == list(range(200)) and len(spool) == 200 and spool.on_disk() == 198
    assert [spool.get(s) for s in reversed(slots)] == items[::-1]  # past the cache too
    assert spool.get(0) is items[0] and spool.get(150) is not items[150]  # memory vs disk
    spool.close()
    assert len(spool) == 0


def _json_of_reports() -> str:
    result = CliRunner().invoke(app, ["run", str(REPO / "reports"), "-f", "json", "-j", "1"])
    assert result.exit_code == 1, result.stderr  # reports/ holds real errors
    return result.stdout


def test_a_run_spooled_to_disk_is_the_run_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    held = _json_of_reports()
    put = []
    real_put = Spool.put
    monkeypatch.setattr(spool_module, "MEMORY_ITEMS", 0)  # every result and report on disk
    monkeypatch.setattr(spool_module, "CACHE_ITEMS", 1)  # and read back every time
    monkeypatch.setattr(Spool, "put", lambda self, obj: put.append(1) or real_put(self, obj))
    spooled = _json_of_reports()
    assert len(put) == 2 * 20  # each of the 20 reports: its result and its trimmed report
    assert '"XYR008"' in spooled and '"XYR005"' in spooled  # the cross-year findings are there
    assert spooled == held
