"""Helpers shared by the table builders: token -> Cell, label/value split of a row."""

from __future__ import annotations

from functools import lru_cache

from ..model import Cell, ParseIssue
from .numbers import looks_like_text_value, parse_number, squash
from .rows import Row, Tok

# Cells are the most numerous model of a report: calling the (Rust) validator with a dict
# gives the same validated model as ``Cell(...)`` without the Python-level __init__.
_new_cell = Cell.__pydantic_validator__.validate_python


def make_cell(tok: Tok, inferred_by: str | None = None) -> Cell:
    value, kind = parse_number(tok.text)
    return _new_cell(
        {
            "raw": tok.text.strip(),
            "value": value,
            "kind": kind,
            "line": tok.line,
            "page": tok.page,
            "inferred_by": inferred_by,
            # of the value itself: a token of a "| 290 |" row starts at its blank
            "offset": tok.offset + len(tok.text) - len(tok.text.lstrip())
            if tok.offset is not None
            else None,
            "confidence": tok.confidence,
            "box": tok.box,
        }
    )


def number_cell(
    value: float,
    raw: str,
    line: int | None,
    page: int | None,
    by: str | None,
    offset: int | None = None,
) -> Cell:
    return _new_cell(
        {
            "raw": raw,
            "value": value,
            "kind": "number",
            "line": line,
            "page": page,
            "inferred_by": by,
            "offset": offset,
        }
    )


def row_issue(
    code: str,
    table: str,
    row: Row,
    message: str,
    key: str | None = None,
    offset: int | None = None,
) -> ParseIssue:
    """A parse issue located at a table row (``key``: its canonical key, when known;
    ``offset``: where in the source line, when known)."""
    if offset is None and row.cells:
        offset = row.cells[0].offset
    return ParseIssue(
        code=code,
        table=table,
        line=row.line,
        page=row.page,
        row=key,
        message=message,
        offset=offset,
    )


def is_label(tok: Tok) -> bool:
    """A cell holding words that are not a value marker (略, 详见附表 count as values)."""
    return _is_label_text(tok.text)


@lru_cache(maxsize=8192)
def _is_label_text(raw: str) -> bool:
    text = squash(raw)
    if not text:
        return False
    _, kind = parse_number(text)
    return kind == "text" and not looks_like_text_value(text)


def split_row(row: Row) -> tuple[list[Tok], list[Tok]]:
    """(label cells, value cells): labels are the cells up to the last label cell."""
    last = -1
    for i, c in enumerate(row.cells):
        if is_label(c):
            last = i
    return row.cells[: last + 1], row.cells[last + 1 :]


def has_values(values: list[Tok]) -> bool:
    return any(squash(v.text) for v in values)


def fit(values: list[Tok], n: int) -> list[Tok] | None:
    """Trim empty cells at both ends (label placeholders, trailing pipes) down to ``n``."""
    vals = list(values)
    while len(vals) > n and not squash(vals[0].text):
        vals.pop(0)
    while len(vals) > n and not squash(vals[-1].text):
        vals.pop()
    return vals if len(vals) == n else None
