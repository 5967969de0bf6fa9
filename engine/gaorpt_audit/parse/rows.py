"""Document -> rows of cell tokens, whatever the layout.

One table stage serves every input: TableBlock grids (HTML/DOCX/PDF front ends) and the
layouts of plain-text exports are all turned into ``Row``s here, and the table builders
(table2/3/4) only ever see rows. Text layouts handled (the seeds and real reports):

- ``pipe``: ``a | b | c |`` and Markdown ``| a | b |`` rows (separator rows dropped);
- ``tab``: tab-separated cells on one line;
- ``cells``: one cell per line, each line indented by a tab, rows separated by blank
  lines; a line without the tab right after a cell continues that cell (wrapped header);
- ``plain``: any other line, kept whole, or split into ``label`` + numbers when it reads
  like "行政许可 97" (PDF text);
- ``grid``: a TableBlock row; cells covered by a rowspan/colspan are dropped so that a
  spanned value is not counted twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..model import Box, Document, Paragraph, TableBlock

RowKind = Literal["grid", "pipe", "tab", "cells", "plain"]


@dataclass(slots=True)
class Tok:
    text: str
    line: int | None
    page: int | None = None
    offset: int | None = None  # where the cell starts within its source line
    confidence: float | None = None  # OCR confidence of the cell (TableBlock.confidence)
    box: Box | None = None  # where the cell is on its page (TableBlock.boxes)


@dataclass(slots=True)
class Row:
    cells: list[Tok]
    kind: RowKind
    line: int | None
    page: int | None = None
    text: str = field(default="")  # joined text, for anchors
    base: int = 0  # where ``text`` starts within its source line (plain rows are stripped)

    def __post_init__(self) -> None:
        if not self.text:
            self.text = "".join(c.text for c in self.cells)


_MD_SEPARATOR = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")
_PLAIN_LABEL_NUMBERS = re.compile(
    r"^(?P<label>\D*?[^\d\s+\-.,])\s+(?P<nums>[+\-]?\d[\d.,]*(?:\s+[+\-]?\d[\d.,]*)*)$"
)
_WORD = re.compile(r"\S+")
_ONLY_NUMBERS = re.compile(r"^[+\-]?\d[\d.,]*(?:\s+[+\-]?\d[\d.,]*)*$")


def document_rows(doc: Document) -> list[Row]:
    rows: list[Row] = []
    block: list[Tok] = []  # the open one-cell-per-line row

    def close_block() -> None:
        if block:
            rows.append(Row(list(block), "cells", block[0].line, block[0].page))
            block.clear()

    last_was_cell = False
    prev_line: int | None = None
    for b in doc.blocks:
        if isinstance(b, TableBlock):
            close_block()
            last_was_cell = False
            prev_line = None
            rows.extend(grid_rows(b))
            continue
        p: Paragraph = b
        text = p.text
        # ingest drops empty lines: a gap in the line numbers is the blank line that
        # separates two rows of a one-cell-per-line table
        if prev_line is not None and p.line > prev_line + 1:
            close_block()
            last_was_cell = False
        prev_line = p.line
        if not text.strip():
            if text.count("\t") >= 2:  # a tab-separated row whose cells are all empty
                close_block()
                last_was_cell = False
                cells = _split_toks(text, "\t", p)
                rows.append(Row(cells, "tab", p.line, p.page))
                continue
            if text.startswith("\t"):
                block.append(Tok("", p.line, p.page, len(text)))  # an empty cell
                last_was_cell = True
                continue
            close_block()
            last_was_cell = False
            continue
        if text.count("|") >= 2:
            close_block()
            last_was_cell = False
            if not _MD_SEPARATOR.match(text):
                rows.append(_pipe_row(p))
            continue
        body = text.lstrip("\t")
        # a label followed only by empty tab cells ("一、本年新收…\t\t\t\t\t\t\t" in a blank
        # template) is a tab row too: read as a plain line it would lose its empty cells
        if "\t" in body.rstrip("\t") or body.endswith("\t\t"):
            close_block()
            last_was_cell = False
            rows.append(Row(_split_toks(text, "\t", p), "tab", p.line, p.page))
            continue
        if text.startswith("\t"):
            block.append(Tok(body, p.line, p.page, len(text) - len(body)))
            last_was_cell = True
            continue
        if last_was_cell and block:
            last = block[-1]
            block[-1] = Tok(last.text + text.strip(), last.line, last.page, last.offset)
            continue
        close_block()
        last_was_cell = False
        rows.append(_plain_row(p))
    close_block()
    return rows


def grid_rows(t: TableBlock) -> list[Row]:
    out: list[Row] = []
    for i, grid_row in enumerate(t.rows):
        line = t.lines[i] if i < len(t.lines) else None
        page = t.pages[i] if i < len(t.pages) else None
        spans = t.spans[i] if i < len(t.spans) else []
        conf = t.confidence[i] if i < len(t.confidence) else []
        boxes = t.boxes[i] if i < len(t.boxes) else []
        cells = []
        at = 0  # offsets in the line as evidence prints it: shown cells joined by tabs
        for j, text in enumerate(grid_row):
            if not (j < len(spans) and spans[j]):
                c = conf[j] if j < len(conf) else None
                cells.append(Tok(text, line, page, at, c, boxes[j] if j < len(boxes) else None))
                at += len(text) + 1
        out.append(Row(cells, "grid", line, page))
    return out


def _split_toks(text: str, sep: str, p: Paragraph, base: int = 0) -> list[Tok]:
    """``text.split(sep)`` as tokens that know where they start in the line."""
    out = []
    at = base
    for part in text.split(sep):
        out.append(Tok(part, p.line, p.page, at))
        at += len(part) + len(sep)
    return out


def _pipe_row(p: Paragraph) -> Row:
    text = p.text.strip()
    cells = _split_toks(text, "|", p, len(p.text) - len(p.text.lstrip()))
    if text.startswith("|"):
        cells = cells[1:]
    if text.endswith("|"):
        cells = cells[:-1]
    return Row(cells, "pipe", p.line, p.page)


def _plain_row(p: Paragraph) -> Row:
    text = p.text.strip()
    line, page = p.line, p.page
    base = len(p.text) - len(p.text.lstrip())
    # both patterns end in a digit, "." or ",": narrative lines rarely do, skip the regexes
    last = text[-1:]
    if last.isdecimal() or last in (".", ","):
        m = _PLAIN_LABEL_NUMBERS.match(text)
        if m and len(m["label"]) <= 30:
            cells = [Tok(m["label"], line, page, base)]
            cells += [
                Tok(n[0], line, page, base + n.start())
                for n in _WORD.finditer(text, m.start("nums"))
            ]
            return Row(cells, "plain", line, page, text=text, base=base)
        if _ONLY_NUMBERS.match(text):
            cells = [Tok(n[0], line, page, base + n.start()) for n in _WORD.finditer(text)]
            return Row(cells, "plain", line, page, base=base)
    return Row([Tok(text, line, page, base)], "plain", line, page, text=text, base=base)
