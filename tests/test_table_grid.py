"""The table excerpt of a suggestion in the rich terminal view (issue 19): the rows ×
columns around the suspect cell, printed labels, the cell as printed→proposed, the broken
identities written out; within 60, 80 and 120 columns; never in the machine formats."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from test_render_fixture import render

from gaorpt_audit.audit import audit
from gaorpt_audit.model import ExcerptCell, TableExcerpt
from gaorpt_audit.render import FORMATS
from gaorpt_audit.render.full import INDENT, make_console, report_panel
from gaorpt_audit.render.table_grid import grid_lines

REPO = Path(__file__).resolve().parent.parent
PINGTAN = REPO / "reports/fujian/pingtan-zone-admin-committee_2020.txt"
SUQIAN = REPO / "reports/jiangsu/suqian-shuyang-county-gov_2025.md"


def _panel(path: Path, width: int) -> list[str]:
    result = next(audit([path]).results)
    out = io.StringIO()
    make_console(out, width).print(report_panel(result, width))
    return out.getvalue().splitlines()


def _inside(lines: list[str], start: str, stop: str) -> list[str]:
    """The box's inner lines from the one containing ``start`` up to ``stop`` (excluded),
    without the border and the finding indent."""
    i = next(n for n, x in enumerate(lines) if start in x)
    j = next(n for n in range(i, len(lines)) if stop in lines[n])
    return [x[2:-2].rstrip()[INDENT:] for x in lines[i:j]]


def test_pingtan_2020_excerpt_at_80_columns():
    # the honest "ambiguous" of Pingtan 2020: both candidate rows marked with ?, the outcome
    # rows that are not all 0 listed, both broken identities written out
    lines = _panel(PINGTAN, 80)
    assert all(cell_len(x) <= 80 for x in lines)
    assert _inside(lines, "表三（节选）", "    10 │") == [
        "表三（节选）",
        "                                           自然人  总计",
        "（一）予以公开                               6→0?  7→1?",
        "（二）部分公开                               6→0?  6→0?",
        "（四）无法提供 1.本机关不掌握相关政府信息       4     4",
        "（四）无法提供 3.补正后申请内容仍不明确         3     3",
        "（五）不予处理 2.重复申请                       3     3",
        "（六）其他处理                                  4     4",
        "（七）总计                                     20    21",
        "（另有 13 行全为 0 或空白，未列出）",
        "恒等式 自然人：（七）总计 20 ≠ 各办理结果行之和 26（6 + 6 + 4 + 3 +",
        "3 + 4）",
        "恒等式 总计：（七）总计 21 ≠ 各办理结果行之和 27（7 + 6 + 4 + 3 + 3",
        "+ 4）",
    ]
    # the second BAL002 finding has the same suggestion: drawn once, then pointed at
    assert sum("表三（节选）" in x for x in lines) == 1
    assert sum("表三节选见上" in x for x in lines) == 1


@pytest.fixture(scope="module")
def suqian_209(tmp_path_factory) -> Path:
    # the real 2021-format table 三 of 沭阳县 2025 with 予以公开 × 自然人 290 printed as 209
    text = SUQIAN.read_text(encoding="utf-8")
    row = "| 予以公开 | 290 | 1 |"
    assert text.count(row) == 1
    path = tmp_path_factory.mktemp("suqian") / SUQIAN.name
    path.write_text(text.replace(row, "| 予以公开 | 209 | 1 |"), encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [60, 80, 120])
def test_every_line_fits(suqian_209: Path, width: int):
    lines = _panel(suqian_209, width)
    assert all(cell_len(x) == width for x in lines), width
    excerpt = _inside(lines, "表三（节选）", "恒等式")
    assert any("209→290" in x for x in excerpt)
    assert excerpt[-1] == "（另有 6 行、3 列全为 0 或空白，未列出）"


def test_headers_abbreviated_and_labels_cut_at_60(suqian_209: Path):
    excerpt = _inside(_panel(suqian_209, 60), "表三（节选）", "（三）4.保护")
    assert excerpt[:5] == [
        "表三（节选）",
        "                       自然人  商业  法律  总计",
        "（一）予以公开        209→290     1     3   294",
        "（二）部分公开             99     0     2   101",
        "（三）3.危及“三安全…        2     0     0     2",
    ]
    at_80 = _inside(_panel(suqian_209, 80), "表三（节选）", "（二）部分公开")
    assert at_80[1].split() == ["自然人", "商业企业", "法律服务机构", "总计"]


def test_columns_split_into_blocks_when_even_short_headers_do_not_fit():
    cells = [ExcerptCell(text="12"), ExcerptCell(text="7", proposed=5, mark="suspect")]
    ex = TableExcerpt(
        table="表三",
        columns=["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
        rows=[("（一）予以公开", [*cells, *[ExcerptCell(text="0")] * 4, ExcerptCell(text="")])],
        identities=["（一）予以公开：总计 空 ≠ 各类申请人之和 19（12 + 7）"],
    )
    assert [x.plain for x in grid_lines(ex, 30)] == [
        "表三（节选）",
        "            自然人  商业  科研",
        "（一）予…       12   7→5     0",
        "              公益  法律  其他",
        "（一）予以…      0     0     0",
        "                总计",
        "（一）予以公开    空",
        "恒等式 （一）予以公开：总计 空 ≠ 各类申请人之和 19（12 + 7）",  # wrapped by the view
    ]
    # 47 cells (a 60-column terminal): two blocks; 67 (80 columns): one, headers short
    assert len(grid_lines(ex, 47)) == 6
    assert [x.plain for x in grid_lines(ex, 67)][1].split() == [
        "自然人",
        "商业",
        "科研",
        "公益",
        "法律",
        "其他",
        "总计",
    ]


# the HTML page draws its own grid of the table (render/html_grid.py, tested there); the
# workbook is binary (its cells are tested in test_render_xlsx.py)
@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("full", "html", "xlsx")])
def test_only_in_the_full_view(suqian_209: Path, fmt: str):
    result = next(audit([suqian_209]).results)
    assert "恒等式" in render("full", [result])
    out = render(fmt, [result])
    # the suggestion's sentence ("按各恒等式应为 290") may be there, the drawn excerpt not
    assert "（节选）" not in out and "节选见上" not in out and "恒等式 " not in out, fmt


def test_json_keeps_the_suggestion_without_the_excerpt(suqian_209: Path):
    data = json.loads(render("json", [next(audit([suqian_209]).results)]))
    (bal003,) = [f for f in data["reports"][0]["findings"] if f["rule"] == "BAL003"]
    assert "excerpt" not in bal003["suggestion"]
    assert [(c["label"], c["actual"], c["proposed"]) for c in bal003["suggestion"]["cells"]] == [
        ("（一）予以公开 × 自然人", 209, 290)
    ]
