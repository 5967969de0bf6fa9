"""`run` under hostile conditions (issue 16): FIFOs and devices are listed, never read; -o
is replaced whole or not at all; Ctrl-C is one line and exit 130; the [limits] come from
the config, GAORPT_AUDIT_TIMEOUT and --timeout."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import hostile_inputs as h
import pytest
import typer
from typer.testing import CliRunner

from gaorpt_audit.cli import app
from gaorpt_audit.config import Limits, load_config
from gaorpt_audit.pipeline import RuleContext

REPO = Path(__file__).resolve().parent.parent
BAIBU = REPO / "reports/zhejiang/baibu-town_2020.txt"
PDF = REPO / "reports/jiangsu/huaian-hongze-district-gov_2024.pdf"
runner = CliRunner()


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GAORPT_AUDIT_TIMEOUT", raising=False)
    return tmp_path


def run_json(*args: str) -> tuple[int, dict, str]:
    result = runner.invoke(app, ["run", *args, "-f", "json", "-j", "1"])
    return result.exit_code, json.loads(result.stdout), result.stderr


def prs001(report: dict) -> str:
    (finding,) = report["findings"]
    assert finding["rule"] == "PRS001"
    return finding["message"]


# --------------------------------------------------------------------------- FIFOs, devices


def test_fifos_and_devices_are_listed_and_never_read(here: Path) -> None:
    folder = here / "region"
    folder.mkdir()
    shutil.copy(BAIBU, folder / "good.txt")
    os.mkfifo(folder / "pipe.txt")  # no writer: opening it would block for ever
    os.symlink("/dev/zero", folder / "zero.txt")
    os.mkfifo(here / "named.txt")
    read_end, write_end = os.pipe()  # what `run <(cat f)` passes: /dev/fd/N, a pipe
    try:
        given = f"/dev/fd/{read_end}"
        code, doc, stderr = run_json("region", "named.txt", given, "--fail-on", "never")
    finally:
        os.close(read_end)
        os.close(write_end)
    assert code == 0 and "nothing was audited" not in stderr
    by_path = {r["path"]: r for r in doc["reports"]}
    assert sorted(by_path) == sorted(
        [given, "named.txt", "region/good.txt", "region/pipe.txt", "region/zero.txt"]
    )
    assert prs001(by_path["region/pipe.txt"]) == (
        "文件无法读取：region/pipe.txt 是管道（FIFO），不是普通文件：未读取（读取它可能一直等待"
        "或没有尽头）；请将其内容保存为普通文件后审核该文件"
    )
    assert "named.txt 是管道（FIFO），不是普通文件" in prs001(by_path["named.txt"])
    assert f"{given} 是管道（FIFO），不是普通文件" in prs001(by_path[given])
    assert "是指向字符设备的链接（/dev/zero），不是普通文件" in prs001(by_path["region/zero.txt"])
    assert by_path["region/good.txt"]["publisher"] == "百步镇人民政府"


# --------------------------------------------------------------------------- -o


def test_output_replaces_the_file_whole_and_keeps_its_mode(here: Path) -> None:
    out = here / "out.json"
    out.write_text("previous", encoding="utf-8")
    out.chmod(0o640)
    result = runner.invoke(app, ["run", str(BAIBU), "-f", "json", "-o", "out.json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["reports"] == 1
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in here.iterdir()) == ["out.json"]


def test_output_through_a_link_replaces_the_file_it_points_to(here: Path) -> None:
    (here / "runs").mkdir()
    (here / "runs" / "2025.json").write_text("previous", encoding="utf-8")
    os.symlink("runs/2025.json", here / "latest.json")
    assert runner.invoke(app, ["run", str(BAIBU), "-f", "json", "-o", "latest.json"]).exit_code == 0
    assert (here / "latest.json").is_symlink()
    assert json.loads((here / "runs" / "2025.json").read_text(encoding="utf-8"))["reports"]


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="needs /dev/stdout")
def test_output_to_dev_stdout_in_a_pipe_is_written_directly(here: Path) -> None:
    command = "from gaorpt_audit.cli import main; main()"
    args = [sys.executable, "-c", command, "run", str(BAIBU), "-f", "json", "-o", "/dev/stdout"]
    done = subprocess.run(args, capture_output=True, check=False)  # stdout: a pipe
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["reports"] == 1


@pytest.mark.parametrize(("error", "code"), [(KeyboardInterrupt, 130), (RuntimeError, 2)])
def test_an_interrupted_or_failed_run_leaves_the_previous_output(
    here: Path, monkeypatch: pytest.MonkeyPatch, error: type[BaseException], code: int
) -> None:
    from gaorpt_audit import render

    def renderer(view: object, out: object) -> None:
        out.write('{"schema_version": 1, "reports": [')  # type: ignore[attr-defined]
        raise error()

    monkeypatch.setattr(render, "get_renderer", lambda name: renderer)
    (here / "out.json").write_text('{"previous": true}', encoding="utf-8")
    result = runner.invoke(app, ["run", str(BAIBU), "-f", "json", "-o", "out.json"])
    assert result.exit_code == code
    assert (here / "out.json").read_text(encoding="utf-8") == '{"previous": true}'
    assert sorted(p.name for p in here.iterdir()) == ["out.json"]  # no temporary file left
    if error is KeyboardInterrupt:
        assert result.stderr == "gaorpt-audit: interrupted; out.json was left as it was\n"


def _live_processes(group: int) -> list[str]:
    """Processes of ``group`` that are not zombies (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                found.append(entry.name)
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_ctrl_c_during_a_pooled_run(here: Path) -> None:
    folder = here / "region"
    folder.mkdir()
    for i in range(24):
        shutil.copy(PDF, folder / f"r{i:02}.pdf")
    (here / "out.json").write_text('{"previous": true}', encoding="utf-8")
    command = "from gaorpt_audit.cli import main; main()"
    args = [sys.executable, "-c", command, "run", "region", "-f", "json", "-o", "out.json"]
    # cross-year rules hold the results until the last report (xyear.py): without
    # them the results stream, which is what this test interrupts
    args += ["-j", "2", "--ignore", "crossyear"]
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not any(p.suffix == ".part" for p in here.iterdir()):  # results are flowing
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends: to the whole group
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert stderr.decode() == "gaorpt-audit: interrupted; out.json was left as it was\n"
    assert (here / "out.json").read_text(encoding="utf-8") == '{"previous": true}'
    assert sorted(p.name for p in here.iterdir()) == ["out.json", "region"]
    for _ in range(100):  # the workers and their PDF readers are gone too
        if not _live_processes(proc.pid):
            break
        time.sleep(0.05)
    assert _live_processes(proc.pid) == []


class _PressesCtrlC:
    """Presses Ctrl-C from its ``__del__``: Python drops the KeyboardInterrupt raised there
    ("Exception ignored"), as it does in a weakref or gc callback of a real run."""

    def __del__(self) -> None:
        signal.raise_signal(signal.SIGINT)


def test_a_ctrl_c_python_dropped_is_raised_at_the_next_result(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from gaorpt_audit.cli_common import checked, interruptible

    seen: list[int] = []

    def results():  # type: ignore[no-untyped-def]
        for i in range(3):
            if i == 1:
                _PressesCtrlC()  # freed at once: the interrupt lands in its __del__
            yield i

    @interruptible
    def command(output: str | None = None) -> list[int]:
        for result in checked(results()):
            seen.append(result)
        return seen

    with pytest.raises(typer.Exit) as exit_:
        command(output="out.json")
    assert exit_.value.exit_code == 130
    assert seen == [0]  # result 1 came after the Ctrl-C: not used
    assert capsys.readouterr().err == "gaorpt-audit: interrupted; out.json was left as it was\n"
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back
    assert sys.unraisablehook is not None and "Interrupt" not in repr(sys.unraisablehook)


# --------------------------------------------------------------------------- limits settings


def test_timeout_from_config_environment_and_option(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gaorpt_audit.ingest.pdf._load_pdf", h.hang_in_c)
    (here / "r.pdf").write_bytes(h.pdf_text())
    (here / "gaorpt-audit.toml").write_text("[limits]\ntimeout = 0.3\n", encoding="utf-8")
    _, doc, _ = run_json("r.pdf")
    assert "用时超过上限（每个文件 0.3 秒）" in prs001(doc["reports"][0])
    monkeypatch.setenv("GAORPT_AUDIT_TIMEOUT", "0.4")
    _, doc, _ = run_json("r.pdf")
    assert "用时超过上限（每个文件 0.4 秒）" in prs001(doc["reports"][0])
    _, doc, _ = run_json("r.pdf", "--timeout", "0.5")
    assert "用时超过上限（每个文件 0.5 秒）" in prs001(doc["reports"][0])


def test_bad_limits_are_config_errors_with_a_line(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (here / "gaorpt-audit.toml").write_text("[limits]\n\ntimeout = -1\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(BAIBU)])
    assert result.exit_code == 2
    assert "gaorpt-audit.toml:3: limits.timeout: Input should be greater than or equal to 0" in (
        result.stderr
    )
    (here / "gaorpt-audit.toml").write_text("[limits]\ntime_out = 5\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(BAIBU)])
    assert result.exit_code == 2 and "limits.time_out: unknown field 'time_out'" in result.stderr
    (here / "gaorpt-audit.toml").unlink()
    monkeypatch.setenv("GAORPT_AUDIT_TIMEOUT", "soon")
    result = runner.invoke(app, ["run", str(BAIBU)])
    assert result.exit_code == 2 and "GAORPT_AUDIT_TIMEOUT=soon: not a number" in result.stderr


def test_limits_are_the_bundled_defaults_and_not_in_the_ruleset_hash() -> None:
    cfg = load_config(discover=False)
    assert cfg.limits == Limits()  # rules.toml [limits] and the model agree
    low = cfg.model_copy(update={"limits": Limits(timeout=1, table_cells=10)})
    assert RuleContext.build(low).ruleset_hash == RuleContext.build(cfg).ruleset_hash


def test_quiet_keeps_pdf_library_noise_off_stderr_in_a_pool(here: Path) -> None:
    """Issue 16: ~280 pdfminer warnings reached stderr under --quiet on a 564-file run (the
    workers' logging); the one-process case is in test_cli_help.py."""
    ops = b"/P0 g\n" * 3 + b"BT /F1 12 Tf 50 800 Td (Annual report 2020) Tj ET\n"
    for i in range(4):
        (here / f"noisy{i}_2020.pdf").write_bytes(h.pdf_pages([ops]))
    command = "from gaorpt_audit.cli import main; main()"
    args = [sys.executable, "-c", command, "run", ".", "-f", "concise", "-j", "2"]
    loud = subprocess.run(args, capture_output=True, text=True, check=False)
    assert loud.stderr.count("Cannot set gray level") == 12  # the noise is there...
    quiet = subprocess.run([*args, "-q"], capture_output=True, text=True, check=False)
    # ...and --quiet keeps it off, in every worker; only the run's own verdict remains
    # (four English one-liners are no annual report: nothing auditable, exit 2).
    assert (
        quiet.stderr
        == "gaorpt-audit: error: . 中没有可审核的年度报告：4 个文件都不是政府信息公开工作年度报告\n"
    )
    assert quiet.returncode == loud.returncode == 2
    assert quiet.stdout == loud.stdout


def test_packs_pointing_at_an_empty_folder_is_exit_2(here: Path) -> None:
    """Issue 16: it loaded 0 rules, scored 100 and exited 0 with no warning."""
    (here / "empty").mkdir()
    (here / "gaorpt-audit.toml").write_text('[ruleset]\npacks = ["empty"]\n', encoding="utf-8")
    result = runner.invoke(app, ["run", str(BAIBU), "-f", "json"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"gaorpt-audit: error: {here / 'gaorpt-audit.toml'}:2: ruleset.packs: {here / 'empty'} "
        "holds no rule file (*.toml): nothing would be checked\n"
    )
