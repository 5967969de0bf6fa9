"""Section 五 recognised from its sub-headings when its numbered heading was lost (issue 13).

reports/shanghai/sh-municipal-gov-office_2025.md (PDF -> Markdown) prints section 五's
sub-headings "（一）2024 年工作中存在问题的改进情况" and "（二）2025 年工作中存在的主要问题"
but no "五、存在的主要问题及改进情况" line; sh-stcsm-science-commission_2024.md likewise
("（一）主要问题", "（二）改进情况"). The section is kept (key "problems", number None, empty
title: no heading was printed), its text no longer counted as section 四's, and the lost
heading stays on record as a heading_missing issue located at the first sub-heading (SEC007,
a warning), and the Section says so (``heading_missing``).
"""

from __future__ import annotations

import pytest
from parse_expected import ROOT, parse_file, parse_lines

from gaorpt_audit.model import Report
from gaorpt_audit.parse.headings import problems_sub_heading

SH2025 = "reports/shanghai/sh-municipal-gov-office_2025.md"
STCSM = "reports/shanghai/sh-stcsm-science-commission_2024.md"


def _section(report: Report, key: str):
    return next(s for s in report.sections if s.key == key)


def _missing(report: Report) -> list[tuple[str | None, int | None]]:
    return [(i.section, i.line) for i in report.parse_issues if i.code == "section_missing"]


def _lost(report: Report) -> list[tuple[str | None, int | None]]:
    return [(i.section, i.line) for i in report.parse_issues if i.code == "heading_missing"]


def recognised_without_heading(report: Report) -> dict[str, int]:
    return {s.key: s.line for s in report.sections if s.heading_missing}


def test_sh_municipal_2025_section_five_from_its_sub_headings() -> None:
    lines = (ROOT / SH2025).read_text(encoding="utf-8").split("\n")
    assert lines[182] == "（一）2024 年工作中存在问题的改进情况"
    assert lines[202] == "（二）2025 年工作中存在的主要问题"
    assert not any(line.startswith("五、") for line in lines)
    report = parse_file(SH2025)
    assert [(s.number, s.key, s.line) for s in report.sections] == [
        ("一", "overview", 15),
        ("二", "proactive", 77),
        ("三", "applications", 103),
        ("四", "review_litigation", 171),
        (None, "problems", 183),
        ("六", "other", 214),
    ]
    five = _section(report, "problems")
    assert five.title == "" and five.offset == 0 and not five.variant
    assert five.text.startswith("(一)2024 年工作中存在问题的改进情况\n针对 2024 年工作中")
    assert "\n(二)2025 年工作中存在的主要问题\n" in five.text
    assert five.text.endswith("高质量回\n应企业群众信息公开需求的能力尚需进一步提高。")
    assert "其他需要报告" not in five.text and "— 6 —" not in five.text
    assert len(five.text) == 718
    # section 四 ends with its table now, not with section 五's text
    four = _section(report, "review_litigation")
    assert "改进" not in four.text and four.text.endswith("|---|---|---|---|---|")
    assert _lost(report) == [("五", 183)] and _missing(report) == []
    assert recognised_without_heading(report) == {"problems": 183}


def test_sh_stcsm_2024_section_five_from_its_sub_headings() -> None:
    report = parse_file(STCSM)
    five = _section(report, "problems")
    assert (five.number, five.line, five.title) == (None, 192, "")
    assert five.text.startswith("(一)主要问题\n市科委 2024 年根据本市机构改革工作安排")
    assert "\n(二)改进情况\n根据上述问题,市科委采取以下措施" in five.text
    assert five.text.endswith("政务公开专栏改版工作正在有序进行中。")
    assert [s.key for s in report.sections][-2:] == ["problems", "other"]
    assert _lost(report) == [("五", 192)] and _missing(report) == []
    assert recognised_without_heading(report) == {"problems": 192}


REPORTS_WITH_FIVE = sorted(
    p.relative_to(ROOT).as_posix()
    for p in (ROOT / "reports").rglob("*")
    if p.suffix in (".txt", ".md", ".html", ".pdf")
    and p.name
    not in (
        "sh-municipal-gov-office_2025.md",
        "sh-stcsm-science-commission_2024.md",
        "pingqiu-town_2020.txt",  # 一 recognised from its place (below)
    )
)


