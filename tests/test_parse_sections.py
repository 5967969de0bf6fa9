"""Section headings of every seed and real text report against hand-checked expectations."""

from __future__ import annotations

import pytest
from parse_expected import (
    EXPECTED,
    ROOT,
    diff,
    expected_id,
    parse_file,
    parse_lines,
    read_expected,
)


def _missing(report) -> list[str]:
    return [i.section for i in report.parse_issues if i.code == "section_missing"]


@pytest.mark.parametrize("path", EXPECTED, ids=expected_id)
def test_sections_match_expected(path):
    want = read_expected(path)
    report = parse_file(want["path"])
    got = [
        {"key": s.key, "number": s.number, "line": s.line, "variant": s.variant}
        for s in report.sections
    ]
    problems = diff("sections", want["sections"], got)
    problems += diff("missing", want["missing_sections"], _missing(report))
    assert not problems, "\n".join(problems)


def test_pingqiu_sub_parts_are_not_sections():
    report = parse_file("reports/guizhou/pingqiu-town_2020.txt")
    assert [s.key for s in report.sections] == [
        "overview",
        "proactive",
        "applications",
        "review_litigation",
        "problems",
        "other",
    ]
    # the overview has no heading line: recognised from its place, from its first sub-part
    overview = report.sections[0]
    assert (overview.heading_missing, overview.line, overview.number) == (True, 5, None)
    assert overview.text.startswith("一、政府信息主动公开情况。")
    assert report.sections[1].line == 13  # not line 5 "一、政府信息主动公开情况"
    assert report.sections[3].line == 352  # not line 12 "六、因政府信息公开申请行政复议…"
    assert _missing(report) == []
    assert report.sections[-1].text == "无"


def test_baibu_problems_without_numeral():
    report = parse_file("reports/zhejiang/baibu-town_2020.txt")
    five = next(s for s in report.sections if s.key == "problems")
    assert five.number is None and five.line == 419
    assert five.text.startswith("(一)存在的主要问题。")
    assert "2021年进一步改进措施" in five.text
    assert "其他需要报告" not in five.text


def test_pingtan_sections_inside_one_line():
    report = parse_file("reports/fujian/pingtan-zone-admin-committee_2022.txt")
    assert [s.number for s in report.sections] == ["一", "二", "三", "四", "五", "六"]
    assert {s.line for s in report.sections} == {10}
    texts = {s.key: s.text for s in report.sections}
    assert texts["overview"].startswith("2022年,平潭综合实验区坚持")
    assert texts["other"] == "2022年,无收取信息处理费情况。"
    assert texts["proactive"].startswith("第二十条第(一)项")
    review = next(s for s in report.sections if s.key == "review_litigation")
    assert review.variant and review.title == "政府信息公开行政法复议、行政诉讼情况"
    # one line holds all six: the offset within it orders them (SEC006 compares it)
    line = (
        (ROOT / "reports/fujian/pingtan-zone-admin-committee_2022.txt")
        .read_text(encoding="utf-8")
        .split("\n")[9]
    )
    offsets = [s.offset for s in report.sections]
    assert offsets == sorted(offsets) and len(set(offsets)) == 6
    assert offsets[0] == line.index("一、总体情况")
    assert [line[o : o + 2] for o in offsets] == [f"{n}、" for n in "一二三四五六"]


def test_heading_offsets_on_their_own_lines():
    report = parse_file("reports/anhui/dadukou-town_2020.txt")
    assert [s.offset for s in report.sections] == [0] * 6
    report = parse_file("reports/jiangsu/suqian-shuyang-county-gov_2025.md")
    assert report.sections[0].offset == 3  # "## 一、总体情况": after the markdown marks


def test_other_section_stops_before_signature_and_chrome():
    report = parse_file("reports/anhui/dadukou-town_2020.txt")
    assert report.sections[-1].text == "无。"
    report = parse_file("reports/jiangsu/suqian-shuyang-county-gov_2025.md")
    assert report.sections[-1].text.endswith("收取380元。")


def test_table_rows_and_preamble_list_are_not_headings():
    report = parse_lines(
        "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。",
        "一、总体情况",
        "正文。",
        "| 二、主动公开政府信息情况 | 0 |",
        "四、结转下年度继续办理\t0\t0",
    )
    assert [(s.key, s.line) for s in report.sections] == [("overview", 2)]
    assert report.sections[0].text.startswith("正文。")


def test_variant_wordings():
    report = parse_lines(
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "五、存在的主要问题及整改措施",
        "六、其他需要报告的事项",
    )
    assert [s.variant for s in report.sections] == [False, False, False, True, True, False]
    assert [s.line for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.sections[4].text == ""


def test_sections_printed_out_of_order_keep_their_position():
    # real honghuaji-town_2021 headings (lines 67-91) with 四 and 五 swapped
    report = parse_lines(
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "五、存在的主要问题及改进情况",
        "(一) 工作中存在的问题",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议\t行政诉讼",
        "六、其他需要报告的事项",
        "无。",
    )
    assert [(s.number, s.line) for s in report.sections] == [
        ("一", 1),
        ("二", 2),
        ("三", 3),
        ("五", 4),
        ("四", 6),
        ("六", 8),
    ]
    assert _missing(report) == []
    texts = {s.key: s.text for s in report.sections}
    assert texts["problems"] == "(一) 工作中存在的问题"
    assert texts["review_litigation"] == "行政复议\t行政诉讼"


def test_out_of_order_heading_must_be_unambiguous():
    # 四 printed before 三 is kept; a sub-part with a foreign numeral (pingqiu-town line 12
    # "六、因政府信息公开申请行政复议…") and a title line without numeral are not
    report = parse_lines(
        "一、总体情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
    )
    assert [s.number for s in report.sections] == ["一", "四", "二", "三"]
    report = parse_lines(
        "一、总体情况",
        "六、因政府信息公开申请行政复议、提起行政诉讼情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
    )
    assert [s.number for s in report.sections] == ["一", "二", "三"]
    assert _missing(report) == ["四", "五", "六"]
    report = parse_lines(
        "一、总体情况",
        "存在的主要问题及改进情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "六、其他需要报告的事项",
    )
    assert [s.number for s in report.sections] == ["一", "二", "三", "四", "六"]
    assert _missing(report) == ["五"]
