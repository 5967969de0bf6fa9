"""CLI basics: version, help on every command, exit codes for bad usage."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from gaorpt_audit import __version__
from gaorpt_audit.cli import app

runner = CliRunner()
COMMANDS = ["run", "rank", "parse", "rules", "rule", "test-rules", "init"]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"gaorpt-audit {__version__}"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_command(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_missing_path_is_usage_error(tmp_path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_parse_missing_file_is_usage_error(tmp_path) -> None:
    result = runner.invoke(app, ["parse", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2


def test_unknown_command_is_usage_error() -> None:
    assert runner.invoke(app, ["frobnicate"]).exit_code == 2
