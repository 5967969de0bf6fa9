"""File names that are not UTF-8 (issue 16): every format, to stdout and with -o, and
`rank -o`, write valid UTF-8 with U+FFFD for the undecodable bytes, list every report of
the run, and keep the exact bytes in the JSON (``path_bytes``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gaorpt_audit.cli import app
from gaorpt_audit.render import FORMATS

REPO = Path(__file__).resolve().parent.parent
BAIBU = REPO / "reports/zhejiang/baibu-town_2020.txt"
DADUKOU = REPO / "reports/anhui/dadukou-town_2020.txt"
RAW = b"bad\xff\xfe_2020.txt"
SHOWN = "bad\ufffd\ufffd_2020.txt"
runner = CliRunner()


@pytest.fixture
def region(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "region").mkdir()
    (tmp_path / "region" / os.fsdecode(RAW)).write_bytes(BAIBU.read_bytes())
    (tmp_path / "region" / "good_2020.txt").write_bytes(DADUKOU.read_bytes())
    return tmp_path


def _names_in(text: str, fmt: str) -> bool:
    # SARIF URIs: U+FFFD as is, or percent-encoded (its encoding is render/sarif.py's)
    if fmt == "markdown":  # Markdown escapes the underscores
        text = text.replace("\\_", "_")
    shown = SHOWN in text or (fmt == "sarif" and "bad%EF%BF%BD%EF%BF%BD_2020.txt" in text)
    return shown and "good_2020.txt" in text


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "xlsx"])
def test_every_format_writes_utf8_with_every_report(region: Path, fmt: str) -> None:
    args = ["run", "region", "-f", fmt, "-j", "1", "--fail-on", "never"]
    to_file = runner.invoke(app, [*args, "-o", f"out.{fmt}"])
    assert to_file.exit_code == 0, to_file.stderr
    written = (region / f"out.{fmt}").read_bytes().decode("utf-8")  # strict: valid UTF-8
    assert _names_in(written, fmt)
    to_stdout = runner.invoke(app, args)
    assert to_stdout.exit_code == 0, to_stdout.stderr
    assert _names_in(to_stdout.stdout_bytes.decode("utf-8"), fmt)


def test_json_keeps_the_bytes_of_the_name(region: Path) -> None:
    result = runner.invoke(app, ["run", "region", "-f", "json", "-j", "1", "--fail-on", "never"])
    reports = json.loads(result.stdout)["reports"]
    assert [r["path"] for r in reports] == [f"region/{SHOWN}", "region/good_2020.txt"]
    assert bytes.fromhex(reports[0]["path_bytes"]) == b"region/" + RAW
    assert "path_bytes" not in reports[1]  # only for a name that is not UTF-8
    assert reports[0]["publisher"] == "百步镇人民政府"  # audited like any other


def test_rank_to_a_file_and_its_json(region: Path) -> None:
    result = runner.invoke(app, ["rank", "region", "-o", "league.html", "-f", "html"])
    assert result.exit_code == 0, result.stderr
    page = (region / "league.html").read_bytes().decode("utf-8")
    assert SHOWN in page and "百步镇人民政府" in page and "大渡口镇人民政府" in page
    result = runner.invoke(app, ["rank", "region", "-f", "json", "-o", "league.json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads((region / "league.json").read_bytes().decode("utf-8"))["league"]
    by_path = {r["path"]: r for r in rows}
    assert sorted(by_path) == [f"region/{SHOWN}", "region/good_2020.txt"]
    assert bytes.fromhex(by_path[f"region/{SHOWN}"]["path_bytes"]) == b"region/" + RAW
    assert "path_bytes" not in by_path["region/good_2020.txt"]


def test_a_real_stdout_gets_valid_utf8(region: Path) -> None:
    """A process's own stdout (surrogateescape under a C locale would write the raw bytes)."""
    command = "from gaorpt_audit.cli import main; main()"
    for env in ({"LC_ALL": "C.UTF-8"}, {"LC_ALL": "C"}):
        args = [sys.executable, "-c", command, "run", "region", "-f", "concise", "-j", "1"]
        done = subprocess.run(
            args, capture_output=True, check=False, env={**os.environ, **env}, cwd=region
        )
        assert done.returncode == 1, done.stderr  # the two reports' own findings
        assert f"region/{SHOWN}:".encode() in done.stdout
        done.stdout.decode("utf-8")  # strict
        assert b"Traceback" not in done.stderr


@pytest.mark.parametrize("fmt", ["github", "concise"])
def test_escape_sequences_in_a_name_never_reach_a_ci_log(tmp_path: Path, fmt: str) -> None:
    """Issue 16: clear-screen and set-title sequences in a file name (the rich view is
    tested in test_cli_terminal.py)."""
    name = "esc\x1b[2J\x1b]0;pwned\x07_2020.txt"
    (tmp_path / name).write_bytes(BAIBU.read_bytes())
    result = runner.invoke(app, ["run", str(tmp_path), "-f", fmt, "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "esc\\x1b[2J\\x1b]0;pwned\\x07_2020.txt" in result.stdout


def test_the_workbook_names_every_report(region: Path) -> None:
    import openpyxl

    args = ["run", "region", "-f", "xlsx", "-j", "1", "--fail-on", "never", "-o", "out.xlsx"]
    assert runner.invoke(app, args).exit_code == 0
    book = openpyxl.load_workbook(region / "out.xlsx")
    text = "\n".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row)
    assert _names_in(text, "xlsx")
