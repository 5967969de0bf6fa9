"""The collection threshold of batchgc.py: set in the CLI and the pool's workers, never in
a library caller's process (issue 17)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from gaorpt_audit import audit, batchgc

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "reports" / "anhui" / "dadukou-town_2020.txt"


def _in_child(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    return out.stdout.strip().splitlines()[-1]


def test_a_library_callers_threshold_is_left_alone() -> None:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        run = audit.audit([REPORT])
        assert len(list(run.results)) == 1
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_the_cli_collects_less_often() -> None:
    code = (
        "import gc, sys\n"
        "from gaorpt_audit.cli import main\n"
        "sys.argv = ['gaorpt-audit', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(gc.get_threshold())"
    )
    assert _in_child(code) == str(batchgc.THRESHOLD)


def test_a_pool_worker_collects_less_often() -> None:
    code = (
        "import gc\n"
        "from gaorpt_audit import audit\n"
        "from gaorpt_audit.config import Config\n"
        "audit._init_worker(Config().model_dump_json())\n"
        "print(gc.get_threshold())"
    )
    assert _in_child(code) == str(batchgc.THRESHOLD)
