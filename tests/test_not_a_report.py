"""What counts as a report (issue 15): a stray workbook, a config file or a document that
is no annual report is listed as ``not_report`` in every format, never scored or ranked,
and does not fail the gate unless configured; a folder with nothing auditable is exit 2;
a parser crash is an ``error`` outcome and exit 2; ``.doc`` files are read by content."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from gaorpt_audit import parse as parse_module
from gaorpt_audit.cli import app

REPO = Path(__file__).resolve().parent.parent
BAIBU = REPO / "reports" / "zhejiang" / "baibu-town_2020.txt"
runner = CliRunner()

# A notice of the kind crawled from the same portal as the reports: numbered headings, a
# date and an office, but no report title, none of the six sections and no table.
NOTICE = """关于做好2024年春节期间安全生产工作的通知

各乡镇人民政府，县直各有关单位：
春节将至，为切实做好节日期间安全生产工作，现就有关事项通知如下。
一、提高思想认识，压实安全责任
各单位要充分认识做好节日期间安全生产工作的重要性，严格落实安全生产责任制。
二、开展隐患排查，强化风险防控
要组织开展安全隐患大排查，重点检查人员密集场所、道路交通、燃放烟花爆竹等领域。
三、加强值班值守，做好应急准备
节日期间要严格执行24小时值班和领导带班制度，确保信息畅通。
县安全生产委员会办公室
2024年1月20日
"""
NOT_REPORTS = {
    "notes.xlsx": "不是政府信息公开工作年度报告（Excel 工作簿）：未审核、未评分，不参与排名",
    "settings.toml": "不是政府信息公开工作年度报告（.toml 文本文件）：未审核、未评分，不参与排名",
    "春节安全生产通知.txt": "不是政府信息公开工作年度报告（没有报告标题、六个部分的标题和统计表，"
    "也未提及政府信息公开）：未审核、未评分，不参与排名",
}


@pytest.fixture
def region(tmp_path: Path) -> Path:
    root = tmp_path / "region"
    root.mkdir()
    shutil.copy2(BAIBU, root / "baibu-town_2020.txt")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "备忘"
    wb.save(root / "notes.xlsx")
    (root / "settings.toml").write_text("[gate]\nfail_on = 'never'\n", encoding="utf-8")
    (root / "春节安全生产通知.txt").write_text(NOTICE, encoding="utf-8")
    return root


def _run(*args: str):
    return runner.invoke(app, ["run", *args, "-q"])


def test_listed_never_scored_and_the_gate_passes(region: Path) -> None:
    result = _run(str(region), "-f", "json")
    assert result.exit_code == 0, result.stderr  # Baibu 2020 has warnings only
    doc = json.loads(result.stdout)
    by_name = {Path(r["path"]).name: r for r in doc["reports"]}
    assert len(by_name) == 4
    for name, note in NOT_REPORTS.items():
        r = by_name[name]
        assert (r["status"], r["note"], r["findings"], r["grade"]) == ("not_report", note, [], "—")
    assert by_name["baibu-town_2020.txt"]["status"] == "pass"
    assert "note" not in by_name["baibu-town_2020.txt"]
    assert doc["summary"]["not_reports"] == 3 and doc["summary"]["failed"] == 0


def test_every_format_lists_them(region: Path, tmp_path: Path) -> None:
    def text(fmt: str) -> str:
        result = _run(str(region), "-f", fmt)
        assert result.exit_code == 0, (fmt, result.stderr)
        return result.stdout

    for fmt in ("full", "concise", "markdown", "junit", "html"):
        out = text(fmt)
        assert all(name in out for name in NOT_REPORTS), fmt
    concise = text("concise")
    assert f"{region}/notes.xlsx: {NOT_REPORTS['notes.xlsx']}\n" in concise
    assert concise.endswith(
        "\n4 份报告中发现 4 条问题（错误 0 条，警告 3 条，提示 1 条），另有 3 份非年度报告。\n"
    )
    rows = list(csv.DictReader(io.StringIO(text("csv").removeprefix("\ufeff"))))
    assert {Path(r["path"]).name: r["message"] for r in rows if r["severity"] == "not_report"} == (
        NOT_REPORTS
    )
    github = text("github")
    assert f"::notice file={region}/notes.xlsx,title=not an annual report::" in github
    gitlab = [i for i in json.loads(text("gitlab")) if i["check_name"] == "not-a-report"]
    assert sorted(Path(i["location"]["path"]).name for i in gitlab) == sorted(NOT_REPORTS)
    sarif = json.loads(text("sarif"))["runs"][0]
    notes = sarif["invocations"][0]["toolExecutionNotifications"]
    assert sorted(n["message"]["text"] for n in notes) == sorted(NOT_REPORTS.values())
    assert not any(r["ruleId"] == "not-a-report" for r in sarif["results"])
    book = tmp_path / "run.xlsx"
    assert _run(str(region), "-f", "xlsx", "-o", str(book)).exit_code == 0
    league = list(openpyxl.load_workbook(book)["排名"].iter_rows(min_row=2, values_only=True))
    listed = {Path(row[-1]).name: row for row in league}
    assert listed["notes.xlsx"][5] == "非年度报告" and listed["notes.xlsx"][3] is None


def test_rank_leaves_them_out(region: Path) -> None:
    result = runner.invoke(app, ["rank", str(region), "-f", "json", "-q"])
    assert result.exit_code == 0, result.stderr
    league = json.loads(result.stdout)["league"]
    assert [row["publisher"] for row in league] == ["百步镇人民政府"]


def test_the_gate_can_be_told_to_fail_them(region: Path, tmp_path: Path) -> None:
    config = tmp_path / "strict.toml"
    config.write_text("[gate]\nfail_on_not_report = true\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(region), "-f", "concise", "--config", str(config)])
    assert result.exit_code == 1
    assert f"gate failed: {region}/notes.xlsx: not an annual report" in result.stderr


def test_a_folder_of_no_reports_is_exit_2(region: Path) -> None:
    (region / "baibu-town_2020.txt").unlink()
    result = _run(str(region), "-f", "json")
    assert result.exit_code == 2
    assert result.stderr == (
        f"gaorpt-audit: error: {region} 中没有可审核的年度报告：3 个文件都不是政府信息公开工作年度报告\n"
    )
    assert json.loads(result.stdout)["summary"]["not_reports"] == 3  # still listed


def test_a_parser_crash_is_an_error_outcome_and_exit_2(monkeypatch, tmp_path: Path) -> None:
    def extract_tables(doc, report) -> None:  # a parser bug
        raise IndexError("list index out of range")

    monkeypatch.setattr(parse_module, "extract_tables", extract_tables)
    result = _run(str(BAIBU), "-f", "json", "-j", "1")
    assert result.exit_code == 2
    (report,) = json.loads(result.stdout)["reports"]
    assert report["status"] == "error"
    # PRS003 says what crashed; no cascade of table/section findings blamed on the publisher
    assert [f["rule"] for f in report["findings"]] == ["PRS003"]
    assert report["findings"][0]["message"] == (
        "解析未完成：提取表格时程序出错（技术细节：extract_tables: IndexError: list index out "
        "of range）：请将此文件报告给 gaorpt-audit 的维护者"
    )
    assert report["outcomes"]["error"] > 40


@pytest.mark.parametrize(
    "source", [BAIBU, REPO / "tests" / "fixtures" / "docx" / "guanyuan-town_2019.docx"]
)
def test_doc_named_files_are_read_by_content(source: Path, tmp_path: Path) -> None:
    named = tmp_path / "report.doc"
    shutil.copy2(source, named)
    as_doc = json.loads(_run(str(named), "-f", "json").stdout)["reports"][0]
    real = json.loads(_run(str(source), "-f", "json").stdout)["reports"][0]
    assert as_doc["source_format"] == real["source_format"] != "unknown"
    mismatch = [f for f in as_doc["findings"] if f["rule"] == "PRS004"]
    assert mismatch[0]["message"].startswith("来源文件问题：文件扩展名为 .doc，但实际是")
    rules = lambda r: [f["rule"] for f in r["findings"] if f["rule"] != "PRS004"]
    assert rules(as_doc) == rules(real)
    assert as_doc["status"] != "not_report"
