"""Reports and results survive a pickle unchanged with pickling.reduce: the same fields,
the same fields-set (exclude_unset dumps agree), frozen models still frozen."""

from __future__ import annotations

import pickle

import pytest
from conftest import REPO

from gaorpt_audit.audit import audit
from gaorpt_audit.config import load_config
from gaorpt_audit.model import Finding, Location, Outcome, Report
from gaorpt_audit.pipeline import parse_file


def _roundtrip(obj):
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def test_every_result_of_the_region_is_unchanged():
    results = list(audit([REPO / "reports"], load_config(discover=False)).results)
    assert len(results) == 20
    for r in results:
        back = _roundtrip(r)
        assert back == r
        assert back.model_dump_json() == r.model_dump_json()
        assert back.model_dump(exclude_unset=True) == r.model_dump(exclude_unset=True)
        assert [f.model_fields_set for f in back.findings] == [
            f.model_fields_set for f in r.findings
        ]


def test_a_parsed_report_is_unchanged():
    path = REPO / "reports" / "fujian" / "pingtan-zone-admin-committee_2023.txt"
    got = parse_file(path)
    report = got[0] if isinstance(got, tuple) else got
    assert isinstance(report, Report)
    back = _roundtrip(report)
    assert back == report
    assert back.tables["三"].rows == report.tables["三"].rows


def test_fields_set_and_frozen_survive():
    loc = Location(section="五")
    f = Finding(
        rule="SEC010",
        name="sections.problems_look_back",
        category="sections",
        severity="warning",
        message="m",
        location=loc,
        fingerprint="0" * 16,
    )
    back = _roundtrip(f)
    assert back.model_fields_set == f.model_fields_set
    assert back.location.model_fields_set == {"section"}
    with pytest.raises(Exception, match="frozen"):
        back.location.section = "四"
    o = _roundtrip(Outcome(rule="SEC010", status="passed"))
    assert o == Outcome(rule="SEC010", status="passed") and o.reason is None
