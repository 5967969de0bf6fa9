"""Score = 100 - capped per-category deductions; grades; results on real reports."""

from __future__ import annotations

from pathlib import Path

from gaorpt_audit.audit import audit
from gaorpt_audit.config import ScoringConfig, load_config
from gaorpt_audit.model import Outcome
from gaorpt_audit.rulebook import rulebook_for
from gaorpt_audit.scoring import count, grade, score

REPO = Path(__file__).resolve().parent.parent
CFG = ScoringConfig(
    start=100, default_cap=30, caps={"parse": 100}, bands={"A": 90, "B": 75, "C": 60}
)


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
    assert score(outcomes, cats, weights, CFG) == 100 - 30 - 2
    assert count(outcomes).failed == 3 and count(outcomes).not_applicable == 1


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
    bad = tmp_path / "x.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0")
    (result,) = audit([bad], load_config(discover=False)).results
    assert result.score == 0 and result.grade == "D" and result.status == "fail"
    assert "PRS001" in [f.rule for f in result.findings]


def test_real_report_scores_and_outcomes():
    run = audit([REPO / "reports/zhejiang/baibu-town_2020.txt"], load_config(discover=False))
    assert run.score_formula.startswith("v2: 100 -") and run.ruleset_version == "2025.1"
    (r,) = run.results
    cfg = load_config(discover=False)
    rules = {x.code: x for x in rulebook_for(cfg).chosen}
    assert sum(r.outcomes.model_dump().values()) == len(rules)
    lost: dict[str, float] = {}
    for code in {o.rule for o in r.outcome_list if o.status == "failed"}:
        lost[rules[code].category] = lost.get(rules[code].category, 0) + rules[code].weight
    caps = cfg.file.scoring.caps
    assert r.score == 100 - sum(min(caps.get(c, 30), w) for c, w in lost.items())


def test_an_error_finding_caps_the_grade() -> None:
    assert grade(97, CFG, has_error=True) == "B"
    assert grade(70, CFG, has_error=True) == "C"  # the ceiling never raises a grade
    assert grade(97, CFG, has_error=False) == "A"
    assert grade(97, CFG.model_copy(update={"best_with_errors": None}), has_error=True) == "A"
