"""Reading the project's TOML files (rules, cases, config) with errors people can act on:
``file:line: field: what is wrong``, never a traceback."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError


class TomlError(Exception):
    """A TOML file that cannot be read or parsed, with file and line."""


def line_of(text: str, loc: tuple[Any, ...]) -> int | None:
    """tomllib gives no positions for keys: find the line of a field path by searching the text."""
    lines = text.splitlines()
    start = 0
    keys = [str(p) for p in loc if isinstance(p, str)]
    if not keys:
        return None
    # A table header like [check] or [[case]] narrows the search.
    for i, line in enumerate(lines):
        if re.match(rf"^\s*\[\[?\s*{re.escape(keys[0])}\s*\]\]?\s*$", line):
            start = i
            break
    candidates = list(reversed(keys))
    for key in candidates:
        pat = re.compile(rf'(^|[\s{{,])"?{re.escape(key)}"?\s*=')
        for i in range(start, len(lines)):
            if pat.search(lines[i]):
                return i + 1
    return start + 1 if start else None


def format_validation_error(
    path: Path | str, text: str, exc: ValidationError, tags: tuple[str, ...] = ()
) -> str:
    """One clear message: file:line: field: what is wrong. ``tags`` are the names of a
    discriminated union (check kinds), left out of the field path."""
    err = exc.errors()[0]
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in tags))
    msg = err["msg"].removeprefix("Value error, ")
    if not loc and msg.startswith("message"):
        loc = ("message",)  # raised by the rule-level validator
    if err["type"] == "extra_forbidden":
        msg = f"unknown field {loc[-1]!r}"
    elif err["type"] == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag")
        msg = f"unknown check kind {tag!r}; use one of: {', '.join(tags)}"
        loc = (*loc, "kind")
    elif err["type"] == "missing":
        msg = "required field is missing"
    field = ".".join(str(p) for p in loc) or "(file)"
    line = line_of(text, loc) if err["type"] != "missing" else line_of(text, loc[:-1])
    where = f"{path}:{line}" if line else str(path)
    extra = f" ({len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    return f"{where}: {field}: {msg}{extra}"


def read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TomlError(f"{path}: cannot read: {exc}") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        where = f"{path}:{m.group(1)}" if m else str(path)
        raise TomlError(f"{where}: TOML syntax error: {exc}") from None
