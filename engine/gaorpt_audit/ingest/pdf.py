"""PDF -> Document: text lines with page numbers and ruled tables (pdfplumber).

Problems handled here, all seen in real reports:
- WPS exports draw a white filled rectangle behind every text line; pdfplumber's table
  finder takes their edges for ruling lines and turns prose into one-column "tables".
  Invisible rectangles (white fill, no stroke) are dropped before finding tables.
- Merged cells come back as None; they are resolved into spans from the cell boxes.
- Tables continue across pages with or without a repeated header; the parts are merged
  when the continuation is the first thing on its page and its columns line up.
- Extracted text has spaces around CJK ("2025 年") and page-number lines ("- 4 -").
- Scanned pages (no text layer) and encrypted files end as issues, never as crashes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from ..model import Block, Document, Paragraph, ParseIssue, TableBlock
from .grid import LineCounter, clean, despace_cjk, join_parts

SCANNED_MESSAGE = (
    "scanned PDF without a text layer; OCR is not supported — supply the text or a DOCX"
)
_PAGE_NUMBER = re.compile(r"^\s*[-–—－~]\s*\d{1,4}\s*[-–—－~]\s*$")
_MARGIN_PAGE_NUMBER = re.compile(
    r"^\s*(?:\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
# A label that starts like this is a new row label, not the wrapped end of the one above.
_LABEL_START = re.compile(r"^(?:[(（]|[一二三四五六七八九十]+[、.]|\d+[.、．])")
_NUMERIC = re.compile(r"^[\d.,%+\-\s]+$")
_MARGIN = 0.08  # top/bottom share of the page where a bare number is a page number
_TOL = 1.5  # points: cell boundaries closer than this are the same ruling line


@dataclass
class _Cell:
    r0: int
    r1: int  # exclusive
    c0: int
    c1: int  # exclusive
    text: str


@dataclass
class _Table:
    """One table as cells over its own row/column boundaries, before span resolution."""

    page: int
    top: float
    bottom: float
    xs: list[float]  # column start x positions, then the right edge
    nrows: int
    cells: list[_Cell]
    row_pages: list[int] = field(default_factory=list)
    ends_page: bool = False  # nothing but page furniture below it on its page


@dataclass
class _Line:
    page: int
    top: float
    text: str


def load_pdf(data: bytes, path: str) -> Document:
    doc = Document(path=path, source_format="pdf")
    import pdfplumber  # heavy: imported only when a PDF is read
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - untrusted bytes: any parser failure is an issue
        if _is_password_error(exc, (PDFPasswordIncorrect, PDFEncryptionError)):
            doc.issues.append(
                ParseIssue(
                    code="encrypted_pdf",
                    message="encrypted PDF that needs a password; supply an unprotected copy",
                )
            )
        else:
            doc.issues.append(
                ParseIssue(code="corrupt_pdf", message=f"damaged PDF, cannot be opened: {exc}")
            )
        return doc
    items: list[_Line | _Table] = []
    scanned: list[int] = []
    try:
        with pdf:
            for number, page in enumerate(pdf.pages, 1):
                try:
                    page_items, has_text = _read_page(page, number)
                except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
                    doc.issues.append(
                        ParseIssue(
                            code="corrupt_pdf", message=f"page {number} cannot be read: {exc}",
                            page=number,
                        )
                    )  # fmt: skip
                    continue
                if not has_text:
                    scanned.append(number)
                items.extend(page_items)
            npages = len(pdf.pages)
    except Exception as exc:  # noqa: BLE001 - a damaged page tree or xref, found late
        doc.issues.append(ParseIssue(code="corrupt_pdf", message=f"damaged PDF: {exc}"))
        return doc
    if npages and len(scanned) == npages:
        doc.issues.append(ParseIssue(code="scanned_pdf", message=SCANNED_MESSAGE))
        return doc
    if scanned:
        pages = ", ".join(map(str, scanned))
        doc.issues.append(
            ParseIssue(
                code="scanned_pages",
                message=f"pages {pages} have no text layer (scanned); their content is missing",
                page=scanned[0],
            )
        )
    doc.blocks = _to_blocks(_merge_tables(items))
    return doc


def _is_password_error(exc: BaseException, kinds: tuple[type, ...]) -> bool:
    seen: BaseException | None = exc
    while seen is not None:  # pdfplumber wraps pdfminer errors
        if isinstance(seen, kinds) or "password" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


# --------------------------------------------------------------------------- one page


def _white(color: Any) -> bool:
    if color is None:
        return True
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(values) == 1:
        return values[0] >= 0.95
    if len(values) == 3:
        return min(values) >= 0.95
    if len(values) == 4:  # CMYK
        return max(values) <= 0.05
    return False


def _visible(obj: dict[str, Any]) -> bool:
    if obj.get("object_type") not in ("rect", "line", "curve"):
        return True
    stroked = obj.get("stroke") and not _white(obj.get("stroking_color"))
    filled = obj.get("fill") and not _white(obj.get("non_stroking_color"))
    return bool(stroked or filled)


def _read_page(page: Any, number: int) -> tuple[list[_Line | _Table], bool]:
    chars = page.chars
    real = [c for c in chars if not c.get("text", "").startswith("(cid:")]
    if not any(c.get("text", "").strip() for c in real):
        return [], False
    visible = page.filter(_visible)
    settings = {"explicit_horizontal_lines": _closing_lines(visible.edges)}
    found = visible.find_tables(table_settings=settings)
    tables = [t for t in (_table(t, number) for t in found) if t is not None]
    boxes = [(t.top, t.bottom, t.xs[0], t.xs[-1]) for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        mx, my = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(t <= my <= b and x0 <= mx <= x1 for t, b, x0, x1 in boxes)

    lines: list[_Line] = []
    for ln in page.filter(outside).extract_text_lines(strip=True, return_chars=False):
        text = clean(despace_cjk(ln["text"]))
        if not text or _is_page_furniture(text, ln["top"], ln["bottom"], page.height):
            continue
        lines.append(_Line(number, ln["top"], text))
    items: list[_Line | _Table] = [*lines, *tables]
    items.sort(key=lambda it: it.top)
    if items and isinstance(items[-1], _Table):
        items[-1].ends_page = True
    return items, True


def _closing_lines(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal rules that close a table left open at a page break.

    A table continued on the next page often has no bottom rule (or no top rule on the
    continuation); pdfplumber then drops its last row and any cell spanning down to it,
    such as the vertical label 三、本年度办理结果.
    """
    vertical = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 10]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    if len(vertical) < 2:
        return []
    out = []
    for y, key in (
        (max(e["bottom"] for e in vertical), "bottom"),
        (min(e["top"] for e in vertical), "top"),
    ):
        ends = [e for e in vertical if abs(e[key] - y) <= _TOL]
        if len(ends) < 2:
            continue
        x0, x1 = min(e["x0"] for e in ends), max(e["x1"] for e in ends)
        if any(
            abs(h["top"] - y) <= _TOL and h["x0"] <= x0 + _TOL and h["x1"] >= x1 - _TOL
            for h in horizontal
        ):
            continue
        out.append(
            {
                "object_type": "line",
                "x0": x0,
                "x1": x1,
                "top": y,
                "bottom": y,
                "width": x1 - x0,
                "height": 0,
            }
        )
    return out


