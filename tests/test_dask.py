"""`run --executor dask`: the same bytes as a local run, on a LocalCluster of two worker
processes; a worker killed mid-run loses no report; a report that kills its worker twice
ends as `error` outcomes; --history is written once, by the client.

Skipped where dask.distributed is not installed (`pip install 'gaorpt-audit[dask]'`)
unless GAORPT_REQUIRE_DASK is set (.ci/run sets it: there the tests must run).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPORTS
from typer.testing import CliRunner

from gaorpt_audit.audit import audit
from gaorpt_audit.config import load_config
from gaorpt_audit.history import History

runner = CliRunner()
FUJIAN = REPORTS / "fujian"
VICTIM = "pingtan-zone-admin-committee_2021.txt"  # the report whose worker is killed


def _distributed() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        if os.environ.get("GAORPT_REQUIRE_DASK"):
            pytest.fail("GAORPT_REQUIRE_DASK is set but dask.distributed is not installed")
        pytest.skip("dask.distributed not installed (pip install 'gaorpt-audit[dask]')")


@pytest.fixture(scope="module")
def kill_spec(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The test-only kill switch the workers read (dask_worker.KILL_ENV); empty: no kill."""
    from gaorpt_audit.executors.dask_worker import KILL_ENV

    spec = tmp_path_factory.mktemp("kill") / "spec"
    spec.write_text("", encoding="utf-8")
    old = os.environ.get(KILL_ENV)
    os.environ[KILL_ENV] = str(spec)  # inherited by the worker processes started below
    yield spec
    if old is None:
        os.environ.pop(KILL_ENV, None)
    else:
        os.environ[KILL_ENV] = old


@pytest.fixture(scope="module")
def scheduler(kill_spec: Path) -> Iterator[str]:
    """Two worker processes, one thread each, 1 GB each (a crash is retried once)."""
    _distributed()
    from gaorpt_audit.executors.dask_client import local_cluster

    with local_cluster(2, memory_mb=1024) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def kill(kill_spec: Path) -> Iterator[Path]:
    yield kill_spec
    kill_spec.write_text("", encoding="utf-8")
    Path(f"{kill_spec}.done").unlink(missing_ok=True)


def _run(tmp_path: Path, name: str, *args: str) -> tuple[int, bytes]:
    out = tmp_path / name
    result = runner.invoke(
        __import__("gaorpt_audit.cli", fromlist=["app"]).app,
        ["run", str(REPORTS), "-q", "-o", str(out), *args],
    )
    return result.exit_code, out.read_bytes()


@pytest.mark.parametrize("fmt", ["json", "full"])
def test_a_dask_run_of_reports_is_byte_identical_to_a_local_run(
    scheduler: str, tmp_path: Path, fmt: str
) -> None:
    code, local = _run(tmp_path, "local", "-f", fmt, "-j", "2")
    dask_code, dask = _run(tmp_path, "dask", "-f", fmt, "--scheduler", scheduler)
    assert (dask_code, dask) == (code, local)
    assert code == 1  # reports/ has error findings: the gate fails the same way
    assert local.count(b'"path"' if fmt == "json" else b"reports/") >= 20


def test_paths_instead_of_bytes_give_the_same_bytes(scheduler: str, tmp_path: Path) -> None:
    _, local = _run(tmp_path, "local", "-f", "json", "-j", "1")
    _, paths = _run(tmp_path, "paths", "-f", "json", "--scheduler", scheduler, "--send", "paths")
    assert paths == local


def _dumps(results) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.model_dump_json() for r in results]


def test_a_worker_killed_mid_run_loses_no_report(scheduler: str, kill: Path) -> None:
    config = load_config(discover=False)
    local = _dumps(audit([FUJIAN], config).results)
    kill.write_text(f"{VICTIM} once", encoding="utf-8")
    seen: list[tuple[int, int, str]] = []
    run = audit(
        [FUJIAN], config, executor="dask", scheduler=scheduler, progress=lambda *a: seen.append(a)
    )
    remote = _dumps(run.results)
    assert Path(f"{kill}.done").exists()  # a worker did die on the victim
    assert remote == local
    assert len(remote) == 7
    # progress as the reports complete: each once, the victim too
    assert [(n, total) for n, total, _ in seen] == [(n, 7) for n in range(1, 8)]
    assert sorted(Path(shown).name for *_, shown in seen) == sorted(
        p.name for p in FUJIAN.iterdir()
    )


