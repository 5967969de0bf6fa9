"""`fetch`: build a region folder from URL lists (``run LIST --fetch`` calls it too).

Exit codes: 0 done (URLs that failed are listed on stderr and in manifest.json, and `run`
reports them as unreadable: failures are data, not an error of the command), 2 usage
error (a list that cannot be read, a bad line), 130 interrupted (the files on disk are
complete; a new fetch resumes).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .cli_common import fail

if TYPE_CHECKING:
    from .fetch.fetcher import Options, Progress, Summary

Lists = Annotated[list[Path], typer.Argument(help="URL lists: .txt (one URL a line) or .csv.")]
Into = Annotated[Path, typer.Option("--into", help="The region folder to fetch into.")]


def fetch(
    lists: Lists,
    into: Into,
    follow_index: Annotated[
        bool, typer.Option(help="The URLs are column pages listing reports by year.")
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="URLs at once.")] = 4,
    per_host: Annotated[int, typer.Option(min=1, help="Requests at once per host.")] = 2,
    delay: Annotated[float, typer.Option(min=0, help="Seconds between requests to a host.")] = 1.0,
    timeout: Annotated[float, typer.Option(min=0.01, help="Seconds per request.")] = 30.0,
    retries: Annotated[int, typer.Option(min=0, help="Retries on 5xx and timeouts.")] = 3,
    backoff: Annotated[float, typer.Option(min=0, help="First retry wait (doubles).")] = 1.0,
    ignore_robots: Annotated[bool, typer.Option(help="Do not read robots.txt.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Download reports from URL lists into region/<publisher>/<year>.<ext> + manifest.json."""
    from .cli_common import interruptible
    from .fetch.client import Settings
    from .fetch.fetcher import Options

    settings = Settings(timeout, retries, backoff, per_host, delay, robots=not ignore_robots)
    options = Options(settings, jobs, follow_index)
    interruptible(fetch_into)(lists, into, options, quiet)


def fetch_into(lists: list[Path], into: Path, options: Options | None, quiet: bool) -> Summary:
    """Fetch (progress bar on a terminal, summary on stderr); usage errors exit 2."""
    from .fetch.fetcher import fetch as do_fetch
    from .fetch.urllist import UrlListError

    try:
        with _bar(quiet) as progress:
            summary = do_fetch(lists, into, options, progress)
    except UrlListError as exc:
        fail(str(exc))
        raise  # unreachable
    except OSError as exc:
        fail(f"cannot write to {into}: {exc.strerror or exc}")
        raise
    if not quiet:
        for url, reason in summary.failed:
            typer.echo(f"gaorpt-audit: 未能下载 {url}：{reason}", err=True)
        typer.echo(
            f"gaorpt-audit: fetched {summary.total} URL(s) into {into}: {summary.downloaded} "
            f"downloaded, {summary.unchanged} unchanged, {len(summary.failed)} failed",
            err=True,
        )
    return summary


@contextlib.contextmanager
def _bar(quiet: bool) -> Iterator[Progress | None]:
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("fetching", total=None)

    def update(done: int, total: int, url: str) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield update
