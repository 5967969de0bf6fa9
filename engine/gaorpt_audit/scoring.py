"""Findings -> score and grade (DESIGN.md "Scoring"); the formula and its version live in
rules.toml [scoring] and are printed in every machine output.

Version 3 (how supervisory offices deduct): each failed rule costs its weight times the
factor of its severity (an error costs more than a warning; an info costs nothing), plus a
share of that for every further finding of the same rule up to a limit (three missing
sections cost more than one), capped per category. Rules whose findings say what the tool
could not check (``defect = false``: unreadable table parts, source quality, a parser
failure) are not publisher defects: they never deduct, and are counted apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from .config import ScoringConfig
from .model import SEVERITY_RANK, Finding, Outcome, OutcomeCounts


def score(
    outcomes: Iterable[Outcome],
    findings: Iterable[Finding],
    categories: Mapping[str, str],
    weights: Mapping[str, float],
    cfg: ScoringConfig,
    unchecked: frozenset[str] = frozenset(),
) -> float:
    """``cfg.start`` minus, per category (capped), the cost of each failed rule: weight x
    severity factor x (1 + repeat_factor x further findings, up to repeat_max findings)."""
    per_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:  # waivers change the gate, not the score
        per_rule[f.rule].append(f)
    lost: dict[str, float] = defaultdict(float)
    for o in outcomes:
        if o.status != "failed" or o.rule in unchecked:
            continue
        found = per_rule.get(o.rule, [])
        severity = max((f.severity for f in found), key=SEVERITY_RANK.get, default="warning")
        factor = cfg.severity_factors.get(severity, 1.0)
        repeats = max(0, min(len(found), cfg.repeat_max) - 1)
        lost[categories[o.rule]] += weights[o.rule] * factor * (1 + cfg.repeat_factor * repeats)
    deducted = sum(min(cfg.caps.get(cat, cfg.default_cap), w) for cat, w in lost.items())
    return round(max(0.0, cfg.start - deducted), 2)


def grade(value: float, cfg: ScoringConfig, *, has_error: bool = False) -> str:
    """The band of ``value``; a report with an error-severity finding is graded at best
    ``cfg.best_with_errors`` (an A must mean "nothing wrong that matters")."""
    bands = sorted(cfg.bands.items(), key=lambda kv: -kv[1])
    ceiling = cfg.best_with_errors if has_error else None
    allowed = not ceiling
    for band, floor in bands:
        allowed = allowed or band == ceiling
        if allowed and value >= floor:
            return band
    return "D"


def count(outcomes: Iterable[Outcome]) -> OutcomeCounts:
    # counted in a dict, one model at the end (a pydantic setattr per outcome costs more);
    # only the statuses that occur are passed, as the setattr version marked them set
    n: dict[str, int] = {}
    for o in outcomes:
        n[o.status] = n.get(o.status, 0) + 1
    return OutcomeCounts(**n)
