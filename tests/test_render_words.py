"""The words of the views people read (issue 15): the terminal panel, the summary, the
totals and the statistics speak the HTML dashboard's Chinese (得分, 等级, 结论 通过/未通过,
错误/警告/提示, 应为/实际, 第 N 页 · 第 N 行) at any width; rule codes and names stay; the
CI formats keep the location form scripts match (``p.2 · line 57``)."""

from __future__ import annotations

import io

from gaorpt_audit.model import Finding, Location, OutcomeCounts, ReportResult
from gaorpt_audit.render.base import RuleStat, Summary, ci_location, format_location
from gaorpt_audit.render.full import (
    SummaryRow,
    make_console,
    report_panel,
    statistics_table,
    summary_table,
    totals_line,
)

CELL = Location(section="四", table="四", row="review", column="total", page=4, line=84)


def _print(renderable, width: int) -> list[str]:
    out = io.StringIO()
    make_console(out, width).print(renderable)
    return [line.rstrip() for line in out.getvalue().splitlines()]


def test_locations_for_people_and_for_ci() -> None:
    assert format_location(CELL) == "§四 · 表四 行政复议 × 总计 · 第 4 页 · 第 84 行"
    assert ci_location(CELL) == "§四 · 表四 行政复议 × 总计 · p.4 · line 84"
    assert format_location(Location(page=1)) == "第 1 页"


REPORT = ReportResult(
    path="reports/x/some-town_2021.txt",
    publisher="某镇人民政府",
    year=2021,
    format="2021",
    score=91.0,
    grade="A",
    status="pass",
    outcomes=OutcomeCounts(passed=30, failed=2, not_applicable=5, error=0),
)


def _report(**changes) -> ReportResult:
    return REPORT.model_copy(update=changes)


def test_score_line_breaks_between_parts_when_narrow() -> None:
    r = _report(unchecked=1)
    assert _print(report_panel(r, 60), 60)[1:5] == [
        "│ 某镇人民政府 · 2021 年度 · 格式 2021                     │",
        "│ 得分 91.0  等级 A  结论 通过                             │",
        "│ 规则 30 项通过，2 项未通过，5 项不适用，0 项出错         │",
        "│ 1 项无法检查                                             │",
    ]
    assert _print(report_panel(r, 120), 120)[2] == (
        "│ 得分 91.0  等级 A  结论 通过  规则 30 项通过，2 项未通过，5 项不适用，0 项出错  "
        "1 项无法检查                         │"
    )


def test_findings_in_chinese_with_code_and_name_kept() -> None:
    findings = [
        Finding(
            rule="BAL004", name="balance.review_total", category="balance", severity="error",
            message="表四行政复议：总计为 0", location=CELL, expected=11, actual=0,
            waived=True, waiver_reason="已更正",
        ),
        Finding(
            rule="DAT004", name="dates.signed_missing", category="dates", severity="info",
            message="没有找到落款", location=Location(), expected="落款日期", baseline=True,
        ),
    ]  # fmt: skip
    r = _report(publisher=None, year=None, format="unknown", findings=findings, status="fail")
    assert _print(report_panel(r, 80), 80)[1:] == [
        "│ 发布机关不明 · 年度不明 · 格式 不明                                          │",
        "│ 得分 91.0  等级 A  结论 未通过                                               │",
        "│ 规则 30 项通过，2 项未通过，5 项不适用，0 项出错                             │",
        "│                                                                              │",
        "│ 日期                                                                         │",
        "│ 提示     DAT004 dates.signed_missing  [基线中已有]                           │",
        "│          没有找到落款                                                        │",
        "│          应为 落款日期  实际 —                                               │",
        "│                                                                              │",
        "│ 表格平衡                                                                     │",
        "│ 错误     BAL004 balance.review_total  §四 · 表四 行政复议 × 总计 · 第 4 页 · │",
        "│          第 84 行  [已豁免]                                                  │",
        "│          表四行政复议：总计为 0                                              │",
        "│          应为 11  实际 0                                                     │",
        "│          豁免理由 已更正                                                     │",
        "╰──────────────────────────────────────────────────────────────────────────────╯",
    ]


