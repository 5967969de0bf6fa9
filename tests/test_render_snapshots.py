"""Golden files of every output format on the shared fixture set (tests/snapshots/).

Regenerate after an intended change with
``GAORPT_UPDATE_SNAPSHOTS=1 pytest tests/test_render_snapshots.py`` and review the diff.

Each pytest process has its own random string hash seed (unless PYTHONHASHSEED is set),
so a snapshot written by an earlier process also checks that the bytes do not depend on
it. (The former test here compared render() with itself in one process, which could not
fail; test_cli_determinism.py runs the real CLI in two processes with different hash
seeds and --jobs.)
"""

from __future__ import annotations

import io

import pytest
from test_render_fixture import check_snapshot, fixture_meta, gated_results, render

from gaorpt_audit.rank import build_league
from gaorpt_audit.render import BINARY_FORMATS, FORMATS
from gaorpt_audit.render import league as league_render

EXT = {
    "full": "txt",
    "concise": "txt",
    "json": "json",
    "jsonl": "jsonl",
    "sarif": "sarif",
    "junit": "xml",
    "github": "txt",
    "markdown": "md",
    "csv": "csv",
    "html": "html",
    "gitlab": "json",
    "xlsx": "xlsx",  # bytes: read back in tests/test_render_xlsx.py, no snapshot
}


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in BINARY_FORMATS])
def test_run_format_snapshot(fmt: str) -> None:
    check_snapshot(f"run.{fmt}.{EXT[fmt]}", render(fmt))


@pytest.mark.parametrize("fmt", ["full", "json", "csv", "markdown", "html"])
def test_rank_format_snapshot(fmt: str) -> None:
    results = gated_results()
    rows = build_league(results)
    out = io.StringIO()
    if fmt == "full":
        league_render.league_text(rows, None, out)
    elif fmt == "json":
        league_render.league_json(rows, None, fixture_meta(), out)
    elif fmt == "csv":
        league_render.league_csv(rows, out)
    elif fmt == "markdown":
        league_render.league_markdown(rows, None, out)
    else:
        league_render.league_html(rows, None, fixture_meta(), results, out)
    check_snapshot(f"rank.{fmt}.{EXT[fmt]}", out.getvalue())


def test_every_format_has_a_snapshot_extension() -> None:
    assert set(EXT) == set(FORMATS)
