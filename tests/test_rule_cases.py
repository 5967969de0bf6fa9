"""Every case of every rule in rules/ on both backends, plus the meta-test on rule metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from durable_helpers import BACKEND_NAMES, backend_marks

from gaorpt_audit.rulebook import load_rules
from gaorpt_audit.rulecases import case_file_for, load_cases, run_case

REPO = Path(__file__).resolve().parent.parent
RULES = load_rules([REPO / "rules"])


def _cases():
    for rule in RULES:
        cf = case_file_for(rule)
        if cf is None:
            continue
        for case in load_cases(cf):
            for backend in BACKEND_NAMES:
                yield pytest.param(
                    rule,
                    case,
                    cf,
                    backend,
                    id=f"{rule.code}-{case.name}-{backend}",
                    marks=backend_marks(backend),
                )


@pytest.mark.parametrize(("rule", "case", "case_file", "backend"), list(_cases()))
def test_case(rule, case, case_file, backend):
    result = run_case(rule, case, case_file, REPO, backend)
    assert result.ok, "\n".join(result.problems)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented_and_has_pass_and_fail_cases(rule):
    assert rule.summary.strip() and rule.why.strip() and rule.basis.strip()
    cf = case_file_for(rule)
    assert cf is not None, f"{rule.code} has no {rule.code}.cases.toml"
    expects = {c.expect for c in load_cases(cf)}
    assert "passed" in expects, f"{rule.code} has no passing case"
    assert "failed" in expects, f"{rule.code} has no failing case"


def test_one_rule_per_category_at_least():
    assert {r.category for r in RULES} >= {
        "sections",
        "dates",
        "zeros",
        "balance",
        "consistency",
        "format",
        "parse",
    }
