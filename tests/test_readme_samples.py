"""The README's sample outputs are what the tool prints today (issue 15: a stale sample
misleads every new user). Each fenced block that starts with ``$ gaorpt-audit …`` is run
at 120 columns in the repository and compared line by line (trailing spaces ignored).
``GAORPT_UPDATE_README=1 pytest tests/test_readme_samples.py`` rewrites the blocks."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gaorpt_audit.cli import app

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
BLOCK = re.compile(r"^```\n(\$ gaorpt-audit [^\n]*)\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def _run(command: str) -> str:
    args = shlex.split(command.removeprefix("$ gaorpt-audit "))
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(app, args, env={"COLUMNS": "120", "NO_COLOR": "1"})
    finally:
        os.chdir(cwd)
    return "\n".join(line.rstrip() for line in result.output.splitlines()) + "\n"


def _blocks() -> list[tuple[str, str]]:
    return BLOCK.findall(README.read_text(encoding="utf-8"))


@pytest.mark.parametrize("command", [c for c, _ in _blocks()])
def test_readme_sample_is_current(command: str) -> None:
    shown = dict(_blocks())[command]
    now = _run(command)
    if os.environ.get("GAORPT_UPDATE_README") and now != shown:
        text = README.read_text(encoding="utf-8")
        README.write_text(
            text.replace(f"{command}\n{shown}", f"{command}\n{now}"), encoding="utf-8"
        )
        shown = now
    assert "\n".join(x.rstrip() for x in shown.splitlines()) + "\n" == now, (
        f"README sample of `{command}` is stale: GAORPT_UPDATE_README=1 pytest {__file__}"
    )