def test_pingqiu_2020_overview_from_its_place() -> None:
    # no 一、总体情况 line: after the title (2) and the preamble (3-4, 根据《条例》… 本报告包括…)
    # the overview's sub-parts 一、…六、 run from line 5 up to 二、主动公开政府信息情况 (13)
    report = parse_file("reports/guizhou/pingqiu-town_2020.txt")
    assert recognised_without_heading(report) == {"overview": 5}
    assert _lost(report) == [("一", 5)] and _missing(report) == []
    one = _section(report, "overview")
    assert one.text.startswith("一、政府信息主动公开情况。") and "根据《" not in one.text


def test_overview_needs_prose_before_section_two() -> None:
    # a title and a preamble only, then 二: no overview recognised, 一 is missing
    report = parse_lines(
        "某镇人民政府2020年政府信息公开工作年度报告",
        "根据《中华人民共和国政府信息公开条例》要求，编制本报告。",
        "二、主动公开政府信息情况",
        "规章\t0\t0\t0",
    )
    assert recognised_without_heading(report) == {} and _missing(report)[0] == ("一", None)


@pytest.mark.parametrize("rel", REPORTS_WITH_FIVE)
def test_reports_with_a_printed_heading_are_unchanged(rel: str) -> None:
    report = parse_file(rel)
    assert recognised_without_heading(report) == {}
    assert not [i for i in report.parse_issues if i.code == "heading_missing"]


def test_minimal_text_with_sub_headings_and_no_heading() -> None:
    lines = (
        "一、总体情况",
        "（一）存在问题的整改情况",  # inside 一: a sub-part of the overview, never 五
        "本年度无。",
        "四、政府信息公开行政复议、行政诉讼情况",
        "本年度未发生行政复议、行政诉讼。",
        "（一）存在的主要问题",
        "公开内容不够全面。",
        "（二）改进措施",
        "加强培训。",
        "六、其他需要报告的事项",
        "无。",
    )
    report = parse_lines(*lines)
    assert [(s.number, s.key, s.line) for s in report.sections] == [
        ("一", "overview", 1),
        ("四", "review_litigation", 4),
        (None, "problems", 6),
        ("六", "other", 10),
    ]
    assert (
        _section(report, "problems").text
        == "（一）存在的主要问题\n公开内容不够全面。\n（二）改进措施\n加强培训。"
    )
    assert _section(report, "review_litigation").text == "本年度未发生行政复议、行政诉讼。"
    assert recognised_without_heading(report) == {"problems": 6}


def test_no_sub_heading_no_section() -> None:
    report = parse_lines(
        "四、政府信息公开行政复议、行政诉讼情况",
        "本年度未发生行政复议、行政诉讼。",
        "（一）行政复议情况",
        "无。",
        "六、其他需要报告的事项",
        "无。",
    )
    assert "problems" not in [s.key for s in report.sections]
    assert ("五", None) in _missing(report)


def test_a_printed_heading_wins() -> None:
    report = parse_lines(
        "四、政府信息公开行政复议、行政诉讼情况",
        "无。",
        "五、存在的主要问题及改进情况",
        "（一）存在的主要问题",
        "无。",
        "六、其他需要报告的事项",
    )
    five = _section(report, "problems")
    assert (five.number, five.line, five.title) == ("五", 3, "存在的主要问题及改进情况")
    assert ("五", None) not in _missing(report) and ("五", 4) not in _missing(report)


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("（一）2024 年工作中存在问题的改进情况", 0),
        ("（二）2025 年工作中存在的主要问题", 0),
        ("## (一) 主要问题", 3),
        ("1.存在的不足", 0),
        ("（二）改进情况", 0),
        (
            "（一）存在的主要问题。当前存在的主要不足一是政策解读力度仍不够大，解读方式仍待丰富。",
            None,
        ),
        ("（一）行政复议情况", None),
        ("存在的主要问题", None),  # a bare title is a heading, found by the heading search
        ("| （一）主要问题 | 1 |", None),
    ],
)
def test_problems_sub_heading(text: str, at: int | None) -> None:
    assert problems_sub_heading(text) == at
