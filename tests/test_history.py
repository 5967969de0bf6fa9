"""The SQLite results history: stored years feed the cross-year rules; one transaction a
run (a run killed mid-write leaves the previous state); versioned schema; `history`."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, REPORTS
from typer.testing import CliRunner

from gaorpt_audit.audit import audit
from gaorpt_audit.cli import app
from gaorpt_audit.history import MIGRATIONS, SCHEMA_VERSION, History, HistoryError

P = "reports/fujian/pingtan-zone-admin-committee_{}.txt"
runner = CliRunner()


def _store(db: Path, *years: int) -> list:
    return list(audit([REPO / P.format(y) for y in years], history=History(db)).results)


def _xyr001(result) -> str:
    return next(o.status for o in result.outcome_list if o.rule == "XYR001")


def test_a_later_run_uses_the_stored_previous_year(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _store(db, 2021)
    alone = next(iter(audit([REPO / P.format(2022)]).results))
    assert _xyr001(alone) == "not_applicable"
    (later,) = _store(db, 2022)
    assert _xyr001(later) == "passed"
    stored = History(db).stored()
    assert [(s.year, s.run) for s in stored] == [(2021, 1), (2022, 2)]
    # storing a report again replaces its row
    _store(db, 2022)
    assert [(s.year, s.run) for s in History(db).stored()] == [(2021, 1), (2022, 3)]


def test_a_stored_break_is_caught(tmp_path: Path) -> None:
    text = (REPO / P.format(2021)).read_text(encoding="utf-8")
    broken = tmp_path / "pingtan_2021.txt"
    broken.write_text(text.replace("结转下年度继续办理1000001", "结转下年度继续办理0000000"))
    db = tmp_path / "h.db"
    list(audit([broken], history=History(db)).results)
    (later,) = _store(db, 2022)
    assert [f.message for f in later.findings if f.rule == "XYR001"] == [
        "自然人：本年度上年结转 1 件，但2021年度报告的结转下年度为 0 件",
        "总计：本年度上年结转 1 件，但2021年度报告的结转下年度为 0 件",
    ]


KILL_MID_WRITE = """
import os, signal, sys
from pathlib import Path
from gaorpt_audit.audit import audit
from gaorpt_audit.history import History

original = History._insert
def dying(self, row, run):
    original(self, row, run)  # one row written inside the run's transaction ...
    os.kill(os.getpid(), signal.SIGKILL)  # ... then the process dies
History._insert = dying
list(audit(sys.argv[2:], history=History(Path(sys.argv[1]))).results)
"""


def test_a_run_killed_mid_write_leaves_the_previous_state(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _store(db, 2020, 2021)
    before = History(db).export()
    proc = subprocess.run(
        [sys.executable, "-c", KILL_MID_WRITE, str(db), P.format(2022), P.format(2023)],
        cwd=REPO,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL
    after = History(db)
    assert after.export() == before
    assert after.conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1


def test_a_version_1_file_is_upgraded(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO runs VALUES (1, '0.1', 'x', 1)")
    conn.execute(
        "INSERT INTO reports VALUES ('a.txt', '平潭综合實驗區', 2021, 1, 90, 'A', 'pass', "
        '\'{"path": "a.txt", "publisher": "平潭综合實驗區", "year": 2021}\', \'{}\', \'[]\')'
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    h = History(db)
    assert h.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    assert h.conn.execute("SELECT name FROM reports").fetchall() == [("平潭综合实验区",)]
    assert [r.publisher for r in h.previous_reports()] == ["平潭综合實驗區"]


def test_newer_or_foreign_files_are_clear_errors(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(HistoryError, match="newer than this gaorpt-audit"):
        History(newer)
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all, just some text " * 50)
    res = runner.invoke(app, ["run", str(REPORTS / "fujian"), "--history", str(junk)])
    assert res.exit_code == 2
    assert "not a gaorpt-audit history file" in res.output
    res = runner.invoke(app, ["history", str(junk)])
    assert res.exit_code == 2 and "Traceback" not in res.output


def test_history_command_lists_and_exports(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    db = tmp_path / "h.db"
    res = runner.invoke(app, ["run", P.format(2021), P.format(2022), "--history", str(db), "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["history", str(db)])
    assert res.exit_code == 0
    assert res.output.splitlines() == [
        f"平潭综合实验区\t2021\t96\tA\tpass\t3 findings\trun 1\t{P.format(2021)}",
        f"平潭综合实验区\t2022\t98\tA\tpass\t4 findings\trun 1\t{P.format(2022)}",  # + XYR005
    ]
    res = runner.invoke(
        app, ["history", str(db), "-f", "json", "--publisher", "福建省平潭综合实验区"]
    )
    data = json.loads(res.output)
    assert [d["year"] for d in data] == [2021, 2022]
    assert data[1]["tables"]["三"]["rows"]["carried_over"]["natural_person"]["value"] == 1
    res = runner.invoke(app, ["history", str(tmp_path / "missing.db")])
    assert res.exit_code == 2 and "no such history file" in res.output
