"""Both backends give identical outcomes; each durable-rules mitigation (notes §8) is tested."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from durable_helpers import needs_durable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rule_helpers import make_rule

from gaorpt_audit.backends import get_backend
from gaorpt_audit.checks import compile_rules
from gaorpt_audit.checks.compiler import MAX_JOIN
from gaorpt_audit.config import load_config
from gaorpt_audit.discover import discover
from gaorpt_audit.evaluate import evaluate_report
from gaorpt_audit.keys import T3_COLUMNS
from gaorpt_audit.pipeline import parse_file
from gaorpt_audit.rulebook import Rule, load_rules

REPO = Path(__file__).resolve().parent.parent
RULES = load_rules([REPO / "rules"])


def _rule(**check) -> Rule:
    return make_rule(check)


@needs_durable
@pytest.mark.parametrize("item", discover([REPO / "reports"]), ids=lambda i: i.display)
def test_every_report_same_outcomes_on_both_backends(item):
    compiled = compile_rules(RULES)
    report = parse_file(item.path, item.display)
    py = evaluate_report(report, compiled, get_backend(compiled, "python"))
    du = evaluate_report(report, compiled, get_backend(compiled, "durable"))
    assert py == du
    assert all(o.status != "error" for o in py[0]), py[0]


# A sum over 22 rows (T3-SUM) cannot be a 16-fact join: it becomes a sum fact.
T3_SUM = _rule(
    kind="equation",
    for_each="t3.columns",
    lhs=["t3.result_total[col]"],
    rhs=[
        "t3.granted[col]",
        "t3.partial[col]",
        "t3.withheld.*[col]",
        "t3.unavailable.*[col]",
        "t3.not_processed.*[col]",
        "t3.other*[col]",
    ],
)
ROWS_16 = [f"t3.{r}[col]" for r in ("granted", "partial")] + [
    f"t3.withheld.{k}[col]"
    for k in (
        "state_secret",
        "prohibited_by_law",
        "security_stability",
        "third_party",
        "internal_affairs",
        "process_info",
        "enforcement_files",
        "query_matters",
    )
]


def test_long_sums_become_facts_and_joins_stay_within_16():
    compiled = compile_rules(
        [
            T3_SUM,
            _rule(
                kind="equation",
                lhs=["t3.new[total]"],
                rhs=[r.replace("col", "total") for r in ROWS_16],
            ),
        ]
    )
    assert compiled.plan.sums, "a glob sum is computed by facts.py"
    for rdef in compiled.ruleset.values():
        positives = [e for e in rdef["all"] if not next(iter(e)).endswith("$not")]
        assert len(positives) <= MAX_JOIN


def test_join_conditions_are_flat_and_end_with_sid_test():
    compiled = compile_rules(RULES + [T3_SUM])
    for name, rdef in compiled.ruleset.items():
        entries = rdef["all"]
        for i, entry in enumerate(entries):
            ((alias, cond),) = entry.items()
            if i == 0 or alias.endswith("$not"):
                continue
            tests = cond["$and"]
            assert "sid" in tests[-1], name  # segfault workaround (§3.1.1)
            for t in tests:  # no nested $and/$or referencing other facts (§3.1.2)
                if "$or" in t or "$and" in t:
                    assert "sid" not in json.dumps(t) and '"value"}' not in json.dumps(t)


def test_negation_is_anchored_on_end():
    compiled = compile_rules(RULES)
    for rdef in compiled.ruleset.values():
        aliases = [next(iter(e)) for e in rdef["all"]]
        if any(a.endswith("$not") for a in aliases):
            first_neg = next(i for i, a in enumerate(aliases) if a.endswith("$not"))
            assert aliases[first_neg - 1] == "e"
            assert "$end" in json.dumps(rdef["all"][first_neg - 1])


def _facts(values: dict[str, list[int | str]]) -> list[dict]:
    out = []
    for row, vals in values.items():
        for col, v in zip(T3_COLUMNS, vals, strict=True):
            f = {"kind": "cell", "table": "三", "row": row, "col": col}
            if isinstance(v, int):
                f.update(cell_kind="number", value=v)
            else:
                f["cell_kind"] = "blank"
            out.append(f)
    return out


@needs_durable
def test_no_timer_threads_and_state_deleted_and_ruleset_registered_once():
    compiled = compile_rules(RULES)
    backend = get_backend(compiled, "durable")
    assert get_backend(compiled, "durable") is backend  # cached by ruleset hash
    before = threading.active_count()
    for _ in range(1100):  # more than the 1024 live-state limit: states are deleted
        backend.run(_facts({"new": [1, 0, 0, 0, 0, 0, 1]}))
    assert threading.active_count() == before
    assert compiled.ruleset["BAL001#col=total#hi"].get("run") is None  # deep-copied


@needs_durable
def test_reports_without_any_finding_do_not_crash_delete_state():
    # §3 delete_state on a state that ran no action: the $end no-op rule prevents it.
    compiled = compile_rules([_rule(kind="compare", left="t3.new[total]", op="ge", right=0)])
    backend = get_backend(compiled, "durable")
    for _ in range(3000):
        assert backend.run([]) == []


@needs_durable
def test_unmatched_facts_still_run_actions_synchronously():
    # §4: a fact matching no rule makes Host.assert_facts raise and defer actions.
    compiled = compile_rules([_rule(kind="compare", left="t3.new[total]", op="ge", right=0)])
    backend = get_backend(compiled, "durable")
    facts = [{"kind": "unrelated", "x": 1}] + _facts({"new": [0, 0, 0, 0, 0, 0, -1]})
    assert [m[0] for m in backend.run(facts)] == ["TST001"]


@needs_durable
def test_identical_facts_are_not_collapsed():
    # §2: identity is a content hash unless facts carry ids; two equal claims are two facts.
    rule = _rule(
        kind="implies",
        when={"claim": "no_applications"},
        then=[{"ref": "t3.new[total]", "op": "eq", "value": 0}],
    )
    compiled = compile_rules([rule.model_copy(update={"message": "{claim_line}"})])
    claim = {"kind": "claim", "claim": "no_applications", "line": 3, "scoped": False}
    facts = [claim, dict(claim)] + _facts({"new": [1, 0, 0, 0, 0, 0, 1]})
    du = get_backend(compiled, "durable").run(facts)
    py = get_backend(compiled, "python").run(facts)
    assert du == py and len([m for m in du if not m[0].endswith("#when")]) == 2


@needs_durable
def test_float_and_int_values_compare_numerically():
    compiled = compile_rules(
        [
            _rule(
                kind="equation",
                lhs=["t3.new[total]"],
                rhs=["t3.new[natural_person]"],
                tolerance=0.5,
            )
        ]
    )
    facts = [
        {
            "kind": "cell",
            "table": "三",
            "row": "new",
            "col": "total",
            "cell_kind": "number",
            "value": 10,
        },
        {
            "kind": "cell",
            "table": "三",
            "row": "new",
            "col": "natural_person",
            "cell_kind": "number",
            "value": 9.6,
        },
    ]
    for name in ("durable", "python"):
        assert get_backend(compiled, name).run(facts) == []
    facts[1]["value"] = 9.4
    assert (
        get_backend(compiled, "durable").run(facts)
        == get_backend(compiled, "python").run(facts)
        != []
    )


cell_value = st.one_of(st.integers(-3, 6), st.just(""))
rows = ("new", "carried_over", "result_total", "carried_forward", "granted", "withheld.third_party")


@needs_durable
@settings(max_examples=100, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=st.dictionaries(
        st.sampled_from(rows), st.lists(cell_value, min_size=7, max_size=7), max_size=6
    ),
    claims=st.lists(st.sampled_from(["no_applications", "applications_received"]), max_size=2),
    claim_value=st.integers(0, 6),
)
def test_random_fact_sets_same_matches_on_both_backends(table, claims, claim_value):
    rules = RULES + [
        T3_SUM,
        _rule(kind="compare", left="t3.*[*]", op="ge", right=0).model_copy(
            update={"code": "TST002", "name": "test.b"}
        ),
    ]
    compiled = compile_rules(rules)
    facts = _facts(table) + [
        {"kind": "claim", "claim": c, "line": i, "scoped": False, "value": claim_value}
        for i, c in enumerate(claims)
    ]
    facts += [
        {"kind": "sum", "key": s.key, "value": claim_value, "terms": 3}
        for s in compiled.plan.sums[:3]
    ]
    assert get_backend(compiled, "durable").run(facts) == get_backend(compiled, "python").run(facts)


def test_backend_failure_becomes_error_outcomes_not_a_crash():
    compiled = compile_rules(RULES)

    class Broken:
        name = "broken"

        def run(self, facts):
            raise RuntimeError("boom")

    report = parse_file(REPO / "reports/zhejiang/baibu-town_2020.txt", "x")
    outcomes, findings = evaluate_report(report, compiled, Broken())
    assert findings == [] and {o.status for o in outcomes} <= {"error", "not_applicable"}
    assert any(o.status == "error" and "boom" in (o.reason or "") for o in outcomes)


@needs_durable
def test_worker_crash_costs_one_report_retried_on_python(monkeypatch):
    import os

    from gaorpt_audit import audit as audit_mod
    from gaorpt_audit import pipeline

    real = pipeline.audit_report

    def crashing(report, display, ctx):
        if display.endswith("baibu-town_2020.txt") and ctx.backend_name == "durable":
            os._exit(139)  # what a segfault in the C engine looks like to the pool
        return real(report, display, ctx)

    monkeypatch.setattr(pipeline, "audit_report", crashing)
    cfg = load_config(discover=False)
    run = audit_mod.audit(
        [REPO / "reports" / "zhejiang", REPO / "reports" / "guizhou"],
        cfg,
        jobs=2,
        mp_context="fork",
    )
    results = list(run.results)
    assert [Path(r.path).name for r in results] == ["pingqiu-town_2020.txt", "baibu-town_2020.txt"]
    assert all(r.outcomes.error == 0 for r in results)


def test_workers_that_cannot_start_lose_no_report(monkeypatch):
    import os

    from gaorpt_audit import audit as audit_mod

    def dying_initializer(config_json):
        os._exit(1)  # e.g. a rule pack that fails to load inside the worker

    monkeypatch.setattr(audit_mod, "_init_worker", dying_initializer)
    cfg = load_config(discover=False)
    folder = REPO / "reports" / "fujian"
    serial = [
        r.model_dump()
        for r in audit_mod.audit([folder], cfg.model_copy(update={"backend": "python"})).results
    ]
    pooled = [
        r.model_dump() for r in audit_mod.audit([folder], cfg, jobs=2, mp_context="fork").results
    ]
    assert len(pooled) == len(discover([folder])) == 7
    assert pooled == serial


def test_jobs_do_not_change_output():
    from gaorpt_audit.audit import audit

    cfg = load_config(discover=False)
    one = [r.model_dump() for r in audit([REPO / "reports"], cfg, jobs=1).results]
    two = [r.model_dump() for r in audit([REPO / "reports"], cfg, jobs=2).results]
    assert one == two and len(one) == len(discover([REPO / "reports"]))