def test_a_report_that_kills_its_worker_twice_is_an_error_not_dropped(
    scheduler: str, kill: Path
) -> None:
    from gaorpt_audit.executors.dask_client import CRASHED

    config = load_config(discover=False)
    local = list(audit([FUJIAN], config).results)
    kill.write_text(VICTIM, encoding="utf-8")  # every time
    remote = list(audit([FUJIAN], config, executor="dask", scheduler=scheduler).results)
    assert [r.path for r in remote] == [r.path for r in local]
    (bad,) = [r for r in remote if r.path.endswith(VICTIM)]
    # listed as a file that could not be read (PRS001, score 0), every other rule an error
    assert [(f.rule, f.message) for f in bad.findings] == [("PRS001", f"文件无法读取：{CRASHED}")]
    assert (bad.score, bad.grade, bad.status) == (0.0, "D", "error")
    errors = [o for o in bad.outcome_list if o.status == "error"]
    assert len(bad.outcome_list) == len(local[2].outcome_list) == 69
    assert len(errors) == 63  # all but the 6 parse rules (PRS*)
    assert {o.reason for o in errors} == {CRASHED}
    assert not any(o.rule.startswith("PRS") for o in errors)
    # the others are as in a local run without the lost report (XYR004 of 2022 then finds
    # no 2021 to compare with)
    others = [r for r in remote if r is not bad]
    alone = audit([FUJIAN / Path(r.path).name for r in others], config).results
    assert _dumps(others) == _dumps(alone)
    assert len(others) == 6


def test_history_is_written_once_by_the_client(scheduler: str, tmp_path: Path) -> None:
    local_db, dask_db = tmp_path / "local.db", tmp_path / "dask.db"
    config = load_config(discover=False)
    list(audit([FUJIAN], config, history=History(local_db)).results)
    list(
        audit(
            [FUJIAN], config, history=History(dask_db), executor="dask", scheduler=scheduler
        ).results
    )
    assert History(dask_db).export() == History(local_db).export()
    assert len(History(dask_db).export()) == 7
    runs = History(dask_db).conn.execute("SELECT reports FROM runs").fetchall()
    assert runs == [(7,)]


def test_a_worker_with_other_rules_ends_the_run_with_exit_2(scheduler: str) -> None:
    from gaorpt_audit.discover import discover
    from gaorpt_audit.executors.dask_client import DaskError, dask_pairs
    from gaorpt_audit.pipeline import RuleContext

    config = load_config(discover=False)
    ctx = dataclasses.replace(RuleContext.build(config), ruleset_hash="0" * 64)
    pairs = dask_pairs(discover([FUJIAN]), config, ctx, False, None, scheduler=scheduler)
    with pytest.raises(DaskError, match="工作进程的 gaorpt-audit .* the same version and rules"):
        next(pairs)


def test_without_distributed_the_error_names_the_extra_and_exits_2() -> None:
    code = (
        "import sys; sys.modules['distributed'] = None\n"
        "from gaorpt_audit.cli import main\n"
        f"sys.argv = ['gaorpt-audit', 'run', {str(FUJIAN)!r}, '--executor', 'dask']\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "gaorpt-audit: error: --executor dask 需要 dask.distributed，但未安装：请运行 "
        "pip install 'gaorpt-audit[dask]' / --executor dask needs dask.distributed, which is "
        "not installed: pip install 'gaorpt-audit[dask]'\n"
    )


def test_a_local_run_never_imports_dask() -> None:
    code = (
        "import sys\n"
        "from gaorpt_audit.cli import main\n"
        f"sys.argv = ['gaorpt-audit', 'run', {str(FUJIAN)!r}, '-q', '-f', 'json', '-j', '1']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "[]"


def test_bad_executor_choices_are_usage_errors() -> None:
    from gaorpt_audit.cli import app

    bad = runner.invoke(app, ["run", str(FUJIAN), "--executor", "spark"])
    assert bad.exit_code == 2
    assert "unknown --executor 'spark': choose one of local, dask" in bad.output
    both = runner.invoke(app, ["run", str(FUJIAN), "--executor", "local", "--scheduler", "x:1"])
    assert both.exit_code == 2
    assert "--scheduler needs --executor dask" in both.output
