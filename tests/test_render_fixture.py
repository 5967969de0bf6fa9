"""The fixture set every renderer snapshot is taken on, and helpers to run a renderer.

Five reports: a failing report with findings of every severity and evidence, an earlier
year of the same publisher (for rank), a clean report, a report whose text carries
markup and script (escaping), and an unreadable file (parse error). Built by hand so the
renderers can be tested without the rule engine.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from gaorpt_audit.model import Finding, Location, Outcome, OutcomeCounts, ReportResult
from gaorpt_audit.render import RunMeta, RunView, get_renderer
from gaorpt_audit.render.base import RulesetInfo, ToolInfo

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = bool(os.environ.get("GAORPT_UPDATE_SNAPSHOTS"))
XSS = "<script>document.documentElement.setAttribute('data-pwned','1')</script>"
ALERT = "<script>alert(1)</script>"


def _outcomes(passed: list[str], failed: list[str], na: list[str]) -> list[Outcome]:
    out = [Outcome(rule=r, status="passed") for r in passed]
    out += [Outcome(rule=r, status="failed") for r in failed]
    out += [Outcome(rule=r, status="not_applicable", reason="表三 not found") for r in na]
    return sorted(out, key=lambda o: o.rule)


def _result(path: str, outcomes: list[Outcome], findings: list[Finding], **kw) -> ReportResult:
    counts = OutcomeCounts(
        passed=sum(o.status == "passed" for o in outcomes),
        failed=sum(o.status == "failed" for o in outcomes),
        not_applicable=sum(o.status == "not_applicable" for o in outcomes),
        error=sum(o.status == "error" for o in outcomes),
    )
    return ReportResult(path=path, outcomes=counts, outcome_list=outcomes, findings=findings, **kw)


BAL001 = {"rule": "BAL001", "name": "balance.applications", "category": "balance"}
ZER001 = {"rule": "ZER001", "name": "zeros.no_applications_claim", "category": "zeros"}
SEC002 = {"rule": "SEC002", "name": "sections.order", "category": "sections"}
DAT001 = {"rule": "DAT001", "name": "dates.signed_window", "category": "dates"}
PRS001 = {"rule": "PRS001", "name": "parse.unreadable", "category": "parse"}
RULES = ["BAL001", "DAT001", "SEC001", "SEC002", "ZER001"]


def fixture_results() -> list[ReportResult]:
    """Sorted by path, as audit() yields them."""
    baibu_2019 = _result(
        "reports/zhejiang/baibu-town_2019.txt",
        _outcomes(["BAL001", "SEC001", "SEC002", "ZER001"], ["DAT001"], []),
        [
            Finding(
                **DAT001,
                severity="error",
                message="落款日期 2020-03-05 晚于 1 月 31 日",
                location=Location(line=88),
                expected="2020-01-31 或之前",
                actual="2020-03-05",
                fingerprint="dat001-baibu-2019",
                evidence="2020年3月5日",
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
        _outcomes(["DAT001", "SEC001"], ["BAL001", "SEC002", "ZER001"], []),
        [
            Finding(
                **SEC002,
                severity="info",
                message="第五部分标题不规范：“存在的主要问题”",
                location=Location(section="五", line=71),
                fingerprint="sec002-baibu-2020",
                evidence="五、存在的主要问题",
            ),
            Finding(
                **BAL001,
                severity="error",
                message="总计：新收 5 + 结转 0 = 5，但总计 4 + 结转下年 0 = 4",
                location=Location(
                    section="三", table="三", row="result_total", column="total", line=57
                ),
                expected=5,
                actual=4,
                fingerprint="bal001-baibu-2020-total",
                evidence="（七）总计\t0\t0\t0\t0\t0\t0\t4",
            ),
            Finding(
                **ZER001,
                severity="warning",
                message="正文称“未收到政府信息公开申请”，表三本年新收 5 件",
                location=Location(section="三", table="三", row="new", column="total", line=40),
                expected=0,
                actual=5,
                fingerprint="",  # the gate fills it in from rule + path + location
                evidence="2020年，本机关未收到政府信息公开申请。",
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
        _outcomes(["BAL001", "DAT001"], ["SEC002", "ZER001"], ["SEC001"]),
        [
            Finding(
                **SEC002,
                severity="warning",
                message=f"标题含有 {ALERT} 与 [bold]markup[/bold] | 竖线",
                location=Location(section="一", line=3),
                fingerprint="sec002-evil",
                evidence=f"一、总体情况{XSS}<img src=x onerror=\"document.title='pwned'\">",
            ),
            Finding(
                **ZER001,
                severity="info",
                message='=HYPERLINK("http://example.invalid","点击") & *星号* _下划线_',
                location=Location(table="三", row="new", column="natural_person", line=12),
                expected=0,
                actual=-1,
                fingerprint="zer001-evil",
                evidence="多行\n证据",
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
        + [Outcome(rule=r, status="not_applicable", reason="no text") for r in RULES],
        [
            Finding(
                **PRS001,
                severity="error",
                message="无法读取：PDF 没有文字层（扫描件），请提供可复制文字的版本",
                location=Location(page=1),
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


def fixture_meta() -> RunMeta:
    return RunMeta(
        tool=ToolInfo(version="0.0.0-test"),
        ruleset=RulesetInfo(
            version="2024.1", hash="0123456789abcdef0123", score_formula="v1: 100 - Σ weight"
        ),
    )


def gated_results() -> list[ReportResult]:
    """The fixtures as the gate passes them on (fingerprints filled in)."""
    from gaorpt_audit.gate import Gate

    gate = Gate()
    return [gate.apply(r) for r in fixture_results()]


def render(fmt: str, results: list[ReportResult] | None = None) -> str:
    out = io.StringIO()
    view = RunView(fixture_meta(), results if results is not None else gated_results())
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
