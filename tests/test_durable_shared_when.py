"""An implies rule with several ``then`` conditions registers on durable-rules.

Its instances share one ``when`` rule dict; registration mutates each rule dict (deletes
``run``), so the backend copies every rule on its own (one deepcopy of the whole ruleset
kept them shared: KeyError 'run' at registration)."""

from __future__ import annotations

from durable_helpers import needs_durable
from rule_helpers import make_rule

from gaorpt_audit.backends import get_backend
from gaorpt_audit.checks import compile_rules
from gaorpt_audit.evaluate import evaluate_report
from gaorpt_audit.rulecases import case_report


@needs_durable
def test_implies_with_several_conditions_runs_on_both_backends():
    rule = make_rule(
        {
            "kind": "implies",
            "when": {"claim": "review_all_upheld"},
            "then": [
                {"ref": "t4.review[corrected]", "op": "eq", "value": 0},
                {"ref": "t4.review[pending]", "op": "eq", "value": 0},
            ],
        },
        message="{column} {actual}",
    )
    compiled = compile_rules([rule])
    report = case_report(
        {
            "claims": [{"kind": "review_all_upheld", "value": 0, "line": 3}],
            "tables": {"四": {"review": [1, 0, 0, 2, 3]}},
        }
    )
    got = {
        name: evaluate_report(report, compiled, get_backend(compiled, name))
        for name in ("python", "durable")
    }
    assert got["python"] == got["durable"]
    assert [f.message for f in got["durable"][1]] == ["尚未审结 2"]
