"""pdfplumber's ``Page.objects`` (characters, lines, rectangles, curves) read with pdfium
instead of pdfminer's layout: a page in about 5 ms instead of 60.

The table finder, ``filter``, ``edges`` and ``extract_text_lines`` of pdfplumber work from
``Page.objects`` alone; ``read_objects`` sets it from pdfium (``pypdfium2.raw``), and the
rest of pdf.py is unchanged. What pdf.py consumes is reproduced as pdfminer makes it: a
character's text and box (the font's advance across, the font size up from the font's
descent: not the glyph's outline), a path's points, paint and colours, classified as
pdfminer does (line, rectangle, curve). pdfium computes in single precision, pdfminer in
double: every number is taken back to the decimal the PDF wrote (``_snap``, ``_units``)
and carried through pdfminer's own arithmetic, so that the boxes, rounded to 0.1 point in
the Document, come out the same (benchmarks/compare_pdf_sources.py).

A page pdfium cannot give that way is laid out by pdfminer (``Fallback``): rotated, its
media box not at the origin, rotated, mirrored or raised text, vertical text shown in
runs, a glyph without Unicode, a font not embedded (its metrics: a standard font's AFM in
pdfminer, a system font in pdfium).
"""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Callable, Iterator
from typing import Any

import pypdfium2.raw as pdfium

_PATH, _FORM = pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_FORM
_LINETO, _BEZIER, _MOVETO = (getattr(pdfium, f"FPDF_SEGMENT_{k}") for k in ("LINETO", "BEZIERTO", "MOVETO"))  # fmt: skip
_Matrix = tuple[float, float, float, float, float, float]


class Fallback(Exception):
    """This page needs pdfminer's reading (the reason is the message)."""


def _snap(v: float) -> float:
    """A single-precision value back to the decimal the PDF wrote (at most 4 decimals),
    when it is within single precision of one; else the value itself."""
    r = round(v, 4)
    return r if abs(r - v) <= 1e-6 * max(1.0, abs(v)) else v


def _units(v: float) -> float:
    """A font metric in 1/1000 of the font size, as the PDF gives it (a whole number,
    nearly always), from its single-precision product."""
    r = round(v)
    return float(r) if abs(r - v) < 0.01 else round(v, 2)


def _mult(m1: _Matrix, m0: _Matrix) -> _Matrix:
    """pdfminer.utils.mult_matrix: m1 then m0."""
    (a1, b1, c1, d1, e1, f1), (a0, b0, c0, d0, e0, f0) = m1, m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def _matrix(obj: Any, m: Any) -> _Matrix:
    if not pdfium.FPDFPageObj_GetMatrix(obj, m):
        raise Fallback("matrix")
    return (_snap(m.a), _snap(m.b), _snap(m.c), _snap(m.d), _snap(m.e), _snap(m.f))


def count_objects(page: Any, textpage: Any) -> int:
    """Characters and graphic objects of the page (form XObjects opened), as the limit
    ``pdf_page_objects`` counts them."""
    count = pdfium.FPDFText_CountChars(textpage)
    stack = [(pdfium.FPDFPage_CountObjects(page), _getter(page, pdfium.FPDFPage_GetObject))]
    while stack:
        n, get = stack.pop()
        count += n
        for i in range(n):
            obj = get(i)
            if pdfium.FPDFPageObj_GetType(obj) == _FORM:
                stack.append((pdfium.FPDFFormObj_CountObjects(obj), _getter(obj)))
    return count


def _getter(parent: Any, get: Any = pdfium.FPDFFormObj_GetObject) -> Callable[[int], Any]:
    return lambda i: get(parent, i)


_Keep = Callable[[dict[str, Any]], bool] | None


