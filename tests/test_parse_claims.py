"""Narrative claims of every seed and real text report against hand-checked expectations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parse_expected import EXPECTED, expected_id, parse_file, parse_lines, read_expected


def _key(c: dict) -> tuple:
    return (c["line"], c["kind"], c["target"] or "", c["value"])


@pytest.mark.parametrize("path", EXPECTED, ids=expected_id)
def test_claims_match_expected(path):
    want = read_expected(path)
    report = parse_file(want["path"])
    got = [
        {"kind": c.kind, "value": c.value, "target": c.target, "line": c.line, "scope": c.scope}
        for c in report.claims
    ]
    want_claims = sorted(want["claims"], key=_key)
    got = sorted(got, key=_key)
    missing = [c for c in want_claims if c not in got]
    extra = [c for c in got if c not in want_claims]
    assert not missing and not extra, f"missing: {missing}\nunexpected: {extra}"


def _claims(report):
    return [(c.kind, c.value, c.target, c.scope) for c in report.claims]


def test_baibu_received_and_outcomes():
    report = parse_file("reports/zhejiang/baibu-town_2020.txt")
    assert _claims(report) == [
        ("applications_received", 3, None, []),
        ("outcome_count", 2, "partial", []),
        ("outcome_count", 1, "withheld", []),
    ]
    assert all(c.text.startswith("2020年,百步镇收到依申请公开3件") for c in report.claims)


def test_pingtan_2022_review_and_litigation():
    report = parse_file("reports/fujian/pingtan-zone-admin-committee_2022.txt")
    counts = {c.kind: c.value for c in report.claims}
    assert counts["review_count"] == 2 and counts["litigation_count"] == 1
    assert counts["applications_received"] == 75  # new 74 + carried 1 (tables: 含上年结转)
    # 全区 in the zone government's own report is its own scope (issue 13)
    assert all("全区" not in c.scope for c in report.claims)
    got = {c.kind: (c.scope, c.scope_note) for c in report.claims}
    # without the tables (this module set) the received count has no scope word
    assert got["applications_received"] == ([], "（按全区即本报告口径比较）")
    assert got["review_count"] == ([], "（按全区即本报告口径比较）")


def test_shuyang_counts_carry_region_scope():
    report = parse_file("reports/jiangsu/suqian-shuyang-county-gov_2025.md")
    got = {c.kind: (c.value, c.scope) for c in report.claims}
    # 全县 is the county government's own scope (749 = 新收 713 + 上年结转 36: the full parse
    # with tables marks it 含上年结转, tests/test_claims_publisher_scope.py)
    assert got["applications_received"] == (749, [])
    assert got["applications_handled"] == (718, [])
    assert got["applications_carried_forward"] == (31, [])
    assert got["fee_statement"] == (380, [])


def test_shanghai_no_correction_is_not_a_no_case_claim():
    report = parse_file("reports/shanghai/sh-municipal-gov-office_2025.md")
    kinds = {c.kind for c in report.claims}
    assert "no_review_litigation" not in kinds and "no_applications" not in kinds
    handled = next(c for c in report.claims if c.kind == "applications_handled")
    # "办结 1191 件（含上年结转 189 件）": （七）总计 counts the carried-over ones too
    assert (handled.value, handled.scope) == (1191, [])


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("2021年,本机关未收到政府信息公开申请。", [("no_applications", 0, None, [])]),
        (
            "本年度未发生政府信息公开行政复议、行政诉讼案件。",
            [("no_review_litigation", 0, None, [])],
        ),
        ("行政复议和行政诉讼均为0。", [("no_review_litigation", 0, None, [])]),
        ("全市共收到政府信息公开申请120件。", [("applications_received", 120, None, ["全市"])]),
        ("累计收到政府信息公开申请30件。", [("applications_received", 30, None, ["累计"])]),
        ("收到政府信息公开咨询申请12件。", [("applications_received", 12, None, ["咨询"])]),
        (
            "共收到申请8件,较上年收到申请10件减少2件。",
            [
                ("applications_received", 8, None, []),
                ("applications_received", 10, None, ["较上年"]),
            ],
        ),
        (
            "予以公开5件,部分公开2件。",
            [("outcome_count", 5, "granted", []), ("outcome_count", 2, "partial", [])],
        ),
        # sub-rows named with the table's own wording (DESIGN.md keys)
        (
            "不予公开3件,其中属于国家秘密1件,属于三类内部事务信息2件。",
            [
                ("outcome_count", 3, "withheld", []),
                ("outcome_count", 1, "withheld.state_secret", []),
                ("outcome_count", 2, "withheld.internal_affairs", []),
            ],
        ),
        (
            "本机关不掌握相关政府信息4件,没有现成信息需要另行制作1件。",
            [
                ("outcome_count", 4, "unavailable.not_held", []),
                ("outcome_count", 1, "unavailable.needs_creation", []),
            ],
        ),
        (
            "不予处理的重复申请2件,信访举报投诉类申请1件。",
            [
                ("outcome_count", 2, "not_processed.repeat", []),
                ("outcome_count", 1, "not_processed.complaint", []),
            ],
        ),
        ("全市属于国家秘密1件。", [("outcome_count", 1, "withheld.state_secret", ["全市"])]),
        # 等 widens the reason to the group (上海 2025: 564 = 513 + 48 + 3, 80 = 62 + 16 + 1 + 1)
        (
            "因本机关不掌握等原因无法提供564件,属信访、重复申请等不予处理80件。",
            [("outcome_count", 564, "unavailable", []), ("outcome_count", 80, "not_processed", [])],
        ),
        # a group word between reason and number: the count may be the whole group's
        ("因本机关不掌握相关政府信息无法提供5件。", [("outcome_count", 5, "unavailable", [])]),
        # a short reason without its group word is no outcome
        ("重复申请3件已告知申请人。", []),
        ("本机关未被申请行政复议,也未被提起行政诉讼,申请人诉求均已答复。", []),
        ("收到群众诉求348件,现场解决162件。", []),
        ("全年主动公开政府信息278条。", []),
    ],
)
def test_claim_sentences(sentence, expected):
    assert _claims(parse_lines(sentence)) == expected


def test_claims_ignore_tables():
    report = parse_lines(
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量\t3件\t0\t3",
        "| 予以公开 | 5件 |",
    )
    assert report.claims == []


def test_fee_only_in_section_six():
    report = parse_lines(
        "一、总体情况",
        "严格执行信息处理费管理办法,处理费标准为100元。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    )
    assert [(c.kind, c.value, c.line) for c in report.claims] == [("fee_statement", 0, 4)]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet="一二三四五六、。,;|\t0123456789件起年月日申请收到办结结转行政复议诉讼未无其中全市情况总体主动公开政府信息 ",
            max_size=60,
        ),
        max_size=12,
    )
)
def test_never_raises_on_fragments(lines):
    report = parse_lines(*lines)
    for c in report.claims:
        assert c.value is None or c.value >= 0
    keys = [s.key for s in report.sections]
    assert len(keys) == len(set(keys))
