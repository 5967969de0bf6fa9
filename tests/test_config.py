"""Config discovery, merging, selection and errors (exit 2 with file and line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gaorpt_audit.cli import app
from gaorpt_audit.config import ConfigError, load_config
from gaorpt_audit.resources import default_config_path, rules_dir
from gaorpt_audit.rulebook import rulebook_for

REPO = Path(__file__).resolve().parent.parent


def test_bundled_defaults_found_in_checkout():
    assert default_config_path() == REPO / "rules.toml"
    assert rules_dir() == REPO / "rules"
    cfg = load_config(discover=False)
    assert cfg.file.ruleset.packs == ["builtin"] and cfg.source is None
    assert cfg.file.scoring.version == "3" and "100 减去各类别扣分之和" in cfg.file.scoring.describe()


def test_user_file_found_from_cwd_upwards(tmp_path):
    (tmp_path / "gaorpt-audit.toml").write_text('[severity]\nFMT001 = "info"\n', encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    cfg = load_config(cwd=sub)
    assert cfg.source == str(tmp_path / "gaorpt-audit.toml")
    assert cfg.file.severity == {"FMT001": "info"}
    assert cfg.file.scoring.start == 100  # untouched defaults are kept


def test_pyproject_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname="x"\n[tool.gaorpt-audit.ruleset]\nignore = ["format"]\n', encoding="utf-8"
    )
    cfg = load_config(cwd=tmp_path)
    codes = {r.code for r in rulebook_for(cfg).chosen}
    assert "FMT001" not in codes and "BAL001" in codes


def test_config_inside_audited_folder_is_not_used(tmp_path):
    audited = tmp_path / "reports"
    audited.mkdir()
    (audited / "gaorpt-audit.toml").write_text('[ruleset]\nignore = ["ALL"]\n', encoding="utf-8")
    cfg = load_config(cwd=tmp_path)  # the config is looked up from the cwd, not the audited folder
    assert cfg.source is None and len(rulebook_for(cfg).chosen) == len(rulebook_for(cfg).rules)


def test_cli_selection_and_prefix():
    cfg = load_config(select=["BAL", "zeros"], ignore=["ZER001"], discover=False)
    codes = {r.code for r in rulebook_for(cfg).chosen}
    assert "BAL001" in codes and all(c.startswith(("BAL", "ZER")) for c in codes)
    assert "ZER001" not in codes


def test_unknown_selector_exit_2(tmp_path):
    with pytest.raises(ConfigError, match="^--select/--ignore: unknown rule selector 'NOPE'"):
        rulebook_for(load_config(select=["NOPE"], discover=False))
    (tmp_path / "gaorpt-audit.toml").write_text('[ruleset]\nselect = ["NOPE"]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "--config", str(tmp_path / "gaorpt-audit.toml")])
    assert result.exit_code == 2 and "unknown rule selector 'NOPE'" in result.output
    assert "gaorpt-audit.toml" in result.output  # blamed on the file that holds it


def test_unknown_key_in_user_config_names_file_and_line(tmp_path):
    p = tmp_path / "gaorpt-audit.toml"
    p.write_text('[gate]\nfail_on = "error"\nfail_undr = 80\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(p)
    assert str(exc.value) == (
        f"{p}:3: gate.fail_undr: unknown field 'fail_undr' (did you mean 'fail_under'?)"
    )


def test_wrong_type_in_user_config(tmp_path):
    p = tmp_path / "gaorpt-audit.toml"
    p.write_text('[severity]\nBAL001 = "fatal"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"gaorpt-audit.toml:2: severity.BAL001"):
        load_config(p)


def test_unknown_code_in_overrides(tmp_path):
    p = tmp_path / "gaorpt-audit.toml"
    p.write_text("[weights]\nXYZ999 = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown rule code 'XYZ999'"):
        rulebook_for(load_config(p))


def test_extra_pack_relative_to_config(tmp_path):
    pack = tmp_path / "mine" / "sections"
    pack.mkdir(parents=True)
    text = (REPO / "rules/sections/SEC001.toml").read_text(encoding="utf-8")
    (pack / "SEC901.toml").write_text(
        text.replace("SEC001", "SEC901").replace("sections.required", "sections.mine"),
        encoding="utf-8",
    )
    (tmp_path / "gaorpt-audit.toml").write_text(
        '[ruleset]\npacks = ["builtin", "mine"]\n', encoding="utf-8"
    )
    cfg = load_config(cwd=tmp_path)
    assert "SEC901" in {r.code for r in rulebook_for(cfg).chosen}


def test_per_path_ignores_and_severity_override(tmp_path):
    from gaorpt_audit.audit import audit

    p = tmp_path / "gaorpt-audit.toml"
    p.write_text(
        '[per_path_ignores]\n"*guizhou*" = ["sections"]\n[severity]\nPRS001 = "warning"\n',
        encoding="utf-8",
    )
    cfg = load_config(p)
    results = list(audit([REPO / "reports/guizhou", REPO / "reports/zhejiang"], cfg).results)
    assert "SEC001" not in {o.rule for o in results[0].outcome_list}
    assert "SEC001" in {o.rule for o in results[1].outcome_list}


def test_init_writes_a_loadable_starter(tmp_path):
    target = tmp_path / "gaorpt-audit.toml"
    result = CliRunner().invoke(app, ["init", "--path", str(target)])
    assert result.exit_code == 0 and target.is_file()
    assert load_config(target).source == str(target)
    again = CliRunner().invoke(app, ["init", "--path", str(target)])
    assert again.exit_code == 2


def test_rules_and_rule_commands():
    runner = CliRunner()
    out = runner.invoke(app, ["rules"], env={"COLUMNS": "200"})
    assert out.exit_code == 0 and "BAL001" in out.output and "balance.applications" in out.output
    one = runner.invoke(app, ["rule", "BAL001"], env={"COLUMNS": "200"})
    assert one.exit_code == 0 and "T3-BAL" in one.output and 'kind = "equation"' in one.output
    assert runner.invoke(app, ["rule", "NOPE01"]).exit_code == 2


def test_grade_ceiling_must_be_a_band(tmp_path):
    p = tmp_path / "gaorpt-audit.toml"
    p.write_text("[scoring]\nbands = { A = 90, B2 = 70 }\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="best_with_errors 'B' is not one of the bands A, B2"):
        load_config(p, discover=False)


def test_fail_under_is_a_score(tmp_path):
    p = tmp_path / "gaorpt-audit.toml"
    p.write_text("[gate]\nfail_under = 120\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="fail_under"):
        load_config(p, discover=False)
    result = CliRunner().invoke(app, ["run", "--fail-under", "120", str(p)])
    assert result.exit_code == 2


def test_config_planted_in_the_audited_folder_is_ignored_and_said(tmp_path, monkeypatch):
    """Issue 16: `cd region && gaorpt-audit run .` must not apply region/gaorpt-audit.toml."""
    from typer.testing import CliRunner

    from gaorpt_audit.cli import app

    region = tmp_path / "region"
    region.mkdir()
    report = REPO / "reports" / "anhui" / "dadukou-town_2020.txt"
    (region / report.name).write_bytes(report.read_bytes())
    planted = region / "gaorpt-audit.toml"
    planted.write_text('[gate]\nfail_on = "never"\n', encoding="utf-8")
    monkeypatch.chdir(region)
    monkeypatch.delenv("GAORPT_AUDIT_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "nothing"))
    result = CliRunner().invoke(app, ["run", ".", "-f", "concise"])
    assert result.exit_code == 1  # DAT002 (signed 2020-01-14) fails the default gate
    assert f"warning: {planted} is inside an audited folder: not used" in result.stderr
    # Named with --config, or from the environment, it is used, and the run says so.
    result = CliRunner().invoke(app, ["run", report.name, "-f", "concise"])  # a file, no folder
    assert result.exit_code == 0 and f"gaorpt-audit: config: {planted}" in result.stderr
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GAORPT_AUDIT_CONFIG", str(planted))
    result = CliRunner().invoke(app, ["run", "region", "-f", "concise"])
    assert result.exit_code == 0 and f"gaorpt-audit: config: {planted}" in result.stderr


def test_user_config_is_the_last_resort(tmp_path, monkeypatch):
    monkeypatch.delenv("GAORPT_AUDIT_CONFIG", raising=False)
    user = tmp_path / "xdg" / "gaorpt-audit" / "config.toml"
    user.parent.mkdir(parents=True)
    user.write_text('[severity]\nFMT001 = "info"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    work = tmp_path / "work"
    work.mkdir()
    assert load_config(cwd=work).source == str(user)
    (work / "gaorpt-audit.toml").write_text("", encoding="utf-8")
    assert load_config(cwd=work).source == str(work / "gaorpt-audit.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[ruleset]\nselect = ["BAL999"]\n', ":2: unknown rule selector 'BAL999' (did you mean 'BAL009'?)"),
        ('[severity]\nBAL999 = "error"\n', ":2: severity.BAL999: unknown rule code 'BAL999' (did you mean 'BAL009'?)"),
        ('[weights]\n\nBAL01 = 2\n', ":3: weights.BAL01: unknown rule code 'BAL01' (did you mean 'BAL011'?)"),
        ('[severity]\nBAL001 = "eror"\n', ":2: severity.BAL001: Input should be 'error', 'warning' or 'info'"),
        ("[scoring.bands]\nA = 50\nB = 80\n", ":1: scoring.bands: A = 50 is under B = 80;"),
        ('[gate]\nfail_on = "n\xe9ver"\n'.encode("latin-1"), ":2: not UTF-8 (byte 0xe9)"),
    ],
)  # fmt: skip
def test_config_errors_name_file_and_line(tmp_path, text, message):
    p = tmp_path / "gaorpt-audit.toml"
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        rulebook_for(load_config(p))
    assert str(exc.value).startswith(f"{p}{message}"), str(exc.value)


def test_a_known_field_in_the_wrong_table_says_where_it_belongs(tmp_path):
    """It said "unknown field 'weights' (did you mean 'weights'?)"."""
    p = tmp_path / "gaorpt-audit.toml"
    p.write_text("[scoring]\nweights = { BAL001 = 3 }\n[gate]\nbaseline = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(p)
    assert str(exc.value).splitlines()[0] == (
        f"{p}:2: scoring.weights: unknown field 'weights': it belongs at the top level, "
        "not in [scoring]"
    )


def test_every_config_error_is_listed(tmp_path):
    p = tmp_path / "gaorpt-audit.toml"
    p.write_text('[ruleset]\nselct = ["BAL"]\n[gate]\nfail_on = "erorr"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(p)
    lines = str(exc.value).splitlines()
    assert lines[0] == f"{p}:2: ruleset.selct: unknown field 'selct' (did you mean 'select'?)"
    assert lines[1].startswith(f"{p}:4: gate.fail_on: Input should be 'error'")
    assert len(lines) == 2


def test_packs_pointing_at_a_folder_without_rules_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    p = tmp_path / "gaorpt-audit.toml"
    p.write_text('[ruleset]\npacks = ["empty"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        rulebook_for(load_config(p))
    assert str(exc.value) == (
        f"{p}:2: ruleset.packs: {tmp_path / 'empty'} holds no rule file (*.toml): "
        "nothing would be checked"
    )
