"""Scanned pages and page images -> text lines and tables, through Tesseract ``chi_sim``.

A page image (a PDF page without a text layer rendered at ``DPI``, or a PNG/JPEG/TIFF)
goes through the same steps as a PDF page with text: tables from their ruling lines
(``ocr_rules``), then the words Tesseract reads are placed into the cells by their boxes,
and the other words become lines. Every OCR'd table cell keeps the confidence of its least
certain word (``PdfCell.conf``, then ``TableBlock.confidence``): OCR'd numbers are evidence
to be checked against the identities, not facts.

Tesseract runs as a subprocess (Debian ``tesseract-ocr tesseract-ocr-chi-sim``) under the
file's deadline; without it, a scanned file gets one issue saying what to install.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from ..model import Document, ParseIssue
from .grid import clean, despace_cjk, join_parts
from .limits import FileTimeout, LimitExceeded, current, over, timeout_message
from .ocr_rules import Grid, erase, find_rules, grids
from .pdf_tables import PdfCell, PdfLine, PdfTable
from .wording import detail

TESSERACT_ENV = "GAORPT_TESSERACT"  # path of the tesseract binary (tests: "" = none)
DPI = 300  # PDF pages are rendered at this resolution for OCR
LANGUAGE = "chi_sim"
MISSING_MESSAGE = (
    "需要 Tesseract 中文识别才能读取扫描件和图片：请安装 tesseract-ocr 和 tesseract-ocr-chi-sim"
    "（Debian/Ubuntu：apt-get install --no-install-recommends tesseract-ocr "
    "tesseract-ocr-chi-sim）后重新审核，或提供文字版或 DOCX"
)
OFF_MESSAGE = "扫描件或图片没有文字层，且已关闭文字识别（--ocr off）：请提供文字版或 DOCX"
_NO_TEXT = "文字识别（OCR）未能从图片中识别出文字：请提供更清晰的图片，或文字版 PDF、DOCX"
_OCR_SECONDS: list[float] = []  # time spent in OCR, in this process (--statistics)


def tesseract() -> str | None:
    """The tesseract binary when it is installed with ``chi_sim``, else None."""
    named = os.environ.get(TESSERACT_ENV)
    if named is None:
        return shutil.which("tesseract")
    return shutil.which(named) if named else None


def ocr_seconds() -> float:
    return sum(_OCR_SECONDS)


def add_ocr_seconds(seconds: float) -> None:
    """Time of OCR done in a forked child (PDF pages: limits.isolated), measured outside."""
    _OCR_SECONDS.append(seconds)


def unavailable() -> str | None:
    """Why OCR cannot run now (off, or not installed), or None."""
    if current().limits.ocr == "off":
        return OFF_MESSAGE
    return MISSING_MESSAGE if tesseract() is None else None


# --------------------------------------------------------------------------- one page


def read_image(image: Any, page: int, dpi: float) -> list[PdfLine | PdfTable]:
    """The lines and tables of one page image, in PDF points (72 a inch) from its top."""
    gray = image.convert("L")
    rules = find_rules(gray, dpi)
    tables = grids(rules, dpi)
    scale = 72.0 / dpi
    clear = erase(gray, rules) if rules else gray
    items: list[PdfLine | PdfTable] = []
    for g in tables:
        items.append(_table(g, _cell_words(clear, g), page, scale))
    if tables:  # the page's own text: tables masked, so that no word is read twice
        from PIL import ImageDraw

        clear = clear.copy()
        draw = ImageDraw.Draw(clear)
        for g in tables:
            draw.rectangle((g.xs[0], g.ys[0], g.xs[-1], g.ys[-1]), fill=255)
    height = gray.height * scale
    lines = _lines(_words(clear, [LANGUAGE, "--psm", "3"]), page, scale)
    items.extend(ln for ln in lines if not _furniture(ln, height))
    items.sort(key=lambda it: it.top)
    # continued on the next page when nothing but specks and stamps follows it
    tail = [it for it in items if isinstance(it, PdfTable)][-1:]
    if tail and all(_speck(it.text) for it in items[items.index(tail[0]) + 1 :]):
        tail[0].ends_page = True
    return items


_READABLE = re.compile(r"[\u3400-\u9fff0-9]")


def _furniture(line: PdfLine, height: float) -> bool:
    from .pdf import is_page_furniture

    return is_page_furniture(line.text, line.top, line.top + 12, height)


def _speck(text: str) -> bool:
    """An OCR line of noise (a stamp, dirt): few characters a report would print."""
    return len(_READABLE.findall(text)) < max(2, len(text) // 2)


class _Word:
    __slots__ = ("bottom", "conf", "key", "left", "right", "text", "top")

    def __init__(self, fields: list[str]) -> None:
        left, top, width, height = map(int, fields[6:10])
        self.left, self.top, self.right, self.bottom = left, top, left + width, top + height
        self.conf = max(0.0, float(fields[10])) / 100
        self.key = tuple(map(int, fields[1:5]))  # page, block, paragraph, line
        self.text = fields[11]


_GAP = 24  # white pixels between two cells in the strip of cells given to Tesseract


def _cell_words(image: Any, g: Grid) -> list[list[_Word]]:
    """The words of each cell of ``g``: the cells' crops stacked in one strip, one OCR call
    (read as one page, the digits of neighbouring cells run together: "0 0 0" -> "000").
    Cells that read as no Chinese, or as one or two characters in a column of numbers
    (chi_sim reads a lone 4 as "和"), are read again as digits (chi_sim takes a lone 1 for
    "]" and drops digits; the digits-only model does not); a cell with a mark in it that
    neither read is read alone as one line of digits (a lone "1" the strip did not see)."""
    crops: list[tuple[int, Any]] = []
    for k, (r0, r1, c0, c1) in enumerate(g.cells):
        box = (round(g.xs[c0]) + 3, round(g.ys[r0]) + 3, round(g.xs[c1]) - 3, round(g.ys[r1]) - 3)
        if box[2] - box[0] < 4 or box[3] - box[1] < 4:
            continue
        crop = image.crop(box)
        if crop.getextrema()[0] < 128:  # some ink: not an empty cell
            crops.append((k, crop))
    out: list[list[_Word]] = [[] for _ in g.cells]
    if not crops:
        return out
    _read_strip(crops, out, [LANGUAGE, "--psm", "6"])
    numbers = _number_columns(g, out)
    numeric = [
        (k, c)
        for k, c in crops
        if out[k] and (not _CJK.search(t := _text(out[k])) or (numbers[k] and _short(t)))
    ]
    if numeric:
        digits: list[list[_Word]] = [[] for _ in g.cells]
        _read_strip(numeric, digits, ["eng", "--psm", "6", *_DIGITS_ONLY])
        for k, _ in numeric:
            if digits[k]:  # else the Chinese model's reading stays, with its confidence
                out[k] = digits[k]
    for k, crop in crops:
        if not out[k] and numbers[k] and _mark(crop):
            out[k] = _words(_framed(crop), ["eng", "--psm", "7", *_DIGITS_ONLY])
    return out


def _number_columns(g: Grid, out: list[list[_Word]]) -> list[bool]:
    """Per cell: whether its column is one of numbers: most of its read cells short (a
    misread digit is one or two odd characters: 0 -> "品", 7 -> "了") and one at least
    digits only."""
    count: dict[int, list[int]] = {}
    for (_, _, c0, c1), words in zip(g.cells, out, strict=True):
        if c1 - c0 == 1 and words:
            t = _text(words)
            n = count.setdefault(c0, [0, 0, 0])
            n[0] += bool(_NUMBER.fullmatch(t))
            n[1] += _short(t)
            n[2] += 1
    return [
        c1 - c0 == 1 and (n := count.get(c0, [0, 0, 0]))[0] > 0 and n[1] * 5 > n[2] * 3
        for _, _, c0, c1 in g.cells
    ]


def _short(text: str) -> bool:
    """A number as OCR may misread it: at most two Chinese characters in at most 6."""
    return len(text) <= 6 and len(_CJK.findall(text)) <= 2


_NUMBER = re.compile(r"[\d.,%\s]+")


def _mark(crop: Any) -> bool:
    """More ink than specks: a dark run at least a fifth of the cell's height tall."""
    from PIL import Image

    ink = crop.point(lambda v: 255 if v < 128 else 0)
    column = ink.resize((ink.width, 1), Image.Resampling.BOX)  # ink share of each column
    return max(column.getdata()) * 5 >= 255


