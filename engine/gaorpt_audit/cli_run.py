"""`run` and `rank`: audit files and render the results (thin layer over audit())."""

from __future__ import annotations

from typing import Annotated

import typer

from .cli_common import fail


def run(
    paths: Annotated[
        list[str], typer.Argument(help="Report files or folders (searched recursively).")
    ],
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
        fail(str(exc))
    console.print(table)


def rank(
    paths: Annotated[list[str], typer.Argument(help="Report files or folders.")],
) -> None:
    """League table of publishers by score."""
    fail("rank is not implemented yet")
