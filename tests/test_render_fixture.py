"""The fixture set every renderer snapshot is taken on, and helpers to run a renderer.

Five reports: a failing report with findings of every severity and evidence, an earlier
year of the same publisher (for rank), a clean report, a report whose text carries
markup and script (escaping), and an unreadable file (parse error). Built by hand so the
renderers can be tested without the rule engine, but every finding is one the engine
can produce: a rule of the catalogue in rules/ with its name, category and default
severity, and a message its template gives (the texts were taken from real runs on
reports written like these). test_golden_catalogue.py checks both, and that the
snapshots name no rule the catalogue no longer has.
"""

from __future__ import annotations

import io
import os
import tomllib
from pathlib import Path

from gaorpt_audit.model import Finding, Location, Outcome, OutcomeCounts, ReportResult
from gaorpt_audit.render import RunMeta, RunView, get_renderer
from gaorpt_audit.render.base import RulesetInfo, ToolInfo

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = bool(os.environ.get("GAORPT_UPDATE_SNAPSHOTS"))
XSS = "<script>document.documentElement.setAttribute('data-pwned','1')</script>"
ALERT = "<script>alert(1)</script>"
# A row of the hostile report's table 三 whose label is no row of the table: rich markup,
# a Markdown cell separator and a script. PRS002 quotes the row's first 40 characters
# (label and values run together).
HOSTILE_ROW = f"[b]粗[/b]|竖线{ALERT}"
HOSTILE_LINE = HOSTILE_ROW + "\t1\t0\t0\t0\t0\t0\t1"


def _outcomes(
    passed: list[str], failed: list[str], na: list[str], reason: str = ""
) -> list[Outcome]:
    out = [Outcome(rule=r, status="passed") for r in passed]
    out += [Outcome(rule=r, status="failed") for r in failed]
    out += [Outcome(rule=r, status="not_applicable", reason=reason) for r in na]
    return sorted(out, key=lambda o: o.rule)


def _result(path: str, outcomes: list[Outcome], findings: list[Finding], **kw) -> ReportResult:
    counts = OutcomeCounts(
        passed=sum(o.status == "passed" for o in outcomes),
        failed=sum(o.status == "failed" for o in outcomes),
        not_applicable=sum(o.status == "not_applicable" for o in outcomes),
        error=sum(o.status == "error" for o in outcomes),
    )
    return ReportResult(path=path, outcomes=counts, outcome_list=outcomes, findings=findings, **kw)


# Code, name and category as in rules/; each finding below has the rule's default severity.
BAL002 = {"rule": "BAL002", "name": "balance.outcomes", "category": "balance"}
DAT002 = {"rule": "DAT002", "name": "dates.signed_after_year_end", "category": "dates"}
PRS001 = {"rule": "PRS001", "name": "parse.unreadable", "category": "parse"}
PRS002 = {"rule": "PRS002", "name": "parse.table_unreadable", "category": "parse"}
SEC004 = {"rule": "SEC004", "name": "sections.government_accountability", "category": "sections"}
SEC005 = {"rule": "SEC005", "name": "sections.heading_wording", "category": "sections"}
RULES = ["BAL002", "DAT002", "PRS002", "SEC004", "SEC005"]
SEC004_MESSAGE = "总体情况中没有报告工作考核、社会评议或责任追究的结果（人民政府的报告应当包括；只写考核制度不算）"
# what SEC004 reports as expected: its pattern, read from the rule file
SEC004_EXPECTED = "matches " + str(
    tomllib.loads(
        (Path(__file__).resolve().parent.parent / "rules/sections/SEC004.toml").read_text(
            encoding="utf-8"
        )
    )["check"]["must_match"]
)


