"""Tables of a PDF page (pdfplumber's cells) -> grids: cells snapped to the ruling lines,
tables continued over a page break merged (their repeated header dropped), labels split
across rows joined."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Box
from .grid import clean, despace_cjk, join_parts

# A label that starts like this is a new row label, not the wrapped end of the one above.
_LABEL_START = re.compile(r"^(?:[(（]|[一二三四五六七八九十]+[、.]|\d+[.、．])")
_NUMERIC = re.compile(r"^[\d.,%+\-\s]+$")
TOL = 1.5  # points: cell boundaries closer than this are the same ruling line


@dataclass
class PdfLine:
    page: int
    top: float
    text: str
    box: Box | None = None  # where the line is printed (a finding's crop, render/html_crops)


@dataclass
class PdfCell:
    r0: int
    r1: int  # exclusive
    c0: int
    c1: int  # exclusive
    text: str
    conf: float | None = None  # OCR confidence 0..1 of its least certain word (ingest/ocr.py)
    box: Box | None = None  # on the page of its first row (PdfTable.row_pages[r0])


@dataclass
class PdfTable:
    """One table as cells over its own row/column boundaries, before span resolution."""

    page: int
    top: float
    bottom: float
    xs: list[float]  # column start x positions, then the right edge
    nrows: int
    cells: list[PdfCell]
    row_pages: list[int] = field(default_factory=list)
    ends_page: bool = False  # nothing but page furniture below it on its page
    row_boxes: list[Box] = field(default_factory=list)  # each row across the table


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOL:
            out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    """Index of the boundary nearest ``v``."""
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - v))


def read_table(found: Any, page: int) -> PdfTable | None:
    boxes = found.cells
    if not boxes:
        return None
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    if len(xs) < 3 or len(ys) < 2:  # one column: a framed paragraph, not a table
        return None
    texts: dict[tuple[float, ...], str] = {}
    extracted = found.extract()
    for row, values in zip(found.rows, extracted, strict=False):
        for box, value in zip(row.cells, values, strict=False):
            if box is not None:
                texts[box] = value or ""
    cells = []
    for box in boxes:
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        if c1 <= c0 or r1 <= r0:
            continue
        text = _cell_text(texts.get(box, ""))
        cells.append(PdfCell(r0, r1, c0, c1, text, box=(box[0], box[1], box[2], box[3])))
    if not cells:
        return None
    nrows = len(ys) - 1
    rows = [(xs[0], ys[i], xs[-1], ys[i + 1]) for i in range(nrows)]
    return PdfTable(page, ys[0], ys[-1], xs, nrows, cells, [page] * nrows, row_boxes=rows)


def _cell_text(raw: str) -> str:
    return clean(despace_cjk(join_parts(raw.split("\n"))))


# --------------------------------------------------------------------------- across pages


def merge_tables(items: list[PdfLine | PdfTable]) -> list[PdfLine | PdfTable]:
    out: list[PdfLine | PdfTable] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            isinstance(it, PdfTable)
            and isinstance(prev, PdfTable)
            and prev.ends_page
            and it.page == prev.row_pages[-1] + 1
        ):
            mapping = _column_map(prev.xs, it.xs)
            if mapping is not None:
                _append(prev, it, mapping)
                prev.ends_page = it.ends_page
                continue
        out.append(it)
    return out


def _column_map(base: list[float], xs: list[float]) -> list[int] | None:
    """Map each boundary of ``xs`` to a boundary of ``base``; None when they do not line up."""
    if abs(base[0] - xs[0]) > 4 * TOL or abs(base[-1] - xs[-1]) > 4 * TOL:
        return None
    mapping = []
    for x in xs:
        i = _index(base, x)
        if abs(base[i] - x) > 4 * TOL:
            return None
        mapping.append(i)
    return mapping


def _append(prev: PdfTable, cont: PdfTable, mapping: list[int]) -> None:
    cells = [
        PdfCell(c.r0, c.r1, mapping[c.c0], mapping[c.c1], c.text, c.conf, c.box)
        for c in cont.cells
        if mapping[c.c1] > mapping[c.c0]
    ]
    skip = _repeated_header(prev, cells, cont.nrows)
    offset = prev.nrows
    last = prev.nrows - 1
    for c in cells:
        if c.r1 <= skip:
            continue
        r0, r1 = max(c.r0, skip) - skip + offset, c.r1 - skip + offset
        above = _group_label_above(prev, c, last) if c.r0 == skip else None
        if above is not None and (not c.text or _continues_label(c.text)):
            above.text += c.text  # the row-group label (or its wrapped text) goes on here
            above.r1 = r1
            continue
        prev.cells.append(PdfCell(r0, r1, c.c0, c.c1, c.text, c.conf, c.box))
    rows = cont.nrows - skip
    prev.nrows += rows
    prev.row_pages.extend([cont.page] * rows)
    prev.row_boxes.extend(cont.row_boxes[skip:])
    prev.bottom = cont.bottom


def _group_label_above(prev: PdfTable, cell: PdfCell, last: int) -> PdfCell | None:
    """The label cell of the previous part that spans its last row in the same columns."""
    for c in prev.cells:
        if c.r1 - 1 == last and (c.c0, c.c1) == (cell.c0, cell.c1):
            label = c.text and not _NUMERIC.match(c.text)
            if (
                label
                and not _NUMERIC.match(cell.text or "x")
                and (c.r1 - c.r0 > 1 or cell.r1 - cell.r0 > 1)
            ):
                return c
            return None
    return None


def _continues_label(text: str) -> bool:
    return not _LABEL_START.match(text) and not _NUMERIC.match(text)


def _repeated_header(prev: PdfTable, cells: list[PdfCell], nrows: int) -> int:
    """How many leading rows of the continuation repeat the first rows of ``prev``."""
    head = grid(prev.cells, prev.nrows, len(prev.xs) - 1)[0]
    cont = grid(cells, nrows, len(prev.xs) - 1)[0]
    k = 0
    while k < min(len(head), len(cont)) - 1 and cont[k] == head[k] and any(cont[k]):
        k += 1
    return k


# --------------------------------------------------------------------------- blocks


def confidences(cells: list[PdfCell], nrows: int, ncols: int) -> list[list[float | None]]:
    """The OCR confidence of every grid position (None: not OCR'd, or empty)."""
    out: list[list[float | None]] = [[None] * ncols for _ in range(nrows)]
    for c in sorted(cells, key=lambda c: (c.r0, c.c0)):
        for r in range(c.r0, min(c.r1, nrows)):
            for k in range(c.c0, min(c.c1, ncols)):
                out[r][k] = c.conf
    return out


def rounded(box: Box | None) -> Box | None:
    """A box to 0.1 point: finer is noise of the layout, and the JSON stays short."""
    if box is None:
        return None
    x0, top, x1, bottom = (round(v, 1) for v in box)
    return (x0, top, x1, bottom)


def cell_boxes(table: PdfTable, ncols: int) -> list[list[Box | None]]:
    """The box of the cell at every grid position (a merged cell's whole box), None where
    a cell continued from the page before covers it: its box is on that other page."""
    out: list[list[Box | None]] = [[None] * ncols for _ in range(table.nrows)]
    pages = table.row_pages
    for c in sorted(table.cells, key=lambda c: (c.r0, c.c0)):  # as grid() places them
        box = rounded(c.box)
        for r in range(c.r0, min(c.r1, table.nrows)):
            if pages[r] != pages[c.r0]:
                continue
            for k in range(c.c0, min(c.c1, ncols)):
                out[r][k] = box
    return out


def grid(cells: list[PdfCell], nrows: int, ncols: int) -> tuple[list[list[str]], list[list[bool]]]:
    rows = [[""] * ncols for _ in range(nrows)]
    spans = [[False] * ncols for _ in range(nrows)]
    for c in sorted(cells, key=lambda c: (c.r0, c.c0)):
        for r in range(c.r0, min(c.r1, nrows)):
            for k in range(c.c0, min(c.c1, ncols)):
                rows[r][k] = c.text
                spans[r][k] = (r, k) != (c.r0, c.c0)
    return rows, spans
