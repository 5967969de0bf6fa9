"""Tables printed with their labels but no data: "empty", never "missing", never zero.

The official blank 2021 template (tests/fixtures/peer/govnianbao_政务公开年报模版.docx) has
tables 二/三/四 with every row and column label and every data cell blank. The issue
requires: "the Report must say the tables are empty, not zero".
"""

from __future__ import annotations

from pathlib import Path

from gaorpt_audit.ingest import load, load_bytes
from gaorpt_audit.model import Document, Paragraph, Report, TableBlock
from gaorpt_audit.parse import parse_document
from gaorpt_audit.parse.labels import T3_COLUMNS, T3_KEYS_2021, T4_COLUMNS, T4_GROUPS
from gaorpt_audit.pipeline import parse_file

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "tests" / "fixtures" / "peer" / "govnianbao_政务公开年报模版.docx"
HONGHUAJI = REPO / "reports" / "henan" / "honghuaji-town_2021.txt"

# Table 二 of the 2021 template, as printed in the DOCX (rows 规章, 行政规范性文件,
# 行政许可, 行政处罚, 行政强制, 行政事业性收费 under their column headers).
T2_SHAPE_2021 = {
    "regulations": ["issued", "repealed", "in_force"],
    "normative_documents": ["issued", "repealed", "in_force"],
    "licensing": ["decisions"],
    "penalty": ["decisions"],
    "enforcement": ["decisions"],
    "fees": ["amount_wan"],
}
T3_SHAPE = {k: list(T3_COLUMNS) for k in T3_KEYS_2021}
T4_SHAPE = {g: list(T4_COLUMNS) for g in T4_GROUPS}


def _shape(report: Report, name: str) -> dict[str, list[str]]:
    return {row: list(cols) for row, cols in report.tables[name].rows.items()}


def _codes(report: Report) -> list[tuple[str, str | None]]:
    return [(i.code, i.table) for i in report.parse_issues if i.code.startswith("table_")]


def _all_blank(report: Report, name: str) -> bool:
    cells = [c for cols in report.tables[name].rows.values() for c in cols.values()]
    return bool(cells) and all(c.kind == "blank" and c.value is None for c in cells)


def _assert_blank_template(report: Report) -> None:
    assert sorted(report.tables) == ["三", "二", "四"]
    assert _codes(report) == [("table_empty", "二"), ("table_empty", "三"), ("table_empty", "四")]
    assert _shape(report, "二") == T2_SHAPE_2021
    assert _shape(report, "三") == T3_SHAPE
    assert _shape(report, "四") == T4_SHAPE
    for name in ("二", "三", "四"):
        assert _all_blank(report, name), name
    message = next(i.message for i in report.parse_issues if i.code == "table_empty")
    assert "没有填写任何数据" in message and "不是 0" in message
    # the labels still say which template was used
    assert report.format == "2021"
    assert report.tables["二"].layout == "2021" and report.tables["三"].layout == "2021"


def _as_markdown(doc: Document) -> Document:
    """The same document exported as Markdown: each grid row a pipe row, spans repeated."""
    paras: list[Paragraph] = []
    line = 0
    for b in doc.blocks:
        texts = (
            [b.text] if isinstance(b, Paragraph) else ["| " + " | ".join(r) + " |" for r in b.rows]
        )
        for text in texts:
            line += 1
            paras.append(Paragraph(text=text, line=line))
    return Document(path="template.md", source_format="md", blocks=paras)


def test_blank_template_docx_tables_are_empty_not_missing() -> None:
    report = parse_file(TEMPLATE)
    _assert_blank_template(report)
    # where each table starts: the first data row of the DOCX grid
    t2, t3, t4 = (report.tables[n] for n in ("二", "三", "四"))
    assert t2.cell("regulations", "issued").raw == "" and t2.line == 7
    assert t3.cell("new", "natural_person").line == 23
    assert t3.cell("carried_forward", "total").line == 47
    assert t4.cell("litigation_after_review", "total").line == 52


def test_blank_template_as_markdown_is_empty_too() -> None:
    report = parse_document(_as_markdown(load(TEMPLATE)))
    _assert_blank_template(report)


def test_a_table_that_is_really_absent_is_still_missing() -> None:
    doc = load(TEMPLATE)
    tables = [b for b in doc.blocks if isinstance(b, TableBlock)]
    four = next(t for t in tables if any("行政复议" in c for r in t.rows for c in r))
    doc.blocks = [b for b in doc.blocks if b is not four]
    report = parse_document(doc)
    assert sorted(report.tables) == ["三", "二"]
    assert _codes(report) == [
        ("table_empty", "二"),
        ("table_empty", "三"),
        ("table_missing", "四"),
    ]


def _honghuaji_with(replace: dict[int, str]) -> Report:
    lines = HONGHUAJI.read_text(encoding="utf-8").split("\n")
    for number, text in replace.items():
        lines[number - 1] = text
    data = "\n".join(lines).encode("utf-8")
    return parse_document(load_bytes(data, "honghuaji.txt", ".txt"))


def test_filled_report_keeps_its_tables_and_no_empty_issue() -> None:
    report = _honghuaji_with({})
    assert sorted(report.tables) == ["三", "二", "四"] and _codes(report) == []
    assert report.tables["四"].cell("review", "total").value == 0  # printed 0, a number


def test_one_unfilled_table_in_a_filled_report_is_empty() -> None:
    # line 72 holds table 四's 15 values ("0<TAB>0…"); left unfilled it is 15 empty cells
    assert HONGHUAJI.read_text(encoding="utf-8").split("\n")[71] == "\t".join(["0"] * 15)
    report = _honghuaji_with({72: "\t" * 14})
    assert _codes(report) == [("table_empty", "四")]
    assert _shape(report, "四") == T4_SHAPE and _all_blank(report, "四")
    assert report.tables["三"].cell("new", "total").value == 0  # the rest is untouched
    assert report.tables["三"].cell("new", "total").kind == "number"


def test_table_four_removed_from_a_filled_report_is_missing() -> None:
    report = _honghuaji_with({n: "" for n in range(67, 73)})
    assert sorted(report.tables) == ["三", "二"]
    assert _codes(report) == [("table_missing", "四")]
