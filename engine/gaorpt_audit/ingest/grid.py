"""Helpers shared by the HTML, DOCX and PDF front ends: joining text pieces and span grids.

Chinese has no spaces between words, so pieces split by a markup line break ("本年新<br/>制作
数量") or a PDF line wrap are joined without a space unless both sides are Latin words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .normalize import normalize_text

# CJK ideographs, CJK punctuation and full-width forms: a space next to one of these is
# never meaningful inside a Chinese sentence or a cell.
_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_RE = re.compile(f"[{_CJK}]")
_WS_RE = re.compile(r"\s+")
# Spaces between two CJK characters, or between CJK and a digit / ASCII punctuation.
_CJK_SPACE_CJK = re.compile(f"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
_CJK_SPACE_OTHER = re.compile(f"(?<=[{_CJK}])[ \t]+(?=[0-9%.,;:!?()\\[\\]/+-])")
_OTHER_SPACE_CJK = re.compile(f"(?<=[0-9%.,;:!?()\\[\\]/+-])[ \t]+(?=[{_CJK}])")


def is_cjk(ch: str) -> bool:
    return bool(_CJK_RE.match(ch))


def join_parts(parts: list[str]) -> str:
    """Join text pieces (lines of one cell or paragraph) the way a reader would."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if (
            out
            and out[-1].isascii()
            and out[-1].isalnum()
            and part[0].isascii()
            and part[0].isalnum()
        ):
            out += " "
        out += part
    return out


def collapse_ws(text: str) -> str:
    """HTML-style whitespace collapse; a line break between CJK characters disappears."""

    def repl(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        before = text[s - 1] if s else ""
        after = text[e] if e < len(text) else ""
        if "\n" in m.group() and (is_cjk(before) or is_cjk(after)):
            return ""
        return " "

    return _WS_RE.sub(repl, text)


def despace_cjk(text: str) -> str:
    """Drop spaces a PDF extractor put around CJK text: "2025 年" -> "2025年"."""
    text = _CJK_SPACE_CJK.sub("", text)
    text = _CJK_SPACE_OTHER.sub("", text)
    return _OTHER_SPACE_CJK.sub("", text)


def clean(text: str) -> str:
    """normalize_text + trim, for one paragraph line or one cell."""
    if len(text) <= _SHORT:
        return _clean_short(text)
    return normalize_text(text).strip()


def clean_ws(text: str) -> str:
    """``clean(collapse_ws(text))``: one piece of markup text as a reader sees it."""
    if len(text) <= _SHORT:
        return _clean_ws_short(text)
    return clean(collapse_ws(text))


_SHORT = 40  # cell texts ("0", "行政许可") repeat within and across tables: normalise each once


@lru_cache(maxsize=8192)
def _clean_short(text: str) -> str:
    return normalize_text(text).strip()


@lru_cache(maxsize=8192)
def _clean_ws_short(text: str) -> str:
    return clean(collapse_ws(text))


@dataclass
class LineCounter:
    """Pseudo line numbers: one per paragraph and per table row, in document order.

    Sources without meaningful lines (one-line HTML, DOCX, PDF) still need unique, stable
    numbers so findings and evidence can point at a paragraph or a table row.
    """

    value: int = 0

    def next(self) -> int:
        self.value += 1
        return self.value


class GridTooLarge(Exception):
    """A table whose spans resolve to more cells than allowed (``cells`` so far)."""

    def __init__(self, cells: int) -> None:
        super().__init__(cells)
        self.cells = cells


@dataclass
class SpanGrid:
    """Places cells with row/column spans into a rectangular grid (the HTML table model)."""

    rows: list[list[str | None]] = field(default_factory=list)
    spans: list[list[bool]] = field(default_factory=list)
    max_cells: int | None = None  # past this many cells, ``_ensure`` raises GridTooLarge
    cells: int = 0

    def _ensure(self, r: int, c: int) -> None:
        if r < len(self.rows) and c < len(self.rows[r]):
            return
        while len(self.rows) <= r:
            self.rows.append([])
            self.spans.append([])
        row, span = self.rows[r], self.spans[r]
        if len(row) <= c:
            self.cells += c + 1 - len(row)
            if self.max_cells is not None and self.cells > self.max_cells:
                raise GridTooLarge(self.cells)
            row.extend([None] * (c + 1 - len(row)))
            span.extend([False] * (c + 1 - len(span)))

    def place_row(self, r: int, cells: list[tuple[str, int, int]]) -> None:
        """Place ``(text, rowspan, colspan)`` cells of source row ``r`` left to right."""
        self._ensure(r, 0)
        row = self.rows[r]
        c = 0
        for text, rowspan, colspan in cells:
            while c < len(row) and row[c] is not None:
                c += 1
            for dr in range(rowspan):
                self._ensure(r + dr, c + colspan - 1)
                target, span = self.rows[r + dr], self.spans[r + dr]
                for dc in range(colspan):
                    if target[c + dc] is None:
                        target[c + dc] = text
                        span[c + dc] = bool(dr or dc)
            c += colspan

    def result(self, nrows: int) -> tuple[list[list[str]], list[list[bool]]]:
        """Rectangular rows (missing cells "") cut to the ``nrows`` source rows."""
        rows = self.rows[:nrows]
        spans = self.spans[:nrows]
        width = max((len(r) for r in rows), default=0)
        out = [[t if t is not None else "" for t in r] + [""] * (width - len(r)) for r in rows]
        sp = [s + [False] * (width - len(s)) for s in spans]
        return out, sp
