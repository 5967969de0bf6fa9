"""Reading the project's TOML files (rules, cases, config) with errors people can act on:
``file:line: field: what is wrong``, never a traceback."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError


class TomlError(Exception):
    """A TOML file that cannot be read or parsed, with file and line."""


def line_of(text: str, loc: tuple[Any, ...]) -> int | None:
    """tomllib gives no positions for keys: find the line of a field path by searching the text."""
    lines = text.splitlines()
    start = 0
    keys = [str(p) for p in loc if isinstance(p, str)]
    if not keys:
        return None
    dotted = re.escape(".".join(keys))
    for i, line in enumerate(lines):  # the table itself: [scoring.bands]
        if len(keys) > 1 and re.match(rf"^\s*\[\[?\s*{dotted}\s*\]\]?\s*$", line):
            return i + 1
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


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'select'?)`` for the nearest of ``choices``, or ""."""
    options = sorted(set(choices))
    near = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not near and word != word.upper():  # bal001 -> BAL001
        near = difflib.get_close_matches(word.upper(), options, n=1, cutoff=0.6)
    return f" (did you mean {near[0]!r}?)" if near else ""


def _one_error(
    path: Path | str, text: str, err: Any, tags: tuple[str, ...], fields: list[tuple[str, ...]]
) -> str:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in tags))
    msg = err["msg"].removeprefix("Value error, ")
    if not loc and msg.startswith("message"):
        loc = ("message",)  # raised by the rule-level validator
    named = re.match(r"(\w+): (.*)", msg)
    if named and loc and err["type"] == "value_error":  # "bands: ..." from a validator
        loc, msg = (*loc, named.group(1)), named.group(2)
    if err["type"] == "extra_forbidden":
        msg = f"unknown field {loc[-1]!r}" + _misplaced_or_near(loc, fields)
    elif err["type"] == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag")
        msg = f"unknown check kind {tag!r}; use one of: {', '.join(tags)}"
        loc = (*loc, "kind")
    elif err["type"] == "missing":
        msg = "required field is missing"
    field = ".".join(str(p) for p in loc) or "(file)"
    line = line_of(text, loc) if err["type"] != "missing" else line_of(text, loc[:-1])
    where = f"{path}:{line}" if line else str(path)
    return f"{where}: {field}: {msg}"


def format_validation_error(
    path: Path | str,
    text: str,
    exc: ValidationError,
    tags: tuple[str, ...] = (),
    model: type[BaseModel] | None = None,
) -> str:
    """Clear messages, one line each: file:line: field: what is wrong (every error of the
    file, not the first and a count). ``tags`` are the names of a discriminated union
    (check kinds), left out of the field path; ``model`` gives the field names that an
    unknown field is compared with for a "did you mean"."""
    fields = _field_paths(model) if model is not None else []
    return "\n".join(_one_error(path, text, err, tags, fields) for err in exc.errors())


def _misplaced_or_near(loc: tuple[Any, ...], fields: list[tuple[str, ...]]) -> str:
    """Where a known field written in the wrong table belongs (``[scoring] weights`` ->
    top level), else the nearest field name."""
    word, parent = str(loc[-1]), tuple(str(p) for p in loc[:-1])
    homes = [f[:-1] for f in fields if f[-1] == word and f[:-1] != parent]
    if homes:
        home = homes[0]
        here = f", not in [{'.'.join(parent)}]" if parent else ""
        return (
            f": it belongs in [{'.'.join(home)}]{here}"
            if home
            else f": it belongs at the top level{here}"
        )
    return did_you_mean(word, [f[-1] for f in fields])


def _field_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The dotted path of every field of ``model`` and of the models it nests."""
    out: list[tuple[str, ...]] = []
    for name, info in model.model_fields.items():
        out.append((*prefix, name))
        nested = info.annotation
        if isinstance(nested, type) and issubclass(nested, BaseModel):
            out.extend(_field_paths(nested, (*prefix, name)))
    return out


def read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise TomlError(
            f"{path}:{line}: not UTF-8 (byte 0x{exc.object[exc.start]:02x}): TOML files are "
            "UTF-8; save it as UTF-8"
        ) from None
    except OSError as exc:
        raise TomlError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        where = f"{path}:{m.group(1)}" if m else str(path)
        raise TomlError(f"{where}: TOML syntax error: {exc}") from None
