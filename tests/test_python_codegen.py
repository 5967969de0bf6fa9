"""The python backend's generated rule functions match the reference interpreter exactly."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaorpt_audit.backends.python import PythonBackend
from gaorpt_audit.checks import compile_rules
from gaorpt_audit.checks.compiler import END
from gaorpt_audit.discover import discover
from gaorpt_audit.facts import build_facts
from gaorpt_audit.pipeline import parse_file
from gaorpt_audit.rulebook import load_rules

REPO = Path(__file__).resolve().parent.parent
COMPILED = compile_rules(load_rules([REPO / "rules"]))
BACKEND = PythonBackend(COMPILED)


@pytest.mark.parametrize("item", discover([REPO / "reports"]), ids=lambda i: i.display)
def test_every_report_same_matches_as_the_interpreter(item):
    facts = build_facts(parse_file(item.path, item.display), COMPILED.plan).items
    assert BACKEND.run(facts) == BACKEND.run_reference(facts)


# Shapes the compiler does not emit today, still evaluated exactly (some by the fallback).
ODD = {
    END: {"all": [{"m": {"kind": END}}]},
    "or_mixed": {"all": [{"a": {"$or": [{"kind": "x"}, {"name": "n1"}]}}]},
    "or_nested": {
        "all": [{"a": {"$and": [{"kind": "x"}, {"$or": [{"$gt": {"v": 2}}, {"$nex": ["v"]}]}]}}]
    },
    "str_cmp": {"all": [{"a": {"$and": [{"kind": "x"}, {"$lt": {"name": "n2"}}]}}]},
    "mixed_cmp": {"all": [{"a": {"$and": [{"kind": "x"}, {"$gte": {"v": {"$m": "name"}}}]}}]},
    "arith": {
        "all": [
            {"a": {"$and": [{"kind": "x"}, {"$ex": {"v": 1}}]}},
            {
                "b": {
                    "$and": [
                        {"kind": "x"},
                        {"v": {"$sub": {"$l": {"$mul": {"$l": {"a": "v"}, "$r": 2}}, "$r": 1}}},
                    ]
                }
            },
        ]
    },
    "unbound": {"all": [{"a": {"$and": [{"kind": "x"}, {"v": {"zz": "v"}}]}}]},
    "eq_other": {
        "all": [
            {"a": {"kind": "x"}},
            {"b": {"$and": [{"kind": "x"}, {"name": {"a": "name"}}, {"sid": {"a": "sid"}}]}},
        ]
    },
    "two_keys_rhs": {"all": [{"a": {"$and": [{"kind": "y"}, {"v": {"$m": "v", "x": 1}}]}}]},
    "neg": {
        "all": [
            {"e": {"kind": END}},
            {"n$not": {"$and": [{"kind": "x"}, {"name": "n3"}]}},
        ]
    },
    "float_eq": {"all": [{"a": {"$and": [{"kind": "x"}, {"v": 1.5}]}}]},
}
ODD_BACKEND = PythonBackend(SimpleNamespace(ruleset=ODD))  # type: ignore[arg-type]

value = st.one_of(st.integers(-2, 4), st.sampled_from([1.5, 2.0, "n1", "n2", True]))
fact = st.fixed_dictionaries(
    {"kind": st.sampled_from(["x", "y", "z"])},
    optional={"name": st.sampled_from(["n1", "n2", "n3", 3]), "v": value},
)


def _outcome(fn, facts):
    try:
        return fn(facts)
    except (TypeError, ValueError) as exc:  # "n1" * 2 - 1, a two-key rhs: fail alike
        return type(exc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(fact, max_size=6))
def test_odd_shapes_same_matches_as_the_interpreter(facts):
    assert _outcome(ODD_BACKEND.run, facts) == _outcome(ODD_BACKEND.run_reference, facts)


def test_odd_shapes_do_match_something():
    facts = [
        {"kind": "x", "name": "n1", "v": 2},
        {"kind": "x", "name": "n1", "v": 3},
        {"kind": "x", "v": 1.5},
    ]
    got = {name for name, _ in ODD_BACKEND.run(facts)}
    assert got == {"or_mixed", "or_nested", "str_cmp", "arith", "eq_other", "neg", "float_eq"}
    assert ODD_BACKEND.run(facts) == ODD_BACKEND.run_reference(facts)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "kind": st.just("cell"),
                "table": st.sampled_from(["三", "四"]),
                "row": st.sampled_from(["new", "carried_over", "result_total", "review"]),
                "col": st.sampled_from(["total", "natural_person", "upheld"]),
                "cell_kind": st.sampled_from(["number", "text"]),
            },
            optional={"value": st.integers(-1, 5)},
        ),
        max_size=12,
    )
)
def test_random_cells_same_matches_as_the_interpreter(facts):
    assert BACKEND.run(facts) == BACKEND.run_reference(facts)
