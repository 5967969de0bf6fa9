"""Table 四 is found on its own, without a table 三 before it (issue 13, "Parsing that
hides findings"): a page or excerpt holding only 表四 (a one-page PDF, a paginated portal
page), or a report whose table 三 is an image, must not lose table 四.

Each case takes a real report from reports/, removes its table 三 (the rows, or the
TableBlock, or every page but 表四's), and requires the same 15 cells of table 四 as in the
full report, equal to the hand-checked truth (tests/fixtures/tables_truth.json). Table 三
is never invented from table 四's rows: it stays missing with a table_missing issue.
"""

from __future__ import annotations

import json
from pathlib import Path

from gaorpt_audit.ingest import load
from gaorpt_audit.model import Document, Paragraph, Report, TableBlock
from gaorpt_audit.parse import parse_document
from gaorpt_audit.parse.labels import T4_COLUMNS, T4_GROUPS
from gaorpt_audit.parse.rows import document_rows
from gaorpt_audit.parse.tables import find_regions

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
FIXTURES = ROOT / "tests" / "fixtures"
TRUTH = json.loads((FIXTURES / "tables_truth.json").read_text(encoding="utf-8"))
NAMES = {v: k for k, v in json.loads((FIXTURES / "corpus_names.json").read_text("utf-8")).items()}

BAIBU = "zhejiang/baibu-town_2020.txt"  # one cell per line, tab-indented
SUQIAN = "jiangsu/suqian-shuyang-county-gov_2025.md"  # Markdown, 表四 as three small tables
SH2025 = "shanghai/sh-municipal-gov-office_2025.md"  # PDF-made Markdown, headers cut up
SH2019 = "shanghai/sh-municipal-gov-office_2019.html"  # HTML grid, blank cells in 表四
HUAIAN = "jiangsu/huaian-city-gov_2024.pdf"  # PDF, 表四 alone on page 5
HONGHUAJI = "henan/honghuaji-town_2021.txt"  # tab-separated rows


def _parse(path: Path, display: str | None = None) -> Report:
    return parse_document(load(path, display or path.name))


def _full(repo: str) -> Report:
    return _parse(REPORTS / repo, f"reports/{repo}")


def _without_lines(repo: str, first: int, last: int, tmp_path: Path) -> Report:
    """The report with its lines first..last (1-based, inclusive) deleted, from a copy."""
    src = REPORTS / repo
    lines = src.read_text(encoding="utf-8").split("\n")
    copy = tmp_path / src.name
    copy.write_text("\n".join(lines[: first - 1] + lines[last:]), encoding="utf-8")
    return _parse(copy)


def _values(report: Report) -> dict[str, list[int | None]]:
    t4 = report.tables["四"]
    return {
        g: [None if (c := t4.cell(g, col)).kind == "blank" else c.value for col in T4_COLUMNS]
        for g in T4_GROUPS
    }


def _truth(repo: str) -> dict[str, list[int | None]]:
    four = TRUTH[NAMES[repo]]["四"]
    return {g: [four[g][col] for col in T4_COLUMNS] for g in T4_GROUPS}


def _cells(report: Report, line_shift: int = 0) -> list[tuple]:
    t4 = report.tables["四"]
    return [
        (g, col, c.raw, c.kind, c.value, None if c.line is None else c.line + line_shift)
        for g in T4_GROUPS
        for col in T4_COLUMNS
        if (c := t4.cell(g, col)) is not None
    ]


def _codes(report: Report) -> list[tuple[str, str | None]]:
    return [(i.code, i.table) for i in report.parse_issues if i.code.startswith("table_")]


def _assert_alone(cut: Report, full: Report, repo: str, line_shift: int = 0) -> None:
    """Table 四 of ``cut`` is that of ``full``, cell by cell, and equals the truth; table 三
    is missing (not made from table 四's rows)."""
    assert "三" not in cut.tables
    assert ("table_missing", "三") in _codes(cut)
    assert not any(i.table == "四" for i in cut.parse_issues)
    assert _values(cut) == _values(full) == _truth(repo)
    assert len(_cells(cut)) == 15
    assert _cells(cut, line_shift) == _cells(full)


