"""PDF -> Document: text lines with page numbers and ruled tables (pdfplumber; the pages'
characters and graphics from pdfium, pdfium_page.py, or pdfminer's layout).

Problems handled here, all seen in real reports:
- WPS exports draw a white filled rectangle behind every text line; pdfplumber's table
  finder takes their edges for ruling lines and turns prose into one-column "tables".
  Invisible rectangles (white fill, no stroke) are dropped before finding tables.
- Merged cells come back as None; they are resolved into spans from the cell boxes.
- Tables continue across pages with or without a repeated header; the parts are merged
  when the continuation is the first thing on its page and its columns line up.
- Extracted text has spaces around CJK ("2025 年") and page-number lines ("- 4 -").
- Scanned pages (no text layer) and encrypted files end as issues, never as crashes.
- A hostile PDF (an object that refers to itself, 60,000 rectangles on a page) must cost
  only its own limits: the reading runs in a forked child that is killed at the file's
  deadline (``limits.isolated``), and pages, objects and objects per page are counted
  before the expensive steps.
"""

from __future__ import annotations

import io
import os
import re
import time
from typing import Any

from ..model import Block, Document, Paragraph, ParseIssue, TableBlock
from .grid import LineCounter, clean, despace_cjk
from .limits import LimitExceeded, current, isolated, over
from .pdf_tables import (
    TOL,
    PdfLine,
    PdfTable,
    cell_boxes,
    confidences,
    grid,
    merge_tables,
    read_table,
    rounded,
)
from .wording import detail

