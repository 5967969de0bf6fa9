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