# --------------------------------------------------------------------------- text exports


def test_baibu_without_table_three_keeps_table_four(tmp_path: Path) -> None:
    lines = (REPORTS / BAIBU).read_text(encoding="utf-8").split("\n")
    # the table 三 block: its header note (line 113) to 四、结转下年度继续办理's last cell
    assert lines[109] == "三、收到和处理政府信息公开申请情况"
    assert lines[362].strip() == "四、结转下年度继续办理" and lines[372].startswith("四、政府信息")
    cut = _without_lines(BAIBU, 111, 371, tmp_path)
    full = _full(BAIBU)
    _assert_alone(cut, full, BAIBU, line_shift=371 - 111 + 1)
    assert _values(cut) == {g: [0, 0, 0, 0, 0] for g in T4_GROUPS}
    assert full.tables["四"].line == 402 and cut.tables["四"].line == 402 - 261
    # table 二 is read as before, and now ends where table 四 begins
    assert cut.tables["二"].rows == full.tables["二"].rows


def test_suqian_markdown_without_table_three_keeps_table_four(tmp_path: Path) -> None:
    lines = (REPORTS / SUQIAN).read_text(encoding="utf-8").split("\n")
    assert lines[76] == "## 三、收到和处理政府信息公开申请情况"
    assert lines[157] == "## 四、政府信息公开行政复议、行政诉讼情况"
    cut = _without_lines(SUQIAN, 78, 157, tmp_path)
    full = _full(SUQIAN)
    _assert_alone(cut, full, SUQIAN, line_shift=157 - 78 + 1)
    assert _values(cut) == {
        "review": [27, 10, 9, 15, 61],
        "litigation_direct": [3, 0, 0, 0, 3],
        "litigation_after_review": [8, 0, 1, 1, 10],
    }
    assert cut.tables["二"].rows == full.tables["二"].rows


def test_pdf_made_markdown_without_table_three_keeps_table_four(tmp_path: Path) -> None:
    # 表四's header is cut into pieces ("结果结果其他尚未"); its 15 values are on line 180
    lines = (REPORTS / SH2025).read_text(encoding="utf-8").split("\n")
    assert lines[102] == "三、收到和处理政府信息公开申请情况"
    assert lines[170] == "四、政府信息公开行政复议、行政诉讼情况"
    cut = _without_lines(SH2025, 104, 170, tmp_path)
    full = _full(SH2025)
    _assert_alone(cut, full, SH2025, line_shift=170 - 104 + 1)
    assert _values(cut) == {
        "review": [40, 0, 10, 5, 55],
        "litigation_direct": [2, 0, 4, 6, 12],
        "litigation_after_review": [6, 0, 9, 7, 22],
    }


# --------------------------------------------------------------------------- grids


def test_html_without_its_table_three_grid_keeps_table_four() -> None:
    full_doc = load(REPORTS / SH2019, f"reports/{SH2019}")
    three = next(b for b in full_doc.tables() if any("勾稽关系" in c for r in b.rows for c in r))
    doc = full_doc.model_copy(update={"blocks": [b for b in full_doc.blocks if b is not three]})
    cut = parse_document(doc)
    _assert_alone(cut, _full(SH2019), SH2019)
    # the publisher left cells blank: blank, never 0
    assert _values(cut) == {
        "review": [5, None, None, 2, 7],
        "litigation_direct": [8, None, None, 1, 9],
        "litigation_after_review": [None] * 5,
    }


def _page(block: Paragraph | TableBlock) -> int | None:
    return block.page if isinstance(block, Paragraph) else (block.pages or [None])[0]


