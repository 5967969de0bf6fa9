"""Findings -> score and grade (DESIGN.md "Scoring"); the formula and its version live in
rules.toml [scoring] and are printed in every machine output."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from .config import ScoringConfig
from .model import Outcome, OutcomeCounts


def score(
    outcomes: Iterable[Outcome],
    categories: Mapping[str, str],
    weights: Mapping[str, float],
    cfg: ScoringConfig,
) -> float:
    """Start from ``cfg.start``; deduct the weight of each failed rule, capped per category."""
    lost: dict[str, float] = defaultdict(float)
    for o in outcomes:
        if o.status == "failed":
            lost[categories[o.rule]] += weights[o.rule]
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
