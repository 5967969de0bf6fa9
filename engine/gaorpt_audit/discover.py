"""Which files an audit covers: folders walked recursively, sorted, hidden entries skipped.

A folder's README.md (the description of a region, as in reports/) is documentation, not a
report, and is skipped (the default ``exclude`` of the config, excludes.py, with any other
globs configured); a README.md named explicitly on the command line is audited. A
broken symbolic link inside a folder is kept, so that it is reported as unreadable, and so
is anything else that is not a folder (a FIFO, a device, a socket, a link to one): ingest
reports it without reading it. Whatever is named or found is listed, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .excludes import Discovery, excluded
from .fetch import manifest as fetch_manifest


class InputError(Exception):
    """A path given by the user does not exist (usage error, exit 2)."""


@dataclass(frozen=True, order=True)
class Input:
    display: str  # the path as shown to the user: as given, or given folder + relative part
    path: Path
    failure: str | None = None  # a URL that `fetch` could not download (manifest.json): why


def discover(paths: Iterable[str | Path], exclude: list[str] | None = None) -> list[Input]:
    """``exclude``: globs of files found in folders to leave out (config ``exclude`` /
    ``extend-exclude``; excludes.py); None = the bundled default (README.md)."""
    patterns = Discovery().patterns() if exclude is None else exclude
    found: dict[str, Input] = {}
    for given in paths:
        root = Path(given)
        if not root.exists():
            if root.is_symlink():
                raise InputError(f"{given} is a symbolic link to nothing (broken, or a loop)")
            raise InputError(f"no such file or folder: {given}")
        if not root.is_dir():  # a file, or a FIFO (`run <(cat f)`), a device ...
            found.setdefault(str(given), Input(str(given), root))
            continue
        for rel_name, reason in fetch_manifest.failures(root):  # listed, never silently missing
            display = (Path(given) / rel_name).as_posix()
            found.setdefault(display, Input(display, root / rel_name, reason))
        for file in sorted(root.rglob("*")):
            rel = file.relative_to(root)
            if any(part.startswith(".") for part in rel.parts):
                continue
            # A broken link (or link loop) is kept: it is listed as unreadable, not dropped;
            # so are FIFOs and devices (listed as not read).
            if file.is_dir():
                continue
            if fetch_manifest.is_manifest(file):
                continue
            display = (Path(given) / rel).as_posix()
            if excluded(rel.as_posix(), display, patterns):
                continue
            found.setdefault(display, Input(display, file))
    return sorted(found.values())
