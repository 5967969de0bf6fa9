"""`run` and `rank`: audit files and render the results (a thin layer over audit()).

Exit codes: 0 clean for the gate, 1 findings at or above --fail-on (or a score under
--fail-under), 2 usage, config or internal error, 130 interrupted (Ctrl-C). Machine formats
write only their payload to stdout; messages go to stderr. ``-o FILE`` is written to a
temporary file beside it and renamed over it once complete: an interrupted or failed run
leaves the previous FILE as it was.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from enum import Enum
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli_common import checked, fail
from .cli_common import err as _err
from .cli_common import interruptible as _interruptible
from .cli_common import quiet_broken_pipe as _quiet_broken_pipe
from .cli_executor import Executor, Scheduler, Send, choose_executor
from .cli_history import past_scores
from .cli_output import needs_file
from .cli_output import output_to as _output
from .cli_terminal import progress_bar, silence_libraries


class FailOn(str, Enum):
    """--fail-on choices (here, not in gate.py, so that --help does not import pydantic)."""

    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


if TYPE_CHECKING:
    from .audit import AuditRun, Progress
    from .config import Config
    from .model import ReportResult
    from .render import RunMeta

# Shared option declarations (typer reads them from the signatures).
Paths = Annotated[
    list[str],
    typer.Argument(metavar="PATH...", help="Report files or folders (searched recursively)."),
]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
]
Select = Annotated[
    list[str] | None,
    typer.Option(
        metavar="RULES",
        help="Rules to run: codes, prefixes, categories or names (repeatable or comma-separated).",
    ),
]
Ignore = Annotated[
    list[str] | None,
    typer.Option(metavar="RULES", help="Rules to leave out (repeatable or comma-separated)."),
]
Jobs = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes (default: cores)."),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Config file (default: $GAORPT_AUDIT_CONFIG, else gaorpt-audit.toml found from"
        " here upwards outside the audited folders, else the user's config).",
    ),
]
Backend = Annotated[
    str | None, typer.Option(metavar="NAME", help="Rule backend: durable or python.")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or gate message.")]
Timeout = Annotated[
    float | None,
    typer.Option(
        min=0, metavar="SECONDS", help="Seconds per file (default: limits.timeout; 0 = none)."
    ),
]
Ocr = Annotated[
    str | None,
    typer.Option(
        metavar="MODE", help="OCR: auto (pages without text, images), off, force (every page)."
    ),
]


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def config_from_options(
    config_file: Path | None,
    select: list[str] | None,
    ignore: list[str] | None,
    backend: str | None,
    timeout: float | None = None,
    ocr: str | None = None,
    paths: list[str] | None = None,
    quiet: bool = False,
) -> Config:
    from .config import ConfigError, load_config
    from .rulebook import rulebook_for

    try:
        cfg = load_config(
            config_file, Path.cwd(), _split(select), _split(ignore), backend, audited=paths
        )
        if cfg is not None:  # (None only from a test's stand-in)
            rulebook_for(cfg)  # load and validate rules and selectors now (exit 2 early)
            if timeout is not None:
                cfg.limits = cfg.limits.model_copy(update={"timeout": timeout})
            if ocr is not None:
                if ocr not in ("auto", "off", "force"):
                    fail(f"unknown --ocr {ocr!r}: choose one of auto, off, force")
                cfg.limits = cfg.limits.model_copy(update={"ocr": ocr})
            if not quiet:  # which config judged the reports
                for path in cfg.ignored:
                    _err(
                        f"warning: {path} is inside an audited folder: not used (--config uses it)"
                    )
                if cfg.source:
                    _err(f"config: {cfg.source}")
        return cfg
    except ConfigError as exc:
        fail(str(exc))
        raise  # unreachable: fail() exits


def nothing_auditable(found: int, not_reports: int, paths: list[str]) -> None:
    """A wrong path, an empty folder or a folder of no annual reports must not pass a CI
    gate: exit 2 with a message, whatever --quiet."""
    from .render.base import printable

    where = "、".join(map(printable, paths))
    if found == 0:
        fail(f"{where} 中没有找到任何文件，未审核任何报告（请检查路径）")
    if not_reports == found:
        fail(f"{where} 中没有可审核的年度报告：{found} 个文件都不是政府信息公开工作年度报告")


def start_audit(
    paths: list[str],
    config: Config,
    jobs: int | None,
    progress: Progress | None,
    history: Path | None = None,
    executor: str | None = None,
    scheduler: str | None = None,
    send: str = "bytes",
) -> tuple[AuditRun, Iterator[ReportResult]]:
    """Start the audit and pull the first result, so that usage errors (missing path,
    bad rules) end with exit 2 before any output is written."""
    from .audit import audit
    from .config import ConfigError
    from .discover import InputError
    from .history import History, HistoryError

    try:
        store = History(history) if history is not None else None
        jobs = jobs or os.cpu_count() or 1
        executor = choose_executor(executor, scheduler)
        run = audit(
            paths,
            config,
            jobs=jobs,
            progress=progress,
            history=store,
            executor=executor,
            scheduler=scheduler,
            send=send,
        )
        it = iter(run.results)
        first = next(it, None)
    except (ConfigError, InputError, HistoryError) as exc:
        fail(str(exc))
        raise  # unreachable: fail() exits
    return run, checked(it if first is None else chain([first], it))


def run_meta(run: AuditRun, config: Config | None, fail_on: str = "error") -> RunMeta:
    from .render.base import RulesetInfo, RunMeta, ToolInfo
    from .render.rules_meta import catalogue
    from .rulebook import rulebook_for

    return RunMeta(
        tool=ToolInfo(version=run.tool_version),
        ruleset=RulesetInfo(
            version=run.ruleset_version, hash=run.ruleset_hash, score_formula=run.score_formula
        ),
        rules=catalogue(config, rulebook_for(config).chosen if config is not None else None),
        fail_on=fail_on,
    )


@_interruptible
def run(
    paths: Paths,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            envvar="GAORPT_AUDIT_OUTPUT_FORMAT",
            metavar="FORMAT",
            help="Output format, one of the formats below.",
        ),
    ] = "full",
    output: Output = None,
    select: Select = None,
    ignore: Ignore = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            metavar="LEVEL",
            help="Lowest severity that fails the gate (exit 1): error (default), warning,"
            " info or never.",
        ),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            min=0,
            max=100,
            metavar="SCORE",
            help="Fail (exit 1) when a report scores under SCORE (0-100).",
        ),
    ] = None,
    jobs: Jobs = None,
    config: ConfigOpt = None,
    backend: Backend = None,
    statistics: Annotated[
        bool, typer.Option(help="Per rule: findings and reports affected.")
    ] = False,
    quiet: Quiet = False,
    baseline: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help="Known findings (JSON): only new findings fail the gate."
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Write the current findings as a baseline file."),
    ] = None,
    waivers: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="waivers.toml: reviewed exceptions with expiry dates."),
    ] = None,
    timeout: Timeout = None,
    fetch: Annotated[
        bool, typer.Option("--fetch", help="PATHS are URL lists: fetch them first (see fetch).")
    ] = False,
    into: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="With --fetch: the region folder (default: LIST's name)."),
    ] = None,
    ocr: Ocr = None,
    history: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="SQLite results history: store this run, compare with stored years.",
        ),
    ] = None,
    executor: Executor = None,
    scheduler: Scheduler = None,
    send: Send = "bytes",
    show_settings: Annotated[
        bool,
        typer.Option(
            "--show-settings",
            help="Print the merged settings and where each came from, then exit.",
        ),
    ] = False,
) -> None:
    """Audit report files and folders; exit 1 when the gate fails."""
    from .gate import FailOn as GateFailOn
    from .gate import Gate, GateError, load_baseline, load_waivers
    from .gate import write_baseline as save_baseline
    from .history import HistoryError
    from .render import BINARY_FORMATS, FORMATS, HUMAN_FORMATS, RunView, get_renderer
    from .render.full import render_full, render_statistics

    if format not in FORMATS:
        from .tomlfiles import did_you_mean

        fail(
            f"unknown --format {format!r}{did_you_mean(format, FORMATS)}: choose one of "
            + ", ".join(FORMATS)
        )
    needs_file(format, output)
    if fetch:  # fetch the URL lists into a region folder, then audit that folder
        from .cli_fetch import fetch_into

        into = into or Path(paths[0]).with_suffix("")
        fetch_into([Path(p) for p in paths], into, None, quiet)
        paths = [str(into)]
    try:
        known = load_baseline(baseline) if baseline else None
        waiver_list = load_waivers(waivers) if waivers else None
    except GateError as exc:
        fail(str(exc))
        raise
    if quiet:
        silence_libraries()
    cfg = config_from_options(
        config, select, ignore, backend, timeout, ocr, paths=paths, quiet=quiet
    )
    cli_fail = (fail_on is not None, fail_under is not None)  # given on the command line
    gate_cfg = cfg.file.gate if cfg is not None else None
    if fail_on is None:
        fail_on = FailOn(gate_cfg.fail_on) if gate_cfg else FailOn.error
    if fail_under is None and gate_cfg and gate_cfg.fail_under > 0:
        fail_under = gate_cfg.fail_under
    if show_settings:
        from .cli_settings import show_and_exit

        cli = (select, ignore, backend, timeout, ocr, cli_fail)
        show_and_exit(cfg, fail_on.value, fail_under, *cli)
    not_report_fails = bool(gate_cfg and gate_cfg.fail_on_not_report)
    gate = Gate(GateFailOn(fail_on.value), fail_under, known, waiver_list, None, not_report_fails)
    machine = format not in HUMAN_FORMATS
    try:
        with progress_bar(quiet, share=format == "full" and output is None) as bar:
            # read before the run stores itself: the dashboard's earlier years
            past = past_scores(history) if format == "html" else []
            audit_run, results = start_audit(
                paths, cfg, jobs, bar.progress, history, executor, scheduler, send
            )
            with _output(output, machine, binary=format in BINARY_FORMATS) as out:
                meta = run_meta(audit_run, cfg, fail_on.value)
                meta.history = past
                view = RunView(meta, (gate.apply(r) for r in results))
                if bar.console is not None:
                    render_full(view, out, bar.console)
                else:
                    get_renderer(format)(view, out)
                if statistics and not machine and output is None:
                    render_statistics(view, out)
        if statistics and (machine or output is not None):
            render_statistics(view, sys.stderr)
        if write_baseline:
            save_baseline(write_baseline, gate.known)
    except (GateError, HistoryError) as exc:
        fail(str(exc))
    except BrokenPipeError:
        _quiet_broken_pipe()
    except typer.Exit:
        raise
    except Exception as exc:  # noqa: BLE001 - an internal error must be exit 2, never 1
        fail(f"internal error: {type(exc).__name__}: {exc}")
    nothing_auditable(view.summary.reports, view.summary.not_reports, paths)
    for warning in gate.warnings():
        _err(f"warning: {warning}")
    if gate.internal_errors:
        _err(f"error: {gate.internal_errors} rule evaluation(s) ended in an internal error")
    code = gate.exit_code()
    if write_baseline:
        if not quiet:
            _err(f"wrote baseline {write_baseline} ({len(gate.known)} finding(s))")
        if code == 1 and not gate.under:  # every finding is in the new baseline
            code = 0
    if code == 1 and not quiet:
        for reason in gate.reasons():
            _err(f"gate failed: {reason}")
    raise typer.Exit(code)
