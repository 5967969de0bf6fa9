"""Where ``run``/``rank`` write: stdout, or ``-o FILE`` written to a temporary file beside
it and renamed over it once complete, so an interrupted or failed run leaves the previous
FILE as it was (through a link: the file it points to, its permissions kept)."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .cli_common import fail, raise_if_interrupted


def needs_file(format: str, output: Path | None) -> None:
    """A workbook is bytes: it goes to a file, never to a terminal or a pipe of text."""
    from .render import BINARY_FORMATS  # (lazily: --help stays fast)

    if format in BINARY_FORMATS and output is None:
        fail(f"--format {format} writes a workbook: give the file with -o FILE (e.g. -o 结果.xlsx)")


@contextlib.contextmanager
def output_to(path: Path | None, machine: bool, binary: bool = False) -> Iterator[IO[Any]]:
    """``binary``: a handle for bytes (xlsx), which needs ``-o FILE`` (checked by the caller)."""
    if path is None:
        if machine and (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
            with contextlib.suppress(AttributeError, ValueError):
                sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        yield sys.stdout
        sys.stdout.flush()
        return
    mode = os.stat(path).st_mode if os.path.exists(path) else None  # through links
    regular = mode is None or stat.S_ISREG(mode)  # not /dev/stdout, a FIFO, a terminal
    target = Path(os.path.realpath(path))  # through a link: the file it points to
    temp = ""
    try:
        if regular:  # written beside it, renamed over it once complete
            fd, temp = tempfile.mkstemp(".part", f".{target.name}.", target.parent)
            handle = (
                open(fd, "wb")  # noqa: SIM115 - closed below
                if binary
                else open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115
            )
            umask = os.umask(0o22)
            os.umask(umask)  # the permissions "w" gives: the old file's, else 0666 - umask
            os.chmod(temp, stat.S_IMODE(mode) if mode is not None else 0o666 & ~umask)
        else:
            handle = path.open("wb") if binary else path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        _discard(temp)
        fail(f"cannot write {path}: {exc.strerror}")
        raise
    try:
        with handle:
            yield handle
        raise_if_interrupted()  # a Ctrl-C Python dropped while the output was written
        if temp:
            os.replace(temp, target)
    except BaseException:
        _discard(temp)
        raise


def _discard(temp: str) -> None:
    with contextlib.suppress(OSError):
        if temp:
            os.unlink(temp)
