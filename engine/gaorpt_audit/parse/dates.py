"""Dates as printed in reports: Arabic or Chinese numerals, ISO stamps, dropped 年.

``parse_date`` never raises: an impossible calendar date (2021年2月30日) gives
``valid=False`` with the raw text kept, so a rule can say what was printed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGIT.update({"六": 6, "七": 7, "八": 8, "九": 9})
_CN = "〇○零一二三四五六七八九十"

# 年 may be lost in mirrors ("20201月1日", docs/domain.md §5 item 2) but only after four digits.
DATE_RE = re.compile(
    rf"(?P<y>\d{{4}}\s*年?|[{_CN}]{{4}}\s*年)\s*(?P<m>\d{{1,2}}|[{_CN}]{{1,2}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})\s*日"
)
ISO_RE = re.compile(r"(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)")


class ParsedDate(NamedTuple):
    date: dt.date | None
    valid: bool
    raw: str


def cn_int(text: str) -> int | None:
    """'二十一' -> 21, '十二' -> 12, '二〇二一' -> 2021, '31' -> 31; None if not a number."""
    text = text.strip().rstrip("年")
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN for ch in text):
        return None
    if "十" not in text:  # digit by digit (years: 二〇二一)
        return int("".join(str(_CN_DIGIT[ch]) for ch in text))
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[units] if units else 0)


def make_date(year: int | None, month: int | None, day: int | None, raw: str) -> ParsedDate:
    if year is None or month is None or day is None:
        return ParsedDate(None, False, raw)
    try:
        return ParsedDate(dt.date(year, month, day), True, raw)
    except ValueError:
        return ParsedDate(None, False, raw)


def date_from_match(m: re.Match[str]) -> ParsedDate:
    raw = re.sub(r"\s+", "", m.group(0))
    return make_date(cn_int(m.group("y")), cn_int(m.group("m")), cn_int(m.group("d")), raw)


def parse_date(text: str) -> ParsedDate | None:
    """The first date in ``text`` (Chinese or ISO form), or None."""
    m = DATE_RE.search(text)
    if m:
        return date_from_match(m)
    m = ISO_RE.search(text)
    if m:
        return make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")), m.group(0))
    return None