def page_objects(page: Any, textpage: Any, number: int, height: float, doctop: float, keep: _Keep = None) -> dict:  # fmt: skip
    """pdfplumber's ``Page.objects`` for a page of ``height`` points whose media box starts
    at the origin; raises ``Fallback`` where pdfminer must read it. ``keep``: a test of a
    path's paint (stroke, fill and their colours), so that the paths the caller would drop
    (pdf.py: the invisible ones) are not built at all."""
    objects: dict[str, list[dict[str, Any]]] = {}
    if chars := _chars(textpage, number, height, doctop):
        objects["char"] = chars
    m = pdfium.FS_MATRIX()
    top = (pdfium.FPDFPage_CountObjects(page), _getter(page, pdfium.FPDFPage_GetObject))
    for obj, outer in _paths(*top, None, m):
        for kind, item in _path(obj, outer, m, keep, height, doctop, number):
            objects.setdefault(kind, []).append(item)
    return objects


def _paths(n: int, get: Callable[[int], Any], outer: _Matrix | None, m: Any) -> Any:
    """The path objects with the matrix of the form XObject they are in (None: the page),
    in content order, forms opened (as pdfminer meets them)."""
    for i in range(n):
        obj = get(i)
        kind = pdfium.FPDFPageObj_GetType(obj)
        if kind not in (_PATH, _FORM):
            continue
        if kind == _PATH:
            yield obj, outer
        else:
            own = _matrix(obj, m)
            ctm = own if outer is None else _mult(own, outer)
            yield from _paths(pdfium.FPDFFormObj_CountObjects(obj), _getter(obj), ctm, m)


# --------------------------------------------------------------------------- characters


def _chars(textpage: Any, number: int, height: float, doctop: float) -> list[dict[str, Any]]:
    """pdfminer's LTChar boxes: the advance (the font's width of the glyph) across, the
    font size from the font's descent up, through the character's matrix."""
    out = []
    box, m = pdfium.FS_RECTF(), pdfium.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    fonts: dict[int | None, tuple[str, float]] = {}
    high = 0
    for i in range(pdfium.FPDFText_CountChars(textpage)):
        if pdfium.FPDFText_IsGenerated(textpage, i):
            continue  # the spaces and line breaks pdfium adds
        u = pdfium.FPDFText_GetUnicode(textpage, i)
        if 0xD800 <= u < 0xDC00:  # the first half of a surrogate pair
            high = u
            continue
        if 0xDC00 <= u < 0xE000 and high:
            text, high = chr(0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00)), 0
        elif u == 0 or pdfium.FPDFText_HasUnicodeMapError(textpage, i):
            raise Fallback("glyph without Unicode")  # pdfminer's "(cid:N)"
        else:
            text = chr(u)
        if not pdfium.FPDFText_GetMatrix(textpage, i, m) or m.b or m.c or m.a <= 0 or m.d <= 0:
            raise Fallback("rotated or mirrored text")
        pdfium.FPDFText_GetLooseCharBox(textpage, i, box)
        pdfium.FPDFText_GetCharOrigin(textpage, i, ox, oy)
        size = pdfium.FPDFText_GetFontSize(textpage, i)
        obj = _TEXT_OBJECT(textpage, i)
        fontname, descent_units = _font(obj, fonts)
        a, d, e, f = _snap(m.a), _snap(m.d), _snap(m.e), _snap(m.f)
        if size <= 0:
            raise Fallback("font size")
        if oy.value == m.f:  # horizontal writing: the origin moves along the baseline
            width = _units((box.right - box.left) / (m.a * size) * 1000)
            adv = width * 0.001 * size
            descent = descent_units * 0.001 * size
            x0 = e if ox.value == m.e else _snap(ox.value)
            x1 = a * adv + 0.0 + x0
            y0, y1 = d * descent + f, d * (descent + size) + f
            cross = y1 - y0
        elif abs(ox.value - (m.e - m.a * size / 2)) < 1e-3 and _single(obj, textpage):
            # vertical, a glyph shown alone (as WPS does): pdfium's origin is the box's
            # lower left, its loose box the advance downwards, in unscaled text space
            w1 = _units(abs(box.top - box.bottom) / size * 1000)
            adv = -w1 * 0.001 * size
            vy = _units(1000 - ((oy.value - m.f) / m.d - adv) / size * 1000)
            vy = (1000 - vy) * size * 0.001
            vx = size * 0.5
            x0, x1 = a * -vx + 0.0 + e, a * (-vx + size) + 0.0 + e
            y0, y1 = d * (vy + adv) + f, d * vy + f
            cross = x1 - x0
        else:
            raise Fallback("text rise, or vertical text shown in runs")
        top = height - y1
        out.append(
            {
                "text": text,
                "fontname": fontname,
                "size": cross,
                "adv": adv,
                "upright": True,
                "x0": x0,
                "y0": y0,
                "x1": x1,
                "y1": y1,
                "width": x1 - x0,
                "height": y1 - y0,
                "top": top,
                "bottom": height - y0,
                "doctop": doctop + top,
                "object_type": "char",
                "page_number": number,
                "matrix": (a, 0.0, 0.0, d, x0 if oy.value == m.f else e, f),
            }
        )
    return out


