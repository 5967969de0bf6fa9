"""What a fetched page is: the report itself (inline HTML), a page that links the report as
an attachment (PDF/DOC/DOCX/WPS), or a column page listing a publisher's reports by year.

Pages are decoded as browsers do for these portals: a BOM, the charset of the header or of
a <meta>, strict UTF-8, then strict GB18030 (GBK pages served without any charset are
common), then charset-normalizer.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

ATTACHMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps")
_META = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_REPORT = re.compile(r"年度报告|年报")
# Both parts that every report has (二 主动公开, 三 依申请): the page carries the report.
_INLINE = (re.compile(r"主动公开"), re.compile(r"依申请"))
_CN_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}


@dataclass(frozen=True)
class Link:
    url: str
    text: str


def charset_of(content_type: str) -> str | None:
    m = _HEADER.search(content_type or "")
    return m.group(1).lower() if m else None


def decode_page(data: bytes, content_type: str = "") -> tuple[str, str]:
    """(text, encoding used) of an HTML page."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    declared = charset_of(content_type)
    if declared is None and (m := _META.search(data[:4096])):
        declared = m.group(1).decode("ascii").lower()
    tried = [_CN_ALIASES.get(declared, declared)] if declared else []
    for name in [*tried, "utf-8", "gb18030"]:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return data.decode("gb18030", errors="replace"), "gb18030"


def page_links(text: str, base: str) -> tuple[list[Link], str]:
    """Every <a href> of the page (absolute, in page order) and the page's visible text."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=_parser())
    except Exception:  # noqa: BLE001 - an empty or broken page has no links
        return [], ""
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    links = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        links.append(Link(urljoin(base, href), " ".join(a.text_content().split())))
    return links, root.text_content()


def _parser():
    import lxml.html

    return lxml.html.HTMLParser(encoding="utf-8", recover=True, no_network=True)


def is_attachment(url: str) -> bool:
    return unquote(urlsplit(url).path).lower().endswith(ATTACHMENT_SUFFIXES)


def report_attachment(text: str, base: str) -> str | None:
    """The URL of the report's own attachment, or None when the page is the report.

    An inline report (the page has the body of parts 二 and 三) is kept even when it also
    links files (application forms, the PDF copy). Otherwise the attachment named as the
    report (年度报告/年报 in its text or name) wins, then the only attachment there is."""
    links, visible = page_links(text, base)
    files = [link for link in links if is_attachment(link.url)]
    if not files or all(p.search(visible) for p in _INLINE):
        return None
    named = [f for f in files if _REPORT.search(f.text + unquote(f.url))]
    if named:
        return named[0].url
    return files[0].url if len(files) == 1 else None


def index_links(text: str, base: str) -> list[tuple[str, Link]]:
    """(year, link) of each report a column page lists: a link whose text names a report
    (年度报告/年报) and a year; the first link of each year, newest year first."""
    links, _ = page_links(text, base)
    by_year: dict[str, Link] = {}
    for link in links:
        m = _YEAR.search(link.text)
        if m and _REPORT.search(link.text) and m.group(1) not in by_year:
            by_year[m.group(1)] = link
    return sorted(by_year.items(), reverse=True)


def year_in(*texts: str) -> str | None:
    """The report year named in a title, link text or URL (the first found)."""
    for text in texts:
        m = _YEAR.search(text) or re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", unquote(text))
        if m:
            return m.group(1)
    return None


def title_of(text: str) -> str:
    m = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    return " ".join(m.group(1).split()) if m else ""
