"""Which files found in folders are left out: the ``exclude`` / ``extend-exclude`` globs of
the config (config.py reads them; discover.py applies them)."""

from __future__ import annotations

import fnmatch
from pathlib import PurePosixPath

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Discovery(BaseModel):
    """Top-level ``exclude`` / ``extend-exclude``: globs of files found in folders that are
    not audited (a file named on the command line always is), matched ignoring case.
    ``exclude`` replaces the bundled list (README.md); ``extend-exclude`` adds to it. A pattern without "/" matches
    a file or folder name at any depth (``*.xlsx``, ``drafts``); one with "/" the path
    below the folder given, or as shown (``anhui/*_2019.txt``, ``reports/old/*``).
    Validated apart from FileConfig: which files are read, not how they are judged."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    exclude: list[str] = ["README.md"]
    extend_exclude: list[str] = Field(default=[], alias="extend-exclude")

    @field_validator("exclude", "extend_exclude")
    @classmethod
    def _patterns(cls, patterns: list[str]) -> list[str]:
        problems = []  # every bad pattern of the list, not the first
        for p in patterns:
            if not p.strip():
                problems.append("an empty pattern excludes nothing: remove it")
            elif "\\" in p:
                problems.append(f"{p!r}: write paths with / (globs match the path as shown)")
            elif p.startswith(("/", "./")) or p.endswith("/"):
                problems.append(
                    f"{p!r}: a pattern is a name (*.xlsx, drafts) or a relative path "
                    "(anhui/*_2019.txt), without a leading / or ./ and a trailing /"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return patterns

    def patterns(self) -> list[str]:
        return [*self.exclude, *self.extend_exclude]


DISCOVERY_KEYS = ("exclude", "extend-exclude", "extend_exclude")


def excluded(rel: str, shown: str, patterns: list[str]) -> bool:
    """Whether a file found in a folder is left out: ``rel`` is its path below the folder
    given, ``shown`` as displayed (folder + rel), both with "/"."""
    if not patterns:
        return False
    # case-insensitive, as the file systems of Windows desktops are (README.md, readme.md)
    rel, shown = rel.lower(), shown.lower()
    patterns = [p.lower() for p in patterns]
    names = PurePosixPath(rel).parts
    for p in patterns:
        if "/" in p:
            if fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(shown, p):
                return True
            # a folder pattern (reports/old) leaves out what is below it
            if any(fnmatch.fnmatchcase(str(parent), p) for parent in PurePosixPath(rel).parents):
                return True
            if any(fnmatch.fnmatchcase(str(par), p) for par in PurePosixPath(shown).parents):
                return True
        elif any(fnmatch.fnmatchcase(name, p) for name in names):
            return True
    return False
