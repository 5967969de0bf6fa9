"""Ruling lines of a page image -> table cells (for OCR'd pages), with Pillow only.

A scanned table is found as a PDF's is, from its ruling lines: long dark runs of pixels,
horizontal and vertical. Averaging the image over ``k`` pixels along a direction turns a
line into a run of dark averaged pixels while text strokes (shorter than a character) fade;
a run longer than ~8 mm is a rule. Segments that touch form one table; its cells are the
grid between the rules, merged where a rule between two neighbours is missing (spans).
The rules are then painted white, so that OCR does not read them as "1" or "|".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_MIN_RULE_INCH = 0.33  # a dark run at least this long is a ruling line
_DARK = 160  # grey level below which a pixel is ink
_FULL = 180  # averaged level (ink = 255) from which an averaged pixel is on a line


@dataclass
class Segment:
    horizontal: bool
    at: float  # y of a horizontal rule, x of a vertical one (pixels)
    start: float
    end: float
    width: float  # thickness (pixels)


@dataclass
class Grid:
    """One table: its rule positions and its cells as (r0, r1, c0, c1), ends exclusive."""

    xs: list[float]
    ys: list[float]
    cells: list[tuple[int, int, int, int]]


def find_rules(image: Any, dpi: float) -> list[Segment]:
    """The horizontal and vertical ruling lines of ``image`` (mode "L")."""
    from PIL import Image

    ink = image.point(lambda v: 255 if v < _DARK else 0)
    k = max(3, round(dpi / 15))
    min_run = max(3, round(_MIN_RULE_INCH * dpi / k))
    w, h = ink.size
    out: list[Segment] = []
    for horizontal in (True, False):
        small = ink.resize((w // k, h) if horizontal else (w, h // k), Image.Resampling.BOX)
        if not horizontal:
            small = small.transpose(Image.Transpose.TRANSPOSE)  # columns become rows
        sw, sh = small.size
        data = small.tobytes().translate(_MARK)
        raw = []
        run = re.compile(b"#{%d,}" % min_run)
        for line in range(sh):
            for m in run.finditer(data, line * sw, (line + 1) * sw):
                raw.append((line, (m.start() - line * sw) * k, (m.end() - line * sw) * k))
        out.extend(_join(raw, horizontal, max(2.0, dpi / 60)))
    return out


_MARK = bytes(ord("#") if v >= _FULL else ord(".") for v in range(256))


def _join(raw: list[tuple[int, int, int]], horizontal: bool, tol: float) -> list[Segment]:
    """Adjacent pixel rows of one thick rule -> one segment."""
    segs: list[Segment] = []
    open_: list[list[float]] = []  # [first, last, start, end]
    for at, start, end in sorted(raw):
        for s in open_:
            if at - s[1] <= 1 and start < s[3] and end > s[2]:
                s[1], s[2], s[3] = at, min(s[2], start), max(s[3], end)
                break
        else:
            open_.append([at, at, start, end])
    for first, last, start, end in open_:
        segs.append(Segment(horizontal, (first + last) / 2, start, end, last - first + 1))
    # the same rule broken by a stamp or a faint stretch: one segment
    segs.sort(key=lambda s: (s.at, s.start))
    merged: list[Segment] = []
    for s in segs:
        prev = merged[-1] if merged else None
        # (both ends compared: a rule of the table below, a few pixels off, is another one)
        near = prev and s.start <= prev.end + 4 * tol and s.end >= prev.start - 4 * tol
        if prev and near and abs(prev.at - s.at) <= tol:
            prev.start, prev.end = min(prev.start, s.start), max(prev.end, s.end)
            prev.width = max(prev.width, s.width)
            continue
        merged.append(s)
    return merged


def erase(image: Any, rules: list[Segment]) -> Any:
    """A copy of ``image`` with the rules painted white."""
    from PIL import ImageDraw

    out = image.copy()
    draw = ImageDraw.Draw(out)
    for s in rules:
        pad = s.width / 2 + 2
        if s.horizontal:
            draw.rectangle((s.start, s.at - pad, s.end, s.at + pad), fill=255)
        else:
            draw.rectangle((s.at - pad, s.start, s.at + pad, s.end), fill=255)
    return out


def grids(rules: list[Segment], dpi: float) -> list[Grid]:
    """The tables the rules draw: touching segments grouped, cells between them."""
    tol = max(4.0, dpi / 25)
    hs = [s for s in rules if s.horizontal]
    vs = [s for s in rules if not s.horizontal]
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.start - tol <= v.at <= h.end + tol and v.start - tol <= h.at <= v.end + tol:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, list[Segment]] = {}
    for i, s in enumerate([*hs, *vs]):
        groups.setdefault(find(i), []).append(s)
    out = []
    for segs in groups.values():
        g = _grid([s for s in segs if s.horizontal], [s for s in segs if not s.horizontal], tol)
        if g is not None:
            out.append(g)
    out.sort(key=lambda g: g.ys[0])
    return out


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _grid(hs: list[Segment], vs: list[Segment], tol: float) -> Grid | None:
    if len(hs) < 2 or len(vs) < 2:
        return None
    # A table cut by a page break has no bottom (or top) rule: close it where its
    # vertical rules end, or its last row is lost (as in pdf._closing_lines).
    x0, x1 = min(v.at for v in vs), max(v.at for v in vs)
    bottom, top = max(v.end for v in vs), min(v.start for v in vs)
    if bottom > max(h.at for h in hs) + 2 * tol:
        hs = [*hs, Segment(True, bottom, x0, x1, 1)]
    if top < min(h.at for h in hs) - 2 * tol:
        hs = [*hs, Segment(True, top, x0, x1, 1)]
    # likewise an outer vertical rule too faint to be found: close it where the rows end
    y0, y1 = min(h.at for h in hs), max(h.at for h in hs)
    right, left = max(h.end for h in hs), min(h.start for h in hs)
    if right > x1 + 4 * tol:
        vs = [*vs, Segment(False, right, y0, y1, 1)]
    if left < x0 - 4 * tol:
        vs = [*vs, Segment(False, left, y0, y1, 1)]
    xs, ys = _cluster([v.at for v in vs], tol), _cluster([h.at for h in hs], tol)
    if len(xs) < 3 or len(ys) < 2:  # one column: a framed paragraph, not a table
        return None
    nr, nc = len(ys) - 1, len(xs) - 1

    def vrule(x: float, y: float) -> bool:
        return any(abs(v.at - x) <= tol and v.start - tol <= y <= v.end + tol for v in vs)

    def hrule(y: float, x: float) -> bool:
        return any(abs(h.at - y) <= tol and h.start - tol <= x <= h.end + tol for h in hs)

    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        ymid = (ys[r] + ys[r + 1]) / 2
        for c in range(nc):
            xmid = (xs[c] + xs[c + 1]) / 2
            if c + 1 < nc and not vrule(xs[c + 1], ymid):
                parent[find(r * nc + c)] = find(r * nc + c + 1)
            if r + 1 < nr and not hrule(ys[r + 1], xmid):
                parent[find(r * nc + c)] = find((r + 1) * nc + c)
    boxes: dict[int, list[int]] = {}
    for r in range(nr):
        for c in range(nc):
            b = boxes.setdefault(find(r * nc + c), [r, r + 1, c, c + 1])
            b[0], b[1] = min(b[0], r), max(b[1], r + 1)
            b[2], b[3] = min(b[2], c), max(b[3], c + 1)
    cells = sorted((b[0], b[1], b[2], b[3]) for b in boxes.values())
    return Grid(xs, ys, cells)
