"""Region words decided by the publisher's kind and level (issue 13, task 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from parse_expected import parse_file, parse_lines

from gaorpt_audit.parse.meta import publisher_level

SENTENCE = "2024年，全区共收到政府信息公开申请17件。"


def _claims(title: str, sentence: str):
    report = parse_lines(title, "一、总体情况", sentence)
    return [(c.kind, c.value, c.scope, c.scope_note) for c in report.claims]


@pytest.mark.parametrize(
    "name, kind, level",
    [
        ("淮安市洪泽区人民政府", "government", "区"),
        ("沐阳县人民政府", "government", "县"),
        ("淮安市人民政府", "government", "市"),
        ("平潭综合实验区", "government", "区"),
        ("苏州工业园区管委会", "government", "区"),
        ("大渡口镇人民政府", "government", None),
        ("上海市人民政府办公厅", "department", None),
        (None, "unknown", None),
    ],
)
def test_publisher_level(name, kind, level):
    assert publisher_level(name, kind) == level


def test_own_region_word_is_the_reports_scope():
    got = _claims("淮安市洪泽区人民政府2024年政府信息公开工作年度报告", SENTENCE)
    assert got == [("applications_received", 17, [], "（按全区即本报告口径比较）")]


def test_county_government_and_its_own_word():
    got = _claims(
        "沐阳县人民政府2025年政府信息公开工作年度报告", "全县共受理政府信息公开申请749件。"
    )
    assert got == [("applications_received", 749, [], "（按全县即本报告口径比较）")]


def test_other_level_stays_a_scope_word():
    # a 区 government speaking of 全市 (its city) is not its own table
    got = _claims(
        "淮安市洪泽区人民政府2024年政府信息公开工作年度报告", "全市共收到政府信息公开申请300件。"
    )
    assert got == [("applications_received", 300, ["全市"], "")]


def test_department_region_word_is_not_its_table():
    got = _claims(
        "沭阳县发展和改革局2023年政府信息公开工作年度报告", "全县共收到政府信息公开申请30件。"
    )
    assert got == [("applications_received", 30, ["全县"], "")]


def test_township_region_word_unchanged():
    got = _claims(
        "大渡口镇人民政府2020年政府信息公开工作年度报告", "全区共收到政府信息公开申请3件。"
    )
    assert got == [("applications_received", 3, ["全区"], "")]


def test_office_acting_for_the_government_is_a_part():
    got = _claims(
        "淮安市洪泽区人民政府2024年政府信息公开工作年度报告",
        "2024年，区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复。",
    )
    assert got == [("applications_received", 17, ["代表"], "")]


def test_the_office_itself_acting_for_the_government_is_its_table():
    got = _claims(
        "上海市人民政府办公厅2019年政府信息公开工作年度报告",
        "市政府办公厅代表市政府共受理政府信息公开申请859件。",
    )
    assert got == [("applications_received", 859, [], "")]


def test_received_with_carried_over_in_words_is_not_compared():
    got = _claims(
        "平潭综合实验区2022年政府信息公开工作年度报告",
        "全区收到政府信息公开申请75件（含上年结转1件）。",
    )
    assert got == [("applications_received", 75, ["含"], "（按全区即本报告口径比较）")]


def test_real_reports():
    hongze = parse_file("reports/jiangsu/huaian-hongze-district-gov_2024.pdf")
    got = [(c.kind, c.value, c.scope) for c in hongze.claims if c.kind == "applications_received"]
    assert got == [("applications_received", 17, ["代表"])]
    huaian = parse_file("reports/jiangsu/huaian-city-gov_2024.pdf")
    got = [(c.kind, c.value, c.scope, c.scope_note) for c in huaian.claims[:2]]
    assert got == [
        ("applications_received", 3119, [], "（按全市即本报告口径比较）"),
        ("applications_handled", 3050, [], "（按全市即本报告口径比较）"),
    ]


@pytest.mark.parametrize(
    "path, value",
    [
        ("reports/fujian/pingtan-zone-admin-committee_2022.txt", 75),  # 新收 74 + 结转 1
        ("reports/jiangsu/suqian-shuyang-county-gov_2025.md", 749),  # 新收 713 + 结转 36
    ],
)
def test_received_equal_to_new_plus_carried_over_counts_them_too(path, value):
    from gaorpt_audit.ingest import load
    from gaorpt_audit.parse import parse_document

    report = parse_document(load(Path(path)))
    got = [(c.value, c.scope) for c in report.claims if c.kind == "applications_received"]
    assert got == [(value, ["含上年结转"])]