def _as_address(fn: Any, argtypes: list[Any]) -> Any:
    """``fn`` (a pypdfium2.raw function returning a handle) returning the handle's address,
    an int, which a dict can be keyed on without a ctypes.cast per character."""
    address = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)
    address.restype, address.argtypes = ctypes.c_void_p, argtypes
    return address


_TEXT_OBJECT = _as_address(pdfium.FPDFText_GetTextObject, [pdfium.FPDF_TEXTPAGE, ctypes.c_int])
_FONT = _as_address(pdfium.FPDFTextObj_GetFont, [ctypes.c_void_p])


def _font(obj: int | None, fonts: dict[int | None, tuple[str, float]]) -> tuple[str, float]:
    """The base font name and the descent (in 1/1000 of the font size) of text object
    ``obj``'s font. Only an embedded font's: for another, pdfminer and pdfium take their
    metrics from different places (a standard font's AFM, the system's font)."""
    key = _FONT(obj)
    known = fonts.get(key)
    if known is None:
        font = ctypes.cast(ctypes.c_void_p(key), pdfium.FPDF_FONT)
        if not key or not pdfium.FPDFFont_GetIsEmbedded(font):
            raise Fallback("font not embedded")
        size = pdfium.FPDFFont_GetBaseFontName(font, None, 0)
        buf = ctypes.create_string_buffer(max(size, 1))
        pdfium.FPDFFont_GetBaseFontName(font, buf, size)
        descent = ctypes.c_float()
        if not pdfium.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), descent):
            raise Fallback("font descent")
        name = buf.value.decode("utf-8", "replace")
        known = fonts[key] = (name, _units(-abs(descent.value)))  # pdfminer: never above 0
    return known


def _single(obj: int | None, textpage: Any) -> bool:
    """Text object ``obj`` shows one character (its text: 2 bytes and the terminator)."""
    handle = ctypes.cast(ctypes.c_void_p(obj), pdfium.FPDF_PAGEOBJECT)
    return pdfium.FPDFTextObj_GetText(handle, textpage, None, 0) <= 4


# --------------------------------------------------------------------------- paths


