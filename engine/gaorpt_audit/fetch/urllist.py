"""The URL list of a fetch: a text file (one URL a line) or a CSV (url, publisher, year).

A text line may also carry publisher and year after the URL, separated by whitespace or
commas; ``#`` starts a comment. A CSV with a header row names its columns (url/publisher/
year, or 网址/发布机关/年度); without one the columns are in that order.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

_HEADERS = {
    "url": "url",
    "网址": "url",
    "链接": "url",
    "publisher": "publisher",
    "发布机关": "publisher",
    "单位": "publisher",
    "year": "year",
    "年度": "year",
}
_YEAR = re.compile(r"^(19|20)\d\d$")


class UrlListError(Exception):
    """The list cannot be read or a line is not a URL (a usage error, exit 2)."""


@dataclass(frozen=True)
class Target:
    url: str
    publisher: str | None = None
    year: str | None = None
    index: bool = False  # the URL lists reports by year (--follow-index)


def read_url_list(path: Path) -> list[Target]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UrlListError(f"cannot read the URL list {path}: {exc.strerror or exc}") from None
    text = _text(raw, path)
    rows = _csv_rows(text) if path.suffix.lower() == ".csv" else _text_rows(text)
    targets: list[Target] = []
    seen: set[str] = set()
    for line, cells in rows:
        url = cells.get("url", "").strip()
        if not url:
            continue
        if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
            raise UrlListError(f"{path}:{line}: not an http(s) URL: {url!r}")
        year = (cells.get("year") or "").strip().removesuffix("年") or None
        if year and not _YEAR.match(year):
            raise UrlListError(f"{path}:{line}: year {year!r} is not a year (like 2023)")
        if url in seen:  # the same report listed twice is fetched once
            continue
        seen.add(url)
        targets.append(Target(url, (cells.get("publisher") or "").strip() or None, year))
    return targets


def _text(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # lists exported from Excel are often GBK
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UrlListError(f"{path} is neither UTF-8 nor GB18030 text")


def _text_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not line:
            continue
        parts = [p for p in re.split(r"[\s,，\t]+", line) if p]
        rows.append((n, dict(zip(("url", "publisher", "year"), parts[:3], strict=False))))
    return rows


def _csv_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    table = list(csv.reader(io.StringIO(text)))
    if not table:
        return []
    head = [_HEADERS.get(c.strip().lower()) for c in table[0]]
    if "url" in head:
        names, body, start = head, table[1:], 2
    else:
        names, body, start = ["url", "publisher", "year"], table, 1
    rows = []
    for n, row in enumerate(body, start):
        cells = {k: v for k, v in zip(names, row, strict=False) if k}
        rows.append((n, cells))
    return rows
