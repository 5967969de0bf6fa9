"""Prose inside the table sections of a one-line crawler dump (issue 13, task 2)."""

from __future__ import annotations

from pathlib import Path

from parse_expected import parse_lines

from gaorpt_audit.parse.narrative import prose_spans

PINGTAN = Path("reports/fujian/pingtan-zone-admin-committee_2022.txt")
NOTE = "（按全区即本报告口径比较）"
# sentences a report could write inside sections 二–四 (between or after the tables)
IN_TWO = "本年度全区共有行政复议案件3件、行政诉讼案件2件。"
IN_THREE = "本年度共收到政府信息公开申请80件，办结78件，其中予以公开21件，不予公开1件。"
IN_FOUR = "结转至下年度办理2件。"
EXPECTED = [
    ("review_count", 3, None, [], NOTE),
    ("litigation_count", 2, None, [], NOTE),
    ("applications_received", 80, None, [], ""),
    ("applications_handled", 78, None, [], ""),
    ("outcome_count", 21, "granted", [], ""),
    ("outcome_count", 1, "withheld", [], ""),
    ("applications_carried_forward", 2, None, [], ""),
]


def _claims(report, kinds=None):
    return [
        (c.kind, c.value, c.target, c.scope, c.scope_note)
        for c in report.claims
        if c.kind != "fee_statement" and (kinds is None or c.text in kinds)
    ]


def _flat() -> list[str]:
    lines = PINGTAN.read_text(encoding="utf-8").splitlines()
    body = lines[9]
    body = body.replace("行政事业性收费9116.36 ", "行政事业性收费9116.36 " + IN_TWO, 1)
    body = body.replace(
        "（七）总计 723000075四、结转下年度继续办理 0000000 ",
        "（七）总计 723000075四、结转下年度继续办理 0000000 " + IN_THREE,
        1,
    )
    body = body.replace(
        "0 1 1 0 2 1 0 0 0 1 0 0 0 0 0 ", "0 1 1 0 2 1 0 0 0 1 0 0 0 0 0 " + IN_FOUR, 1
    )
    assert body.count(IN_TWO) == body.count(IN_THREE) == body.count(IN_FOUR) == 1
    return lines[:9] + [body] + lines[10:]


def test_real_one_line_dump_has_no_prose_in_the_tables():
    body = PINGTAN.read_text(encoding="utf-8").splitlines()[9]
    assert prose_spans(body, body.find("二、主动公开"), body.find("五、存在")) == []


def test_one_line_dump_reads_the_sentences_between_the_tables():
    lines = _flat()
    body = lines[9]
    spans = prose_spans(body, body.find("二、主动公开"), body.find("五、存在"))
    assert [body[a:b] for a, b in spans] == [IN_TWO, IN_THREE, IN_FOUR]
    report = parse_lines(*lines)
    assert _claims(report, {IN_TWO, IN_THREE, IN_FOUR}) == EXPECTED
    # the claims point into line 10 at their own numbers
    c = next(c for c in report.claims if c.kind == "applications_received" and c.value == 80)
    assert c.line == 10 and body[c.offset : c.offset + 2] == "80"
    # and the claims of section 一 are still there, unchanged
    assert ("applications_received", 75, None, [], NOTE) in _claims(report)


def test_table_text_gives_no_claims():
    # the original dump: only the claims of 一 (the tables' 行政复议/总计 numbers are not read)
    report = parse_lines(*PINGTAN.read_text(encoding="utf-8").splitlines())
    assert [(c.kind, c.value) for c in report.claims if c.kind != "fee_statement"] == [
        ("applications_received", 75),
        ("review_count", 2),
        ("litigation_count", 1),
    ]


def test_normal_layout_same_claims():
    lines = [
        "平潭综合实验区2022年政府信息公开工作年度报告",
        "一、总体情况",
        "2022年，平潭综合实验区认真做好政府信息公开工作。",
        "二、主动公开政府信息情况",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t0\t0\t0",
        IN_TWO,
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量\t71\t3\t0\t0\t0\t0\t74",
        IN_THREE,
        "四、政府信息公开行政复议、行政诉讼情况",
        "0\t1\t1\t0\t2\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0",
        IN_FOUR,
        "五、存在的主要问题及改进情况",
        "信息公开深度不足。",
    ]
    assert _claims(parse_lines(*lines)) == EXPECTED