def _framed(crop: Any) -> Any:
    from PIL import Image

    out = Image.new("L", (crop.width + 2 * _GAP, crop.height + 2 * _GAP), 255)
    out.paste(crop, (_GAP, _GAP))
    return out


_CJK = re.compile(r"[\u3400-\u9fff]")
_DIGITS = "0123456789.%-"
_DIGITS_ONLY = ["-c", f"tessedit_char_whitelist={_DIGITS}"]


def _read_strip(crops: list[tuple[int, Any]], out: list[list[_Word]], how: list[str]) -> None:
    from PIL import Image

    width = max(c.width for _, c in crops) + 2 * _GAP
    height = sum(c.height + _GAP for _, c in crops) + _GAP
    strip = Image.new("L", (width, height), 255)
    bands: list[tuple[int, int, int]] = []
    y = _GAP
    for k, crop in crops:
        strip.paste(crop, (_GAP, y))
        bands.append((y, y + crop.height, k))
        y += crop.height + _GAP
    for w in _words(strip, how):
        my = (w.top + w.bottom) / 2
        for top, bottom, k in bands:
            if top - _GAP / 2 <= my <= bottom + _GAP / 2:
                out[k].append(w)
                break


def _words(image: Any, how: list[str]) -> list[_Word]:
    binary = tesseract()
    if binary is None:
        raise RuntimeError(MISSING_MESSAGE)
    budget = current()
    left = budget.remaining()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="gaorpt-ocr-") as tmp:
        source = Path(tmp) / "page.png"
        image.save(source)
        command = [binary, str(source), "stdout", "-l", *how, "tsv"]
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core a page: workers run in parallel
        try:
            done = subprocess.run(command, capture_output=True, timeout=left, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise FileTimeout(timeout_message(budget.limits.timeout)) from None
        finally:
            _OCR_SECONDS.append(time.monotonic() - started)
    if done.returncode:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise RuntimeError(f"Tesseract 文字识别失败（退出状态 {done.returncode}）{detail(why[0])}")
    out = []
    for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) == 12 and fields[0] == "5" and fields[11].strip():
            out.append(_Word(fields))
    return out


