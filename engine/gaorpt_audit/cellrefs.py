"""Cell references against one report's tables: which cells a reference (with ``*`` globs)
names, and why a named cell cannot be used as a number. Shared by the facts and by the
inputs check kinds need (checks/inputs.py)."""

from __future__ import annotations

import fnmatch
import math
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from .keys import TABLE_NAMES, TABLE_ROWS
from .model import Table


def number(value: Any) -> int | float | None:
    """A cell or claim value as the facts carry it: int where whole, None if unusable."""
    if type(value) is int:
        return value  # the common case, first
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            return int(value)  # 10 and 10.0 are different facts to the engine
    return value


# Row keys in the table's canonical order (glob expansions are sorted by it).
_ROW_ORDER = {t: {r: i for i, r in enumerate(rows)} for t, rows in TABLE_ROWS.items()}


@lru_cache(maxsize=1024)
def _glob(pattern: str) -> Callable[[str], Any]:
    return re.compile(fnmatch.translate(pattern)).match


def _filter(names: Any, pattern: str) -> list[str]:
    """``fnmatch.filter`` without its per-call pattern lookup (posix: no case folding)."""
    if os.path is not posixpath:
        return fnmatch.filter(list(names), pattern)
    match = _glob(pattern)
    return [n for n in names if match(n)]


def expand(tcode: str, row: str, col: str, tables: dict[str, Table]) -> list[tuple[str, str]]:
    """(row, col) pairs of a reference in this report; a glob expands to the rows present."""
    table = tables.get(TABLE_NAMES[tcode])
    if "*" in row:
        rows: Any = _matching_rows(tcode, tuple(table.rows) if table else (), row)
    else:
        rows = (row,)
    if "*" not in col:
        return [(r, col) for r in rows]
    out = []
    for r in rows:
        cols = _matching(tuple(table.rows.get(r, {})) if table else (), col)
        out.extend((r, c) for c in cols)
    return out


def iter_expand(
    tcode: str, row: str, col: str, tables: dict[str, Table]
) -> Iterator[tuple[str, str]]:
    """``expand`` lazily, in the same order: for "is any of these cells usable"."""
    table = tables.get(TABLE_NAMES[tcode])
    if "*" in row:
        rows: Any = _matching_rows(tcode, tuple(table.rows) if table else (), row)
    else:
        rows = (row,)
    for r in rows:
        if "*" not in col:
            yield r, col
            continue
        for c in _matching(tuple(table.rows.get(r, {})) if table else (), col):
            yield r, c


@lru_cache(maxsize=4096)
def _matching(names: tuple[str, ...], pattern: str) -> tuple[str, ...]:
    # Reports share a few row/column sets, so a glob over one set is matched once.
    return tuple(_filter(names, pattern))


@lru_cache(maxsize=4096)
def _matching_rows(tcode: str, present: tuple[str, ...], pattern: str) -> tuple[str, ...]:
    order = _ROW_ORDER[tcode]
    return tuple(sorted(_filter(present, pattern), key=lambda r: order.get(r, 99)))


_KIND_WORDS = {"blank": "blank", "na": "marked not applicable", "text": "not a number"}


def cell_problem(
    tables: dict[str, Table], tcode: str, row: str, col: str, identity: str | None
) -> str | None:
    """Why a referenced cell cannot be used (None when it holds a usable number); a cell
    the rule's own identity inferred cannot be used to check that identity."""
    name = TABLE_NAMES[tcode]
    table = tables.get(name)
    if table is None:
        return f"table {name} not found"
    cols = table.rows.get(row)
    cell = cols.get(col) if cols else None
    if cell is None:
        return f"{tcode}.{row}[{col}] not found in table {name}"  # str(Ref)
    if cell.kind != "number" or number(cell.value) is None:
        raw = f" ({cell.raw!r})" if cell.raw else ""
        kind = _KIND_WORDS.get(cell.kind, "not a number")
        return f"{tcode}.{row}[{col}] is {kind}{raw}"
    if identity and cell.inferred_by == identity:
        return f"{tcode}.{row}[{col}] was inferred from the identity {identity} itself"
    return None
