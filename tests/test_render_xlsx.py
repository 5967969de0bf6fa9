"""``--format xlsx`` of run and rank on the sample region reports/, read back with openpyxl:
the three sheets, numbers stored as numbers, header frozen, filters on, the same bytes
for any --jobs."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from gaorpt_audit.cli import app

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _run(*args: str) -> None:
    result = runner.invoke(app, [*args, "-q"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr


@pytest.fixture(scope="module")
def run_book(tmp_path_factory) -> tuple[Path, dict]:
    tmp = tmp_path_factory.mktemp("xlsx")
    _run("run", str(REPO / "reports"), "-f", "xlsx", "-o", str(tmp / "run.xlsx"), "-j", "2")
    _run("run", str(REPO / "reports"), "-f", "json", "-o", str(tmp / "run.json"), "-j", "1")
    _run("run", str(REPO / "reports"), "-f", "xlsx", "-o", str(tmp / "again.xlsx"), "-j", "1")
    return tmp, json.loads((tmp / "run.json").read_text(encoding="utf-8"))


def _rows(ws) -> list[dict]:
    header, *rows = ws.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_run_workbook_sheets_and_layout(run_book) -> None:
    tmp, doc = run_book
    wb = openpyxl.load_workbook(tmp / "run.xlsx")
    assert wb.sheetnames == ["排名", "问题", "分类"]
    for ws in wb:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert ws.column_dimensions["B"].width >= 7
        assert all(c.font.bold for c in ws[1])
    league = _rows(wb["排名"])
    assert len(league) == len(doc["reports"]) == 20
    assert sorted(r["文件"] for r in league) == sorted(r["path"] for r in doc["reports"])
    by_path = {r["path"]: r for r in doc["reports"]}
    for row in league:
        report = by_path[row["文件"]]
        assert row["得分"] == report["score"] and isinstance(row["得分"], (int, float))
        assert row["等级"] == report["grade"]
        errors = sum(f["severity"] == "error" for f in report["findings"])
        assert row["错误"] == errors and isinstance(row["错误"], int)
    scores = [r["得分"] for r in league]
    assert scores == sorted(scores, reverse=True)  # ordered like the league


def test_findings_sheet_one_row_per_finding_with_labels(run_book) -> None:
    tmp, doc = run_book
    findings = _rows(openpyxl.load_workbook(tmp / "run.xlsx")["问题"])
    assert len(findings) == sum(len(r["findings"]) for r in doc["reports"]) == 93
    hongze = next(
        f for f in findings if f["规则"] == "BAL004" and "hongze" in f["文件"]
    )  # table 四: 行政复议 总计 printed 0 under non-zero parts (issue 19)
    assert hongze["位置"] == "§四 · 表四 行政复议 × 总计 · 第 4 页 · 第 84 行"
    assert (hongze["应为"], hongze["实为"]) == (11, 0)  # numbers, not text
    assert hongze["级别"] == "错误"
    assert hongze["整改建议"] == "疑为行政复议 × 总计：表中为 0，按各恒等式应为 11"
    # a parse finding's actual is an internal key: not shown
    prs = next(f for f in findings if f["规则"] == "PRS002")
    assert prs["实为"] is None and prs["问题"].startswith("表")


def test_category_sheet_counts_findings(run_book) -> None:
    tmp, _ = run_book
    ws = openpyxl.load_workbook(tmp / "run.xlsx")["分类"]
    rows = _rows(ws)
    assert "勾稽 balance" in rows[0] and "章节 sections" in rows[0]
    total = sum(v for row in rows for k, v in row.items() if k not in ("发布机关", "年度"))
    assert total == 93


def test_same_bytes_for_any_jobs(run_book) -> None:
    tmp, _ = run_book
    assert (tmp / "run.xlsx").read_bytes() == (tmp / "again.xlsx").read_bytes()


def test_rank_workbook(tmp_path) -> None:
    target = tmp_path / "rank.xlsx"
    _run("rank", str(REPO / "reports"), "-f", "xlsx", "-o", str(target))
    wb = openpyxl.load_workbook(target)
    league = _rows(wb["排名"])
    publishers = [r["发布机关"] for r in league]
    assert len(publishers) == len(set(publishers))  # one row per publisher
    assert league[0]["名次"] == 1
    shown = {r["文件"] for r in league}
    assert {f["文件"] for f in _rows(wb["问题"])} <= shown


@pytest.mark.parametrize("command", ["run", "rank"])
def test_xlsx_needs_an_output_file(command: str) -> None:
    result = runner.invoke(app, [command, str(REPO / "reports"), "-f", "xlsx"])
    assert result.exit_code == 2
    assert "give the file with -o FILE" in result.stderr
    assert result.stdout == ""
