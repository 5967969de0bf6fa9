"""`gaorpt-audit run reports/` prints the same bytes in separate processes.

Each pair runs the real CLI twice, at the same time, in two fresh interpreters that
differ in everything that must not matter: the string hash seed (PYTHONHASHSEED 1 and
2, so set and dict-of-set iteration order differs) and the worker count (--jobs 1 in
the process, --jobs 2 with a worker pool). A renderer that loops over a set, or
results collected in completion order, makes stdout differ, which a comparison of
render() with itself in one process never shows.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
REPORTS = REPO / "reports"


def cli() -> list[str]:
    """The command users run: the console script installed next to this interpreter.

    There is no gaorpt_audit/__main__.py today, so ``python -m gaorpt_audit`` does not
    work; it is used if one is added and the script is not found, then the entry point.
    """
    script = shutil.which("gaorpt-audit", path=str(Path(sys.executable).parent))
    if script:
        return [script]
    if importlib.util.find_spec("gaorpt_audit.__main__") is not None:
        return [sys.executable, "-m", "gaorpt_audit"]
    return [sys.executable, "-c", "from gaorpt_audit.cli import main; main()"]


def start(fmt: str, backend: str | None, seed: int, jobs: int) -> subprocess.Popen[bytes]:
    # Settings from the environment (GAORPT_AUDIT_OUTPUT_FORMAT, ...) are left out so the
    # two runs differ only in the hash seed and --jobs.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAORPT_AUDIT_")}
    env["PYTHONHASHSEED"] = str(seed)
    args = ["run", "reports", "--format", fmt, "--jobs", str(jobs), "--fail-on", "never", "-q"]
    if backend is not None:
        args += ["--backend", backend]
    return subprocess.Popen(
        [*cli(), *args], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def run_pair(fmt: str, backend: str | None) -> bytes:
    procs = [start(fmt, backend, seed=1, jobs=1), start(fmt, backend, seed=2, jobs=2)]
    outs = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr.decode("utf-8", "replace")[-3000:]
        outs.append(stdout)
    one, two = outs
    if one != two:
        diff = difflib.unified_diff(
            one.decode("utf-8").splitlines(),
            two.decode("utf-8").splitlines(),
            "PYTHONHASHSEED=1 --jobs 1",
            "PYTHONHASHSEED=2 --jobs 2",
            lineterm="",
        )
        pytest.fail("stdout differs between the two processes:\n" + "\n".join(list(diff)[:60]))
    return one


def report_files() -> list[str]:
    return sorted(
        p.relative_to(REPO).as_posix()
        for p in REPORTS.rglob("*")
        if p.is_file() and p.name != "README.md"
    )


def test_json_is_byte_identical_across_processes_hash_seeds_and_jobs() -> None:
    out = run_pair("json", backend="python")
    doc = json.loads(out)
    # Nothing is stripped before comparing: the header holds no timestamp, host or
    # absolute path (schema_version, tool name and version, ruleset version and hash).
    assert list(doc) == ["schema_version", "tool", "ruleset", "reports", "summary"]
    assert set(doc["tool"]) == {"name", "version"}
    assert [r["path"] for r in doc["reports"]] == report_files()
    assert sum(len(r["findings"]) for r in doc["reports"]) > 0
    assert str(REPO) not in out.decode("utf-8")


def test_sarif_is_byte_identical_across_processes_hash_seeds_and_jobs() -> None:
    # The default backend: durable-rules where it is installed (Python < 3.13).
    out = run_pair("sarif", backend=None)
    doc = json.loads(out)
    (run,) = doc["runs"]
    # SARIF may carry run times (invocations[].startTimeUtc); this output has none, so
    # nothing is stripped before comparing.
    assert "invocations" not in run and b"TimeUtc" not in out
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert uris and uris <= set(report_files())