def _color(obj: Any, getter: Callable[..., int]) -> tuple[float, ...] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def _path(
    obj: Any,
    outer: _Matrix | None,
    m: Any,
    keep: Callable[[dict[str, Any]], bool] | None,
    height: float,
    doctop: float,
    number: int,
) -> list[tuple[str, dict[str, Any]]]:
    """pdfminer's PDFLayoutAnalyzer.paint_path over pdfium's path segments."""
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium.FPDFPath_GetDrawMode(obj, fillmode, stroke):
        raise Fallback("draw mode")
    if not fillmode.value and not stroke.value:
        return []  # "n": no painting (pdfminer makes no object either)
    attrs = {
        "stroke": bool(stroke.value),
        "fill": bool(fillmode.value),
        "evenodd": fillmode.value == pdfium.FPDF_FILLMODE_ALTERNATE,
        "stroking_color": _color(obj, pdfium.FPDFPageObj_GetStrokeColor),
        "non_stroking_color": _color(obj, pdfium.FPDFPageObj_GetFillColor),
    }
    if keep is not None and not keep({"object_type": "rect", **attrs}):
        return []
    width = ctypes.c_float()
    attrs["linewidth"] = _snap(width.value) if pdfium.FPDFPageObj_GetStrokeWidth(obj, width) else 0
    own = _matrix(obj, m)
    ctm = own if outer is None else _mult(own, outer)
    a, b, c, d, e, f = ctm
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[tuple[str, list[tuple[float, float]]]] = []
    shape, pts, controls = "", [], 0
    for i in range(pdfium.FPDFPath_CountSegments(obj)):
        seg = pdfium.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium.FPDFPathSegment_GetType(seg)
        pdfium.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = _snap(x.value), _snap(y.value)
        pt = (a * px + c * py + e, b * px + d * py + f)
        if kind == _MOVETO:
            if shape:
                subpaths.append((shape, pts))
            shape, pts = "m", [pt]
        elif kind == _LINETO:
            shape, pts = shape + "l", [*pts, pt]
        elif kind == _BEZIER:  # pdfium: two control points, then the end point
            controls = (controls + 1) % 3
            if not controls:  # pdfminer keeps the end point only
                shape, pts = shape + "c", [*pts, pt]
        else:
            raise Fallback("path segment")
        if pdfium.FPDFPathSegment_GetClose(seg):
            shape, pts = shape + "h", [*pts, pts[0]]
    if shape:
        subpaths.append((shape, pts))
    out = []
    for shape, pts in subpaths:
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts = pts[:-2] + pts[-1:]
        if shape in ("mlh", "ml"):
            kind, corners = "line", pts[:2]
        elif shape in ("mlllh", "mllll") and _square(pts):
            kind = "rect"
            (x0, y0), (x1, y1) = pts[0], pts[2]
            corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        else:
            kind, corners = "curve", pts
        out.append((kind, _item(kind, corners, attrs, height, doctop, number)))
    return out


def _square(pts: list[tuple[float, float]]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
    return pts[0] == pts[4] and (
        (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
        or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
    )


def _item(
    kind: str,
    pts: list[tuple[float, float]],
    attrs: dict[str, Any],
    height: float,
    doctop: float,
    number: int,
) -> dict[str, Any]:
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    top = height - y1
    return {
        "x0": x0, "y0": y0, "x1": x1, "y1": y1, "width": x1 - x0, "height": y1 - y0,
        "pts": [(px, height - py) for px, py in pts], **attrs, "object_type": kind,
        "page_number": number, "top": top, "bottom": height - y0, "doctop": doctop + top,
    }  # fmt: skip


def open_document(data: bytes) -> Any:
    """``data`` as a ``pypdfium2.PdfDocument``; None when pdfium cannot open it (pdfminer,
    which did, then reads every page)."""
    import pypdfium2

    try:
        return pypdfium2.PdfDocument(data)
    except Exception:  # noqa: BLE001 - untrusted bytes
        return None


def read_objects(
    page: Any,
    number: int,
    document: Any,
    check_count: Callable[[int, int], None],
    keep: Callable[[dict[str, Any]], bool],
) -> bool:
    """Set pdfplumber ``page``'s objects from pdfium's page ``number`` (less the paths not
    ``keep``-ed), after ``check_count(objects, number)``; False: pdfminer must lay it out."""
    if document is None or page.rotation or tuple(page.mediabox[:2]) != (0, 0):
        return False
    with opened(document, number - 1) as (raw, text):
        if raw is None:
            return False
        check_count(count_objects(raw, text), number)  # the limit, before the work
        try:
            objects = page_objects(raw, text, number, page.height, page.initial_doctop, keep)
        except Exception:  # noqa: BLE001 - a Fallback, or pdfium failing: pdfminer reads it
            return False
    page._objects = objects  # what pdfplumber's Page.objects would have parsed
    return True


@contextlib.contextmanager
def opened(document: Any, index: int) -> Iterator[tuple[Any, Any]]:
    """Page ``index`` of a ``pypdfium2.PdfDocument`` and its text page, closed after
    (``(None, None)`` when pdfium cannot load it)."""
    page = pdfium.FPDF_LoadPage(document.raw, index)
    if not page:
        yield None, None
        return
    text = pdfium.FPDFText_LoadPage(page)
    try:
        yield (page, text) if text else (None, None)
    finally:
        if text:
            pdfium.FPDFText_ClosePage(text)
        pdfium.FPDF_ClosePage(page)
