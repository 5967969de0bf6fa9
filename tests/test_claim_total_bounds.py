"""claim_total with ``bounds``: a blank 总计 is unknown, never 0, but it is at least the sum
of the row's filled applicant cells (T3-ROW), and exactly that sum when all six are filled."""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_helpers import make_rule

from gaorpt_audit.facts import FactPlan, SumSpec, build_facts
from gaorpt_audit.keys import T3_COLUMNS, T3_ROWS
from gaorpt_audit.pipeline import parse_file
from gaorpt_audit.rulecases import case_report
from gaorpt_audit.sums import bound_parts

REPO = Path(__file__).resolve().parent.parent
REPORTS = sorted(
    p.relative_to(REPO).as_posix()
    for p in (REPO / "reports").rglob("*")
    if p.is_file() and p.name != "README.md"
)


def test_a_row_total_is_bounded_by_its_applicant_cells():
    parts = bound_parts("T3-ROW", "t3", "granted", "total")
    assert parts == [("t3", "granted", c) for c in T3_COLUMNS[:-1]]
    assert bound_parts("T3-ROW", "t3", "granted", "natural_person") is None  # not a total
    assert bound_parts("T3-ROW", "t4", "review", "total") is None  # another table
    assert bound_parts("T4-SUM-R", "t4", "review", "total") == [
        ("t4", "review", c) for c in ("upheld", "corrected", "other", "pending")
    ]
    assert bound_parts("T4-SUM-R", "t4", "litigation_direct", "total") is None


def _sum(row_values: dict[str, list], refs: list[tuple[str, str, str]]) -> dict:
    report = case_report({"tables": {"三": row_values}})
    spec = SumSpec("k", tuple(refs), None, "", bounds="T3-ROW")
    base = build_facts(report, FactPlan(sums=[spec]))
    fact = base.sums["k"]
    return {k: v for k, v in fact.items() if k not in ("kind", "key")}


def test_sum_fact_exact_bounded_or_missing():
    total = [("t3", "granted", "total")]
    # all printed: as without bounds
    assert _sum({"granted": [2, 1, 0, 0, 0, 0, 3]}, total) == {"terms": 1, "value": 3}
    # 总计 blank, all six filled: exact
    assert _sum({"granted": [2, 1, 0, 0, 0, 0, ""]}, total) == {
        "terms": 1,
        "value": 3,
        "derived": 1,
    }
    # 总计 blank, an applicant cell blank too: a lower bound only
    assert _sum({"granted": [2, "", 0, 0, 0, 0, ""]}, total) == {
        "terms": 1,
        "low": 2,
        "derived": 1,
    }
    # nothing filled: nothing provable, the blank is the reason (as without bounds)
    assert _sum({"granted": ["", "", "", "", "", "", ""]}, total) == {
        "terms": 1,
        "missing": "t3.granted[total] is blank",
    }
    # a marked or text cell is not a blank: no bound
    assert "missing" in _sum({"granted": [2, 1, 0, 0, 0, 0, "—"]}, total)


@pytest.mark.parametrize("path", REPORTS)
def test_bounds_change_nothing_where_the_cells_are_filled(path):
    """The same sums with and without bounds on every real report: where the sum without
    bounds has a value, the fact with bounds is the same dict, with the same terms."""
    report = parse_file(REPO / path, display=path)
    refs = [("t3", row, "total") for row in T3_ROWS] + [("t3", "withheld.*", "total")]
    plain = [SumSpec(f"p{i}", (r,), None, "") for i, r in enumerate(refs)]
    bound = [SumSpec(f"p{i}", (r,), None, "", bounds="T3-ROW") for i, r in enumerate(refs)]
    a = build_facts(report, FactPlan(sums=plain))
    b = build_facts(report, FactPlan(sums=bound))
    for spec in plain:
        fa, fb = a.sums[spec.key], b.sums[spec.key]
        if "value" in fa:
            assert fa == fb and a.sum_terms[spec.key] == b.sum_terms[spec.key], spec
        else:
            assert fa["missing"] == fb.get("missing", fa["missing"]), spec  # same reason


@pytest.mark.parametrize(
    "check, error",
    [
        ({"bounds": "T3-XXX"}, "not defined in identities.py"),
        ({"bounds": "T3-SUM"}, "no single total with plain parts"),
        ({"bound_note": "总计栏空白"}, "bound_note needs bounds"),
    ],
)
def test_bounds_are_checked_when_the_rule_loads(check, error):
    base = {"kind": "claim_total", "claim": "outcome_count", "cells": ["t3.granted[total]"]}
    with pytest.raises(ValueError, match=error):
        make_rule({**base, **check})
