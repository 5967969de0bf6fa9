"""Cell text -> (value, kind): the one place that decides what a table cell holds.

Kinds (DESIGN.md "Parse"): ``number``, ``blank`` (nothing printed; never turned into 0),
``na`` (a dash or 无: the publisher marked the cell as not applicable), ``text`` (words in a
value cell: 略, 详见附表, or anything that is not a number).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..model import CellKind

# "-" alone is a placeholder, not minus zero: Word/PDF exports and Markdown converters
# print "-" (or "—") for "nothing to report"; a signed number always has digits after it.
_NA = frozenset({"/", "／", "—", "——", "–", "-", "--", "－", "无", "不适用", "N/A", "n/a", "NA"})
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\xa0\u3000]+")
# sign, digits with optional thousands separators, optional decimals, optional unit
_NUMBER = re.compile(
    r"^(?P<sign>[+\-])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?"
    r"(?P<unit>万元|元|件|个|项|条|次|人|%)?$"
)


@lru_cache(maxsize=8192)
def squash(text: str) -> str:
    """Cell text with every kind of space removed and full-width forms folded."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _INVISIBLE.sub("", text)


@lru_cache(maxsize=8192)  # cell texts repeat a lot ("0", " 0"): classify each once
def parse_number(raw: str) -> tuple[int | float | None, CellKind]:
    """Classify one cell's raw text; never raises."""
    text = squash(raw)
    if not text:
        return None, "blank"
    if text in _NA:
        return None, "na"
    m = _NUMBER.match(text)
    if m is None:
        return None, "text"
    digits = m["int"].replace(",", "")
    if m["dec"] is not None:
        value: int | float = float(f"{digits}.{m['dec']}")
    else:
        value = int(digits)
    if m["sign"] == "-":
        value = -value
    return value, "number"


def is_value_text(raw: str) -> bool:
    """True when the cell holds a value (number, dash, blank-like marker), not a label."""
    _, kind = parse_number(raw)
    return kind in ("number", "na")


TEXT_VALUES = ("略", "详见附表", "见附表", "详见附件")


def looks_like_text_value(raw: str) -> bool:
    """Words publishers put in value cells instead of numbers ("略", "详见附表")."""
    text = squash(raw)
    return any(text.startswith(t) for t in TEXT_VALUES)
