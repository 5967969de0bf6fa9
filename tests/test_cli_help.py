"""``--help`` at 80 columns and usage errors (issue 15): plain help as ruff prints it, the
formats one line each, no typer metavars; every usage error one line ``gaorpt-audit:
error: …`` with a "did you mean", exit 2."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from gaorpt_audit.cli import app
from gaorpt_audit.cli_terminal import FORMAT_HELP, RANK_FORMAT_HELP
from gaorpt_audit.render import FORMATS, RANK_FORMATS

runner = CliRunner()


def test_every_format_has_its_line_in_help() -> None:
    assert list(FORMAT_HELP) == list(FORMATS)
    assert list(RANK_FORMAT_HELP) == list(RANK_FORMATS)


@pytest.mark.parametrize("command", ["run", "rank"])
def test_help_at_80_columns(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    text = result.output
    assert text.startswith(f"Usage: gaorpt-audit {command} [OPTIONS] PATH...\n")
    for typer_noise in ("{", "<list", "<bool>", "<str>", "<path>", "<int", "<float", "…", "╭"):
        assert typer_noise not in text
    assert max(map(len, text.splitlines())) <= 80
    formats = FORMAT_HELP if command == "run" else RANK_FORMAT_HELP
    lines = text.splitlines()
    for name, description in formats.items():  # one whole line each
        assert any(line.split(None, 1) == [name, description] for line in lines), name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--fail-on", "erorr", "x"], ("invalid value for '--fail-on': 'erorr' is not one of "
         "error, warning, info, never (did you mean 'error'?)")),
        (["run", "--selct", "BAL", "x"], "unknown option --selct (did you mean '--select'?)"),
        (["run", "-f", "jsn", "x"], "unknown --format 'jsn' (did you mean 'json'?): choose one of "
         + ", ".join(FORMATS)),
        (["run", "--select", "BAL999", "reports/anhui"], ("--select/--ignore: unknown rule selector "
         "'BAL999' (did you mean 'BAL009'?): not a code, code prefix, category or rule name of "
         "any loaded rule (see `gaorpt-audit rules`)")),
    ],
)  # fmt: skip
def test_usage_errors_in_one_style(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first == f"gaorpt-audit: error: {message}"
    assert "Traceback" not in result.stderr and "╭" not in result.stderr


def test_an_internal_error_anywhere_is_exit_2_with_one_line(monkeypatch) -> None:
    import gaorpt_audit.config

    def broken(*args, **kwargs):
        raise TypeError("a bug")

    monkeypatch.setattr(gaorpt_audit.config, "load_config", broken)
    monkeypatch.delenv("GAORPT_AUDIT_DEBUG", raising=False)
    result = runner.invoke(app, ["run", "reports/anhui"])
    assert result.exit_code == 2
    assert result.stderr == (
        "gaorpt-audit: error: internal error: TypeError: a bug "
        "(please report it; GAORPT_AUDIT_DEBUG=1 shows the traceback)\n"
    )


def test_parse_on_a_fifo_says_what_it_is(tmp_path) -> None:
    import os

    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["parse", str(fifo)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"gaorpt-audit: error: {fifo} is a FIFO (named pipe), not a report file: save the "
        "report to a file and parse that\n"
    )
    result = runner.invoke(app, ["parse", str(tmp_path / "missing.txt")])
    assert result.stderr == f"gaorpt-audit: error: no such file: {tmp_path / 'missing.txt'}\n"


def test_parse_json_of_a_file_name_that_is_not_utf8(tmp_path) -> None:
    import json
    import os

    from conftest import REPORTS

    name = os.fsdecode(b"bad\xff_2020.txt")
    (tmp_path / name).write_bytes((REPORTS / "anhui" / "dadukou-town_2020.txt").read_bytes())
    result = runner.invoke(app, ["parse", str(tmp_path / name), "-f", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["path"] == f"{tmp_path}/bad\ufffd_2020.txt"  # shown: U+FFFD for the byte
    assert bytes.fromhex(doc["path_bytes"]) == os.fsencode(str(tmp_path / name))  # kept


def test_quiet_keeps_pdf_library_noise_off_stderr(tmp_path) -> None:
    import subprocess
    import sys

    from hostile_inputs import pdf_pages

    # pdfminer logs one warning per bad gray level operator
    ops = b"/P0 g\n" * 3 + b"BT /F1 12 Tf 50 800 Td (Annual report 2020) Tj ET\n"
    (tmp_path / "noisy_2020.pdf").write_bytes(pdf_pages([ops]))
    code = "from gaorpt_audit.cli import main; main()"
    args = [sys.executable, "-c", code, "run", "noisy_2020.pdf", "-f", "concise"]
    loud = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert loud.stderr.count("Cannot set gray level") == 3  # the noise is there...
    quiet = subprocess.run([*args, "-q"], cwd=tmp_path, capture_output=True, text=True, check=False)
    # ...and --quiet keeps it off; what is left is the tool's own line: an English page is
    # no annual report, so nothing was auditable (exit 2, said whatever --quiet)
    assert quiet.stderr == (
        "gaorpt-audit: error: noisy_2020.pdf 中没有可审核的年度报告："
        "1 个文件都不是政府信息公开工作年度报告\n"
    )
    assert quiet.stdout == loud.stdout
