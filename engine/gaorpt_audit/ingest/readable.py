"""Is there anything to read? The last check of every front end's Document.

Nothing in must never score as a clean report: a file of NUL or ESC bytes, a PDF without
pages, binary data that looked like UTF-16, or UTF-8 text behind a UTF-16 byte order mark
(read as UTF-16 it is a soup of Hangul, Yi and private-use characters) all give a
Document whose text is empty or not text. Such a file is one ``no_text`` issue (PRS001).
"""

from __future__ import annotations

import re

from ..model import Document

# What a Chinese report is written in: ASCII, a few Latin-1 signs, punctuation, symbols,
# CJK and full-width forms (any other character is rare there and common in garbage).
_PLAUSIBLE = re.compile(
    "[\t\n\r\f\x20-\x7e\u00a0\u00a7\u00b0\u00b1\u00b7\u00d7\u00f7\u2000-\u2bff\u2e80-\u2fdf"
    "\u3000-\u30ff\u3100-\u312f\u31c0-\u31ef\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]+"
)
_WORD = re.compile(r"\w")
_SAMPLE = 2048  # characters whose share of odd ones is looked at (from the start)
_MIN = 16  # shorter samples are judged by _WORD alone
_GARBAGE_SHARE = 0.3


def unreadable_text(doc: Document, data: bytes) -> str | None:
    """Why ``doc`` holds nothing readable, or None when it does."""
    sample = _sample(doc, _SAMPLE)
    if not _WORD.search(sample):  # rare: look at all of it
        whole = _sample(doc, None)
        if not whole.strip():
            return "the file holds no text: nothing to audit"
        if not _WORD.search(whole):
            return "the file holds no letters, digits or characters, only signs or control codes"
    if len(sample) < _MIN:
        return None
    odd = len(_PLAUSIBLE.sub("", sample))
    if odd <= _GARBAGE_SHARE * len(sample):
        return None
    share = f"{100 * odd // len(sample)}% of its characters"
    how = ""
    if (doc.encoding or "").startswith("utf-16") and _utf8_behind_bom(data):
        how = (
            ": it starts with a UTF-16 byte order mark but the rest is UTF-8, which readers "
            "that honour the mark show as garbage; save it as UTF-8 without the mark"
        )
    elif doc.encoding:
        how = f" (read as {doc.encoding}): binary data, or text in an encoding it does not declare"
    return (
        f"the file holds no readable text: {share} are control, private-use, unassigned or "
        f"unexpected characters{how}"
    )


def _sample(doc: Document, limit: int | None) -> str:
    """The text of the first blocks, up to ``limit`` characters (None: all of it)."""
    parts: list[str] = []
    size = 0
    for b in doc.blocks:
        if b.kind == "paragraph":
            parts.append(b.text)
            size += len(b.text)
        else:
            for row in b.rows:
                parts.extend(row)
                size += sum(map(len, row))
        if limit is not None and size >= limit:
            break
    return "\n".join(parts)[:limit]


def _utf8_behind_bom(data: bytes) -> bool:
    body = data[2 : 2 + 65536]
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(body) - 4:  # not just a character cut at the sample's end
            return False
    return not body.isascii()
