"""The `enumeration` kind (SEC008 heading numerals, SEC009 numbered lists): what counts as a
list item and a first-level line, what is left alone (references, words, dates, table text,
restarts), both backends, and the complete list of its findings on reports/."""

from __future__ import annotations

from pathlib import Path

import pytest
from durable_helpers import BACKENDS
from pydantic import ValidationError
from rule_helpers import make_rule

from gaorpt_audit.backends import get_backend
from gaorpt_audit.checks import compile_rules
from gaorpt_audit.checks.enumeration_scan import (
    STYLES,
    broken_lists,
    cn_numeral,
    cn_value,
    heading_numbers,
)
from gaorpt_audit.discover import discover
from gaorpt_audit.evaluate import evaluate_report
from gaorpt_audit.facts import build_facts
from gaorpt_audit.model import Document, Paragraph, Report
from gaorpt_audit.parse import parse_document
from gaorpt_audit.pipeline import parse_file
from gaorpt_audit.rulebook import load_rules
from gaorpt_audit.rulecases import case_report

REPO = Path(__file__).resolve().parent.parent
HEADINGS = ["一、总体情况", "2021年，我镇未收到政府信息公开申请。", "二、主动公开政府信息情况"]
TAIL = ["六、其他需要报告的事项", "无。"]


def report_of(*lines: str) -> Report:
    """A text report, one paragraph per line, through the real parser."""
    blocks = [Paragraph(text=t, line=i) for i, t in enumerate(lines, 1)]
    return parse_document(Document(path="synthetic.txt", source_format="txt", blocks=blocks))


def problems_lists(*body: str) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """(style, markers, repeated, missing) of the broken lists of section 五 holding ``body``."""
    report = report_of(*HEADINGS, "五、存在的主要问题及改进情况", *body, *TAIL)
    (sec,) = [s for s in report.sections if s.key == "problems"]
    return [
        (s.style, "……".join(i.marker for i in s.items), s.repeated, s.missing)
        for s in broken_lists(sec, report, STYLES)
    ]


def test_chinese_numerals_both_ways():
    for v in (1, 9, 10, 11, 20, 21, 99):
        assert cn_value(cn_numeral(v)) == v
    assert cn_numeral(12) == "十二" and cn_value("二十一") == 21


@pytest.mark.parametrize(
    "body, want",
    [
        # the example of the issue: a repeat and a skip in one list, one finding
        (
            ["存在的问题：一是队伍不强；三是公开不全；三是制度不全。"],
            [("shi", "一是……三是……三是", ("三是",), ("二是",))],
        ),
        (
            ["（一）存在的问题", "（二）改进情况", "（二）下一步措施"],
            [("cn_paren", "（一）……（二）……（二）", ("（二）",), ())],
        ),
        (["1.加强领导。", "2.完善制度。", "2.强化监督。"], [("arabic", "1.……2.……2.", ("2.",), ())]),
        (["1.加强领导。", "3.完善制度。"], [("arabic", "1.……3.", (), ("2.",))]),
        (["①加强领导；②完善制度；④强化监督。"], [("circled", "①……②……④", (), ("③",))]),
        (
            ["(1)加强领导；(2)完善制度；(2)强化监督。"],
            [("arabic_paren", "(1)……(2)……(2)", ("(2)",), ())],
        ),
        (["一、加强领导", "三、完善制度"], [("cn", "一、……三、", (), ("二、",))]),
    ],
)
def test_broken_lists_are_found(body, want):
    assert problems_lists(*body) == want


@pytest.mark.parametrize(
    "body",
    [
        # references and words are not list markers
        ["依据《条例》第二十条第（一）项、第（三）项公开。（一）主动公开（二）依申请公开"],
        ["统一是基础；二是加强培训；三是完善制度。"],
        ["重点之一是规范发布；二是加强培训；三是完善制度。"],
        # numbers and dates: 1、2月 is not item 1, 2.5 is not item 2
        ["1.加强领导，1、2月份开展培训。2.完善制度。"],
        ["1.加强领导，2020.12.31前完成。2.完善制度。"],
        # a skip whose marker is printed anyway (hard-wrapped 二 / 是) is not a skip
        ["一是加强领导；二", "是完善制度；三是强化监督。"],
        # restart after a sub-heading, or at the first number; a list need not start at 1
        ["（一）问题。一是A；二是B。", "（二）措施。一是C；二是D；三是E。"],
        ["（一）问题。一是A；二是B。", "（二）措施。二是C；三是D。"],
        ["一是A；二是B。下一步：一是C；二是D。"],
        # back to a smaller number starts a new list (not reported as a repeat)
        ["一是A；二是B；三是C。二是D；三是E。"],
        # 1. and 2、 are one style
        ["1.加强领导。", "2、完善制度。", "3.强化监督。"],
        # table text (tab-separated) is not a list
        ["1.属于国家秘密\t0\t0", "3.危及“三安全一稳定”\t0\t0"],
    ],
)
def test_what_is_not_a_broken_list(body):
    assert problems_lists(*body) == []


def _numbers(report: Report) -> list[tuple[str, str, str]]:
    return [
        (h.section, h.problem, h.other)
        for h in heading_numbers(report, ("overview", "proactive", "other"))
    ]


