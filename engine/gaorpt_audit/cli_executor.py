"""`run --executor local|dask --scheduler ADDRESS --send bytes|paths`: where the reports
are audited (the options; the work is audit.py and executors/)."""

from __future__ import annotations

from typing import Annotated

import typer

from .cli_common import fail

EXECUTORS = ("local", "dask")
Executor = Annotated[
    str | None,
    typer.Option(
        envvar="GAORPT_AUDIT_EXECUTOR",
        metavar="NAME",
        help="Where reports are audited: local (this machine's worker processes, default) or"
        " dask (a Dask cluster: --scheduler, else one of --jobs local workers).",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        envvar="GAORPT_AUDIT_SCHEDULER",
        metavar="ADDRESS",
        help="Dask scheduler address (tcp://host:8786); implies --executor dask.",
    ),
]
Send = Annotated[
    str,
    typer.Option(
        metavar="HOW",
        help="With dask: send each report's bytes (default) or its path (paths: workers"
        " mount the same files at the same place).",
    ),
]


def choose_executor(executor: str | None, scheduler: str | None) -> str:
    """The executor asked for; --scheduler alone means dask (exit 2 for a bad choice)."""
    if executor is None:
        executor = "dask" if scheduler else "local"
    if executor not in EXECUTORS:
        fail(f"unknown --executor {executor!r}: choose one of {', '.join(EXECUTORS)}")
    if scheduler and executor != "dask":
        fail("--scheduler needs --executor dask")
    return executor