def _text(words: list[_Word]) -> str:
    """Words of one cell or line, in reading order: lines top to bottom, left to right."""
    lines: dict[tuple[int, ...], list[_Word]] = {}
    for w in words:
        lines.setdefault(w.key, []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: (min(w.top for w in ws), ws[0].left))
    parts = [" ".join(w.text for w in sorted(ws, key=lambda w: w.left)) for ws in ordered]
    return clean(despace_cjk(join_parts(parts)))


def _table(g: Grid, placed: list[list[_Word]], page: int, scale: float) -> PdfTable:
    """A table of the page as the PDF front end makes it, each cell with its confidence."""
    cells = []
    for (r0, r1, c0, c1), inside in zip(g.cells, placed, strict=True):
        conf = min((w.conf for w in inside), default=None)
        box = (g.xs[c0] * scale, g.ys[r0] * scale, g.xs[c1] * scale, g.ys[r1] * scale)
        cells.append(PdfCell(r0, r1, c0, c1, _text(inside), conf, box))
    xs = [x * scale for x in g.xs]
    ys = [y * scale for y in g.ys]
    nrows = len(ys) - 1
    rows = [(xs[0], ys[i], xs[-1], ys[i + 1]) for i in range(nrows)]
    return PdfTable(page, ys[0], ys[-1], xs, nrows, cells, [page] * nrows, row_boxes=rows)


def _lines(words: list[_Word], page: int, scale: float) -> list[PdfLine]:
    lines: dict[tuple[int, ...], list[_Word]] = {}
    for w in words:
        lines.setdefault(w.key, []).append(w)
    out = []
    for ws in lines.values():
        text = _text(ws)
        if text:
            top = min(w.top for w in ws) * scale
            box = (min(w.left for w in ws) * scale, top, max(w.right for w in ws) * scale,
                   max(w.bottom for w in ws) * scale)  # fmt: skip
            out.append(PdfLine(page, top, text, box))
    return out


# --------------------------------------------------------------------------- images


def load_image(data: bytes, path: str) -> Document:
    """A page image (each frame of a TIFF a page) through OCR."""
    doc = Document(path=path, source_format="image")
    why = unavailable()
    if why is not None:
        doc.issues.append(ParseIssue(code="unsupported_format", message=why))
        return doc
    from PIL import Image, ImageSequence, UnidentifiedImageError

    from .pdf import to_blocks

    try:
        image = Image.open(io.BytesIO(data))
        frames = list(ImageSequence.Iterator(image))
        pages = current().limits.pdf_pages
        if len(frames) > pages:
            raise over(f"图像含 {len(frames):,} 页，", f"{pages:,} 页", "pdf_pages")
        items: list[PdfLine | PdfTable] = []
        for number, frame in enumerate(frames, 1):
            dpi = _dpi(frame)
            items.extend(read_image(frame.convert("L"), number, dpi))
    except LimitExceeded:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        message = f"图片已损坏，无法打开{detail(exc)}：请提供完好的图片，或文字版 PDF、DOCX"
        doc.issues.append(ParseIssue(code="unreadable", message=message))
        return doc
    from .pdf_tables import merge_tables

    doc.blocks = to_blocks(merge_tables(items))
    if not doc.blocks:
        doc.issues.append(ParseIssue(code="no_text", message=_NO_TEXT))
    return doc


def _dpi(frame: Any) -> float:
    """The image's resolution as recorded, else 300 (a scan for print)."""
    info = frame.info.get("dpi")
    try:
        value = float(info[0]) if info else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 72 <= value <= 1200 else float(DPI)
