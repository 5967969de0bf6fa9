"""`run` and `parse` on hostile inputs: nothing is dropped silently, nothing prints a
traceback, and every message names the real problem."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gaorpt_audit.cli import app

REPO = Path(__file__).resolve().parent.parent
BAIBU = REPO / "reports/zhejiang/baibu-town_2020.txt"
runner = CliRunner()


@pytest.fixture
def region(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of broken inputs beside one good report (in a path with spaces and 中文)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "dir_2020.txt").mkdir()  # a folder named like a report: walked, not read
    good = tmp_path / "空格 目录"
    good.mkdir()
    shutil.copy(BAIBU, good / "百步 镇 2020.txt")
    os.symlink("loop_b.txt", tmp_path / "loop_a.txt")
    os.symlink("loop_a.txt", tmp_path / "loop_b.txt")
    os.symlink("gone.txt", tmp_path / "dangling.txt")
    return tmp_path


def run_json(*args: str) -> tuple[int, dict, str]:
    result = runner.invoke(app, ["run", *args, "-f", "json", "-j", "1"])
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_broken_links_in_a_folder_are_listed_not_dropped(region: Path) -> None:
    code, doc, stderr = run_json(".", "--fail-on", "never")
    assert code == 0 and "Traceback" not in stderr
    by_path = {r["path"]: r for r in doc["reports"]}
    assert sorted(by_path) == [
        "binary.txt",
        "dangling.txt",
        "empty.txt",
        "loop_a.txt",
        "loop_b.txt",
        "空格 目录/百步 镇 2020.txt",
    ]
    for name in ("dangling.txt", "loop_a.txt", "loop_b.txt"):
        (finding,) = by_path[name]["findings"]
        assert finding["rule"] == "PRS001"
        message = finding["message"]  # the system's reason (no such file, a link loop)
        assert message.startswith("文件无法读取：无法打开文件（技术细节：")
        assert message.endswith("）：请检查文件是否存在、是否有读取权限")
    assert by_path["空格 目录/百步 镇 2020.txt"]["publisher"] == "百步镇人民政府"


def test_a_broken_link_named_on_the_command_line_says_so(region: Path) -> None:
    result = runner.invoke(app, ["run", "loop_a.txt"])
    assert result.exit_code == 2
    assert "loop_a.txt is a symbolic link to nothing (broken, or a loop)" in result.stderr


def test_an_empty_folder_is_a_usage_error(region: Path) -> None:
    # Issue 15: a wrong path or an empty folder must not pass a CI gate.
    code, doc, stderr = run_json("dir_2020.txt")
    assert code == 2
    assert doc["summary"]["reports"] == 0
    assert stderr == (
        "gaorpt-audit: error: dir_2020.txt 中没有找到任何文件，未审核任何报告（请检查路径）\n"
    )
    result = runner.invoke(app, ["rank", "dir_2020.txt", "-q"])
    assert result.exit_code == 2
    assert result.stderr.startswith("gaorpt-audit: error: dir_2020.txt 中没有找到任何文件")


def test_an_unreadable_file_is_a_finding(region: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root (CI containers), so the read itself is refused here.
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "百步 镇 2020.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, doc, _ = run_json("空格 目录")
    assert code == 1
    (report,) = doc["reports"]
    (finding,) = report["findings"]
    assert finding["rule"] == "PRS001"
    assert finding["message"].endswith(
        "无法打开文件（技术细节：Permission denied）：请检查文件是否存在、是否有读取权限"
    )


def test_parse_on_a_folder_says_it_is_a_folder(region: Path) -> None:
    result = runner.invoke(app, ["parse", "空格 目录"])
    assert result.exit_code == 2
    assert "空格 目录 is a folder: parse reads one file" in result.stderr


def test_config_that_is_a_folder_says_so(region: Path) -> None:
    result = runner.invoke(app, ["run", "空格 目录", "--config", "dir_2020.txt"])
    assert result.exit_code == 2
    assert "--config dir_2020.txt is a folder" in result.stderr
