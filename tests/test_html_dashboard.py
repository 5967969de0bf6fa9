"""The HTML dashboard's content, read from the page (the browser tests check it renders):
league per year, the axis, pass/fail colours, years side by side (from the run and from
the --history store), rank's caption, and the same bytes on every run."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from gaorpt_audit.cli import app
from gaorpt_audit.render.html_charts import axis_range

PINGTAN = "reports/fujian/pingtan-zone-admin-committee_{}.txt"


def _cli(*args: str) -> int:
    cwd = os.getcwd()
    os.chdir(REPO)  # relative paths, as a user types them
    try:
        return CliRunner().invoke(app, list(args)).exit_code
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("dash") / "run.html"
    assert _cli("run", "reports/", "-f", "html", "-q", "-o", str(out)) == 1
    return out.read_text(encoding="utf-8")


def test_axis_starts_under_the_lowest_score() -> None:
    assert axis_range([86.0, 98.0, 100.0]) == (84, 100, 2)
    assert axis_range([70.0, 96.0]) == (65, 100, 5)
    assert axis_range([99.0, 100.0]) == (98, 100, 1)
    assert axis_range([0.0, 100.0]) == (0, 100, 20)


def test_one_league_table_per_year_every_row_with_its_year(region: str) -> None:
    captions = re.findall(r'<caption class="meta">([^<]*)</caption>', region)
    assert captions == [f"{y} 年度报告" for y in range(2025, 2018, -1)]
    rows = re.findall(r'<tr class="league-row".*?</tr>', region)
    assert len(rows) == 20
    pingtan = [r for r in rows if "平潭综合实验区" in r]
    years = sorted(re.search(r'<td class="num">(\d{4})</td>', r).group(1) for r in pingtan)
    assert years == [str(y) for y in range(2019, 2026)]


def test_colours_follow_the_verdict_not_the_grade(region: str) -> None:
    # 大渡口镇 2020: 88.0, grade B, fails the gate (an error finding): red, not green
    (row,) = [r for r in re.findall(r'<tr class="league-row".*?</tr>', region) if "大渡口镇" in r]
    assert '<span class="badge st-fail" title="未通过">B</span>' in row
    # the dot of its score is red too
    assert re.search(
        r'<circle class="dot"[^>]*fill="#cf222e"><title>大渡口镇人民政府 2020：88.0', region
    )


def test_score_chart_axis_shows_the_spread(region: str) -> None:
    # the lowest score of the run is 70.0 (洪泽区 2023): the axis starts at 65, not 0
    assert "横轴从 65 分起（不是 0 分）" in region
    ticks = re.findall(
        r'fill="#656d76">(\d+)</text>', region.split('id="score-chart"')[1].split("</svg>")[0]
    )
    assert ticks == ["65", "70", "75", "80", "85", "90", "95", "100"]


def test_years_side_by_side_for_publishers_with_several(region: str) -> None:
    table = region.split('<table id="years"')[1].split("</table>")[0]
    names = re.findall(r'<tr class="year-row"><td>([^<]*)</td>', table)
    assert names == ["上海市人民政府办公厅", "平潭综合实验区", "淮安市洪泽区人民政府"]
    # 洪泽区人民政府 2023 and 淮安市洪泽区人民政府 2024 are one publisher (as rank decides)
    hongze = table.split("淮安市洪泽区人民政府")[1].split("</tr>")[0]
    assert ">70.0</a>" in hongze and ">86.0</a>" in hongze and "+16.0（2023→2024）" in hongze


def test_years_from_the_history_store(tmp_path: Path) -> None:
    store = tmp_path / "history.sqlite"
    assert _cli("run", PINGTAN.format(2019), "-q", "--history", str(store)) == 0
    out = tmp_path / "2020.html"
    assert _cli("run", PINGTAN.format(2020), "-f", "html", "-q", "--history", str(store),
                "-o", str(out)) == 1  # fmt: skip
    page = out.read_text(encoding="utf-8")
    row = page.split('<tr class="year-row">')[1].split("</tr>")[0]
    assert row.startswith("<td>平潭综合实验区</td>")
    # 2019 from the store (marked, no link: its report is not in this page), 2020 from the run
    assert '96.0 <span class="badge st-pass" title="通过">A</span> <span class="hist"' in row
    assert '">79.0</a> <span class="badge st-fail"' in row
    assert "-17.0（2019→2020）" in row


def test_rank_says_which_reports_it_ranks(tmp_path: Path) -> None:
    out = tmp_path / "rank.html"
    assert _cli("rank", "reports/", "-f", "html", "-q", "-o", str(out)) == 0
    page = out.read_text(encoding="utf-8")
    assert "<title>各发布机关最新一份报告的排名</title>" in page
    assert "每个发布机关取其最新一份报告（年度见“年度”列，各行年度可能不同）" in page
    # one per publisher: 洪泽区人民政府 2023 and 淮安市洪泽区人民政府 2024 are one
    assert page.count('<tr class="league-row"') == 12
    assert page.count('<details class="report"') == 12  # the ranked reports
    assert '<div class="kpi"><b>12</b>发布机关</div>' in page
    out2 = tmp_path / "rank2024.html"
    assert _cli("rank", "reports/", "--year", "2024", "-f", "html", "-q", "-o", str(out2)) == 0
    page = out2.read_text(encoding="utf-8")
    assert "<title>2024 年度排名</title>" in page and page.count('<tr class="league-row"') == 4


def test_the_page_is_the_same_bytes_every_time(region: str, tmp_path: Path) -> None:
    again = tmp_path / "again.html"
    assert _cli("run", "reports/", "-f", "html", "-q", "-j", "2", "-o", str(again)) == 1
    assert again.read_text(encoding="utf-8") == region
    assert not re.search(r'(src|href)="(https?:)?//', region)  # nothing from the network
    assert "@media print" in region and '"Noto Sans CJK SC"' in region


def test_grid_of_an_injected_row_total(tmp_path: Path) -> None:
    """百步镇 2020 with its 一、本年新收 总计 printed 4 instead of 3 (one digit changed in the
    real text): T3-ROW and T3-BAL fail, the repair points at that cell, the grid says so."""
    lines = (REPO / "reports/zhejiang/baibu-town_2020.txt").read_text(encoding="utf-8").split("\n")
    assert lines[135] == "\t3\xa0"  # the row's 总计 (line 136)
    lines[135] = "\t4\xa0"
    report = tmp_path / "baibu-town_2020.txt"
    report.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "page.html"
    assert _cli("run", str(report), "-f", "html", "-q", "-o", str(out)) == 1
    page = out.read_text(encoding="utf-8")
    grid = page.split('<div class="tablegrid"')[1].split("</details>")[0]
    assert grid.count('class="in at suspect">4 <span class="fix">→ 3</span></td>') == 1
    assert (
        "<li><b>BAL003</b> 每一行：总计 = 六类申请人之和<br>一、本年新收 × 总计 4 = <b>4</b>，"
        "但 一、本年新收 × 自然人 3（另有 5 格为 0 或空白） = <b>3</b>（相差 1）</li>"
    ) in grid
    assert "<li><b>BAL001</b> 每一列：本年新收 + 上年结转 = （七）总计 + 结转下年度" in grid
    assert (
        "建议：疑为一、本年新收 × 总计：表中为 4，按各恒等式应为 3（疑为一位数字笔误；"
        "正文第10行称本年新收申请 3 件，与建议值一致）" in grid
    )
    # the findings link to the grid instead of repeating the flattened source line
    assert page.count('<a href="#r-') >= 2 and "见下方表格" in page