def _is_page_furniture(text: str, top: float, bottom: float, height: float) -> bool:
    if _PAGE_NUMBER.match(text):
        return True
    in_margin = bottom > height * (1 - _MARGIN) or top < height * _MARGIN
    return in_margin and bool(_MARGIN_PAGE_NUMBER.match(text))


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOL:
            out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    """Index of the boundary nearest ``v``."""
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - v))


def _table(found: Any, page: int) -> _Table | None:
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
        cells.append(_Cell(r0, r1, c0, c1, _cell_text(texts.get(box, ""))))
    if not cells:
        return None
    nrows = len(ys) - 1
    return _Table(page, ys[0], ys[-1], xs, nrows, cells, [page] * nrows)


def _cell_text(raw: str) -> str:
    return clean(despace_cjk(join_parts(raw.split("\n"))))


# --------------------------------------------------------------------------- across pages


def _merge_tables(items: list[_Line | _Table]) -> list[_Line | _Table]:
    out: list[_Line | _Table] = []
    for it in items:
        prev = out[-1] if out else None
        if (
            isinstance(it, _Table)
            and isinstance(prev, _Table)
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
    if abs(base[0] - xs[0]) > 4 * _TOL or abs(base[-1] - xs[-1]) > 4 * _TOL:
        return None
    mapping = []
    for x in xs:
        i = _index(base, x)
        if abs(base[i] - x) > 4 * _TOL:
            return None
        mapping.append(i)
    return mapping


def _append(prev: _Table, cont: _Table, mapping: list[int]) -> None:
    cells = [
        _Cell(c.r0, c.r1, mapping[c.c0], mapping[c.c1], c.text)
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
        prev.cells.append(_Cell(r0, r1, c.c0, c.c1, c.text))
    rows = cont.nrows - skip
    prev.nrows += rows
    prev.row_pages.extend([cont.page] * rows)
    prev.bottom = cont.bottom


def _group_label_above(prev: _Table, cell: _Cell, last: int) -> _Cell | None:
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


def _repeated_header(prev: _Table, cells: list[_Cell], nrows: int) -> int:
    """How many leading rows of the continuation repeat the first rows of ``prev``."""
    head = _grid(prev.cells, prev.nrows, len(prev.xs) - 1)[0]
    cont = _grid(cells, nrows, len(prev.xs) - 1)[0]
    k = 0
    while k < min(len(head), len(cont)) - 1 and cont[k] == head[k] and any(cont[k]):
        k += 1
    return k


# --------------------------------------------------------------------------- blocks


def _grid(cells: list[_Cell], nrows: int, ncols: int) -> tuple[list[list[str]], list[list[bool]]]:
    rows = [[""] * ncols for _ in range(nrows)]
    spans = [[False] * ncols for _ in range(nrows)]
    for c in sorted(cells, key=lambda c: (c.r0, c.c0)):
        for r in range(c.r0, min(c.r1, nrows)):
            for k in range(c.c0, min(c.c1, ncols)):
                rows[r][k] = c.text
                spans[r][k] = (r, k) != (c.r0, c.c0)
    return rows, spans


def _to_blocks(items: list[_Line | _Table]) -> list[Block]:
    counter = LineCounter()
    blocks: list[Block] = []
    index = 0
    for it in items:
        if isinstance(it, _Line):
            blocks.append(Paragraph(text=it.text, line=counter.next(), page=it.page))
            continue
        rows, spans = _grid(it.cells, it.nrows, len(it.xs) - 1)
        keep = [i for i, row in enumerate(rows) if any(row)]
        if not keep:
            continue
        blocks.append(
            TableBlock(
                rows=[rows[i] for i in keep],
                spans=[spans[i] for i in keep],
                lines=[counter.next() for _ in keep],
                pages=[it.row_pages[i] for i in keep],
                index=index,
            )
        )
        index += 1
    return blocks