def test_not_an_annual_report_says_why() -> None:
    r = ReportResult(path="reports/x/notes.xlsx", status="not_report", note="不是年度报告")
    assert _print(report_panel(r, 60), 60) == [
        "╭─ reports/x/notes.xlsx ───────────────────────────────────╮",
        "│ 发布机关不明 · 年度不明 · 格式 不明                      │",
        "│ 不是年度报告                                             │",
        "╰──────────────────────────────────────────────────────────╯",
    ]


def test_summary_at_60_columns_keeps_every_status_readable() -> None:
    rows = [
        SummaryRow("reports/fujian/pingtan_2019.txt", "平潭综合实验区", 2019, 96.0, "A", "pass",
                   {"error": 0, "warning": 2, "info": 1}),
        SummaryRow("reports/fujian/pingtan_2020.txt", "平潭综合实验区", 2020, 79.0, "B", "fail",
                   {"error": 2, "warning": 3, "info": 2}),
        SummaryRow("reports/test/unreadable_2022.pdf", None, 2022, 0.0, "D", "error",
                   {"error": 1, "warning": 0, "info": 0}),
        SummaryRow("reports/test/notes.xlsx", None, None, 0.0, "—", "not_report",
                   {"error": 0, "warning": 0, "info": 0}),
    ]  # fmt: skip
    assert _print(summary_table(rows, 60), 60) == [
        "汇总",
        "报告           发布机关  年度 得分 等级 结论       错/警/提",
        "───────────────────────────────────────────────────────────",
        "…gtan_2019.txt 平潭综合  2019 96.0  A   通过          0/2/1",
        "               实验区",
        "…gtan_2020.txt 平潭综合  2020 79.0  B   未通过        2/3/2",
        "               实验区",
        "…able_2022.pdf ?         2022  0.0  D   无法审查      1/0/0",
        "…/notes.xlsx   ?            ?    —  —   非年度报告    0/0/0",
    ]


def test_totals_and_statistics() -> None:
    s = Summary(reports=5, failed=2, errored=1, not_reports=1, waived=3, baseline=4,
                findings_by_severity={"error": 3, "warning": 2, "info": 0})  # fmt: skip
    assert totals_line(s).plain == (
        "5 份报告，2 份未通过，1 份无法审查 · 错误 3 条，警告 2 条，提示 0 条"
        " · 1 份非年度报告（不评分） · 已豁免 3 条，基线中已有 4 条"
    )
    table = statistics_table([RuleStat("SEC004", "sections.government_accountability",
                                       "warning", 2, 2)])  # fmt: skip
    assert _print(table, 80) == [
        "各规则问题统计",
        "┏━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━┳━━━━━━━━┓",
        "┃ 条数 ┃ 规则   ┃ 名称                               ┃ 级别 ┃ 报告数 ┃",
        "┡━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━╇━━━━━━━━┩",
        "│    2 │ SEC004 │ sections.government_accountability │ 警告 │      2 │",
        "└──────┴────────┴────────────────────────────────────┴──────┴────────┘",
    ]


def test_a_long_expected_value_starts_beside_its_label() -> None:
    f = Finding(
        rule="SEC004", name="sections.government_accountability", category="sections",
        severity="warning", message="总体情况中没有报告工作考核的结果",
        location=Location(section="一", line=5),
        expected="考核、社会评议或责任追究的结果（等次、得分、评议结论、追究人数或“未发生责任追究”）",
    )  # fmt: skip
    lines = _print(report_panel(_report(findings=[f]), 80), 80)
    assert lines[6:10] == [
        "│ 警告     SEC004 sections.government_accountability  §一 · 第 5 行            │",
        "│          总体情况中没有报告工作考核的结果                                    │",
        "│          应为 考核、社会评议或责任追究的结果（等次、得分、评议结论、追究人数 │",
        "│          或“未发生责任追究”）  实际 —                                        │",
    ]
