"""Findings point where a reader can look: PDF findings name the page, table findings the
table, row and column, and every located finding shows its source line."""

from __future__ import annotations

from pathlib import Path

from gaorpt_audit.audit import audit
from gaorpt_audit.config import load_config

REPO = Path(__file__).resolve().parent.parent


def _findings(rel: str):
    (result,) = audit([REPO / rel], load_config(discover=False)).results
    return {f.rule: f for f in result.findings}


def test_pdf_findings_carry_the_page() -> None:
    found = _findings("reports/jiangsu/huaian-hongze-district-gov_2023.pdf")
    # 表四 复议 总计 0 under non-zero parts (a publisher error), printed on page 4
    bal = found["BAL004"].location
    assert (bal.table, bal.row, bal.column, bal.page) == ("四", "review", "total", 4)
    assert found["SEC004"].location.page == 1
    assert "0" in (found["BAL004"].evidence or "")


def test_text_findings_have_no_page_but_a_line_and_evidence() -> None:
    found = _findings("reports/anhui/dadukou-town_2020.txt")
    dat = found["DAT002"]
    assert dat.location.page is None and dat.location.line == 82
    assert "2020年1月14日" in (dat.evidence or "")


def _words_inside(page: int, box: tuple[float, ...]) -> list[str]:
    import pdfplumber

    with pdfplumber.open(REPO / "reports/jiangsu/huaian-hongze-district-gov_2023.pdf") as pdf:
        words = pdf.pages[page - 1].extract_words()
    x0, top, x1, bottom = box
    e = 0.05  # the box is rounded to 0.1 point
    return [
        w["text"]
        for w in words
        if x0 - e <= w["x0"]
        and w["x1"] <= x1 + e
        and top - e <= w["top"]
        and w["bottom"] <= bottom + e
    ]


def test_pdf_findings_carry_the_box_of_their_cell_or_line() -> None:
    found = _findings("reports/jiangsu/huaian-hongze-district-gov_2023.pdf")
    # 表四 复议 总计: the cell's box on page 4, holding exactly its printed 0
    bal = found["BAL004"].location
    assert (bal.page, bal.box) == (4, (202.7, 445.6, 230.9, 472.4))
    assert _words_inside(4, bal.box) == ["0"]
    # a table-wide finding: its first row across the table (一、本年新收 … 21 0 0 0 0 0 21)
    fmt = found["FMT002"].location
    assert (fmt.page, fmt.box) == (3, (76.2, 478.8, 516.6, 501.6))
    assert _words_inside(3, fmt.box) == [
        "一、本年新收政府信息公开申请数量",
        *["21", "0", "0", "0", "0", "0", "21"],
    ]
    # a heading: its text line
    sec = found["SEC010"].location
    assert (sec.page, sec.box) == (4, (104.4, 481.6, 328.3, 497.5))
    assert "".join(_words_inside(4, sec.box)) == "五、存在的主要问题及改进情况"
    assert found["DAT004"].location.box is None  # about the whole file: no place


def test_text_findings_have_no_box() -> None:
    found = _findings("reports/anhui/dadukou-town_2020.txt")
    assert all(f.location.box is None for f in found.values())


def test_a_table_continued_on_the_next_page_keeps_each_cell_on_its_own_page() -> None:
    """Merged over a page break, each row keeps the box on its own page; a row-group label
    continued from the page before has its box there, so the rows below it get none."""
    from gaorpt_audit.ingest.pdf_tables import PdfCell, PdfTable, cell_boxes, merge_tables

    xs = [70.0, 200.0, 300.0]
    first = PdfTable(
        3, 700.0, 760.0, xs, 2,
        [PdfCell(0, 2, 0, 1, "行政复议", box=(70.0, 700.0, 200.0, 760.0)),
         PdfCell(0, 1, 1, 2, "10", box=(200.0, 700.0, 300.0, 730.0)),
         PdfCell(1, 2, 1, 2, "1", box=(200.0, 730.0, 300.0, 760.0))],
        [3, 3], ends_page=True,
        row_boxes=[(70.0, 700.0, 300.0, 730.0), (70.0, 730.0, 300.0, 760.0)],
    )  # fmt: skip
    cont = PdfTable(
        4, 80.0, 110.0, xs, 1,
        [PdfCell(0, 1, 0, 1, "", box=(70.0, 80.04, 200.0, 110.0)),
         PdfCell(0, 1, 1, 2, "0", box=(200.0, 80.04, 300.0, 110.0))],
        [4], row_boxes=[(70.0, 80.04, 300.0, 110.0)],
    )  # fmt: skip
    (merged,) = merge_tables([first, cont])
    assert merged.row_pages == [3, 3, 4]
    assert merged.row_boxes[2] == (70.0, 80.04, 300.0, 110.0)
    boxes = cell_boxes(merged, 2)
    label = (70.0, 700.0, 200.0, 760.0)
    assert boxes[:2] == [
        [label, (200.0, 700.0, 300.0, 730.0)],
        [label, (200.0, 730.0, 300.0, 760.0)],
    ]
    # 行政复议 now spans down to page 4 (the empty cell joined it): its box is on page 3;
    # the 0 below the 1 has its own box on page 4 (rounded to 0.1)
    assert boxes[2] == [None, (200.0, 80.0, 300.0, 110.0)]
