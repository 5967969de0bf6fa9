"""What the CLI draws on a terminal: the progress bar, which shares its console with the
report when both go to one terminal; the formats' one-line help; the PDF libraries' noise
kept off stderr under --quiet."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from rich.console import Console

    from .audit import Progress

# --format of run, one line each in --help (here, not in render/, so that --help does not
# import the renderers; tests/test_cli_help.py checks it names every format of render/).
FORMAT_HELP = {
    "full": "a box per report, then a summary table (default)",
    "concise": "one line per finding: path:line: CODE message",
    "json": "one JSON document (schema: docs/output.md)",
    "jsonl": "one JSON object per report, one per line",
    "sarif": "SARIF 2.1.0 for code scanning",
    "junit": "JUnit XML for Jenkins and GitLab test reports",
    "github": "GitHub Actions annotations",
    "markdown": "Markdown tables (a pull-request comment)",
    "csv": "one row per finding, UTF-8 with BOM (Excel)",
    "html": "one self-contained HTML page",
    "xlsx": "an Excel workbook: league, findings, categories (needs -o FILE)",
    "gitlab": "GitLab Code Quality report (JSON)",
}
RANK_FORMAT_HELP = {
    "full": "the league table (default)",
    "json": "one JSON document",
    "csv": "one row per publisher, UTF-8 with BOM (Excel)",
    "markdown": "a Markdown table",
    "html": "one self-contained HTML page",
    "xlsx": "an Excel workbook: league, findings, categories (needs -o FILE)",
}


def epilog(formats: dict[str, str]) -> str:
    """The formats, one line each, after the options (``\\b``: click keeps the lines)."""
    width = max(map(len, formats)) + 2
    return "Formats (--format):\n\n\b\n" + "\n".join(
        f"  {name:<{width}}{text}" for name, text in formats.items()
    )


RUN_EPILOG = epilog(FORMAT_HELP)
RANK_EPILOG = epilog(RANK_FORMAT_HELP)


class Bar(NamedTuple):
    progress: Progress | None  # audit() reports to it
    console: Console | None  # the terminal console the report shares with the bar


def silence_libraries() -> None:
    """--quiet: the PDF libraries' warnings (pdfminer logs one line per odd operator:
    ~280 lines on a 564-file run) are not printed. Worker processes and the PDF reader's
    child are forked from here and keep the level."""
    import logging
    import warnings

    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", module=r"pdf(miner|plumber)")


def _same_terminal() -> bool:
    """stdout and stderr are one terminal: bar and report then share one console."""
    try:
        return sys.stdout.isatty() and os.ttyname(1) == os.ttyname(2)
    except (OSError, ValueError, AttributeError):
        return False


@contextlib.contextmanager
def progress_bar(quiet: bool, share: bool = False) -> Iterator[Bar]:
    """A transient progress bar on stderr when it is a terminal (audit() reports to it).
    ``share``: the report goes to the same terminal; it is then printed through the bar's
    console (``Bar.console``), so that panels and bar never overwrite each other (two
    consoles drawing on one terminal left ``审查中 ━━ 0/?`` glued to panel borders)."""
    if quiet or not sys.stderr.isatty():
        yield Bar(None, None)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from .render.full import make_console

    shared = share and _same_terminal()
    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=make_console(sys.stdout if shared else sys.stderr),
        transient=True,
        # Output to the same terminal is printed above the bar; output to a file or pipe
        # must not be touched.
        redirect_stdout=sys.stdout.isatty(),
        redirect_stderr=shared,
    )
    task = bar.add_task("审查中", total=None)

    def update(done: int, total: int, display: str) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield Bar(update, bar.console if shared else None)


def not_a_file(path: object) -> str:
    """Why ``path`` (not a regular file) cannot be read as one report."""
    import stat

    from .render.base import printable

    shown = printable(str(path))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return f"no such file: {shown}"
    except OSError as exc:
        return f"cannot read {shown}: {exc.strerror}"
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))  # fmt: skip
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    return f"{shown} is {kind}, not a report file: save the report to a file and parse that"
