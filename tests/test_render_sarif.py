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
    # A finding about the whole file (an unreadable PDF) is at line 1, without a snippet.
    prs = next(r for r in results if r["ruleId"] == "PRS001")
    assert prs["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert all("region" in r["locations"][0]["physicalLocation"] for r in results)


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


# --------------------------------------------------------------------------- issue 15/16/19

REPO = Path(__file__).resolve().parent.parent


def _cli_sarif(*paths: str) -> dict:
    from typer.testing import CliRunner

    from gaorpt_audit.cli import app

    result = CliRunner().invoke(app, ["run", *paths, "-f", "sarif", "-q"])
    assert result.exit_code in (0, 1), result.stderr
    return _validate(result.stdout)


def test_every_rule_has_help_and_a_help_uri_to_its_entry() -> None:
    import tomllib
    from urllib.parse import urldefrag

    from gaorpt_audit.render.sarif import DOCS_URL

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["urls"]["Documentation"] == DOCS_URL
    doc = _cli_sarif(str(REPO / "reports" / "zhejiang"))
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) > 40  # the whole selected catalogue, not only the failing rules
    catalogue = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in rules:
        page, anchor = urldefrag(rule["helpUri"])
        assert page == DOCS_URL + "rules.md" and anchor == rule["id"].lower()
        assert f'<a id="{anchor}"></a>{rule["id"]} |' in catalogue, rule["id"]
        assert rule["help"]["text"].startswith(rule["shortDescription"]["text"])
        assert rule["help"]["markdown"].endswith(f"[规则说明]({rule['helpUri']})")
    bal = next(r for r in rules if r["id"] == "BAL002")
    assert "依据：国办公开办函〔2021〕30号" in bal["help"]["text"]


def test_every_result_on_reports_has_a_region() -> None:
    doc = _cli_sarif(str(REPO / "reports"))
    results = doc["runs"][0]["results"]
    assert len(results) == 93
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]
    assert all(line >= 1 for line in lines)
    # DAT004 (no signing date at all) is about the whole file: line 1, no snippet
    dat = next(r for r in results if r["ruleId"] == "DAT004")
    assert dat["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}


def test_pdf_results_name_the_page_and_box_in_a_property_bag() -> None:
    doc = _cli_sarif(str(REPO / "reports/jiangsu/huaian-hongze-district-gov_2023.pdf"))
    physical = {
        r["ruleId"]: r["locations"][0]["physicalLocation"] for r in doc["runs"][0]["results"]
    }
    assert physical["BAL004"]["properties"] == {"page": 4, "box": [202.7, 445.6, 230.9, 472.4]}
    assert physical["BAL004"]["region"]["startLine"] == 84  # the region stays the line
    assert "properties" not in physical["DAT004"]  # no page: about the whole file


def test_uris_are_percent_encoded() -> None:
    from urllib.parse import unquote

    from gaorpt_audit.render.sarif import _uri

    for path in [
        "reports/a b/报告 2024.txt",
        'reports/"quoted"\'.txt',
        "reports/line\nbreak\x1b[2J.txt",
        "reports/100%#?.txt",
        "reports/bad\udcff.txt",  # an undecodable byte of the file name
    ]:
        uri = _uri(path)
        assert uri.isascii() and not any(c in uri for c in " \n\x1b\"'#?")
        assert all(ord(c) > 32 for c in uri)
        assert unquote(uri, errors="surrogateescape") == path
    assert _uri("reports/a b.txt") == "reports/a%20b.txt"
    assert _uri("/tmp/x y.txt") == "file:///tmp/x%20y.txt"
    assert _uri("c:d.txt") == "./c:d.txt"  # not a URI scheme


def test_a_unique_repair_is_a_fix_that_restores_the_printed_value(tmp_path) -> None:
    # 表三 （一）予以公开 × 自然人 of the Shuyang 2025 report is 290; printed as 291, the
    # row and column identities point at that cell and the fix writes 290 back.
    source = REPO / "reports" / "jiangsu" / "suqian-shuyang-county-gov_2025.md"
    original = source.read_text(encoding="utf-8")
    lines = original.split("\n")
    assert lines[110] == "| 予以公开 | 290 | 1 | 0 | 0 | 3 | 0 | 294 |"
    lines[110] = lines[110].replace("290", "291")
    draft = tmp_path / "draft 2025.md"
    draft.write_text("\n".join(lines), encoding="utf-8")
    doc = _cli_sarif(str(draft))
    fixed = [r for r in doc["runs"][0]["results"] if "fixes" in r]
    assert sorted(r["ruleId"] for r in fixed) == ["BAL002", "BAL003"]
    for result in fixed:
        (fix,) = result["fixes"]
        assert fix["description"]["text"].startswith("疑为（一）予以公开 × 自然人：表中为 291")
        (change,) = fix["artifactChanges"]
        assert change["artifactLocation"]["uri"].endswith("/draft%202025.md")
        (rep,) = change["replacements"]
        region = rep["deletedRegion"]
        assert region == {"startLine": 111, "startColumn": 10, "endColumn": 13}
        row = lines[region["startLine"] - 1]
        a, b = region["startColumn"] - 1, region["endColumn"] - 1
        assert row[:a] + rep["insertedContent"]["text"] + row[b:] == original.split("\n")[110]


def test_no_fix_where_the_place_of_the_cell_is_not_known() -> None:
    # Pingtan 2020 (a one-line dump: the cells share their digit run's offset) and Hongze
    # 2023 (a PDF: its lines are not the file's) get suggestions in the JSON, no fix here.
    doc = _cli_sarif(
        str(REPO / "reports" / "fujian" / "pingtan-zone-admin-committee_2020.txt"),
        str(REPO / "reports" / "jiangsu" / "huaian-hongze-district-gov_2023.pdf"),
    )
    results = doc["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"BAL002", "BAL004"}
    assert not any("fixes" in r for r in results)
