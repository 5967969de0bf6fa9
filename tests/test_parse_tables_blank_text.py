"""A table printed with every label and no numbers is "empty", not "missing" (issue 13):
the text layouts of real reports, blanked in a copy, keep tables 三 and 四 in
Report.tables with every cell kind "blank" and a table_empty issue. A table found but
not readable as cells is recorded as table_incomplete, never as table_missing.

tests/test_parse_tables_empty.py covers the official blank 2021 DOCX template and its
Markdown export; these are the tab-separated (2021 labels) and one-cell-per-line (2019
labels) text exports.
"""

from __future__ import annotations

import re
from pathlib import Path

from gaorpt_audit.ingest import load
from gaorpt_audit.model import Report
from gaorpt_audit.parse import parse_document
from gaorpt_audit.parse.labels import T3_COLUMNS, T3_KEYS_2019, T3_KEYS_2021, T4_COLUMNS, T4_GROUPS

REPORTS = Path(__file__).resolve().parent.parent / "reports"
HONGHUAJI = REPORTS / "henan" / "honghuaji-town_2021.txt"  # 2021 labels, tab-separated
BAIBU = REPORTS / "zhejiang" / "baibu-town_2020.txt"  # 2019 labels, one cell per line

_NUMBER_CELL = re.compile(r"^[\s\xa0]*\d+[\s\xa0]*$")


def _blanked(src: Path, first: int, last: int, tmp_path: Path, keep: tuple[int, int] | None = None):
    """A copy of ``src`` with every number cell of lines first..last emptied (the tabs
    stay), optionally cut to the lines ``keep`` (first, last)."""
    lines = src.read_text(encoding="utf-8").split("\n")
    out = []
    for n, line in enumerate(lines, 1):
        if first <= n <= last:
            line = "\t".join("" if _NUMBER_CELL.match(c) else c for c in line.split("\t"))
        out.append(line)
    if keep is not None:
        out = out[keep[0] - 1 : keep[1]]
    copy = tmp_path / src.name
    copy.write_text("\n".join(out), encoding="utf-8")
    return parse_document(load(copy, src.name))


def _codes(report: Report) -> list[tuple[str, str | None]]:
    return [(i.code, i.table) for i in report.parse_issues if i.code.startswith("table_")]


def _shape(report: Report, name: str) -> dict[str, list[str]]:
    return {row: list(cols) for row, cols in report.tables[name].rows.items()}


def _all_blank(report: Report, name: str) -> bool:
    cells = [c for cols in report.tables[name].rows.values() for c in cols.values()]
    return bool(cells) and all(c.kind == "blank" and c.value is None and c.raw == "" for c in cells)


T3_SHAPE_2021 = {k: list(T3_COLUMNS) for k in T3_KEYS_2021}
T3_SHAPE_2019 = {k: list(T3_COLUMNS) for k in T3_KEYS_2019}
T4_SHAPE = {g: list(T4_COLUMNS) for g in T4_GROUPS}


def test_blank_tab_template_2021_tables_three_and_four_are_empty(tmp_path: Path) -> None:
    lines = HONGHUAJI.read_text(encoding="utf-8").split("\n")
    assert lines[38].startswith("一、本年新收政府信息公开申请数量\t0")
    assert lines[71] == "\t".join(["0"] * 15)
    report = _blanked(HONGHUAJI, 39, 72, tmp_path)
    assert _codes(report) == [("table_empty", "三"), ("table_empty", "四")]
    assert _shape(report, "三") == T3_SHAPE_2021 and _all_blank(report, "三")
    assert _shape(report, "四") == T4_SHAPE and _all_blank(report, "四")
    t3, t4 = report.tables["三"], report.tables["四"]
    assert t3.layout == "2021" and report.format == "2021"
    # each blank cell keeps the line it was printed on
    assert t3.line == 39 and t3.cell("new", "natural_person").line == 39
    assert t3.cell("granted", "total").line == 42  # the cells under "(一) 予以公开" (line 41)
    assert t3.cell("other.unpaid_fee", "total").line == 62
    assert t3.cell("carried_forward", "total").line == 65
    assert t4.line == 72 and {c.line for cols in t4.rows.values() for c in cols.values()} == {72}
    # table 二 is untouched: its numbers are still numbers
    assert report.tables["二"].cell("licensing", "decisions").value == 223