def fixture_results() -> list[ReportResult]:
    """Sorted by path, as audit() yields them."""
    baibu_2019 = _result(
        "reports/zhejiang/baibu-town_2019.txt",
        _outcomes(["BAL002", "PRS002", "SEC004", "SEC005"], ["DAT002"], []),
        [
            Finding(
                **DAT002,
                severity="error",
                message=(
                    "2019年度报告的落款日期为 2019-03-05（“2019年3月5日”），早于 2020-01-01："
                    "年度尚未结束就已落款"
                ),
                location=Location(line=88),
                expected="≥ 2020-01-01",
                actual="2019-03-05",
                fingerprint="dat002-baibu-2019",
                evidence="2019年3月5日",
            )
        ],
        publisher="百步镇人民政府",
        year=2019,
        format="2019",
        source_format="txt",
        score=60.0,
        grade="D",
        status="fail",
    )
    baibu_2020 = _result(
        "reports/zhejiang/baibu-town_2020.txt",
        _outcomes(["DAT002", "PRS002"], ["BAL002", "SEC004", "SEC005"], []),
        [
            Finding(
                **SEC005,
                severity="info",
                message="标题“五、存在的主要问题及整改措施”不是统一格式的写法",
                location=Location(section="五", line=71),
                fingerprint="sec005-baibu-2020",
                evidence="五、存在的主要问题及整改措施",
            ),
            Finding(
                **BAL002,
                severity="error",
                message="总计：（七）总计为 4，但各办理结果行之和为 5（相差 -1）",
                location=Location(
                    section="三", table="三", row="result_total", column="total", line=57
                ),
                expected=5,
                actual=4,
                fingerprint="bal002-baibu-2020-total",
                evidence="（七）总计\t0\t0\t0\t0\t0\t0\t4",
            ),
            Finding(
                **SEC004,
                severity="warning",
                message=SEC004_MESSAGE,
                location=Location(section="一", line=5),
                expected=SEC004_EXPECTED,
                fingerprint="",  # the gate fills it in from rule + path + location
                evidence="一、2020年工作完成总体情况",
            ),
        ],
        publisher="百步镇人民政府",
        year=2020,
        format="2019",
        source_format="txt",
        score=84.0,
        grade="B",
        status="fail",
    )
    clean = _result(
        "reports/anhui/dadukou-town_2020.txt",
        _outcomes(RULES, [], []),
        [],
        publisher="大渡口镇人民政府",
        year=2020,
        format="2019",
        source_format="txt",
        score=100.0,
        grade="A",
        status="pass",
    )
    evil = _result(
        "reports/test/evil_2021.md",
        _outcomes(
            ["BAL002", "SEC005"],
            ["PRS002", "SEC004"],
            ["DAT002"],
            "no valid date signed found in the report",
        ),
        [
            Finding(
                **SEC004,
                severity="warning",
                message=SEC004_MESSAGE,
                location=Location(section="一", line=3),
                expected=SEC004_EXPECTED,
                fingerprint="sec004-evil",
                evidence=f"一、总体情况{XSS}<img src=x onerror=\"document.title='pwned'\">",
            ),
            Finding(
                **PRS002,
                severity="info",
                message=(
                    f"表三未能完整读取：一行数值（'{HOSTILE_ROW}1000'）无法对应到模板的任何"
                    "一行（行名重复或不认识），其数值未读取"
                ),
                location=Location(section="三", table="三", line=12),
                actual="table_row_unplaced",
                fingerprint="prs002-evil",
                evidence=HOSTILE_LINE,
            ),
        ],
        publisher=f"{ALERT}示例镇人民政府",
        year=2021,
        format="2021",
        source_format="md",
        score=70.5,
        grade="C",
        status="fail",
    )
    broken = _result(
        "reports/test/unreadable_2022.pdf",
        [Outcome(rule="PRS001", status="failed")]
        + _outcomes([], [], RULES, "the file could not be read (scanned_pdf)"),
        [
            Finding(
                **PRS001,
                severity="error",
                message=(
                    "文件无法读取：扫描件 PDF，没有文字层；不支持文字识别（OCR），"
                    "请提供文字版或 DOCX 文件"
                ),
                location=Location(page=1),
                actual="scanned_pdf",
                fingerprint="prs001-unreadable",
            )
        ],
        year=2022,
        source_format="pdf",
        score=0.0,
        grade="D",
        status="error",
    )
    return sorted([baibu_2019, baibu_2020, clean, evil, broken], key=lambda r: r.path)


def fixture_meta(fail_on: str = "error") -> RunMeta:
    return RunMeta(
        tool=ToolInfo(version="0.0.0-test"),
        ruleset=RulesetInfo(
            version="2024.1", hash="0123456789abcdef0123", score_formula="v1: 100 - Σ weight"
        ),
        fail_on=fail_on,
    )


def gated_results() -> list[ReportResult]:
    """The fixtures as the gate passes them on (fingerprints filled in)."""
    from gaorpt_audit.gate import Gate

    gate = Gate()
    return [gate.apply(r) for r in fixture_results()]


def render(fmt: str, results: list[ReportResult] | None = None, fail_on: str = "error") -> str:
    out = io.StringIO()
    view = RunView(fixture_meta(fail_on), results if results is not None else gated_results())
    get_renderer(fmt)(view, out)
    return out.getvalue()


def check_snapshot(name: str, text: str) -> None:
    """Compare with tests/snapshots/NAME; GAORPT_UPDATE_SNAPSHOTS=1 rewrites it."""
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8", newline="")
        if not UPDATE:
            raise AssertionError(f"snapshot {name} was missing and has been written; re-run")
        return
    with path.open(encoding="utf-8", newline="") as handle:
        expected = handle.read()
    assert text == expected, (
        f"{name} differs from the snapshot; if intended, re-run with GAORPT_UPDATE_SNAPSHOTS=1"
    )


def test_fixture_set_is_sorted_and_covers_every_severity() -> None:
    results = fixture_results()
    assert [r.path for r in results] == sorted(r.path for r in results)
    severities = {f.severity for r in results for f in r.findings}
    assert severities == {"error", "warning", "info"}
