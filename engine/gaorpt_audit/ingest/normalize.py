"""Text normalisation shared by every front end (txt/md/html/docx/pdf).

Placeholder: NFKC and invisible characters only; the ingest work replaces the body of
``normalize_text`` (script conversion, pinyin annotations, artefacts) keeping its signature.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def normalize_text(text: str) -> str:
    """Normalise one block of text (a line, a paragraph or a table cell)."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _INVISIBLE.sub("", text).replace("\xa0", " ")