SCANNED_MESSAGE = "扫描件 PDF，没有文字层"
_AGAIN = "请重新下载或导出该文件"
_PAGE_NUMBER = re.compile(r"^\s*[-–—－~]\s*\d{1,4}\s*[-–—－~]\s*$")
_MARGIN_PAGE_NUMBER = re.compile(
    r"^\s*(?:\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
_MARGIN = 0.08  # top/bottom share of the page where a bare number is a page number


def load_pdf(data: bytes, path: str) -> Document:
    # Heavy: imported only when a PDF is read, and here, before the fork, so that each
    # child inherits the modules instead of importing them again.
    import pdfplumber
    import pdfplumber.table  # noqa: F401

    if source() == "pdfium":
        from . import pdfium_page  # noqa: F401 - pypdfium2, imported before the fork
    from .ocr import unavailable

    # decided here, inherited by the forked child (which need not look for programs again)
    _NO_OCR[:] = [unavailable()]
    started = time.monotonic()
    doc = isolated(_load_pdf, data, path)
    if any(i.code == "scanned_pages" for i in doc.issues):  # OCR ran in the child
        from .ocr import add_ocr_seconds

        add_ocr_seconds(time.monotonic() - started)
    return doc


_NO_OCR: list[str | None] = [None]  # why OCR cannot run for this file (None: it can)
SOURCE_ENV = "GAORPT_AUDIT_PDF_SOURCE"  # internal: "pdfminer", or "pdfium" (the default)


def source() -> str:
    """Where a page's characters and graphics come from: pdfium (pdfium_page.py, three
    times faster; pdfminer for the pages it cannot read), or pdfminer's layout through
    pdfplumber (the reference: benchmarks/compare_pdf_sources.py)."""
    return "pdfminer" if os.environ.get(SOURCE_ENV, "").strip() == "pdfminer" else "pdfium"


def _load_pdf(data: bytes, path: str) -> Document:
    doc = Document(path=path, source_format="pdf")
    no_ocr = _NO_OCR[0]
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _check_document(pdf)
    except LimitExceeded:
        raise
    except Exception as exc:  # noqa: BLE001 - untrusted bytes: any parser failure is an issue
        if _is_password_error(exc, (PDFPasswordIncorrect, PDFEncryptionError)):
            doc.issues.append(
                ParseIssue(
                    code="encrypted_pdf",
                    message="PDF 已加密，需要密码才能打开；请提供未加密的文件",
                )
            )
        else:
            doc.issues.append(
                ParseIssue(
                    code="corrupt_pdf", message=f"PDF 文件已损坏，无法打开{detail(exc)}：{_AGAIN}"
                )
            )
        return doc
    items: list[PdfLine | PdfTable] = []
    scanned: list[int] = []
    ocred: list[int] = []
    force = no_ocr is None and current().limits.ocr == "force"
    fast = None
    if source() == "pdfium":
        from .pdfium_page import open_document

        fast = open_document(data)
    try:
        with pdf:
            if fast is not None and len(fast) != len(pdf.pages):
                fast = None  # the two readers disagree on the pages: pdfminer's are read
            for number, page in enumerate(pdf.pages, 1):
                try:
                    page_items, has_text = _read_page(page, number, fast)
                except LimitExceeded:
                    raise
                except Exception as exc:  # noqa: BLE001 - one bad page must not lose the others
                    doc.issues.append(
                        ParseIssue(
                            code="corrupt_pdf",
                            message=f"第 {number} 页无法读取{detail(exc)}：该页的内容未能审核",
                            page=number,
                        )
                    )  # fmt: skip
                    continue
                if (force or not has_text) and no_ocr is None:
                    page_items, has_text = _ocr_page(page, number), True
                    ocred.append(number)
                if not has_text:
                    scanned.append(number)
                items.extend(page_items)
            npages = len(pdf.pages)
    except LimitExceeded:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged page tree or xref, found late
        message = f"PDF 文件已损坏{detail(exc)}：{_AGAIN}"
        doc.issues.append(ParseIssue(code="corrupt_pdf", message=message))
        return doc
    finally:
        if fast is not None:
            fast.close()
    if not npages:
        doc.issues.append(ParseIssue(code="no_text", message="PDF 没有任何页面"))
        return doc
    if npages and len(scanned) == npages:
        doc.issues.append(ParseIssue(code="scanned_pdf", message=f"{SCANNED_MESSAGE}：{no_ocr}"))
        return doc
    if ocred:
        pages = ", ".join(map(str, ocred))
        doc.issues.append(
            ParseIssue(
                code="scanned_pages",
                message=f"第 {pages} 页没有文字层，已用文字识别（OCR）读取：识别出的数字须经表格勾稽关系核对",
                page=ocred[0],
            )
        )
    if scanned:
        pages = ", ".join(map(str, scanned))
        doc.issues.append(
            ParseIssue(
                code="scanned_pages",
                message=f"第 {pages} 页没有文字层（扫描件），这些页的内容未能读取",
                page=scanned[0],
            )
        )
    doc.blocks = to_blocks(merge_tables(items))
    return doc


def _ocr_page(page: Any, number: int) -> list[PdfLine | PdfTable]:
    """A page without a text layer, rendered (pypdfium2, through pdfplumber) and OCR'd."""
    from .ocr import DPI, read_image

    image = page.to_image(resolution=DPI).original
    return read_image(image, number, DPI)


def _is_password_error(exc: BaseException, kinds: tuple[type, ...]) -> bool:
    seen: BaseException | None = exc
    while seen is not None:  # pdfplumber wraps pdfminer errors
        if isinstance(seen, kinds) or "password" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _check_document(pdf: Any) -> None:
    """The object and page limits, before any page is laid out."""
    from pdfminer.pdfpage import PDFPage

    limits = current().limits
    ids = {i for x in pdf.doc.xrefs for i in x.get_objids()}
    if len(ids) > limits.pdf_objects:
        raise over(f"PDF 含 {len(ids):,} 个对象，", f"{limits.pdf_objects:,} 个", "pdf_objects")
    _check_references(pdf.doc, ids)
    for pages, _ in enumerate(PDFPage.create_pages(pdf.doc), 1):
        if pages > limits.pdf_pages:
            raise over("PDF 的页数", f"{limits.pdf_pages:,} 页", "pdf_pages")


def _check_references(doc: Any, ids: set[int]) -> None:
    """An object that is only a reference to itself (``3 0 obj 3 0 R``), or a ring of such
    references, sends pdfminer's ``resolve1`` round for ever: say so instead."""
    from pdfminer.pdftypes import PDFObjRef

    for objid in ids:
        seen = [objid]
        obj = _getobj(doc, objid)
        while isinstance(obj, PDFObjRef):
            if obj.objid in seen:
                ring = " -> ".join(f"{i} 0 R" for i in [*seen, obj.objid])
                raise ValueError(f"第 {objid} 号对象引用自身（{ring}）")
            seen.append(obj.objid)
            obj = _getobj(doc, obj.objid)


def _getobj(doc: Any, objid: int) -> Any:
    try:
        return doc.getobj(objid)
    except Exception:  # noqa: BLE001 - a missing or damaged object is found again later
        return None


def _check_page(page: Any, number: int) -> None:
    """Characters and graphics of the laid-out page, before they become pdfplumber's
    dictionaries and meet the table finder (both far slower than the layout)."""
    count, stack = 0, [page.layout]
    while stack:
        for obj in stack.pop():
            count += 1
            if hasattr(obj, "_objs"):
                stack.append(obj)
        _check_count(count, number)


def _check_count(count: int, number: int) -> None:
    limit = current().limits.pdf_page_objects
    if count > limit:
        raise over(f"PDF 第 {number} 页的字符和图形数", f"每页 {limit:,} 个", "pdf_page_objects")


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


def _read_page(
    page: Any, number: int, document: Any = None
) -> tuple[list[PdfLine | PdfTable], bool]:
    read = False
    if document is not None:  # pdfium's page (pdfium_page.py); not even imported otherwise
        from .pdfium_page import read_objects

        read = read_objects(page, number, document, _check_count, _visible)
    if not read:  # pdfminer lays the page out
        _check_page(page, number)
    chars = page.chars
    real = [c for c in chars if not c.get("text", "").startswith("(cid:")]
    if not any(c.get("text", "").strip() for c in real):
        return [], False
    visible = page.filter(_visible)
    settings = {"explicit_horizontal_lines": _closing_lines(visible.edges)}
    found = visible.find_tables(table_settings=settings)
    tables = [t for t in (read_table(t, number) for t in found) if t is not None]
    boxes = [(t.top, t.bottom, t.xs[0], t.xs[-1]) for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        mx, my = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(t <= my <= b and x0 <= mx <= x1 for t, b, x0, x1 in boxes)

    lines: list[PdfLine] = []
    for ln in page.filter(outside).extract_text_lines(strip=True, return_chars=False):
        text = clean(despace_cjk(ln["text"]))
        if not text or is_page_furniture(text, ln["top"], ln["bottom"], page.height):
            continue
        box = (ln["x0"], ln["top"], ln["x1"], ln["bottom"])
        lines.append(PdfLine(number, ln["top"], text, box))
    items: list[PdfLine | PdfTable] = [*lines, *tables]
    items.sort(key=lambda it: it.top)
    if items and isinstance(items[-1], PdfTable):
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
        ends = [e for e in vertical if abs(e[key] - y) <= TOL]
        if len(ends) < 2:
            continue
        x0, x1 = min(e["x0"] for e in ends), max(e["x1"] for e in ends)
        if any(
            abs(h["top"] - y) <= TOL and h["x0"] <= x0 + TOL and h["x1"] >= x1 - TOL
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


def is_page_furniture(text: str, top: float, bottom: float, height: float) -> bool:
    if _PAGE_NUMBER.match(text):
        return True
    in_margin = bottom > height * (1 - _MARGIN) or top < height * _MARGIN
    return in_margin and bool(_MARGIN_PAGE_NUMBER.match(text))


def to_blocks(items: list[PdfLine | PdfTable]) -> list[Block]:
    counter = LineCounter()
    blocks: list[Block] = []
    index = 0
    for it in items:
        if isinstance(it, PdfLine):
            line = counter.next()
            blocks.append(Paragraph(text=it.text, line=line, page=it.page, box=rounded(it.box)))
            continue
        ncols = len(it.xs) - 1
        rows, spans = grid(it.cells, it.nrows, ncols)
        keep = [i for i, row in enumerate(rows) if any(row)]
        if not keep:
            continue
        ocr = any(c.conf is not None for c in it.cells)
        conf = confidences(it.cells, it.nrows, ncols) if ocr else []
        boxes = cell_boxes(it, ncols)
        row_boxes = [rounded(b) for b in it.row_boxes]
        blocks.append(
            TableBlock(
                rows=[rows[i] for i in keep],
                spans=[spans[i] for i in keep],
                lines=[counter.next() for _ in keep],
                pages=[it.row_pages[i] for i in keep],
                index=index,
                confidence=[conf[i] for i in keep] if ocr else [],
                boxes=[boxes[i] for i in keep],
                row_boxes=[row_boxes[i] if i < len(row_boxes) else None for i in keep],
            )
        )
        index += 1
    return blocks
