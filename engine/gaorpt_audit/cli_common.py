"""Shared CLI helpers: exit codes and the one way to report a usage error.

Every usage error, the tool's own and those typer/click raise while reading the command
line (unknown option, bad choice, missing argument), is printed the same way: one line
``gaorpt-audit: error: …`` with a "did you mean" where a near name exists, then a hint
where to find help; exit code 2.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEBUG_ENV = "GAORPT_AUDIT_DEBUG"  # set: an internal error shows its traceback


def fail(message: str, code: int = EXIT_USAGE) -> None:
    """Print clear error lines on stderr (one per problem: every error of a config file)
    and exit (2 = usage, config or internal error)."""
    for line in message.splitlines() or [""]:
        typer.echo(f"gaorpt-audit: error: {line}", err=True)
    raise typer.Exit(code)


_CHOICE = re.compile(r"'([^']*)' is not one of (.*)\.$")


def usage_message(exc: Exception) -> str:
    """A click usage error as one line in the tool's own words."""
    from typer.core import _click

    from .tomlfiles import did_you_mean  # (imports pydantic: not before an error)

    errors = _click.exceptions
    if isinstance(exc, errors.NoSuchOption):
        return f"unknown option {exc.option_name}" + did_you_mean(
            exc.option_name, exc.possibilities or ()
        )
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)  # type: ignore[attr-defined]
    message = message.replace("Value error, ", "")
    found = _CHOICE.search(message)
    if found:  # Invalid value for '--fail-on': 'erorr' is not one of 'error', ...
        choices = re.findall(r"'([^']*)'", found.group(2))
        message = message[: found.start()] + (
            f"{found.group(1)!r} is not one of {', '.join(choices)}"
            + did_you_mean(found.group(1), choices)
        )
    return message[:1].lower() + message[1:]


class Group(TyperGroup):
    """The root command: click's usage errors in the tool's one-line style."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        from typer.core import _click

        errors = _click.exceptions
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except errors.NoArgsIsHelpError as exc:  # bare `gaorpt-audit`: its help
            exc.show()
            sys.exit(EXIT_USAGE)
        except errors.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx is not None else "gaorpt-audit"
            typer.echo(f"gaorpt-audit: error: {usage_message(exc)}", err=True)
            typer.echo(f"(see `{command} --help`)", err=True)
            sys.exit(EXIT_USAGE)
        except errors.ClickException as exc:
            typer.echo(f"gaorpt-audit: error: {usage_message(exc)}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("gaorpt-audit: aborted", err=True)
            sys.exit(EXIT_FINDINGS)
        except Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            typer.echo(
                f"gaorpt-audit: error: internal error: {type(exc).__name__}: {exc} "
                f"(please report it; {DEBUG_ENV}=1 shows the traceback)",
                err=True,
            )
            sys.exit(EXIT_USAGE)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


class Command(TyperCommand):
    """Help as ruff prints it: ``PATH...`` in the usage line (not typer's ``{paths}...``)
    and arguments without their Python type (no ``<list[str]>``)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument" and not param.hidden:
                args.append((_argument_name(param), param.help or ""))
            elif param.param_type_name == "option":
                record = param.get_help_record(ctx)
                if record is not None:
                    opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _argument_name(param: Any) -> str:
    name = param.metavar or (param.name or "").upper()
    return name if param.nargs == 1 or name.endswith("...") else f"{name}..."


def err(message: str) -> None:
    typer.echo(f"gaorpt-audit: {message}", err=True)


def quiet_broken_pipe() -> None:
    """The reader went away (``| head``): stop quietly, as the Python docs advise."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(1)


INTERRUPTED = 130  # exit code after Ctrl-C (128 + SIGINT, as shells report it)
T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


class _Interrupt:
    """Ctrl-C remembered as well as raised. Python drops an exception raised where it
    cannot propagate (a ``__del__``, a weakref or gc callback: "Exception ignored"); a
    KeyboardInterrupt landing there would let the run finish as if nothing happened.
    The flag makes the next result (``checked``) or the output's rename raise it again."""

    seen = False

    @classmethod
    def on_sigint(cls, signum: int, frame: Any) -> None:
        cls.seen = True
        raise KeyboardInterrupt

    @classmethod
    def unraisable(cls, args: Any) -> None:
        if cls.seen and issubclass(args.exc_type, KeyboardInterrupt):
            return  # raised again at the next result: no "Exception ignored" trace
        sys.__unraisablehook__(args)


def raise_if_interrupted() -> None:
    """Raise the KeyboardInterrupt a Ctrl-C raised where Python dropped it."""
    if _Interrupt.seen:
        raise KeyboardInterrupt


def checked(results: Iterator[T]) -> Iterator[T]:
    """``results`` that stop with KeyboardInterrupt once Ctrl-C was pressed."""
    for result in results:
        raise_if_interrupted()
        yield result
    raise_if_interrupted()


def _catch_sigint() -> Callable[[], None]:
    """Install the remembering Ctrl-C handler; returns what puts the old one back."""
    import signal

    try:
        previous = signal.signal(signal.SIGINT, _Interrupt.on_sigint)
    except ValueError:  # not the main thread: Python's own handler stays
        return lambda: None
    hook, sys.unraisablehook = sys.unraisablehook, _Interrupt.unraisable
    _Interrupt.seen = False

    def restore() -> None:
        signal.signal(signal.SIGINT, previous)
        sys.unraisablehook = hook

    return restore


def interruptible(command: F) -> F:
    """Ctrl-C: one line on stderr, exit code 130 (an ``-o`` file is only replaced whole)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        restore = _catch_sigint()
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt as exc:
            import signal

            try:  # a second Ctrl-C while the workers stop: no traceback
                signal.signal(signal.SIGINT, signal.SIG_IGN)
            except ValueError:  # not the main thread
                pass
            exc.__traceback__ = None  # frees the command's frames: its pool stops now
            output = kwargs.get("output")
            err("interrupted" + (f"; {output} was left as it was" if output else ""))
            raise typer.Exit(INTERRUPTED) from None
        finally:
            restore()

    return wrapper  # type: ignore[return-value]
