"""What a person sees in a real terminal (issue 15): ``run`` in a pseudo-terminal, its
bytes replayed on a terminal emulator (pyte), read back as the screen shows them. The
progress bar and the report share one console: no ``审查中 ━━ 0/?`` left on a panel
border, no ``…2/2 0:00:00汇总``. The summary keeps every column at 60, 80 and 120
columns; file names with escape sequences never reach the terminal raw."""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pyte
import pytest
from conftest import REPORTS
from rich.cells import cell_len

from gaorpt_audit.audit import audit
from gaorpt_audit.config import load_config
from gaorpt_audit.render.full import SummaryRow, make_console, shorten_path, summary_table

FUJIAN = REPORTS / "fujian"
# (file, 得分, 等级, 结论, 错/警/提) of reports/fujian as the full view prints them
# (2020–2025: an XYR005 info each; 2020: XYR008, 江苏省).
FUJIAN_ROWS = [
    ("pingtan-zone-admin-committee_2019.txt", "96.0", "A", "通过", "0/2/1"),
    ("pingtan-zone-admin-committee_2020.txt", "79.0", "B", "未通过", "2/3/2"),
    ("pingtan-zone-admin-committee_2021.txt", "96.0", "A", "通过", "0/2/2"),
    ("pingtan-zone-admin-committee_2022.txt", "98.0", "A", "通过", "0/1/3"),
    ("pingtan-zone-admin-committee_2023.txt", "96.0", "A", "通过", "0/2/4"),
    ("pingtan-zone-admin-committee_2024.txt", "96.0", "A", "通过", "0/2/2"),
    ("pingtan-zone-admin-committee_2025.txt", "96.0", "A", "通过", "0/2/2"),
]


def _screen(args: list[str], columns: int, cwd: Path) -> tuple[list[str], int, str]:
    """Run the CLI in a pseudo-terminal ``columns`` wide; the screen's lines, exit, bytes."""
    code = "from gaorpt_audit.cli import main; main()"
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns)}
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        sys.executable, ["-c", code, *args], cwd=str(cwd), env=env, encoding="utf-8",
        dimensions=(40, columns), timeout=300,
    )  # fmt: skip
    child.expect(pexpect.EOF)
    raw = child.before
    child.close()
    screen = pyte.Screen(columns, 3000)
    pyte.Stream(screen).feed(raw)
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    return lines, child.exitstatus, raw


@pytest.mark.parametrize("columns", [80, 120])
def test_run_in_a_terminal_draws_bar_and_panels_on_one_console(columns: int) -> None:
    lines, code, raw = _screen(["run", "reports/fujian"], columns, REPORTS.parent)
    assert code == 1  # pingtan 2020 has errors
    assert "审查中" in raw  # the bar was drawn...
    assert not any("审查中" in line for line in lines)  # ...and is gone from the screen
    tops = [line for line in lines if line.startswith("╭─ ")]
    assert len(tops) == 7
    assert all(len(line) == columns for line in tops)  # nothing glued before or after
    for line in lines:  # every box line is whole: a border at both ends
        if line.startswith("│"):
            assert line.endswith("│") and cell_len(line) == columns, line
    assert lines.count("汇总") == 1  # on a line of its own
    summary = lines[lines.index("汇总") :]
    for name, *cells in FUJIAN_ROWS:
        row = next(line for line in summary if name[-9:] in line)  # _2019.txt
        assert row.split()[-4:] == cells, row
    assert lines[-2] == "7 份报告，1 份未通过，0 份无法审查 · 错误 2 条，警告 14 条，提示 16 条"
    assert lines[-1] == "gaorpt-audit: gate failed: 2 finding(s) at or above --fail-on error"


def test_escape_sequences_in_file_names_never_reach_the_terminal(tmp_path: Path) -> None:
    name = "esc\x1b[2J\x1b]0;pwned\x07_2019.txt"
    shutil.copy(FUJIAN / FUJIAN_ROWS[0][0], tmp_path / name)
    lines, _, raw = _screen(["run", "."], 120, tmp_path)
    assert "\x1b[2J" not in raw and "\x1b]0;" not in raw
    assert "╭─ esc\\x1b[2J\\x1b]0;pwned\\x07_2019.txt ─" in lines[0]


@pytest.fixture(scope="module")
def fujian_rows() -> list[SummaryRow]:
    # relative paths, as a user types them: the shown path must not depend on where the
    # repository was cloned
    here = os.getcwd()
    os.chdir(FUJIAN.parent.parent)
    try:
        results = audit(["reports/fujian"], load_config(discover=False), jobs=1).results
        return [SummaryRow.of(r) for r in results]
    finally:
        os.chdir(here)


@pytest.mark.parametrize("columns", [60, 80, 120, 200])
def test_summary_keeps_every_column(fujian_rows: list[SummaryRow], columns: int) -> None:
    out = io.StringIO()
    make_console(out, columns).print(summary_table(fujian_rows, columns))
    lines = out.getvalue().splitlines()
    assert lines[0].rstrip() == "汇总"
    assert re.fullmatch(r" ?报告 +发布机关 +年度 +得分 +等级 +结论 +错/警/提 ?", lines[1])
    assert all(cell_len(line) <= columns for line in lines)
    body = [line for line in lines[3:] if line.strip() and not line.startswith(" " * 8)]
    assert len(body) == len(FUJIAN_ROWS)  # (under 80 columns the publisher wraps)
    assert len(lines) == 3 + len(FUJIAN_ROWS) * (2 if columns < 80 else 1)
    for line, (name, *cells) in zip(body, FUJIAN_ROWS, strict=True):
        assert line.split()[-4:] == cells
        shown = line.split()[0]
        assert shown.endswith(name[-8:])  # the file's year and extension are kept
        if columns >= 120:
            assert shown == f"reports/fujian/{name}" or shown.endswith(f"fujian/{name}")


def test_shorten_path_keeps_the_file_name() -> None:
    path = "reports/fujian/pingtan-zone-admin-committee_2019.txt"
    assert shorten_path(path, 60) == path
    assert shorten_path(path, 50) == "reports/…/pingtan-zone-admin-committee_2019.txt"
    assert shorten_path(path, 40) == "…/pingtan-zone-admin-committee_2019.txt"
    assert shorten_path(path, 20) == "…mmittee_2019.txt"[-20:] or len(shorten_path(path, 20)) == 20
    assert shorten_path(path, 20).endswith("_2019.txt") and len(shorten_path(path, 20)) == 20
