"""Narrative claims added for issue 13 (narrative against the tables)."""

from __future__ import annotations

import pytest
from parse_expected import parse_lines


def _claims(report):
    return [(c.kind, c.value, c.target, c.scope) for c in report.claims]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # （七）总计 counts the applications carried over from last year too (T3-BAL)
        (
            "办结政府信息公开申请10件(含上年结转2件)。",
            [("applications_handled", 10, None, [])],
        ),
        (
            "答复政府信息公开申请805件(含上年度结转申请18件,另有72件申请顺延到下年度答复)。",
            [("applications_handled", 805, None, [])],
        ),
        # …but not 本年新收: a received count that includes them is another number
        (
            "共收到政府信息公开申请10件(含上年结转2件)。",
            [("applications_received", 10, None, ["含"])],
        ),
        # any other 含 still makes the number not comparable
        ("办结政府信息公开申请10件(含咨询3件)。", [("applications_handled", 10, None, ["含"])]),
        (
            "办结政府信息公开申请10件(含上年结转2件,含咨询1件)。",
            [("applications_handled", 10, None, ["含"])],
        ),
    ],
)
def test_handled_count_with_carried_over_applications(sentence, expected):
    assert _claims(parse_lines(sentence)) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # 上海 2019: the 均 covers both counts before it
        (
            "信息公开类行政复议7件,诉讼9件,均获维持,继续保持了省级政府零败诉的记录。",
            [
                ("review_all_upheld", 0, None, []),
                ("litigation_all_upheld", 0, None, []),
                ("review_count", 7, None, []),
            ],
        ),
        ("行政复议和行政诉讼案件均获维持。", ["review_all_upheld", "litigation_all_upheld"]),
        ("复议后起诉的案件均获维持。", ["litigation_all_upheld"]),  # a litigation
        ("行政复议3件,其中2件均获维持。", ["review_count"]),  # a part
        ("行政复议3件,除1件尚未审结外均获维持。", ["review_count"]),
        ("行政复议5件,均未获维持。", ["review_count"]),  # negated
        # 上海 2025, 上海科委 2024
        (
            "全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。",
            ["review_none_corrected", "litigation_none_corrected"],
        ),
        (
            "2024 年市科委有 1 件涉及政府信息公开工作的行政复议,该行政复议件未被复议审查机关纠错。",
            ["review_none_corrected", "review_count"],
        ),
        ("行政复议3件,该复议件未被纠错。", ["review_count"]),  # 该: only when 1 件
        ("行政诉讼2件,均未被法院判决撤销。", ["litigation_none_corrected", "litigation_count"]),
        ("行政复议3件,其中1件被纠错,其余均未被纠错。", ["review_count"]),
        # all_handled: 办结 / 办理完成, tied to 申请
        (
            "全年收到政府信息公开申请 34 件,上年结转政府信息公开申请 2 件,所有申请均已按要求办理完成。",
            ["all_handled", "applications_received"],
        ),
        ("共收到政府信息公开申请4件,均已按时答复办结。", ["all_handled", "applications_received"]),
        ("本年度新收申请50件,已全部办结。", ["all_handled", "applications_received"]),
        (
            "全区收到申请75件,均已办结。",
            [("all_handled", 0, None, ["全区"]), ("applications_received", 75, None, ["全区"])],
        ),
        # …not a bare 答复 (the time limit), not another subject, not a part
        ("共收到政府信息公开申请4件,均已按时答复。", ["applications_received"]),
        ("均在法定期限内予以答复,办结率100%。", []),
        ("所有办结的信息公开申请中同意公开答复 9 件。", ["outcome_count"]),
        ("本年度收到行政复议申请2件,均已办结。", ["review_count"]),
        ("收到群众诉求348件,均已办结。", []),
        ("上年结转的2件申请均已办结。", []),
        (
            "共收到申请10件,均已办结,1件结转下年度办理。",
            ["applications_received", "applications_carried_forward"],
        ),
        ("本机关未被申请行政复议,也未被提起行政诉讼,申请人诉求均已答复。", []),
    ],
)
def test_whole_set_statements(sentence, expected):
    got = _claims(parse_lines(sentence))
    if expected and isinstance(expected[0], str):
        got = [kind for kind, *_ in got]
    assert got == expected
