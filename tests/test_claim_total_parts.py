"""claim_total with ``parts``: a narrative total against the narrative's own breakdown."""

from __future__ import annotations

import pytest
from rule_helpers import make_rule

from gaorpt_audit.facts import FactPlan, SumSpec, build_facts
from gaorpt_audit.rulecases import case_report

COVER = ("granted", "partial", "withheld", "unavailable", "not_processed", "other")


def _sum(claims: list[dict]) -> dict:
    report = case_report({"claims": claims})
    spec = SumSpec("k", (), None, "", claims="outcome_count", cover=COVER)
    base = build_facts(report, FactPlan(sums=[spec]))
    return {k: v for k, v in base.sums["k"].items() if k not in ("kind", "key")}


def _oc(target: str, value: int, **more) -> dict:
    return {"kind": "outcome_count", "target": target, "value": value, **more}


def test_a_complete_breakdown_is_summed_in_text_order():
    claims = [_oc("granted+partial", 5), _oc("withheld", 1), _oc("unavailable", 2)]
    claims += [_oc("unavailable.not_held", 2), _oc("not_processed", 1), _oc("other", 0)]
    assert _sum(claims) == {"terms": 5, "value": 9}  # the sub-row is not a part


@pytest.mark.parametrize(
    "claims, reason",
    [
        ([], "gives no unscoped outcome_count"),
        ([_oc("granted+partial", 5), _oc("withheld", 1)], "none for unavailable, not_processed"),
        (
            [_oc("granted+partial", 5), _oc("partial", 1)] + [_oc(t, 1) for t in COVER[2:]],
            "more than one outcome_count for partial",
        ),
        (
            [_oc("granted+partial", 5, scope=["全市"])] + [_oc(t, 1) for t in COVER[2:]],
            "the outcome_count claim for granted+partial has scope words",
        ),
    ],
)
def test_an_incomplete_breakdown_is_not_used(claims, reason):
    assert reason in _sum(claims)["missing"]


@pytest.mark.parametrize(
    "check, error",
    [
        ({"parts": {"claim": "outcome_count", "cover": ["granted", "granted"]}}, "distinct"),
        ({"parts": {"claim": "outcome_count", "cover": ["granted+partial", "x"]}}, "single"),
        (
            {"parts": {"claim": "outcome_count", "cover": ["a", "b"]}, "cells": ["t3.new[total]"]},
            "exactly one of cells, targets, parts",
        ),
        (
            {"parts": {"claim": "outcome_count", "cover": ["a", "b"]}, "bounds": "T3-ROW"},
            "bounds apply to cells",
        ),
    ],
)
def test_parts_are_checked_when_the_rule_loads(check, error):
    with pytest.raises(ValueError, match=error):
        make_rule({"kind": "claim_total", "claim": "applications_handled", **check})
