"""SARIF 2.1.0: schema-valid, rules, logical locations, fingerprints, suppressions."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from test_render_fixture import gated_results, render

from gaorpt_audit.gate import Gate, Waiver

SCHEMA = Path(__file__).resolve().parent / "fixtures" / "sarif-schema-2.1.0.json"


def _validate(text: str) -> dict:
    doc = json.loads(text)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(doc)
    return doc


def test_sarif_is_schema_valid() -> None:
    doc = _validate(render("sarif"))
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"]) == 1


def test_the_schema_check_can_fail() -> None:
    doc = json.loads(render("sarif"))
    doc["runs"][0]["results"][0]["level"] = "fatal"
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(doc))


def test_rules_results_and_locations() -> None:
    run = json.loads(render("sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["BAL002", "DAT002", "PRS001", "PRS002", "SEC004", "SEC005"]
    results = run["results"]
    assert len(results) == 7
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["partialFingerprints"]["gaorptFingerprint/v1"]
    bal = next(r for r in results if r["ruleId"] == "BAL002")
    assert bal["level"] == "error"
    loc = bal["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == (
        "reports/zhejiang/baibu-town_2020.txt"
    )
    assert loc["physicalLocation"]["region"]["startLine"] == 57
    assert loc["logicalLocations"][0]["fullyQualifiedName"] == (
        "section:三/table:三/row:result_total/column:total"
    )
    info = [r for r in results if r["level"] == "note"]
    assert {r["ruleId"] for r in info} == {"PRS002", "SEC005"}
    # A finding without a line (a PDF page) has no region rather than a bogus line 0.
    prs = next(r for r in results if r["ruleId"] == "PRS001")
    assert "region" not in prs["locations"][0]["physicalLocation"]


def test_waived_findings_are_suppressed_not_dropped() -> None:
    import io

    from test_render_fixture import fixture_meta, fixture_results

    from gaorpt_audit.render import RunView, get_renderer

    gate = Gate(waivers=[Waiver(rule="BAL002", files="reports/zhejiang/*", reason="表格已更正")])
    results = [gate.apply(r) for r in fixture_results()]
    out = io.StringIO()
    get_renderer("sarif")(RunView(fixture_meta(), results), out)
    doc = _validate(out.getvalue())
    bal = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "BAL002")
    assert bal["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "表格已更正"}
    ]
    assert len(gated_results()) == 5
