"""`history`: list or export what a results history file (history.py) holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from .cli_common import fail


def history(
    file: Annotated[Path, typer.Argument(help="The history file of `run --history`.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="table (one line per report) or json.")
    ] = "table",
    publisher: Annotated[
        str | None, typer.Option(help="Only this publisher (any spelling of its name).")
    ] = None,
) -> None:
    """List or export the stored reports: publisher, year, score, findings, tables."""
    from .history import History, HistoryError
    from .publishers import identity_keys

    if format not in ("table", "json"):
        fail(f"unknown --format {format!r}: use table or json")
    if not file.is_file():
        fail(f"no such history file: {file}")
    try:
        store = History(file)
        rows = store.export() if format == "json" else store.stored()
        store.close()
    except HistoryError as exc:
        fail(str(exc))
        raise
    if publisher is not None:
        names = [r["publisher"] if isinstance(r, dict) else r.publisher for r in rows]
        keys = identity_keys([*names, publisher])
        rows = [r for r, name in zip(rows, names, strict=True) if keys[name] == keys[publisher]]
    if format == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True))
        return
    for r in rows:  # type: ignore[assignment]
        typer.echo(
            f"{r.publisher}\t{r.year}\t{r.score:g}\t{r.grade}\t{r.status}\t"
            f"{r.findings} findings\trun {r.run}\t{r.path}"
        )


def past_scores(history: Path | None) -> list[Any]:
    """The scores stored by earlier runs (--history) as (publisher, YearScore): the HTML
    dashboard sets them beside this run's years."""
    from .history import History
    from .render.html_league import YearScore

    if history is None or not history.exists():
        return []
    store = History(history)
    try:
        stored = store.stored()
    finally:
        store.close()
    return [
        (s.publisher, YearScore(s.year, s.score, s.grade, s.status)) for s in stored if s.publisher
    ]
