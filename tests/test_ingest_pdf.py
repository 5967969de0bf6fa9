"""PDF front end on the three real Jiangsu PDFs (WPS exports with tables across pages)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gaorpt_audit.ingest import load
from gaorpt_audit.model import Document, TableBlock

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "reports"
FIXTURES = REPO / "tests" / "fixtures"
COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]  # fmt: skip
PDFS = [
    ("jiangsu/huaian-city-gov_2024.pdf", "jiangsu_2024_huaian-city-gov.pdf"),
    ("jiangsu/huaian-hongze-district-gov_2023.pdf", "jiangsu_2023_huaian-hongze-district-gov.pdf"),
    ("jiangsu/huaian-hongze-district-gov_2024.pdf", "jiangsu_2024_huaian-hongze-district-gov.pdf"),
]
CJK = "\u4e00-\u9fff"
INSERTED_SPACE = re.compile(f"[{CJK}] +[{CJK}0-9]|[0-9] +[{CJK}]")


@pytest.fixture(scope="module", params=PDFS, ids=[p[0].split("/")[1] for p in PDFS])
def case(request: pytest.FixtureRequest) -> tuple[Document, dict]:
    path, original = request.param
    truth = json.loads((FIXTURES / "tables_truth.json").read_text(encoding="utf-8"))[original]
    return load(REPORTS / path), truth


def values(truth: dict, row: str) -> list[str]:
    return ["" if v is None else str(v) for v in (truth["三"][row][c] for c in COLS)]


def table_three(doc: Document) -> TableBlock:
    return next(t for t in doc.tables() if any("本年新收" in c for r in t.rows for c in r[:3]))


def row_with(table: TableBlock, label: str) -> list[str]:
    return next(r for r in table.rows if any(label in c for c in r[:3]))


def test_table_three_matches_truth(case: tuple[Document, dict]) -> None:
    doc, truth = case
    assert doc.source_format == "pdf" and not doc.issues
    t3 = table_three(doc)
    assert row_with(t3, "本年新收")[3:] == values(truth, "new")
    assert row_with(t3, "(七)总计")[3:] == values(truth, "result_total")
    assert row_with(t3, "结转下年度")[3:] == values(truth, "carried_forward")
    assert row_with(t3, "信访举报")[3:] == values(truth, "not_processed.complaint")


def test_table_three_merged_across_pages(case: tuple[Document, dict]) -> None:
    doc, truth = case
    t3 = table_three(doc)
    leaf_rows = 25 if truth["table_three_layout"] == "2021" else 23
    assert (len(t3.rows), len(t3.rows[0])) == (3 + leaf_rows, 10)  # one grid, header once
    assert len(set(t3.pages)) == 2 and t3.pages == sorted(t3.pages)
    # the vertical row-group label reads as one label and continues onto the next page
    for label in ("予以公开", "国家秘密", "补正后", "(七)总计"):
        assert row_with(t3, label)[0] == "三、本年度办理结果"
    assert row_with(t3, "补正后")[1] == "(四)无法提供"
    assert row_with(t3, "重复申请")[1] == "(五)不予处理"


def test_table_four_values(case: tuple[Document, dict]) -> None:
    doc, truth = case
    four = next(t for t in doc.tables() if len(t.rows[0]) == 15)
    expected = [
        str(truth["四"][g][k])
        for g in ("review", "litigation_direct", "litigation_after_review")
        for k in ("upheld", "corrected", "other", "pending", "total")
    ]
    assert four.rows[-1] == expected


def test_paragraphs_have_pages_and_no_inserted_spaces(case: tuple[Document, dict]) -> None:
    doc, _ = case
    paragraphs = doc.paragraphs()
    assert paragraphs and all(p.page is not None and p.page >= 1 for p in paragraphs)
    assert all(not INSERTED_SPACE.search(p.text) for p in paragraphs), [
        p.text for p in paragraphs if INSERTED_SPACE.search(p.text)
    ]
    assert not [p.text for p in paragraphs if re.fullmatch(r"-\s*\d+\s*-", p.text)]
    assert any(re.search(r"20\d\d年", p.text) for p in paragraphs[:3])
    assert all(None not in t.pages and len(t.pages) == len(t.rows) for t in doc.tables())


def test_no_prose_mistaken_for_tables(case: tuple[Document, dict]) -> None:
    doc, _ = case
    # WPS draws white boxes behind prose lines: only the three report tables remain
    assert [len(t.rows[0]) for t in doc.tables()] == [4, 10, 15]
    heads = [p.text[:2] for p in doc.paragraphs() if re.match(r"[一二三四五六]、", p.text)]
    assert heads == ["一、", "二、", "三、", "四、", "五、", "六、"]


def test_huaian_city_specific_cells() -> None:
    doc = load(REPORTS / "jiangsu/huaian-city-gov_2024.pdf")
    two = doc.tables()[0]
    assert row_with(two, "行政许可")[1] == "447228"
    assert row_with(two, "行政处罚")[1] == "3985758"  # on the next page, merged into 二
    assert row_with(two, "行政事业性收费")[1] == "96171.6"
    assert any("全市共受理政府信息公开申请3119件" in p.text for p in doc.paragraphs())
