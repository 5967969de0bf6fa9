"""``exclude`` / ``extend-exclude`` globs of the config and ``run --show-settings``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gaorpt_audit.config import ConfigError, load_config
from gaorpt_audit.discover import discover
from gaorpt_audit.excludes import excluded

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture
def region(tmp_path: Path) -> Path:
    """A region folder: two real reports, a stray workbook, a README and a drafts folder."""
    root = tmp_path / "region"
    (root / "drafts").mkdir(parents=True)
    shutil.copy2(REPO / "reports" / "zhejiang" / "baibu-town_2020.txt", root / "baibu_2020.txt")
    shutil.copy2(REPO / "reports" / "anhui" / "dadukou-town_2020.txt", root / "drafts" / "d.txt")
    (root / "NOTES.XLSX").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    (root / "readme.md").write_text("# 说明\n", encoding="utf-8")
    return root


def _shown(paths: list[str], patterns: list[str] | None = None) -> list[str]:
    return [Path(i.display).name for i in discover(paths, patterns)]


def test_default_excludes_only_readme(region: Path) -> None:
    assert _shown([str(region)]) == ["NOTES.XLSX", "baibu_2020.txt", "d.txt"]
    # named on the command line: always audited
    assert _shown([str(region / "readme.md")], ["*.md"]) == ["readme.md"]


def test_name_and_path_patterns(region: Path) -> None:
    assert _shown([str(region)], ["README.md", "*.xlsx"]) == ["baibu_2020.txt", "d.txt"]
    assert _shown([str(region)], ["drafts"]) == ["NOTES.XLSX", "baibu_2020.txt", "readme.md"]
    assert _shown([str(region)], ["drafts/*.txt", "README.md"]) == ["NOTES.XLSX", "baibu_2020.txt"]
    assert excluded("anhui/a_2019.txt", "reports/anhui/a_2019.txt", ["reports/anhui"])
    assert not excluded("anhui/a_2019.txt", "reports/anhui/a_2019.txt", ["zhejiang"])


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gaorpt-audit.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_exclude_replaces_and_extend_exclude_adds(tmp_path: Path) -> None:
    cfg = load_config(_config(tmp_path, 'extend-exclude = ["*.xlsx"]\n'))
    assert cfg.exclude == ["README.md", "*.xlsx"]
    cfg = load_config(_config(tmp_path, 'exclude = ["drafts"]\n'))
    assert cfg.exclude == ["drafts"]
    assert load_config(None, tmp_path, discover=False).exclude == ["README.md"]


def test_bad_patterns_are_config_errors_with_their_line(tmp_path: Path) -> None:
    path = _config(tmp_path, '[gate]\nfail_on = "error"\n')
    path.write_text('exclude = ["/abs", ""]\nextend-exclude = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    lines = str(err.value).splitlines()
    assert lines[0].startswith(f"{path}:1: exclude: '/abs': a pattern is a name")
    assert lines[0].endswith("; an empty pattern excludes nothing: remove it")
    assert lines[1] == f"{path}:2: extend-exclude: Input should be a valid list"


def test_run_applies_the_excludes(region: Path, tmp_path: Path) -> None:
    from gaorpt_audit.cli import app

    config = _config(tmp_path, 'extend-exclude = ["*.xlsx", "drafts"]\n')
    result = runner.invoke(app, ["run", str(region), "-f", "concise", "--config", str(config)])
    assert "baibu_2020.txt" in result.stdout
    assert "NOTES.XLSX" not in result.stdout and "d.txt" not in result.stdout
    assert result.stdout.rstrip().endswith(
        "\n1 份报告中发现 4 条问题（错误 0 条，警告 3 条，提示 1 条）。"
    )


def test_show_settings_names_every_source(region: Path, tmp_path: Path, monkeypatch) -> None:
    from gaorpt_audit.cli import app

    config = _config(
        tmp_path, 'extend-exclude = ["*.xlsx"]\n[gate]\nfail_on = "warning"\n'
        '[severity]\nSEC010 = "info"\n'
    )  # fmt: skip
    monkeypatch.setenv("GAORPT_AUDIT_TIMEOUT", "9")
    result = runner.invoke(
        app,
        ["run", str(region), "--show-settings", "--config", str(config), "--ignore", "SEC002",
         "--ocr", "off", "--fail-under", "50"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = {
        line.split(" = ")[0]: (line.split(" = ", 1)[1].rsplit(" # ", 1))
        for line in result.stdout.splitlines()
        if not line.startswith("#")
    }
    where = {k: v[1] for k, v in rows.items()}
    value = {k: v[0].strip() for k, v in rows.items()}
    assert value["exclude"] == '["README.md", "*.xlsx"]'
    assert where["exclude"] == where["gate.fail_on"] == f"--config {config}"
    assert value["gate.fail_on"] == '"warning"'
    assert (value["severity.SEC010"], where["severity.SEC010"]) == ('"info"', f"--config {config}")
    assert (value["limits.timeout"], where["limits.timeout"]) == ("9.0", "$GAORPT_AUDIT_TIMEOUT")
    assert (value["limits.ocr"], where["limits.ocr"]) == ('"off"', "CLI option --ocr")
    assert where["gate.fail_under"] == "CLI option --fail-under"
    assert value["ruleset.ignore"] == '["SEC002"]'
    assert where["ruleset.ignore"] == "default (rules.toml) + CLI option --ignore"
    assert where["ruleset.version"] == "default (rules.toml)"
    assert "baibu" not in result.stdout  # nothing audited
