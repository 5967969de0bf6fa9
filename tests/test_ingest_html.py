"""HTML front end: real report pages and the markup quirks of Word-pasted articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gaorpt_audit.ingest import load
from gaorpt_audit.ingest.html import load_html
from gaorpt_audit.model import TableBlock

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "reports"
FIXTURES = REPO / "tests" / "fixtures"
COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]  # fmt: skip


def truth(original: str) -> dict:
    return json.loads((FIXTURES / "tables_truth.json").read_text(encoding="utf-8"))[original]


def expected(original: str, row: str) -> list[str]:
    return ["" if v is None else str(v) for v in (truth(original)["三"][row][c] for c in COLS)]


def table_three(tables: list[TableBlock]) -> TableBlock:
    return next(t for t in tables if any("本年新收" in c for row in t.rows for c in row[:3]))


def row_with(table: TableBlock, label: str) -> list[str]:
    return next(r for r in table.rows if any(label in c for c in r[:3]))


@pytest.mark.parametrize(
    ("path", "original", "nrows"),
    [
        ("shanghai/sh-municipal-gov-office_2019.html", "shanghai_2019_sh-municipal-gov-office.html", 3 + 23),
        ("jiangsu/shuyang-county-drc_2023.html", "jiangsu_2023_shuyang-county-drc.html", 3 + 25),
    ],
)  # fmt: skip
def test_real_table_three(path: str, original: str, nrows: int) -> None:
    doc = load(REPORTS / path)
    assert doc.source_format == "html" and doc.encoding == "utf-8" and not doc.issues
    t3 = table_three(doc.tables())
    assert (len(t3.rows), len(t3.rows[0])) == (nrows, 10)
    assert row_with(t3, "本年新收")[3:] == expected(original, "new")
    assert row_with(t3, "上年结转")[3:] == expected(original, "carried_over")
    assert row_with(t3, "予以公开")[3:] == expected(original, "granted")
    assert row_with(t3, "(七)总计")[3:] == expected(original, "result_total")
    assert row_with(t3, "结转下年度")[3:] == expected(original, "carried_forward")
    # the rowspan label repeats on every covered row and is marked as a span there
    i = next(i for i, r in enumerate(t3.rows) if "国家秘密" in r[2])
    assert t3.rows[i][:2] == ["三、本年度办理结果", "(三)不予公开"]
    assert t3.spans[i][:3] == [True, False, False]
    # header: 3x3 merged note, 申请人情况 over 7 columns, 自然人/总计 over two rows
    assert t3.rows[0][0] == t3.rows[2][2] and t3.spans[2][2]
    assert t3.rows[2][3:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]  # fmt: skip


def test_shanghai_blank_totals_stay_blank() -> None:
    doc = load(REPORTS / "shanghai/sh-municipal-gov-office_2019.html")
    t3 = table_three(doc.tables())
    for label in ("予以公开", "部分公开", "国家秘密", "不掌握", "信访举报"):
        assert row_with(t3, label)[9] == ""  # 总计 left empty by the publisher, never "0"
    four = doc.tables()[2]
    assert four.rows[3] == ["5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", ""]


def test_shuyang_blank_legal_person_columns() -> None:
    doc = load(REPORTS / "jiangsu/shuyang-county-drc_2023.html")
    t3 = table_three(doc.tables())
    assert row_with(t3, "本年新收")[3:] == ["26", "", "", "", "", "", "26"]
    assert all(r[4:9] == [""] * 5 for r in t3.rows[3:])
    assert [t.index for t in doc.tables()] == [0, 1, 2, 3]  # meta table, 二, 三, 四


def test_paragraphs_sections_and_unique_lines() -> None:
    doc = load(REPORTS / "shanghai/sh-municipal-gov-office_2019.html")
    texts = [p.text for p in doc.paragraphs()]
    heads = [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")]
    assert [h[:2] for h in heads] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    lines = [b.line for b in doc.blocks if b.kind == "paragraph"]
    lines += [n for t in doc.tables() for n in t.lines]
    assert len(lines) == len(set(lines))  # pseudo lines are unique: evidence can point at them
    order = [b.line if b.kind == "paragraph" else b.lines[0] for b in doc.blocks]
    assert order == sorted(order)


def html_doc(body: str, charset: str = "utf-8") -> bytes:
    page = (
        f'<html><head><meta charset="{charset}"><title>t</title></head><body>{body}</body></html>'
    )
    return page.encode("gb18030" if charset.lower() in ("gbk", "gb2312") else charset)


def test_br_in_cells_joined_without_spaces_and_nbsp_blank() -> None:
    body = (
        "<table><tr><td>信息内容</td><td>本年新<br/>制作数量</td><td>Total<br>count</td></tr>"
        "<tr><td>规章</td><td>&nbsp;</td><td> 3 </td></tr></table>"
    )
    t = load_html(html_doc(body), "x.html").tables()[0]
    assert t.rows == [["信息内容", "本年新制作数量", "Total count"], ["规章", "", "3"]]


def test_rowspan_colspan_grid() -> None:
    body = (
        "<table><tr><td rowspan=2>A</td><td colspan=2>B</td></tr>"
        "<tr><td>c</td><td>d</td></tr><tr><td colspan=3>E</td></tr></table>"
    )
    t = load_html(html_doc(body), "x.html").tables()[0]
    assert t.rows == [["A", "B", "B"], ["A", "c", "d"], ["E", "E", "E"]]
    assert t.spans == [[False, False, True], [True, False, False], [False, True, True]]


def test_chrome_dropped_and_layout_table_unwrapped() -> None:
    body = (
        "<nav>首页 | 政务公开</nav><div class='header'>网站标题</div><script>var a=1;</script>"
        "<table><tr><td><p>一、总体情况</p><p>正文内容。</p>"
        "<table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>"
        "<p>【打印本页】【关闭窗口】</p><footer>版权所有</footer>"
    )
    doc = load_html(html_doc(body), "x.html")
    assert [p.text for p in doc.paragraphs()] == ["一、总体情况", "正文内容。"]
    assert [t.rows for t in doc.tables()] == [[["规章", "1"]]]


def test_gbk_page_decoded_by_meta_charset() -> None:
    doc = load_html(html_doc("<p>政府信息公开工作年度报告</p>", "gbk"), "x.html")
    assert doc.encoding == "gb18030"
    assert [p.text for p in doc.paragraphs()] == ["政府信息公开工作年度报告"]


def test_newline_between_cjk_is_not_a_space() -> None:
    doc = load_html(html_doc("<p>本年度报告\n   中所列数据 2019 年</p>"), "x.html")
    assert doc.paragraphs()[0].text == "本年度报告中所列数据 2019 年"


def test_garbage_markup_never_raises() -> None:
    for data in (b"<html><body><table><tr><td rowspan=x colspan=99999>a", b"<<<>>>", b"\x00<p>"):
        doc = load_html(data, "x.html")
        assert doc.source_format == "html"
