"""Shared CLI helpers: exit codes and the one way to report a usage error."""

from __future__ import annotations

import typer

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def fail(message: str, code: int = EXIT_USAGE) -> None:
    """Print one clear error line on stderr and exit (2 = usage, config or internal error)."""
    typer.echo(f"gaorpt-audit: error: {message}", err=True)
    raise typer.Exit(code)
