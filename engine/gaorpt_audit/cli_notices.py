"""`notices` and `bulletin`: Word documents an office sends out, from the audit results
(a thin layer over audit(), rank.py and the notices package).

Exit codes: 0 written, 2 usage, config or internal error, 130 interrupted. A fact the
office did not configure (name, document number, date, deadline, contact) is never made
up: the document shows a placeholder and stderr says which facts are missing.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli_common import err, fail, interruptible
from .cli_run import (
    Backend,
    ConfigOpt,
    Ignore,
    Jobs,
    Paths,
    Select,
    Timeout,
    config_from_options,
    start_audit,
)
from .cli_terminal import progress_bar

if TYPE_CHECKING:
    from .config import Config
    from .model import ReportResult
    from .notices.items import RuleFacts
    from .notices.settings import NoticeSettings


class MinSeverity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


Year = Annotated[
    int | None, typer.Option(help="Reports of this year (default: latest of each publisher).")
]
Waivers = Annotated[Path | None, typer.Option(help="waivers.toml: waived findings are left out.")]
Office = Annotated[
    str | None, typer.Option(help="发文机关 (default: notices.office in the config).")
]
Date = Annotated[
    str | None, typer.Option(help="发文日期 as printed (default: notices.date in the config).")
]
Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar; only missing facts are said.")
]


def _audit(
    paths: list[str],
    config: Path | None,
    select: list[str] | None,
    ignore: list[str] | None,
    backend: str | None,
    timeout: float | None,
    jobs: int | None,
    waivers: Path | None,
    quiet: bool,
) -> tuple[Config, list[ReportResult], dict[str, RuleFacts]]:
    """Audit, then mark waived findings (the gate's waivers; the gate's verdict is unused)."""
    from .gate import FailOn, Gate, GateError, load_waivers
    from .notices.batch import rule_facts
    from .render.rules_meta import catalogue
    from .rulebook import rulebook_for

    try:
        waiver_list = load_waivers(waivers) if waivers else None
    except GateError as exc:
        fail(str(exc))
        raise
    cfg = config_from_options(config, select, ignore, backend, timeout, paths=paths, quiet=quiet)
    with progress_bar(quiet) as bar:
        _, results = start_audit(paths, cfg, jobs, bar.progress)
        gate = Gate(FailOn.never, None, None, waiver_list)
        collected = [gate.apply(r) for r in results]
    if not quiet:
        for warning in gate.warnings():
            err(f"warning: {warning}")
    chosen = rulebook_for(cfg).chosen
    return cfg, collected, rule_facts(catalogue(cfg, chosen), chosen)


def _settings(cfg: Config, **options: str | None) -> NoticeSettings:
    from .config import ConfigError
    from .notices.settings import load_settings

    try:
        return load_settings(cfg, **options)
    except ConfigError as exc:
        fail(str(exc))
        raise


def _say_missing(missing: list[str]) -> None:
    # said even with --quiet: the document is not ready to send as it is
    if missing:
        err(
            "warning: not configured, left as a placeholder in the document: "
            + ", ".join(missing)
            + " (set them in [notices] of gaorpt-audit.toml or with the options)"
        )


@interruptible
def notices(
    paths: Paths,
    into: Annotated[Path, typer.Option("--into", help="Folder to write one .docx per publisher.")],
    year: Year = None,
    min_severity: Annotated[
        MinSeverity, typer.Option(help="Lowest severity listed as an item to correct.")
    ] = MinSeverity.info,
    office: Office = None,
    doc_number: Annotated[
        str | None,
        typer.Option(
            help="文号; {n} is the notice's number (default: notices.doc_number in the config)."
        ),
    ] = None,
    date: Date = None,
    deadline: Annotated[
        str | None,
        typer.Option(help="整改期限 as printed (default: notices.deadline in the config)."),
    ] = None,
    contact: Annotated[
        str | None, typer.Option(help="联系人及电话 (default: notices.contact in the config).")
    ] = None,
    waivers: Waivers = None,
    select: Select = None,
    ignore: Ignore = None,
    jobs: Jobs = None,
    config: ConfigOpt = None,
    backend: Backend = None,
    quiet: Quiet = False,
    timeout: Timeout = None,
) -> None:
    """One 整改通知 (.docx) per publisher for its latest report (or --year)."""
    from .config import ConfigError
    from .notices.batch import write_notices

    if into.exists() and not into.is_dir():
        fail(f"--into {into} is a file: give a folder")
    cfg, results, rules = _audit(
        paths, config, select, ignore, backend, timeout, jobs, waivers, quiet
    )
    settings = _settings(
        cfg, office=office, doc_number=doc_number, date=date, deadline=deadline, contact=contact
    )
    try:
        into.mkdir(parents=True, exist_ok=True)
        written, missing = write_notices(
            results, rules, settings, into, year=year, min_severity=min_severity.value
        )
    except ConfigError as exc:
        fail(str(exc))
        raise
    except OSError as exc:
        fail(f"cannot write into {into}: {exc.strerror or exc}")
        raise
    except Exception as exc:
        fail(f"internal error: {type(exc).__name__}: {exc}")
        raise
    if not quiet:
        for path, notice in written:
            err(f"wrote {path} ({len(notice.items)} item(s), {len(notice.unchecked)} to resupply)")
        if not written:
            err("warning: no report" + (f" of {year}" if year else "") + ": no notice written")
    _say_missing(missing)


@interruptible
def bulletin(
    paths: Paths,
    output: Annotated[Path, typer.Option("--output", "-o", help="The .docx file to write.")],
    year: Year = None,
    office: Office = None,
    doc_number: Annotated[
        str | None, typer.Option(help="文号 (default: notices.bulletin_number in the config).")
    ] = None,
    date: Date = None,
    waivers: Waivers = None,
    select: Select = None,
    ignore: Ignore = None,
    jobs: Jobs = None,
    config: ConfigOpt = None,
    backend: Backend = None,
    quiet: Quiet = False,
    timeout: Timeout = None,
) -> None:
    """The region's 通报 (.docx): ranking, grades, most frequent problems, unread reports."""
    from .config import ConfigError
    from .notices.batch import write_bulletin

    if output.is_dir():
        fail(f"-o {output} is a folder: give a .docx file name")
    cfg, results, rules = _audit(
        paths, config, select, ignore, backend, timeout, jobs, waivers, quiet
    )
    settings = _settings(cfg, office=office, bulletin_number=doc_number, date=date)
    grades = [*sorted(cfg.file.scoring.bands, key=lambda g: -cfg.file.scoring.bands[g]), "D"]
    try:
        made, missing = write_bulletin(results, rules, settings, output, grades, year=year)
    except ConfigError as exc:
        fail(str(exc))
        raise
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
        raise
    except Exception as exc:
        fail(f"internal error: {type(exc).__name__}: {exc}")
        raise
    if not quiet:
        err(f"wrote {output} ({len(made.rows)} publisher(s), {len(made.problems)} problem(s))")
    _say_missing(missing)
