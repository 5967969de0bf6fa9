"""`gaorpt-audit rank`: the league table of publishers by score (a thin layer over
rank.build_league; options shared with `run`)."""

from __future__ import annotations

from typing import Annotated

import typer

from .cli_common import err, fail, interruptible, quiet_broken_pipe
from .cli_output import needs_file
from .cli_output import output_to as _output
from .cli_run import (
    Backend,
    ConfigOpt,
    Ignore,
    Jobs,
    Output,
    Paths,
    Select,
    Timeout,
    config_from_options,
    nothing_auditable,
    run_meta,
    start_audit,
)
from .cli_terminal import progress_bar, silence_libraries


@interruptible
def rank(
    paths: Paths,
    year: Annotated[
        int | None,
        typer.Option(
            metavar="YEAR", help="Rank the reports of this year (default: latest of each)."
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="Output format, one of the formats below."
        ),
    ] = "full",
    output: Output = None,
    select: Select = None,
    ignore: Ignore = None,
    jobs: Jobs = None,
    config: ConfigOpt = None,
    backend: Backend = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    timeout: Timeout = None,
) -> None:
    """League table of publishers by score, with their top failing rules."""
    from .rank import build_league
    from .render import RANK_FORMATS
    from .render import league as render_league

    if format not in RANK_FORMATS:
        from .tomlfiles import did_you_mean

        fail(
            f"unknown --format {format!r} for rank{did_you_mean(format, RANK_FORMATS)}: choose"
            " one of " + ", ".join(RANK_FORMATS)
        )
    needs_file(format, output)
    if quiet:
        silence_libraries()
    cfg = config_from_options(config, select, ignore, backend, timeout, paths=paths, quiet=quiet)
    try:
        with progress_bar(quiet) as bar:
            audit_run, results = start_audit(paths, cfg, jobs, bar.progress)
            collected = list(results)
        meta = run_meta(audit_run, cfg)
        rows = build_league(collected, year)
        with _output(output, format != "full", binary=format == "xlsx") as out:
            if format == "xlsx":
                from .render.xlsx import categories_of, write_workbook

                write_workbook(rows, collected, out, categories_of(meta.rules, collected))
            elif format == "full":
                render_league.league_text(rows, year, out)
            elif format == "json":
                render_league.league_json(rows, year, meta, out)
            elif format == "csv":
                render_league.league_csv(rows, out)
            elif format == "markdown":
                render_league.league_markdown(rows, year, out)
            else:
                render_league.league_html(rows, year, meta, collected, out)
    except BrokenPipeError:
        quiet_broken_pipe()
    except typer.Exit:
        raise
    except Exception as exc:  # noqa: BLE001 - internal error: exit 2
        fail(f"internal error: {type(exc).__name__}: {exc}")
    nothing_auditable(len(collected), sum(r.status == "not_report" for r in collected), paths)
    if not rows and not quiet:
        err("warning: no report" + (f" of {year}" if year else "") + " to rank")
