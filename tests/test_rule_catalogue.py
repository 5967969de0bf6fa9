"""Acceptance tests of the built-in rule catalogue (rules/) on the seeds and the real corpus.

Every error-severity finding on a real report is listed below with its verdict, checked
against the source text (tests/fixtures/real_SOURCES.md records the publisher errors).
The test fails on any error finding not in that list, so a new false positive at error
severity cannot slip in, and on any listed true defect that is no longer found.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from gaorpt_audit.backends import get_backend
from gaorpt_audit.checks import compile_cached
from gaorpt_audit.evaluate import evaluate_report
from gaorpt_audit.model import Finding, Outcome
from gaorpt_audit.pipeline import parse_file
from gaorpt_audit.rulebook import load_rules
from gaorpt_audit.rulecases import case_file_for, load_cases

REPO = Path(__file__).resolve().parent.parent
RULES = load_rules([REPO / "rules"])
REPORTS = sorted(
    p.relative_to(REPO).as_posix()
    for p in (REPO / "reports").rglob("*")
    if p.is_file() and p.name != "README.md"
)
SEEDS = [
    "reports/anhui/dadukou-town_2020.txt",
    "reports/guizhou/pingqiu-town_2020.txt",
    "reports/henan/honghuaji-town_2021.txt",
    "reports/unknown-province/guanyuan-town_2019.txt",
    "reports/zhejiang/baibu-town_2020.txt",
]

# (report, rule, table, row, column) -> verdict. "true" = a real defect of the report as
# published; "source" = true for the file we hold, but caused by the conversion of the
# original (not a defect of the publication, not a rule bug).
ERRORS: dict[tuple[str, str, str | None, str | None, str | None], str] = {
    ("reports/anhui/dadukou-town_2020.txt", "DAT002", None, None, None): "true",
    # 平潭 2020 表三: 自然人 result rows 6+6+4+3+3+4 = 26 under （七）总计 20 (总计 27 vs 21).
    (
        "reports/fujian/pingtan-zone-admin-committee_2020.txt",
        "BAL002",
        "三",
        "result_total",
        "natural_person",
    ): "true",
    (
        "reports/fujian/pingtan-zone-admin-committee_2020.txt",
        "BAL002",
        "三",
        "result_total",
        "total",
    ): "true",
    # 平秋镇 2020 has its own outline (一、政府信息主动公开情况 …) and no 一、总体情况 heading:
    # the content is there, so that is SEC007 (warning), not a missing section (error).
    # 洪泽 2023 表四: 复议 10/1/0/0 总计 0, 复议后起诉 5/0/0/0 总计 0 (as printed in the PDF).
    (
        "reports/jiangsu/huaian-hongze-district-gov_2023.pdf",
        "BAL004",
        "四",
        "review",
        "total",
    ): "true",
    (
        "reports/jiangsu/huaian-hongze-district-gov_2023.pdf",
        "BAL006",
        "四",
        "litigation_after_review",
        "total",
    ): "true",
    # 洪泽 2023/2024: hybrid format, 表三 keeps the single 2019 row （六）其他处理.
    ("reports/jiangsu/huaian-hongze-district-gov_2023.pdf", "FMT002", "三", None, None): "true",
    ("reports/jiangsu/huaian-hongze-district-gov_2024.pdf", "FMT002", "三", None, None): "true",
    # The 五 heading was lost when the repository author converted the PDF to markdown; the
    # content （一）…问题的改进情况 （二）…存在的主要问题 is there without a heading.
    ("reports/shanghai/sh-municipal-gov-office_2025.md", "SEC001", None, None, None): "source",
    ("reports/shanghai/sh-stcsm-science-commission_2024.md", "SEC001", None, None, None): "source",
}
REQUIRED = {k for k, v in ERRORS.items() if v == "true"}


@cache
def audited(path: str) -> tuple[list[Outcome], list[Finding]]:
    compiled = compile_cached(RULES)
    report = parse_file(REPO / path, path)
    return evaluate_report(report, compiled, get_backend(compiled, "python"))


def _key(path: str, f: Finding) -> tuple[str, str, str | None, str | None, str | None]:
    return (path, f.rule, f.location.table, f.location.row, f.location.column)


# --------------------------------------------------------------------------- metadata

SLOTS = {
    "equation": ("{lhs}", "{rhs}"),
    "compare": ("{left}",),
    "implies": ("{actual}",),
    "date_window": ("{date}", "{bound}"),
    "format": ("{layout}", "{expected}"),
}


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented(rule):
    assert len(rule.summary) >= 10 and len(rule.why) >= 30 and len(rule.basis) >= 10
    # the legal basis names an article, a format document, or the documentation users have
    # (the domain notes, the README): never a file outside the repository
    assert re.search(r"条例|第[一二三四五六七八九十]+条|国办|docs/domain\.md|README\.md", rule.basis)
    assert re.search(r"docs/domain\.md|README\.md|条例", rule.why), rule.why
    assert not re.search(r"(?<![/\w])(DOMAIN|DESIGN)\.md", rule.why + rule.basis)
    for slot in SLOTS.get(rule.check.kind, ()):
        assert slot in rule.message, f"{rule.code}: message should show {slot}"


# The first rule of each category came with the engine and its compact cases; the
# catalogue's own rules carry cases built from report text.
ENGINE_EXAMPLES = {"BAL001", "CON001", "DAT001", "FMT001", "PRS001", "SEC001", "ZER001"}
CATALOGUE = [r for r in RULES if r.code not in ENGINE_EXAMPLES]


@pytest.mark.parametrize("rule", CATALOGUE, ids=[r.code for r in CATALOGUE])
def test_rule_has_cases_from_real_report_text(rule):
    cases = load_cases(case_file_for(rule))
    real = [c for c in cases if c.text is not None or c.fixture is not None]
    assert real, f"{rule.code}: no case built from report text"
    # parse failures cannot be shown with a readable report
    if rule.category != "parse":
        assert any(c.expect == "failed" for c in real), f"{rule.code}: no failing real-text case"
    for c in cases:
        if c.fixture:
            assert (REPO / c.fixture).is_file(), c.fixture


def test_catalogue_covers_every_single_report_family():
    prefixes = {r.prefix for r in RULES}
    assert prefixes >= {"SEC", "DAT", "ZER", "BAL", "CON", "FMT", "PRS"}
    identities = {r.identity for r in RULES if r.identity}
    assert identities >= {"T3-BAL", "T3-SUM", "T3-ROW", "T4-SUM-R", "T4-SUM-D", "T4-SUM-A"}


# --------------------------------------------------------------------------- seeds


def test_seed_pingqiu_has_a_section_finding():
    # 一's content is there (lines 5-12) without its heading: a lost heading (warning), not a
    # missing section (error); its sub-parts' numbering repeats the headings 二-六 (one finding)
    _, findings = audited("reports/guizhou/pingqiu-town_2020.txt")
    sec = [f for f in findings if f.category == "sections"]
    assert not [f for f in sec if f.severity == "error"]
    assert [
        (f.rule, f.severity, f.location.line) for f in sec if f.rule in ("SEC007", "SEC008")
    ] == [
        ("SEC007", "warning", 5),
        ("SEC008", "warning", 13),
    ]


def test_seed_dadukou_signed_inside_the_report_year():
    _, findings = audited("reports/anhui/dadukou-town_2020.txt")
    dat = [f for f in findings if f.rule == "DAT002"]
    assert len(dat) == 1
    f = dat[0]
    assert f.severity == "error" and f.actual == "2020-01-14" and f.expected == "≥ 2021-01-01"
    assert f.location.line == 82 and f.evidence and "2020" in f.evidence
    # one defect, one finding: the deadline rules (DAT001 government, DAT003 department)
    # do not report the same date again
    assert [f.rule for f in findings if f.category == "dates" and f.severity != "info"] == [
        "DAT002"
    ]


@pytest.mark.parametrize("path", SEEDS)
def test_seeds_balance_and_zeros_are_clean(path):
    outcomes, findings = audited(path)
    bad = [f for f in findings if f.category in ("balance", "zeros") and f.severity == "error"]
    assert bad == []
    # BAL001 (the header identity) is really checked on every seed, not skipped
    assert {o.rule: o.status for o in outcomes}["BAL001"] == "passed"


def test_seed_zero_claims_are_checked_against_zero_tables():
    outcomes, _ = audited("reports/guizhou/pingqiu-town_2020.txt")
    status = {o.rule: o.status for o in outcomes}
    assert status["ZER001"] == "passed" and status["ZER003"] == "passed"


# --------------------------------------------------------------------------- real corpus


@pytest.mark.parametrize("path", REPORTS)
def test_no_unexpected_error_findings(path):
    outcomes, findings = audited(path)
    assert not [o for o in outcomes if o.status == "error"]
    unexpected = [
        f"{f.rule} {f.location}: {f.message}"
        for f in findings
        if f.severity == "error" and _key(path, f) not in ERRORS
    ]
    assert unexpected == [], "new error finding: check it against the source text"


def test_known_publisher_errors_are_found():
    found = {_key(p, f) for p in REPORTS for f in audited(p)[1] if f.severity == "error"}
    assert REQUIRED - found == set()


def test_pingtan_2020_outcome_total_finding_shows_both_sides():
    _, findings = audited("reports/fujian/pingtan-zone-admin-committee_2020.txt")
    f = next(f for f in findings if f.rule == "BAL002" and f.location.column == "natural_person")
    assert (f.actual, f.expected) == (20, 26)
    assert "20" in f.message and "26" in f.message and "-6" in f.message


def test_hongze_2023_table4_totals():
    _, findings = audited("reports/jiangsu/huaian-hongze-district-gov_2023.pdf")
    got = {(f.rule, f.actual, f.expected) for f in findings if f.category == "balance"}
    assert got == {("BAL004", 0, 11), ("BAL006", 0, 5)}


def test_blank_total_column_is_not_applicable_not_passed():
    # 上海 2019 表三 leaves blanks (not 0) in every row: T3-ROW cannot be checked anywhere
    outcomes, _ = audited("reports/shanghai/sh-municipal-gov-office_2019.html")
    o = {o.rule: o for o in outcomes}["BAL003"]
    assert o.status == "not_applicable" and "blank" in (o.reason or "")


def test_scoped_narrative_counts_are_not_compared():
    # 平潭 2025: "全区共收到政府信息公开申请154件" is the zone government's own figure
    # (issue 13): compared, and equal to the table
    outcomes, _ = audited("reports/fujian/pingtan-zone-admin-committee_2025.txt")
    status = {o.rule: o.status for o in outcomes}
    assert status["CON003"] == "passed" and status["CON001"] == "passed"
    # 洪泽 2024: "区政府办代表区政府受理…17件" is the office's part of the district's 95
    outcomes, _ = audited("reports/jiangsu/huaian-hongze-district-gov_2024.pdf")
    status = {o.rule: o.status for o in outcomes}
    assert status["CON001"] == "not_applicable" and status["CON013"] == "passed"


# --------------------------------------------------------------------------- one defect, one finding


@pytest.mark.parametrize(
    "path",
    [
        "reports/jiangsu/huaian-hongze-district-gov_2023.pdf",
        "reports/jiangsu/huaian-hongze-district-gov_2024.pdf",
    ],
)
def test_hongze_old_table_3_is_one_error_not_an_error_and_a_warning(path):
    outcomes, findings = audited(path)
    fmt = [(f.rule, f.severity, f.location.table) for f in findings if f.category == "format"]
    assert fmt == [("FMT002", "error", "三")]
    assert {o.rule: o.status for o in outcomes}["FMT001"] == "not_applicable"


def test_every_report_has_at_most_one_finding_per_date_and_per_table_layout():
    for path in REPORTS:
        _, findings = audited(path)
        dates = [f for f in findings if f.category == "dates" and f.rule != "DAT004"]
        assert len({f.location.line for f in dates}) == len(dates), path
        layout = [f.location.table for f in findings if f.rule in ("FMT001", "FMT002")]
        assert len(set(layout)) == len(layout), path


# --------------------------------------------------------------------------- blank cells (N-BLANK)


def test_blank_cells_are_named_as_incomplete():
    # 沭阳县发改局 2023 表三: the five 法人或其他组织 columns are blank (not 0) in every row
    _, findings = audited("reports/jiangsu/shuyang-county-drc_2023.html")
    blank = [f for f in findings if f.rule == "ZER005"]
    assert [(f.severity, f.location.table, f.actual) for f in blank] == [
        ("warning", "三", "125 个空白单元格")
    ]
    assert "整列空白：商业企业、科研机构、社会公益组织、法律服务机构、其他" in blank[0].message
    # 上海 2019: 总计 blank in the result rows of 表三; 表四 复议后起诉 row left blank
    _, findings = audited("reports/shanghai/sh-municipal-gov-office_2019.html")
    blank = {f.location.table: f for f in findings if f.rule == "ZER005"}
    assert sorted(blank) == ["三", "四"]
    assert "总计列：予以公开、部分公开" in blank["三"].message
    assert "整行空白：复议后起诉" in blank["四"].message


def test_blank_cells_are_never_zero_for_the_rules_that_need_them():
    outcomes, findings = audited("reports/shanghai/sh-municipal-gov-office_2019.html")
    status = {o.rule: o for o in outcomes}
    for code in ("BAL003", "BAL006"):
        assert status[code].status == "not_applicable", code
        assert "blank" in (status[code].reason or ""), code
    # the text says 予以公开及部分公开258件 but the table's 总计 cells for those rows are
    # blank: never 0, but at least the filled applicant cells, 258+12+1+1 and 3 = 275 > 258
    assert status["CON005"].status == "failed"
    bounds = [(f.expected, f.actual) for f in findings if f.rule == "CON005"]
    assert bounds == [("≥ 275", 258), ("≥ 337", 265)]


def test_filled_reports_have_no_blank_cell_finding():
    for path in SEEDS:
        assert not [f for f in audited(path)[1] if f.rule == "ZER005"], path


# --------------------------------------------------------------------------- narrative counts


def test_outcome_counts_are_compared_per_target():
    # 平潭 2023: 予以公开及部分公开42件、不予公开5件、无法提供31件、不予处理1件、其他处理2件
    # = 表三 22+20, 0+0+0+1+0+1+1+2, 31+0+0, 0+1+0+0+0, 1+0+1
    outcomes, findings = audited("reports/fujian/pingtan-zone-admin-committee_2023.txt")
    status = {o.rule: o.status for o in outcomes}
    assert status["CON005"] == "passed" and status["CON006"] == "passed"
    assert not [f for f in findings if f.category == "consistency"]


def test_no_narrative_count_false_positive_on_the_corpus():
    # the per-outcome and litigation counts agree with the tables wherever they can be read,
    # except 上海 2019's two true contradictions (258 and 265 below the bounds 275 and 337)
    known = {"reports/shanghai/sh-municipal-gov-office_2019.html": ["CON005", "CON005"]}
    for path in REPORTS:
        _, findings = audited(path)
        got = [f.rule for f in findings if f.rule in ("CON005", "CON006")]
        assert got == known.get(path, []), path


def test_litigation_count_is_both_litigation_groups():
    # 淮安市 2024: 行政诉讼46件 = 未经复议直接起诉 26 + 复议后起诉 20
    outcomes, _ = audited("reports/jiangsu/huaian-city-gov_2024.pdf")
    assert {o.rule: o.status for o in outcomes}["CON006"] == "passed"


# --------------------------------------------------------------------------- unfilled template


def test_blank_template_cannot_score_clean():
    from gaorpt_audit.config import Config
    from gaorpt_audit.discover import Input
    from gaorpt_audit.pipeline import RuleContext, audit_file

    path = REPO / "tests" / "fixtures" / "peer" / "govnianbao_政务公开年报模版.docx"
    result = audit_file(Input("template.docx", path), RuleContext.build(Config()))
    errors = [(f.rule, f.location.table) for f in result.findings if f.severity == "error"]
    assert ("PRS005", "三") in errors and ("PRS005", "四") in errors
    assert result.status == "fail" and result.grade != "A"


# --------------------------------------------------------------------------- labels


def test_every_table_key_has_a_chinese_label():
    from gaorpt_audit.keys import (
        COLUMN_LABELS,
        ROW_LABELS,
        T2_COLUMNS,
        T2_ROWS,
        T3_COLUMNS,
        T3_ROWS,
        T4_COLUMNS,
        T4_GROUPS,
    )

    for key in (*T2_ROWS, *T3_ROWS, *T4_GROUPS):
        assert re.search(r"[\u4e00-\u9fff]", ROW_LABELS[key]), key
    for key in (*T2_COLUMNS, *T3_COLUMNS, *T4_COLUMNS):
        assert re.search(r"[\u4e00-\u9fff]", COLUMN_LABELS[key]), key


def test_messages_on_sub_rows_show_the_printed_label(tmp_path):
    # 红花集 2021 表三 row (三)1.属于国家秘密 with 自然人 1 but 总计 0: T3-ROW fails there
    src = (REPO / "reports/henan/honghuaji-town_2021.txt").read_text(encoding="utf-8")
    row = "(三) 不予公开\t1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0"
    assert row in src
    mutated = tmp_path / "honghuaji-town_2021.txt"
    mutated.write_text(src.replace(row, row.replace("秘密\t0", "秘密\t1", 1)), encoding="utf-8")
    compiled = compile_cached(RULES)
    report = parse_file(mutated, "honghuaji-town_2021.txt")
    _, findings = evaluate_report(report, compiled, get_backend(compiled, "python"))
    bal = [f for f in findings if f.rule == "BAL003"]
    assert bal and "（三）不予公开 1.属于国家秘密" in bal[0].message
    for f in findings:
        assert not re.search(r"withheld|unavailable|not_processed|[a-z]+\.[a-z_]+", f.message)
