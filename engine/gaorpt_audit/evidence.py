"""The evidence a finding shows: its source line, or the part of a long line it is about.

Crawler dumps hold a whole report on one source line; printing that line (clipped to its
beginning by the renderers) would show the report's title instead of the offending cell.
A line longer than ``LIMIT`` characters is cut to a window of ``WINDOW`` characters around
the place the finding is about, with "…" on each cut side. The window keeps ``BEFORE``
characters of context before that place and the rest after it: the terminal renderer clips
evidence to the screen width from its beginning (about 50 CJK characters), so the place
itself must come early. Short lines are returned unchanged, so the evidence of ordinary
reports is the line itself.
"""

from __future__ import annotations

from collections.abc import Iterable

LIMIT = 200  # lines up to this many characters are shown whole
WINDOW = 160  # characters kept of a long line
BEFORE = 30  # of which before the offset
ELLIPSIS = "…"


def excerpt(
    text: str,
    offset: int | None = None,
    anchors: Iterable[str | None] = (),
    *,
    limit: int = LIMIT,
    window: int = WINDOW,
    before: int = BEFORE,
) -> str:
    """``text`` when short, else a window around ``offset``.

    Without a usable offset the first of ``anchors`` found in ``text`` gives the place;
    when none is found either, the window is the beginning of the line (the place is
    unknown, and the beginning is what the line itself would show).
    """
    if len(text) <= limit:
        return text
    if offset is None or not 0 <= offset <= len(text):
        offset = None
        for anchor in anchors:
            if anchor:
                k = text.find(anchor)
                if k >= 0:
                    offset = k
                    break
    if offset is None:
        offset = 0
    # the window, shifted inwards at either end of the line
    start = max(0, min(offset - before, len(text) - window))
    end = min(len(text), start + window)
    body = text[start:end].strip()
    return (ELLIPSIS if start > 0 else "") + body + (ELLIPSIS if end < len(text) else "")
