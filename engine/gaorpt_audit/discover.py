"""Which files an audit covers: folders walked recursively, sorted, hidden entries skipped.

A folder's README.md (the description of a region, as in reports/) is documentation, not a
report, and is skipped; a README.md named explicitly on the command line is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class InputError(Exception):
    """A path given by the user does not exist (usage error, exit 2)."""


@dataclass(frozen=True, order=True)
class Input:
    display: str  # the path as shown to the user: as given, or given folder + relative part
    path: Path


def discover(paths: Iterable[str | Path]) -> list[Input]:
    found: dict[str, Input] = {}
    for given in paths:
        root = Path(given)
        if not root.exists():
            raise InputError(f"no such file or folder: {given}")
        if root.is_file():
            found.setdefault(str(given), Input(str(given), root))
            continue
        for file in sorted(root.rglob("*")):
            rel = file.relative_to(root)
            if any(part.startswith(".") for part in rel.parts) or not file.is_file():
                continue
            if file.name.lower() == "readme.md":
                continue
            display = (Path(given) / rel).as_posix()
            found.setdefault(display, Input(display, file))
    return sorted(found.values())
