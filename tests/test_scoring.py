"""Score = 100 - capped per-category deductions; grades; results on real reports."""

from __future__ import annotations

from pathlib import Path

from gaorpt_audit.audit import audit
from gaorpt_audit.config import ScoringConfig, load_config
from gaorpt_audit.model import Finding, Outcome
from gaorpt_audit.rulebook import rulebook_for
from gaorpt_audit.scoring import count, grade, score

REPO = Path(__file__).resolve().parent.parent
CFG = ScoringConfig(
    start=100, default_cap=30, caps={"parse": 100}, bands={"A": 90, "B": 75, "C": 60}
)


V3 = CFG.model_copy(
    update={
        "severity_factors": {"error": 2, "warning": 1, "info": 0},
        "repeat_factor": 0.5,
        "repeat_max": 3,
    }
)


def _f(rule: str, severity: str) -> Finding:
    return Finding(rule=rule, name="x.y", category="c", severity=severity, message="m")


def test_deductions_capped_per_category():
    outcomes = [
        Outcome(rule="A1", status="failed"),
        Outcome(rule="A2", status="failed"),
        Outcome(rule="B1", status="failed"),
        Outcome(rule="B2", status="passed"),
        Outcome(rule="C1", status="not_applicable"),
    ]
    cats = {"A1": "balance", "A2": "balance", "B1": "dates", "B2": "dates", "C1": "zeros"}
    weights = {"A1": 20, "A2": 20, "B1": 2, "B2": 50, "C1": 50}
    found = [_f("A1", "error"), _f("A2", "error"), _f("B1", "warning")]
    assert score(outcomes, found, cats, weights, CFG) == 100 - 30 - 2
    assert count(outcomes).failed == 3 and count(outcomes).not_applicable == 1


def test_severity_and_repeats_drive_the_deduction():
    outcomes = [Outcome(rule=r, status="failed") for r in ("E", "W", "I")]
    cats = {"E": "sections", "W": "dates", "I": "format"}
    weights = {"E": 3, "W": 3, "I": 3}
    one = [_f("E", "error"), _f("W", "warning"), _f("I", "info")]
    assert score(outcomes, one, cats, weights, V3) == 100 - 3 * 2 - 3 * 1 - 0
    # three missing sections cost 3 x 2 x (1 + 0.5 x 2); a fourth is not counted
    four = [_f("E", "error")] * 4
    assert score(outcomes[:1], four, cats, weights, V3) == 100 - 12
    # a rule whose findings say what could not be checked costs nothing
    assert score(outcomes, one, cats, weights, V3, frozenset({"E", "W"})) == 100


def test_grade_bands():
    assert [grade(v, CFG) for v in (100, 90, 89.9, 75, 60, 59.99, 0)] == [
        "A",
        "A",
        "B",
        "B",
        "C",
        "D",
        "D",
    ]


def test_unreadable_file_scores_zero(tmp_path):
    bad = tmp_path / "x.pdf"  # of a report type: unreadable, it may still be a report
    bad.write_bytes(b"\xd0\xcf\x11\xe0")
    (result,) = audit([bad], load_config(discover=False)).results
    assert result.score == 0 and result.grade == "D" and result.status == "fail"
    assert "PRS001" in [f.rule for f in result.findings]


def test_real_report_scores_and_outcomes():
    run = audit([REPO / "reports/zhejiang/baibu-town_2020.txt"], load_config(discover=False))
    assert run.score_formula.startswith("v3: 100 减去") and run.ruleset_version == "2025.1"
    (r,) = run.results
    cfg = load_config(discover=False)
    sc = cfg.file.scoring
    rules = {x.code: x for x in rulebook_for(cfg).chosen}
    assert sum(r.outcomes.model_dump().values()) == len(rules)
    lost: dict[str, float] = {}
    for code in {o.rule for o in r.outcome_list if o.status == "failed"}:
        found = [f for f in r.findings if f.rule == code]
        cost = rules[code].weight * sc.severity_factors[found[0].severity]
        cost *= 1 + sc.repeat_factor * (min(len(found), sc.repeat_max) - 1)
        lost[rules[code].category] = lost.get(rules[code].category, 0) + cost
    assert lost  # baibu 2020 fails SEC004 (warning) at least
    assert r.score == 100 - sum(min(sc.caps.get(c, 30), w) for c, w in lost.items())


def test_a_fragment_without_tables_and_half_its_sections_cannot_rank_high(tmp_path):
    """Sections 一-三 of a real report and nothing else (tables 三/四, sections 四-六 lost):
    scoring v2 gave such fragments 92 (B); v3 puts them below B."""
    text = (REPO / "reports/zhejiang/baibu-town_2020.txt").read_text(encoding="utf-8")
    cut = text.index("三、收到和处理政府信息公开申请情况")
    fragment = tmp_path / "baibu-fragment_2020.txt"
    fragment.write_text(text[:cut], encoding="utf-8")
    (r,) = audit([fragment], load_config(discover=False)).results
    failed = {f.rule for f in r.findings}
    assert {"SEC001", "SEC002"} <= failed
    assert r.score < 75 and r.grade in ("C", "D"), (r.score, r.grade, sorted(failed))


def test_an_error_finding_caps_the_grade() -> None:
    assert grade(97, CFG, has_error=True) == "B"
    assert grade(70, CFG, has_error=True) == "C"  # the ceiling never raises a grade
    assert grade(97, CFG, has_error=False) == "A"
    assert grade(97, CFG.model_copy(update={"best_with_errors": None}), has_error=True) == "A"


def test_an_unknown_binary_is_no_report(tmp_path):
    bad = tmp_path / "x.xls"  # not a type the tool reads: listed as no report, not scored
    bad.write_bytes(b"\xd0\xcf\x11\xe0")
    (result,) = audit([bad], load_config(discover=False)).results
    assert (result.status, result.grade, result.findings) == ("not_report", "—", [])
    assert (
        result.note
        == "不是政府信息公开工作年度报告（无法识别的 .xls 二进制文件）：未审核、未评分，不参与排名"
    )