def test_blank_tab_template_without_table_two(tmp_path: Path) -> None:
    # only the 三/四 part of the template: headings, labels, empty cells
    report = _blanked(HONGHUAJI, 39, 72, tmp_path, keep=(34, 72))
    assert sorted(report.tables) == ["三", "四"]
    assert _codes(report) == [("table_empty", "三"), ("table_empty", "四"), ("table_missing", "二")]
    assert _shape(report, "三") == T3_SHAPE_2021 and _all_blank(report, "三")
    assert _shape(report, "四") == T4_SHAPE and _all_blank(report, "四")


def test_blank_table_four_alone_is_empty_not_missing(tmp_path: Path) -> None:
    # "四、政府信息公开行政复议、行政诉讼情况", its header rows and 15 empty cells only
    report = _blanked(HONGHUAJI, 72, 72, tmp_path, keep=(67, 72))
    assert sorted(report.tables) == ["四"]
    assert _codes(report) == [
        ("table_empty", "四"),
        ("table_missing", "二"),
        ("table_missing", "三"),
    ]
    assert _shape(report, "四") == T4_SHAPE and _all_blank(report, "四")


def test_blank_one_cell_per_line_template_2019(tmp_path: Path) -> None:
    report = _blanked(BAIBU, 111, 417, tmp_path)
    assert _codes(report) == [("table_empty", "三"), ("table_empty", "四")]
    assert _shape(report, "三") == T3_SHAPE_2019 and _all_blank(report, "三")
    assert _shape(report, "四") == T4_SHAPE and _all_blank(report, "四")
    assert report.tables["三"].layout == "2019"
    assert report.tables["三"].line == 129 and report.tables["四"].line == 402


def test_table_found_but_unreadable_is_incomplete_not_missing(tmp_path: Path) -> None:
    # table 三 printed as plain lines ("label 0 0 0 0 0 0 0", as a PDF text layer gives
    # it): its caption and labels are there, its cells cannot be told apart from narrative
    lines = HONGHUAJI.read_text(encoding="utf-8").split("\n")
    for n in range(36, 66):
        lines[n - 1] = re.sub(r"\t+", " ", lines[n - 1]).strip()
    assert lines[38] == "一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0"
    copy = tmp_path / "plain.txt"
    copy.write_text("\n".join(lines), encoding="utf-8")
    report = parse_document(load(copy, "plain.txt"))
    assert "三" not in report.tables
    assert _codes(report) == [("table_incomplete", "三")]
    issue = next(i for i in report.parse_issues if i.table == "三")
    assert issue.line == 36 and issue.message.startswith("找到了表三（第 36 行起的表题和行名）")
    assert "未找到" not in issue.message
    assert report.tables["四"].cell("review", "total").value == 0  # the rest is read


def test_a_narrative_citing_article_20_is_no_table_two(tmp_path: Path) -> None:
    copy = tmp_path / "cite.txt"
    copy.write_text(
        "二、主动公开政府信息情况\n"
        "按照《条例》第二十条第（一）项的规定，及时公开规章和规范性文件。\n",
        encoding="utf-8",
    )
    report = parse_document(load(copy, "cite.txt"))
    assert ("table_missing", "二") in _codes(report)
    assert ("table_incomplete", "二") not in _codes(report)


def test_real_pdf_text_excerpt_of_table_three_is_found_but_unreadable() -> None:
    # tests/fixtures/peer/govnianbao_section3_raw_text.txt: the PDF text layer of 淮安市 2024
    # (the tail of 表二, then 表三 as plain "（一）予以公开 1288 21 0 0 50 3 1362" lines,
    # with the row-group labels split one character per line)
    src = Path(__file__).resolve().parent / "fixtures" / "peer" / "govnianbao_section3_raw_text.txt"
    report = parse_document(load(src, src.name))
    assert sorted(report.tables) == ["二"]
    assert report.tables["二"].cell("penalty", "decisions").value == 3985758
    assert _codes(report) == [("table_incomplete", "三"), ("table_missing", "四")]
    issue = next(i for i in report.parse_issues if i.table == "三")
    assert issue.line == 9 and report.line_text[9].startswith("(本列数据的勾稽关系为")
