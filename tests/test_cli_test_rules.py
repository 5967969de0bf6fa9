"""`gaorpt-audit test-rules` on packs outside the repository: failing cases, missing
fixtures and empty folders are reported as such, never as a silent pass."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from gaorpt_audit.cli import app

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_a_failing_case_fails_the_run(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    shutil.copy(REPO / "rules/balance/BAL001.toml", pack)
    cases = (REPO / "rules/balance/BAL001.cases.toml").read_text(encoding="utf-8")
    assert "expected = 5\n" in cases
    (pack / "BAL001.cases.toml").write_text(cases.replace("expected = 5\n", "expected = 7\n"))
    result = runner.invoke(app, ["test-rules", str(pack), "--backend", "python"])
    assert result.exit_code == 1
    assert "FAIL BAL001 total column off by one" in result.stdout
    assert "finding 1: expected 5 != 7" in result.stdout
    assert "4 case runs, 1 failed" in result.stdout


def test_a_missing_fixture_is_named_not_audited(tmp_path: Path) -> None:
    # PRS006's blank-template case reads a fixture of the repository; in a copy of the
    # pack without it the case used to "pass" on an unreadable-file report.
    pack = tmp_path / "pack"
    pack.mkdir()
    for name in ("PRS006.toml", "PRS006.cases.toml"):
        shutil.copy(REPO / "rules/parse" / name, pack)
    result = runner.invoke(app, ["test-rules", str(pack), "--backend", "python"])
    assert result.exit_code == 1
    assert "FAIL PRS006 the official blank template" in result.stdout
    assert "fixture tests/fixtures/peer/govnianbao_政务公开年报模版.docx not found" in (
        result.stdout.replace("\n", "")
    )


def test_a_folder_without_rules_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["test-rules", str(tmp_path)])
    assert result.exit_code == 2
    assert "no rules in" in result.stderr