def test_heading_numerals_lost_wrong_and_repeated():
    assert _numbers(report_of(*HEADINGS, *TAIL)) == []
    lost = report_of("一、总体情况", "正文。", "主动公开政府信息情况", "正文。", *TAIL)
    assert _numbers(lost) == [("proactive", "lost", "")]
    wrong = report_of("一、总体情况", "正文。", "三、主动公开政府信息情况", "正文。", *TAIL)
    assert _numbers(wrong) == [("proactive", "wrong", "")]
    twice = report_of("一、总体情况", "二、工作机制。正文。", "二、主动公开政府信息情况", *TAIL)
    assert _numbers(twice) == [("proactive", "repeated", "二、工作机制")]


def test_what_is_not_a_first_level_line():
    """Table 三 row labels printed without tabs, 二、三季度, and a heading recognised from its
    sub-headings only (SEC007's) do not count."""
    report = report_of(
        *HEADINGS,
        "二、上年结转政府信息公开申请数量",
        "二、三季度开展培训。",
        "四、政府信息公开行政复议、行政诉讼情况",
        "（一）存在的主要问题",
        *TAIL,
    )
    assert any(s.key == "problems" and s.heading_missing for s in report.sections)
    assert heading_numbers(report, ("proactive", "problems")) == []


def test_compact_report_numerals():
    report = case_report(
        {
            "sections": [
                {"key": "overview", "number": ""},
                {"key": "proactive", "number": "三"},
                {"key": "applications"},
            ]
        }
    )
    got = [
        (h.section, h.problem, h.heading)
        for h in heading_numbers(report, ("overview", "proactive", "applications"))
    ]
    assert got == [
        ("overview", "lost", "总体情况"),
        ("proactive", "wrong", "三、主动公开政府信息情况"),
    ]


def test_schema():
    with pytest.raises(ValidationError, match="styles applies to target"):
        make_rule({"kind": "enumeration", "target": "headings", "styles": ["shi"]})
    with pytest.raises(ValidationError, match="roman"):
        make_rule({"kind": "enumeration", "styles": ["roman"]})
    assert make_rule({"kind": "enumeration"}).check.keys == ("overview", "problems", "other")
    assert len(make_rule({"kind": "enumeration", "target": "headings"}).check.keys) == 6


def test_facts_only_with_the_plan():
    rule = make_rule({"kind": "enumeration"}, "{section}{items}{problem}")
    compiled = compile_rules([rule])
    report = report_of(*HEADINGS, "五、存在的主要问题及改进情况", "一是A；三是B。", *TAIL)
    facts = build_facts(report, compiled.plan)
    (i,) = [i for i, f in enumerate(facts.items) if f["kind"] == "enumeration"]
    assert facts.items[i] == {
        "kind": "enumeration",
        "key": "TST001",
        "section": "problems",
        "line": 5,
    }
    assert facts.detail[i].missing == ("二是",)
    assert not any(f["kind"] == "enumeration" for f in build_facts(report).items)


@pytest.mark.parametrize("backend", BACKENDS)
def test_one_finding_per_broken_list_on_both_backends(backend):
    rule = make_rule(
        {"kind": "enumeration", "sections": ["overview", "problems"]},
        "{section}的列举“{items}”中{problem}",
    )
    compiled = compile_rules([rule])
    report = report_of(
        "一、总体情况",
        "（一）主动公开。一是A；二是B；二是C。",
        "（三）依申请公开。",
        "五、存在的主要问题及改进情况",
        "一是A；三是B。",
        *TAIL,
    )
    outcomes, findings = evaluate_report(report, compiled, get_backend(compiled, backend))
    assert outcomes[0].status == "failed"
    assert [(f.message, f.location.section, f.location.line) for f in findings] == [
        ("第一部分的列举“一是……二是……二是”中“二是”重复", "一", 2),
        ("第一部分的列举“（一）……（三）”中缺“（二）”", "一", 3),
        ("第五部分的列举“一是……三是”中缺“二是”", "五", 5),
    ]
    assert len({f.fingerprint for f in findings}) == 3


# Every finding of SEC008 and SEC009 on reports/, checked by hand against the text (the
# report of issue 13 gives the verdict on each): nothing else may appear. One finding per
# root cause: 平秋镇's five headings repeated by its overview's 一、至六、 outline, and
# 上海市科委's four headings numbered from 一、, are one finding each (the first heading's line).
CORPUS = {
    ("fujian/pingtan-zone-admin-committee_2023.txt", "SEC009", 10),
    ("guizhou/pingqiu-town_2020.txt", "SEC008", 13),
    ("shanghai/sh-stcsm-science-commission_2024.md", "SEC008", 73),
    ("zhejiang/baibu-town_2020.txt", "SEC008", 419),
}


def test_findings_on_the_sample_region():
    rules = [r for r in load_rules([REPO / "rules"]) if r.code in ("SEC008", "SEC009")]
    compiled = compile_rules(rules)
    backend = get_backend(compiled, "python")
    got = set()
    for item in discover([REPO / "reports"]):
        report = parse_file(item.path, item.display)
        outcomes, findings = evaluate_report(report, compiled, backend)
        assert all(o.status in ("passed", "failed") for o in outcomes), (item.display, outcomes)
        rel = Path(item.display).as_posix().split("reports/", 1)[-1]
        got |= {(rel, f.rule, f.location.line) for f in findings}
    assert got == CORPUS
