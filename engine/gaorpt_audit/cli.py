"""Command line: a thin typer layer over the library (pipeline, rules, renderers).

Heavy modules are imported inside the commands so that ``--help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

app = typer.Typer(
    name="gaorpt-audit",
    help="Audit 政府信息公开工作年度报告 (annual reports on open government information).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gaorpt-audit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """Audit 政府信息公开工作年度报告 with declarative TOML rules."""


def _fail(message: str) -> None:
    typer.echo(f"gaorpt-audit: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Report files or folders (searched recursively).")],
) -> None:
    """Audit report files and folders."""
    from rich.console import Console
    from rich.table import Table

    from .discover import InputError
    from .pipeline import parse_all

    console = Console()
    table = Table(title="gaorpt-audit: reports")
    for col in ("path", "publisher", "year", "format", "sections", "status"):
        table.add_column(col)
    try:
        for item, report in parse_all(paths):
            status = "; ".join(i.message for i in report.parse_issues) or "parsed"
            table.add_row(
                item.display,
                report.publisher or "?",
                str(report.year or "?"),
                report.format,
                str(len(report.sections)),
                status,
            )
    except InputError as exc:
        _fail(str(exc))
    console.print(table)


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="One report file.")],
    format: Annotated[str, typer.Option("--format", "-f", help="tree or json.")] = "tree",
) -> None:
    """Show the parsed Report of one file."""
    from .pipeline import parse_file

    if not file.is_file():
        _fail(f"no such file: {file}")
    if format not in ("tree", "json"):
        _fail(f"unknown format {format!r}: use tree or json")
    report = parse_file(file, str(file))
    if format == "json":
        typer.echo(report.model_dump_json(indent=2))
        return
    from rich.console import Console
    from rich.pretty import Pretty

    Console().print(Pretty(report.model_dump(mode="json")))


def main() -> None:
    app()
