"""Command line: a thin typer layer over the library (pipeline, rules, renderers).

Heavy modules are imported inside the commands so that ``--help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import __version__, cli_common
from .cli_common import fail

app = typer.Typer(
    name="gaorpt-audit",
    help="Audit 政府信息公开工作年度报告 (annual reports on open government information).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help, as ruff's: no boxes, no <list[str]> metavars
    cls=cli_common.Group,  # usage errors in the tool's one-line style
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gaorpt-audit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """Audit 政府信息公开工作年度报告 with declarative TOML rules."""


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="One report file.")],
    format: Annotated[str, typer.Option("--format", "-f", help="tree or json.")] = "tree",
) -> None:
    """Show the parsed Report of one file."""
    from .pipeline import parse_file

    if file.is_dir():
        fail(f"{file} is a folder: parse reads one file (use `gaorpt-audit run` for folders)")
    if not file.is_file():
        from .cli_terminal import not_a_file

        fail(not_a_file(file))
    if format not in ("tree", "json"):
        fail(f"unknown format {format!r}: use tree or json")
    from . import names

    report = parse_file(file, names.shown(str(file)))  # a name that is not UTF-8: U+FFFD
    if format == "json":
        import json

        doc = report.model_dump(mode="json")
        if raw := names.raw_hex(str(file)):  # ... and its bytes kept beside it
            doc = {"path": doc.pop("path"), "path_bytes": raw, **doc}
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    from .render.report_tree import report_tree

    Console().print(report_tree(report))


from . import cli_fetch, cli_rank, cli_rules, cli_run, cli_terminal

app.command("run", cls=cli_common.Command, epilog=cli_terminal.RUN_EPILOG)(cli_run.run)
app.command("rank", cls=cli_common.Command, epilog=cli_terminal.RANK_EPILOG)(cli_rank.rank)
app.command("rules")(cli_rules.rules)
app.command("rule")(cli_rules.rule)
app.command("test-rules")(cli_rules.test_rules)
app.command("init")(cli_rules.init)
app.command("fetch")(cli_fetch.fetch)

from . import cli_notices

app.command("notices")(cli_notices.notices)
app.command("bulletin")(cli_notices.bulletin)

from . import cli_history

app.command("history")(cli_history.history)


def main() -> None:
    from . import batchgc

    batchgc.for_batch()
    app()
