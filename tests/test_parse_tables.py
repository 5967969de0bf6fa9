"""Tables 三 and 四 of every report in reports/, cell by cell, against the hand-checked
truth (tests/fixtures/tables_truth.json, keyed by original corpus name).

A cell must equal the truth (``null`` = a blank cell, kind "blank"), or be absent AND
explained by a parse issue of that table naming the row (an honest "cannot read" is
accepted, a wrong number never is). The five seeds must be 100 % right.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gaorpt_audit.ingest import load
from gaorpt_audit.model import Document, Paragraph, Report, TableBlock
from gaorpt_audit.parse import parse_document
from gaorpt_audit.parse.labels import T3_KEYS_2019

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TRUTH = json.loads((FIXTURES / "tables_truth.json").read_text(encoding="utf-8"))
NAMES = json.loads((FIXTURES / "corpus_names.json").read_text(encoding="utf-8"))
SEEDS = {name for name in NAMES if name[:3].isdigit()}
TEXT_SUFFIXES = (".txt", ".md")


def _cases(suffixes: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(orig, repo) for orig, repo in sorted(NAMES.items()) if repo.endswith(suffixes)]


def parse(repo_name: str) -> Report:
    return parse_document(load(ROOT / "reports" / repo_name, f"reports/{repo_name}"))


def compare(orig: str, report: Report) -> tuple[list[str], list[str], int, int]:
    """(wrong cells, cells left out with an issue, right, total) for tables 三 and 四."""
    truth = TRUTH[orig]
    wrong: list[str] = []
    excused: list[str] = []
    right = total = 0
    for name in ("三", "四"):
        table = report.tables.get(name)
        issues = [i for i in report.parse_issues if i.table == name]
        for row, cols in truth[name].items():
            for col, expected in cols.items():
                total += 1
                cell = table.cell(row, col) if table is not None else None
                where = f"{orig} table {name} row {row} column {col}"
                if cell is None:
                    if any(i.row == row or i.row is None and row in i.message for i in issues) or (
                        table is None and issues
                    ):
                        excused.append(f"{where}: left out ({issues[0].code})")
                    else:
                        wrong.append(f"{where}: expected {expected!r}, got nothing (no issue)")
                    continue
                got = None if cell.kind == "blank" else cell.value
                if expected is None and cell.kind != "blank":
                    wrong.append(f"{where}: expected blank, got {cell.kind} {cell.raw!r}")
                elif got != expected:
                    wrong.append(f"{where}: expected {expected!r}, got {got!r} (raw {cell.raw!r})")
                else:
                    right += 1
    return wrong, excused, right, total


@pytest.mark.parametrize(("orig", "repo"), _cases(TEXT_SUFFIXES), ids=lambda v: v)
def test_tables_three_and_four_match_truth(orig: str, repo: str) -> None:
    report = parse(repo)
    wrong, excused, right, total = compare(orig, report)
    assert not wrong, "\n".join(wrong)
    if orig in SEEDS:
        assert right == total, "\n".join(excused)
    # table 三's layout as printed (洪泽 hybrid: 三 is 2019 while 二 is 2021)
    t3 = report.tables.get("三")
    if t3 is not None:
        assert t3.layout == TRUTH[orig]["table_three_layout"]


def test_every_text_report_has_all_three_tables_or_says_why() -> None:
    for _orig, repo in _cases(TEXT_SUFFIXES):
        report = parse(repo)
        for name in ("二", "三", "四"):
            assert name in report.tables or any(i.table == name for i in report.parse_issues), (
                f"{repo}: table {name} neither found nor explained"
            )


@pytest.mark.parametrize(("orig", "repo"), _cases((".html", ".pdf")), ids=lambda v: v)
def test_grid_reports_match_truth(orig: str, repo: str) -> None:
    """HTML/PDF go through the TableBlock grid path of the same table stage."""
    report = parse(repo)
    wrong, _excused, right, total = compare(orig, report)
    assert not wrong, "\n".join(wrong)
    assert right == total
    assert report.tables["三"].layout == TRUTH[orig]["table_three_layout"]


def test_hongze_hybrid_format() -> None:
    """洪泽: 2021 labels in 二 but a single （六） row in 三 -> format 2021, 三 layout 2019."""
    report = parse("jiangsu/huaian-hongze-district-gov_2023.pdf")
    assert report.format == "2021"
    assert report.tables["二"].layout == "2021"
    assert report.tables["三"].layout == "2019"
    assert "other" in report.tables["三"].rows
    assert "（六）其他处理" in report.tables["三"].labels


def test_shanghai_2019_blank_total_column_is_blank_not_zero() -> None:
    report = parse("shanghai/sh-municipal-gov-office_2019.html")
    t3 = report.tables["三"]
    cell = t3.cell("granted", "total")
    assert cell is not None and cell.kind == "blank" and cell.value is None
    assert t3.cell("result_total", "total").value == 805
    assert t3.cell("other", "natural_person").kind == "blank"


def test_flattened_digits_chosen_by_identity_are_marked() -> None:
    """平潭 2021: 予以公开 '270020130' has two readings with 总计 = row sum; the column
    identities choose [27,0,0,2,0,1,30], and those cells say which identity chose them."""
    report = parse("fujian/pingtan-zone-admin-committee_2021.txt")
    t3 = report.tables["三"]
    granted = t3.rows["granted"]
    assert [c.value for c in granted.values()] == [27, 0, 0, 2, 0, 1, 30]
    assert {c.inferred_by for c in granted.values()} <= {"T3-SUM", "T3-BAL"}
    assert granted["total"].inferred_by is not None
    # a row with one reading only is not marked
    assert t3.rows["carried_over"]["total"].inferred_by is None
    # '640020470' (本年新收) has one reading whose 总计 is the row sum: chosen by T3-ROW
    assert [c.value for c in t3.rows["new"].values()] == [64, 0, 0, 2, 0, 4, 70]
    assert t3.rows["new"]["total"].inferred_by == "T3-ROW"
    # 二: '行政规范性文件693665' cannot be cut into 3 columns without guessing
    assert "normative_documents" not in report.tables["二"].rows
    assert any(
        i.code == "table_ambiguous" and i.table == "二" and i.row == "normative_documents"
        for i in report.parse_issues
    )
    assert report.tables["二"].rows["fees"]["amount_wan"].value == 24252.311082


def test_md_rows_with_lost_labels_follow_template_order() -> None:
    """上海 2025 (PDF->Markdown): '| 0 | 0 | … |' without a label sits where （五）5 belongs,
    and '行政机关不再处理其政府信息公' (cut label) is （六）1."""
    t3 = parse("shanghai/sh-municipal-gov-office_2025.md").tables["三"]
    assert [c.value for c in t3.rows["not_processed.confirmation"].values()] == [0] * 7
    assert [c.value for c in t3.rows["other.overdue_correction"].values()] == [
        40,
        1,
        0,
        0,
        2,
        0,
        43,
    ]
    assert t3.rows["other.overdue_correction"]["total"].line == 156


T2_EXPECTED = sorted((ROOT / "tests" / "expected" / "table2").rglob("*.json"))


@pytest.mark.parametrize("path", T2_EXPECTED, ids=lambda p: p.stem)
def test_table_two_matches_hand_checked_values(path: Path) -> None:
    """tests/expected/table2/*.json were typed from the source text (see "checked")."""
    expected = json.loads(path.read_text(encoding="utf-8"))
    report = parse(expected["source"].removeprefix("reports/"))
    t2 = report.tables["二"]
    assert t2.layout == expected["layout"]
    diffs = []
    for row, cols in expected["rows"].items():
        for col, value in cols.items():
            cell = t2.cell(row, col)
            got = None if cell is None else (None if cell.kind == "blank" else cell.value)
            if cell is None or got != value:
                diffs.append(f"{path.name}: 二 {row}.{col} expected {value!r}, got {got!r}")
    assert not diffs, "\n".join(diffs)
    assert set(t2.rows) == set(expected["rows"])
    for row in expected["left_out"]:
        assert any(i.table == "二" and i.row == row for i in report.parse_issues), row


def test_table_two_keeps_units_and_signs_in_raw() -> None:
    t2 = parse("anhui/dadukou-town_2020.txt").tables["二"]
    amount = t2.cell("procurement", "amount")
    assert amount.value == 13.02 and amount.kind == "number" and "万元" in amount.raw
    t2 = parse("zhejiang/baibu-town_2020.txt").tables["二"]
    assert t2.cell("procurement", "amount").raw == "1054900元"
    assert t2.cell("procurement", "amount").line == 107


def _t3_grid() -> TableBlock:
    """A hand-made grid shaped like the HTML table 三: 3 header rows whose rowspan/colspan
    cells repeat their text (spans marked), 3 label columns, 7 value columns (2019 rows)."""
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    head = [
        [note, note, note, "申请人情况", *["申请人情况"] * 6],
        [note, note, note, "自然人", *["法人或其他组织"] * 5, "总计"],
        [
            note,
            note,
            note,
            "自然人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        ],
    ]
    head_spans = [
        [False, True, True, False, *[True] * 6],
        [True, True, True, False, False, True, True, True, True, False],
        [True, True, True, True, False, False, False, False, False, True],
    ]
    labels = [
        ("一、本年新收政府信息公开申请数量",) * 3,
        ("二、上年结转政府信息公开申请数量",) * 3,
        ("三、本年度办理结果", "（一）予以公开", "（一）予以公开"),
        (
            "三、本年度办理结果",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        *[
            ("三、本年度办理结果", "（三）不予公开", f"{i}.{t}")
            for i, t in enumerate(
                [
                    "属于国家秘密",
                    "其他法律行政法规禁止公开",
                    "危及“三安全一稳定”",
                    "保护第三方合法权益",
                    "属于三类内部事务信息",
                    "属于四类过程性信息",
                    "属于行政执法案卷",
                    "属于行政查询事项",
                ],
                1,
            )
        ],
        *[
            ("三、本年度办理结果", "（四）无法提供", f"{i}.{t}")
            for i, t in enumerate(
                ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
                1,
            )
        ],
        *[
            ("三、本年度办理结果", "（五）不予处理", f"{i}.{t}")
            for i, t in enumerate(
                [
                    "信访举报投诉类申请",
                    "重复申请",
                    "要求提供公开出版物",
                    "无正当理由大量反复申请",
                    "要求行政机关确认或重新出具已获取信息",
                ],
                1,
            )
        ],
        ("三、本年度办理结果", "（六）其他处理", "（六）其他处理"),
        ("三、本年度办理结果", "（七）总计", "（七）总计"),
        ("四、结转下年度继续办理",) * 3,
    ]
    rows, spans = [r[:] for r in head], [s[:] for s in head_spans]
    for i, lab in enumerate(labels):
        values = [str(i), "0", "0", "0", "0", "0", str(i)]
        if lab[1] == "（六）其他处理":
            values = [""] * 7  # the whole row left empty, as in the Shanghai 2019 HTML
        if lab[1] == "（一）予以公开":
            values[-1] = ""  # a blank 总计 cell
        rows.append([*lab, *values])
        # a label cell repeating its left or upper neighbour is covered by a span
        above = rows[-2]
        spans.append(
            [j > 0 and lab[j] == lab[j - 1] or lab[j] == above[j] for j in range(3)] + [False] * 7
        )
    lines = list(range(100, 100 + len(rows)))
    return TableBlock(rows=rows, lines=lines, pages=[3] * len(rows), spans=spans, index=1)


def test_table_three_from_a_tableblock_grid() -> None:
    doc = Document(
        path="grid.html",
        source_format="html",
        blocks=[Paragraph(text="三、收到和处理政府信息公开申请情况", line=99), _t3_grid()],
    )
    report = parse_document(doc)
    t3 = report.tables["三"]
    assert t3.layout == "2019" and list(t3.rows) == T3_KEYS_2019
    assert t3.cell("new", "natural_person").value == 0
    assert t3.cell("carried_over", "total").value == 1
    assert t3.cell("granted", "total").kind == "blank"
    assert t3.cell("partial", "natural_person").value == 3
    assert t3.cell("withheld.state_secret", "total").value == 4
    assert t3.cell("not_processed.confirmation", "natural_person").value == 19
    assert all(c.kind == "blank" for c in t3.rows["other"].values())
    assert t3.cell("carried_forward", "total").value == 22
    assert t3.cell("carried_forward", "total").line == 100 + 3 + 22
    assert t3.cell("carried_forward", "total").page == 3
    assert not [i for i in report.parse_issues if i.table == "三"]
