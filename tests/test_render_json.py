"""The run JSON contract: streamed output, shipped JSON Schema, JSON lines."""

from __future__ import annotations

import json
import os

import jsonschema
from test_render_fixture import ALERT, render

from gaorpt_audit.render.json_out import SCHEMA_FILE, schema_text


def test_shipped_schema_is_generated_from_the_models() -> None:
    if os.environ.get("GAORPT_UPDATE_SNAPSHOTS"):
        SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "schema is stale: run python -m gaorpt_audit.render.json_out"
    )


def test_json_validates_against_the_shipped_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(render("json")), schema)


def test_schema_rejects_a_renamed_field() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    doc = json.loads(render("json"))
    doc["reports"][0]["score_value"] = doc["reports"][0].pop("score")
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
    assert errors


def test_streamed_json_equals_one_dump_of_the_whole() -> None:
    text = render("json")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


def test_json_contract_fields() -> None:
    doc = json.loads(render("json"))
    assert list(doc) == ["schema_version", "tool", "ruleset", "reports", "summary"]
    assert doc["schema_version"] == 1
    assert doc["tool"] == {"name": "gaorpt-audit", "version": "0.0.0-test"}
    assert doc["ruleset"]["score_formula"] == "v1: 100 - Σ weight"
    baibu = next(r for r in doc["reports"] if r["path"].endswith("baibu-town_2020.txt"))
    assert baibu["publisher"] == "百步镇人民政府"
    assert baibu["outcomes"] == {"passed": 2, "failed": 3, "not_applicable": 0, "error": 0}
    bal = next(f for f in baibu["findings"] if f["rule"] == "BAL002")
    assert bal["location"] == {
        "section": "三",
        "table": "三",
        "row": "result_total",
        "column": "total",
        "line": 57,
        "page": None,
        "box": None,  # a text report: no place on a page
    }
    assert (bal["expected"], bal["actual"]) == (5, 4)
    # The unreadable file is present with its parse finding, never dropped.
    broken = next(r for r in doc["reports"] if r["path"].endswith("unreadable_2022.pdf"))
    assert [f["rule"] for f in broken["findings"]] == ["PRS001"]
    assert doc["summary"]["reports"] == 5
    assert doc["summary"]["findings_by_severity"] == {"error": 3, "warning": 2, "info": 2}
    # Report text is kept as it is in JSON (escaping is the job of HTML-ish formats).
    assert ALERT in json.dumps(doc, ensure_ascii=False)


def test_the_gate_fills_missing_fingerprints() -> None:
    doc = json.loads(render("json"))
    assert all(f["fingerprint"] for r in doc["reports"] for f in r["findings"])


def test_jsonl_has_a_header_one_line_per_report_and_a_summary() -> None:
    lines = [json.loads(x) for x in render("jsonl").splitlines()]
    assert [x["type"] for x in lines] == ["run"] + ["report"] * 5 + ["summary"]
    whole = json.loads(render("json"))
    assert [{k: v for k, v in x.items() if k != "type"} for x in lines[1:-1]] == whole["reports"]
    assert {k: v for k, v in lines[-1].items() if k != "type"} == whole["summary"]
