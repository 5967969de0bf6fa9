"""`run` and `rank` through typer's CliRunner: exit codes of each gate option, output
routing, and determinism on the sample region reports/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_render_fixture import fixture_results
from typer.testing import CliRunner

from gaorpt_audit import audit as audit_module
from gaorpt_audit import config as config_module
from gaorpt_audit.audit import AuditRun
from gaorpt_audit.cli import app
from gaorpt_audit.render import BINARY_FORMATS, FORMATS

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture
def fake(monkeypatch) -> dict:
    """audit() replaced by the fixture set; records what the CLI passed to the engine."""
    seen: dict = {}

    def load_config(explicit, cwd, select, ignore, backend, **kw):
        seen.update(select=select, ignore=ignore, backend=backend, config=explicit)

    def audit(paths, config=None, *, jobs=1, **kw):
        seen.update(paths=list(paths), jobs=jobs)
        return AuditRun("0.0.0-test", "2024.1", "abc", "v1", iter(fixture_results()))

    monkeypatch.setattr(config_module, "load_config", load_config)
    monkeypatch.setattr(audit_module, "audit", audit)
    return seen


def invoke(*args: str):
    return runner.invoke(app, ["run", *args])


def test_default_gate_fails_on_errors(fake) -> None:
    result = invoke("reports", "-f", "concise")
    assert result.exit_code == 1
    assert "gate failed: 3 finding(s) at or above --fail-on error" in result.stderr
    assert result.stdout.startswith("reports/test/evil_2021.md:3: SEC004")


@pytest.mark.parametrize(
    ("option", "code"),
    [("error", 1), ("warning", 1), ("info", 1), ("never", 0)],
)
def test_fail_on(fake, option: str, code: int) -> None:
    assert invoke("x", "-f", "json", "--fail-on", option).exit_code == code


def test_fail_on_rejects_unknown_level(fake) -> None:
    assert invoke("x", "--fail-on", "fatal").exit_code == 2


@pytest.mark.parametrize(("score", "code"), [("0", 0), ("60", 1), ("50.5", 1)])
def test_fail_under(fake, score: str, code: int) -> None:
    assert invoke("x", "-f", "json", "--fail-on", "never", "--fail-under", score).exit_code == code


def test_write_baseline_then_gate_on_new_findings_only(fake, tmp_path) -> None:
    base = tmp_path / "baseline.json"
    first = invoke("x", "-f", "json", "--write-baseline", str(base))
    assert first.exit_code == 0, first.stderr
    assert f"wrote baseline {base} (7 finding(s))" in first.stderr
    second = invoke("x", "-f", "json", "--baseline", str(base), "--fail-on", "info")
    assert second.exit_code == 0
    doc = json.loads(second.stdout)
    assert doc["summary"]["baseline"] == 7
    # An edited baseline that forgets one error: that error fails the gate again.
    data = json.loads(base.read_text(encoding="utf-8"))
    data["findings"] = [f for f in data["findings"] if f["rule"] != "DAT002"]
    base.write_text(json.dumps(data), encoding="utf-8")
    third = invoke("x", "-f", "json", "--baseline", str(base))
    assert third.exit_code == 1
    assert "1 finding(s) at or above --fail-on error not in the baseline" in third.stderr


def test_missing_baseline_file_is_exit_2(fake, tmp_path) -> None:
    result = invoke("x", "--baseline", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert "cannot read baseline" in result.stderr


def test_waivers_file(fake, tmp_path) -> None:
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(
        "[[waiver]]\nrule = '*'\nfiles = 'reports/*'\nreason = '整改中'\nexpires = 2999-12-31\n"
        "[[waiver]]\nrule = 'SEC001'\nreason = '无用'\n",
        encoding="utf-8",
    )
    result = invoke("x", "-f", "json", "--waivers", str(waivers), "--fail-on", "info")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["waived"] == 7
    assert "warning: waiver for SEC001 on '*' matched no finding (无用)" in result.stderr


def test_broken_waivers_file_is_exit_2(fake, tmp_path) -> None:
    waivers = tmp_path / "waivers.toml"
    waivers.write_text("[[waiver]]\nrule = 'X'\n", encoding="utf-8")
    result = invoke("x", "--waivers", str(waivers))
    assert result.exit_code == 2
    assert "reason: Field required" in result.stderr


def test_unknown_format_is_exit_2_with_the_choices(fake) -> None:
    result = invoke("x", "--format", "yaml")
    assert result.exit_code == 2
    assert "unknown --format 'yaml'" in result.stderr and "sarif" in result.stderr
    assert result.stdout == ""


def test_format_from_environment(fake) -> None:
    result = runner.invoke(app, ["run", "x"], env={"GAORPT_AUDIT_OUTPUT_FORMAT": "jsonl"})
    assert json.loads(result.stdout.splitlines()[0])["type"] == "run"


@pytest.mark.parametrize(
    "fmt", [f for f in FORMATS if f not in ("full", "concise", *BINARY_FORMATS)]
)
def test_machine_formats_write_only_the_payload(fake, fmt: str, tmp_path) -> None:
    to_stdout = invoke("x", "-f", fmt, "--statistics")
    target = tmp_path / f"out.{fmt}"
    to_file = invoke("x", "-f", fmt, "-o", str(target))
    assert to_file.stdout == ""
    assert target.read_text(encoding="utf-8") == to_stdout.stdout
    assert "各规则问题统计" in to_stdout.stderr  # --statistics goes to stderr here


def test_select_ignore_comma_separated_and_repeatable(fake) -> None:
    invoke("x", "--select", "BAL,ZER001", "--select", "SEC", "--ignore", "SEC002", "-j", "3")
    assert fake["select"] == ["BAL", "ZER001", "SEC"]
    assert fake["ignore"] == ["SEC002"]
    assert fake["jobs"] == 3


def test_statistics_table(fake) -> None:
    result = invoke("x", "-f", "concise", "--statistics")
    stats = result.stdout.split("各规则问题统计", 1)[1]
    # BAL002 1 finding in 1 report; SEC004 2 findings in 2 reports.
    assert any(line.split()[1:2] == ["2"] and "SEC004" in line for line in stats.splitlines())


def test_internal_error_is_exit_2(monkeypatch, fake) -> None:
    def boom(paths, config=None, *, jobs=1, **kw):
        def gen():
            yield fixture_results()[0]
            raise RuntimeError("rule crashed")

        return AuditRun("0", "0", "", "", gen())

    monkeypatch.setattr(audit_module, "audit", boom)
    result = invoke("x", "-f", "json")
    assert result.exit_code == 2
    assert "internal error: RuntimeError: rule crashed" in result.stderr


def test_rank_formats(fake) -> None:
    result = runner.invoke(app, ["rank", "x", "-f", "json"])
    assert result.exit_code == 0
    league = json.loads(result.stdout)["league"]
    assert [r["publisher"] for r in league][:2] == ["大渡口镇人民政府", "百步镇人民政府"]
    assert runner.invoke(app, ["rank", "x", "--year", "2019", "-f", "csv"]).stdout.count("\n") == 2
    assert runner.invoke(app, ["rank", "x", "-f", "sarif"]).exit_code == 2


# --------------------------------------------------------------------------- real engine


def test_missing_path_is_exit_2_before_any_output() -> None:
    result = invoke("no/such/folder", "-f", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no such file or folder" in result.stderr


def test_json_on_reports_lists_every_file_and_is_independent_of_jobs(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    one = invoke("reports", "-f", "json", "--jobs", "1", "--fail-on", "never")
    two = invoke("reports", "-f", "json", "--jobs", "2", "--fail-on", "never")
    assert one.exit_code == 0, one.stderr
    assert one.stdout == two.stdout
    doc = json.loads(one.stdout)
    files = sorted(
        p.relative_to(REPO).as_posix()
        for p in (REPO / "reports").rglob("*")
        if p.is_file() and p.name != "README.md"
    )
    assert [r["path"] for r in doc["reports"]] == files


def test_real_run_sarif_and_json_are_schema_valid(monkeypatch) -> None:
    import jsonschema

    from gaorpt_audit.render.json_out import SCHEMA_FILE

    monkeypatch.chdir(REPO)
    sarif = invoke("reports", "-f", "sarif", "--fail-on", "never")
    assert sarif.exit_code == 0, sarif.stderr
    doc = json.loads(sarif.stdout)
    schema = json.loads((REPO / "tests/fixtures/sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.Draft4Validator(schema).validate(doc)
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    # The catalogue comes from the rulebook: every selected rule, not only failing ones.
    assert len(rules) > len({r["ruleId"] for r in doc["runs"][0]["results"]})
    assert all(r["fullDescription"]["text"] for r in rules)
    out = invoke("reports", "-f", "json", "--fail-on", "never")
    run_schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(out.stdout), run_schema)
