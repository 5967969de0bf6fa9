"""DOCX front end: the official blank template and DOCX builds of two seed reports."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest

from gaorpt_audit.ingest import load
from gaorpt_audit.ingest.docx import load_docx
from gaorpt_audit.ingest.normalize import normalize_text

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "reports"
FIXTURES = REPO / "tests" / "fixtures"
TEMPLATE = FIXTURES / "peer" / "govnianbao_政务公开年报模版.docx"
HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]  # fmt: skip
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
SEEDS = [
    ("guanyuan-town_2019", "unknown-province/guanyuan-town_2019.txt", "003_3a0847339f04a27e.txt"),
    ("honghuaji-town_2021", "henan/honghuaji-town_2021.txt", "004_16e2ec73736cb13a.txt"),
]


def test_template_headings_and_blank_tables() -> None:
    doc = load(TEMPLATE)
    assert doc.source_format == "docx" and not doc.issues
    texts = [p.text for p in doc.paragraphs()]
    assert [t for t in texts if t in HEADINGS] == HEADINGS
    two, three, four = doc.tables()
    assert [t.index for t in (two, three, four)] == [0, 1, 2]
    assert (len(three.rows), len(three.rows[0])) == (28, 10)
    assert three.rows[2][3:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]  # fmt: skip
    assert all(cell == "" for row in three.rows[3:] for cell in row[3:])  # every datum blank
    assert (len(four.rows), len(four.rows[0])) == (4, 15) and four.rows[3] == [""] * 15
    items = ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费")
    data = [r for r in two.rows if r[0] in items]
    assert len(data) == 6 and all(set(r[1:]) == {""} for r in data)
    # merged cells: vMerge label over the (三) rows, gridSpan caption over 4 columns
    secret = next(i for i, r in enumerate(three.rows) if "国家秘密" in r[2])
    assert three.rows[secret + 1][1] == "(三)不予公开" and three.spans[secret + 1][1]
    assert three.rows[secret][0] == "三、本年度办理结果" and three.spans[secret][0]
    assert two.rows[0] == ["第二十条第(一)项"] * 4 and two.spans[0] == [False, True, True, True]


def seed_regions(path: str) -> list[list[str]]:
    lines = (REPORTS / path).read_text(encoding="utf-8").splitlines()
    marks = ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议", "五、"]  # fmt: skip
    starts = [next(i for i, ln in enumerate(lines) if ln.strip().startswith(m)) for m in marks]
    return [lines[starts[k] + 1 : starts[k + 1]] for k in range(3)]


def seed_numbers(region: list[str]) -> list[str]:
    return [f.strip() for ln in region for f in ln.split("\t") if NUMBER.match(f.strip())]


def grid_numbers(rows: list[list[str]], spans: list[list[bool]]) -> list[str]:
    return [c for row, sp in zip(rows, spans) for c, s in zip(row, sp) if not s and NUMBER.match(c)]


@pytest.mark.parametrize(("name", "seed", "original"), SEEDS)
def test_seed_docx_numbers_equal_seed_text(name: str, seed: str, original: str) -> None:
    doc = load(FIXTURES / "docx" / f"{name}.docx")
    assert doc.source_format == "docx" and not doc.issues
    tables = doc.tables()
    assert len(tables) == 3
    for table, region in zip(tables, seed_regions(seed)):
        assert grid_numbers(table.rows, table.spans) == seed_numbers(region)
    truth = json.loads((FIXTURES / "tables_truth.json").read_text(encoding="utf-8"))[original]
    three = tables[1]
    assert len(three.rows) == 3 + (25 if truth["table_three_layout"] == "2021" else 23)
    body = three.rows[3:]
    for row, key in zip(body, truth["三"]):  # truth rows are in template order
        assert row[3:] == ["" if v is None else str(v) for v in truth["三"][key].values()], key
    four = [str(v) for g in truth["四"].values() for v in g.values()]
    assert tables[2].rows[3] == four


@pytest.mark.parametrize(("name", "seed", "original"), SEEDS)
def test_seed_docx_paragraphs_are_the_seed_prose(name: str, seed: str, original: str) -> None:
    doc = load(FIXTURES / "docx" / f"{name}.docx")
    lines = (REPORTS / seed).read_text(encoding="utf-8").splitlines()
    table_lines = {ln for region in seed_regions(seed) for ln in region}
    prose = [normalize_text(ln).strip() for ln in lines if ln.strip() and ln not in table_lines]
    assert [p.text for p in doc.paragraphs()] == prose
    lines_seen = [p.line for p in doc.paragraphs()] + [n for t in doc.tables() for n in t.lines]
    assert len(lines_seen) == len(set(lines_seen))


def build(make) -> bytes:  # type: ignore[no-untyped-def]
    document = docx.Document()
    make(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_line_breaks_nested_layout_table_and_merges() -> None:
    def make(document: docx.Document) -> None:
        p = document.add_paragraph("第一行")
        p.add_run().add_break()
        p.add_run("第二行")
        outer = document.add_table(rows=1, cols=1)
        outer.cell(0, 0).paragraphs[0].text = "框内正文"
        inner = outer.cell(0, 0).add_table(rows=2, cols=3)
        inner.cell(0, 0).merge(inner.cell(1, 0))
        inner.cell(0, 0).paragraphs[0].text = "标签"
        inner.cell(0, 1).merge(inner.cell(0, 2))
        inner.cell(0, 1).paragraphs[0].text = "合并"
        inner.cell(1, 1).paragraphs[0].text = "本年新"
        inner.cell(1, 1).add_paragraph("制作数量")
        inner.cell(1, 2).paragraphs[0].text = "7"

    doc = load_docx(build(make), "x.docx")
    assert [p.text for p in doc.paragraphs()] == ["第一行", "第二行", "框内正文"]
    (table,) = doc.tables()
    assert table.rows == [["标签", "合并", "合并"], ["标签", "本年新制作数量", "7"]]
    assert table.spans == [[False, False, True], [True, False, False]]


def test_broken_docx_is_an_issue() -> None:
    data = build(lambda d: d.add_paragraph("x"))
    doc = load_docx(data[: len(data) // 2], "x.docx")
    assert [i.code for i in doc.issues] == ["corrupt_docx"] and not doc.blocks