def test_one_pdf_page_holding_only_table_four() -> None:
    """Page 5 of the 淮安市 PDF alone (as a one-page PDF or a paginated portal page would
    give it): the heading 四、…, the 表四 grid and the start of 五."""
    full_doc = load(REPORTS / HUAIAN, f"reports/{HUAIAN}")
    doc = full_doc.model_copy(update={"blocks": [b for b in full_doc.blocks if _page(b) == 5]})
    assert not any("勾稽关系" in c for t in doc.tables() for r in t.rows for c in r)
    cut = parse_document(doc)
    assert sorted(cut.tables) == ["四"]
    assert _codes(cut) == [("table_missing", "二"), ("table_missing", "三")]
    full = _full(HUAIAN)
    _assert_alone(cut, full, HUAIAN)
    assert cut.tables["四"].line == 106 and cut.tables["四"].page == 5
    assert _values(cut) == {
        "review": [72, 64, 178, 37, 351],
        "litigation_direct": [13, 4, 8, 1, 26],
        "litigation_after_review": [12, 1, 1, 6, 20],
    }


# --------------------------------------------------------------------------- excerpts


def _excerpt(repo: str, first: int, last: int, tmp_path: Path) -> Report:
    src = REPORTS / repo
    lines = src.read_text(encoding="utf-8").split("\n")
    copy = tmp_path / ("excerpt" + src.suffix)
    copy.write_text("\n".join(lines[first - 1 : last]), encoding="utf-8")
    return _parse(copy)


def test_a_text_holding_only_the_table_four_heading_and_table(tmp_path: Path) -> None:
    # honghuaji lines 67-72: "四、政府信息公开行政复议、行政诉讼情况", three header rows
    # (tab-separated) and the 15 values
    lines = (REPORTS / HONGHUAJI).read_text(encoding="utf-8").split("\n")
    assert lines[66] == "四、政府信息公开行政复议、行政诉讼情况"
    report = _excerpt(HONGHUAJI, 67, 72, tmp_path)
    assert sorted(report.tables) == ["四"]
    assert _codes(report) == [("table_missing", "二"), ("table_missing", "三")]
    assert _values(report) == _truth(HONGHUAJI) == {g: [0] * 5 for g in T4_GROUPS}
    assert all(c[5] == 6 and c[3] == "number" for c in _cells(report))  # line 72 -> 6


def test_a_markdown_excerpt_of_table_four_alone(tmp_path: Path) -> None:
    report = _excerpt(SH2025, 171, 181, tmp_path)
    assert sorted(report.tables) == ["四"]
    assert _values(report) == _truth(SH2025)
    raws = [c[2] for c in _cells(report)]
    assert raws == [str(v) for v in (40, 0, 10, 5, 55, 2, 0, 4, 6, 12, 6, 0, 9, 7, 22)]
    assert {c[5] for c in _cells(report)} == {10}


def _doc(*lines: str) -> Document:
    return Document(
        path="synthetic.txt",
        source_format="txt",
        blocks=[Paragraph(text=t, line=i) for i, t in enumerate(lines, 1) if t],
    )


def test_a_narrative_naming_review_and_litigation_is_not_table_four() -> None:
    report = parse_document(
        _doc(
            "四、政府信息公开行政复议、行政诉讼情况",
            "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
            "0",
            "五、存在的主要问题及改进情况",
            "行政复议结果维持的情况和尚未审结的案件另行报告。",
        )
    )
    assert "四" not in report.tables
    assert ("table_missing", "四") in _codes(report)


def test_table_four_heading_in_a_contents_line_is_not_the_table() -> None:
    # the preamble lists the sections; the real 表四 comes later and is the one read
    doc = _doc(
        "全文包括：四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况。",
        "",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议\t\t\t\t\t行政诉讼",
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉",
        "\t".join(["1", "0", "0", "0", "1"] + ["0"] * 10),
    )
    regions = find_regions(document_rows(doc))
    assert sorted(regions) == ["四"] and [r.line for r in regions["四"]] == [3, 4, 5, 6]
    report = parse_document(doc)
    assert report.tables["四"].line == 6
    assert _values(report)["review"] == [1, 0, 0, 0, 1]
