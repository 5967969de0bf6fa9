"""A DOCX and a text export of the same report give the same tables (issue 5).

tests/fixtures/docx/*.docx were built by tests/fixtures/docx/make_docx_fixtures.py from two
seed text reports (template layout: merged captions, vertically merged row labels). Both
forms go through the real pipeline; tables 二, 三 and 四 must agree in every cell's value
and kind (line numbers and raw whitespace differ by nature and are ignored).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gaorpt_audit.model import Report
from gaorpt_audit.parse.numbers import squash
from gaorpt_audit.pipeline import parse_file

REPO = Path(__file__).resolve().parent.parent
PAIRS = [
    ("reports/unknown-province/guanyuan-town_2019.txt", "tests/fixtures/docx/guanyuan-town_2019.docx"),
    ("reports/henan/honghuaji-town_2021.txt", "tests/fixtures/docx/honghuaji-town_2021.docx"),
]  # fmt: skip


def table_differences(text: Report, docx: Report) -> list[str]:
    """Every cell (and table attribute) on which the two parses disagree, readably."""
    out: list[str] = []
    for name in ("二", "三", "四"):
        a, b = text.tables.get(name), docx.tables.get(name)
        if a is None or b is None:
            out.append(f"表{name}: text {'absent' if a is None else 'present'}, "
                       f"docx {'absent' if b is None else 'present'}")  # fmt: skip
            continue
        if a.layout != b.layout:
            out.append(f"表{name} layout: text {a.layout}, docx {b.layout}")
        if a.labels != b.labels:
            out.append(f"表{name} labels: text {a.labels}, docx {b.labels}")
        if list(a.rows) != list(b.rows):
            out.append(f"表{name} rows: text {list(a.rows)}, docx {list(b.rows)}")
        for row in dict.fromkeys([*a.rows, *b.rows]):
            ra, rb = a.rows.get(row, {}), b.rows.get(row, {})
            for col in dict.fromkeys([*ra, *rb]):
                ca, cb = ra.get(col), rb.get(col)
                ka = ca and (ca.value, ca.kind, squash(ca.raw), ca.inferred_by)
                kb = cb and (cb.value, cb.kind, squash(cb.raw), cb.inferred_by)
                if ka != kb:
                    out.append(f"表{name} {row}[{col}]: text {ka}, docx {kb}")
    return out


@pytest.mark.parametrize(("text_path", "docx_path"), PAIRS)
def test_docx_and_text_give_the_same_report(text_path: str, docx_path: str) -> None:
    text = parse_file(REPO / text_path, text_path)
    docx = parse_file(REPO / docx_path, docx_path)
    assert (text.source_format, docx.source_format) == ("txt", "docx")
    assert sorted(text.tables) == sorted(docx.tables) == ["三", "二", "四"]
    diffs = table_differences(text, docx)
    assert not diffs, "tables differ between text and DOCX:\n" + "\n".join(diffs)
    assert docx.format == text.format != "unknown"
    assert docx.year == text.year is not None
    assert [s.key for s in docx.sections] == [s.key for s in text.sections]
    assert [s.number for s in docx.sections] == [s.number for s in text.sections]
    assert (docx.title, docx.publisher) == (text.title, text.publisher)
    table_issues = [(i.code, i.table, i.row) for i in text.parse_issues if i.table]
    assert [(i.code, i.table, i.row) for i in docx.parse_issues if i.table] == table_issues


def test_parity_check_reports_a_differing_cell() -> None:
    """The comparison itself is not vacuous: a changed cell is named."""
    text_path, docx_path = PAIRS[1]
    text = parse_file(REPO / text_path, text_path)
    docx = parse_file(REPO / docx_path, docx_path)
    cell = docx.tables["四"].rows["review"]["total"]
    docx.tables["四"].rows["review"]["total"] = cell.model_copy(update={"value": None, "kind": "blank", "raw": ""})  # fmt: skip
    assert table_differences(text, docx) == [
        "表四 review[total]: text (0, 'number', '0', None), docx (None, 'blank', '', None)"
    ]
