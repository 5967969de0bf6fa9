"""Cropped page images for the HTML report: where on the PDF page a finding points.

A finding with ``location.page`` and ``location.box`` (a PDF read from its text layer or
by OCR) gets the region of its page around the box, rendered with pypdfium2 at ``DPI``,
the box outlined, as a PNG ``data:`` URI (the page's Content-Security-Policy admits
``img-src data:`` only, so the page stays self-contained). A run stays small: at most
``MAX_CROPS`` crops a page, each at most ``MAX_BYTES``. Nothing for a file that is gone,
changed into something else than a PDF, or whose page cannot be drawn.

The PDF is untrusted: its pages are drawn in a forked child under the file limits
(``ingest.limits.isolated``), so a page that crashes or hangs pdfium costs only its crops.
The same file and findings give the same bytes (no time or randomness in the PNG).
"""

from __future__ import annotations

import base64
import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import Box, Finding, ReportResult

DPI = 100
MAX_CROPS = 30  # per HTML page
MAX_BYTES = 60_000  # of one PNG
MARGIN_X, MARGIN_Y = 96.0, 24.0  # points of the page shown around the box (a cell: its row)
OUTLINE = (220, 38, 38)  # the box's outline (red, as the page's error colour)
COLOURS = 32  # palette of the PNG: a page of text needs few, and it keeps the crop small

Key = tuple[str, int]  # (report path, index of the finding in its report)


def page_crops(results: Iterable[ReportResult]) -> dict[Key, str]:
    """``data:`` URIs of the crops of the first ``MAX_CROPS`` findings with a box (reports
    in the order given, findings in theirs), by (path, finding index)."""
    wanted: dict[str, list[tuple[int, int, Box]]] = {}
    files: dict[str, Path] = {}
    count = 0
    for r in results:
        if r.source_format != "pdf":
            continue
        for i, f in enumerate(r.findings):
            page, box = f.location.page, f.location.box
            if page is None or box is None or count >= MAX_CROPS:
                continue
            wanted.setdefault(r.path, []).append((i, page, box))
            files[r.path] = _file(r)
            count += 1
    out: dict[Key, str] = {}
    for path, items in wanted.items():
        drawn = _draw(files[path], [(page, box) for _, page, box in items])
        for (i, _, _), uri in zip(items, drawn, strict=True):
            if uri is not None:
                out[(path, i)] = uri
    return out


def crop_img(uri: str, f: Finding) -> str:
    page = f.location.page
    return f'<div class="crop"><img src="{uri}" alt="第 {page} 页上的位置"></div>'


def _file(r: ReportResult) -> Path:
    """The report's file as named at the audit (its exact bytes when not UTF-8)."""
    if r.path_bytes:
        return Path(os.fsdecode(bytes.fromhex(r.path_bytes)))
    return Path(r.path)


def _draw(path: Path, items: list[tuple[int, Box]]) -> list[str | None]:
    """The crops of one file, drawn in a forked child; none when it fails."""
    from ..ingest.limits import enforced, isolated

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return [None] * len(items)
    if b"%PDF-" not in data[:1024]:  # (readers allow a little junk before the header)
        return [None] * len(items)
    with enforced(None):
        try:
            return isolated(_render, data, items)
        except Exception:  # noqa: BLE001 - a damaged or hostile PDF: no crops, the report stays
            return [None] * len(items)


def _render(data: bytes, wanted: list[tuple[int, Box]]) -> list[str | None]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        pages: dict[int, Any] = {}
        out: list[str | None] = []
        for number, box in wanted:
            if not 1 <= number <= len(pdf):
                out.append(None)
                continue
            if number not in pages:
                pages[number] = pdf[number - 1]
            out.append(_crop(pages[number], box))
        for page in pages.values():
            page.close()
        return out
    finally:
        pdf.close()


def _crop(page: Any, box: Box) -> str | None:
    """The region around ``box`` (points from the page's top left) as a data URI."""
    from PIL import ImageDraw

    # pdfplumber's boxes are from the media box's top left, pdfium draws the crop box as
    # turned: only where the two agree is the box in place (not worth a guess otherwise)
    if page.get_rotation() % 360 or page.get_cropbox() != page.get_mediabox():
        return None
    if page.get_mediabox()[:2] != (0, 0):
        return None
    width, height = page.get_size()
    x0, top, x1, bottom = box
    left, right = max(0.0, x0 - MARGIN_X), min(width, x1 + MARGIN_X)
    upper, lower = max(0.0, top - MARGIN_Y), min(height, bottom + MARGIN_Y)
    if right - left < 1 or lower - upper < 1:
        return None
    scale = DPI / 72
    # pypdfium2 crops by what to cut off each edge: left, bottom, right, top
    bitmap = page.render(scale=scale, crop=(left, height - lower, width - right, upper))
    image = bitmap.to_pil().convert("RGB")
    draw = ImageDraw.Draw(image)
    outline = [
        (x0 - left) * scale - 2,
        (top - upper) * scale - 2,
        (x1 - left) * scale + 2,
        (bottom - upper) * scale + 2,
    ]
    draw.rectangle(outline, outline=OUTLINE, width=2)
    for shrink in (1, 2):  # too big at 100 dpi (a row across a wide table): at half that
        shown = image if shrink == 1 else image.resize((image.width // 2, image.height // 2))
        png = _png(shown)
        if len(png) <= MAX_BYTES:
            return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return None


def _png(image: Any) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    small = image.quantize(
        colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    small.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
