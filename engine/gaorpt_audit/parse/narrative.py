"""Narrative text helpers shared by meta, sections and claims.

A ``Stream`` joins paragraph text so that sentences hard-wrapped by PDF->text
exports ("办结 1191 件(含" / "上年结转 189 件)") can be matched, while every
character offset still maps back to its source line and page.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Document, Paragraph

if TYPE_CHECKING:
    from .headings import Heading

# Web chrome and page furniture that is never report content.
_CHROME = re.compile(
    r"^\s*(?:Copyright|版权所有|主办单位|承办单位|网站标识码|本站支持|附件下载|打印本页|关闭窗口"
    r"|[—-]\s*\d+\s*[—-]\s*$|邮编\s*[:：]\s*\d{6}\s*\S*公网安备)"
)
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_NUMBERS_ONLY = re.compile(r"^[\s\d.,%+\-/]*$")
# a non-blank line of only those characters (= is_table_text's third test, in one call)
_NUMBERS_LINE = re.compile(r"\s*[\d.,%+\-/][\s\d.,%+\-/]*").fullmatch


def is_chrome(text: str) -> bool:
    return bool(_CHROME.match(text))


def is_table_text(text: str) -> bool:
    """A line that is (part of) a table exported as text: pipes, tabs, bare numbers."""
    if "|" in text or "\t" in text:
        return True
    stripped = text.strip()
    return bool(stripped) and bool(_NUMBERS_ONLY.match(stripped))


def strip_markup(text: str) -> str:
    """Markdown heading marks, bold, Word bookmarks; spaces at both ends."""
    if "[bookmark" in text:
        text = _BOOKMARK.sub("", text)
    return text.strip().lstrip("#").strip().strip("*").strip()


@dataclass
class Stream:
    """Concatenated text of some paragraph pieces with an offset -> line map."""

    text: str = ""
    starts: list[int] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)
    pages: list[int | None] = field(default_factory=list)
    # per piece: where it starts within its source line (evidence excerpts of long lines)
    cols: list[int] = field(default_factory=list)

    def add(self, piece: str, line: int | None, page: int | None, col: int = 0) -> None:
        self.starts.append(len(self.text))
        self.lines.append(line)
        self.pages.append(page)
        self.cols.append(col)
        self.text += piece

    def where(self, offset: int) -> tuple[int | None, int | None]:
        i = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        if not self.starts:
            return None, None
        return self.lines[i], self.pages[i]

    def column(self, offset: int) -> int | None:
        """The character offset within its source line of the stream's ``offset``."""
        if not self.starts or len(self.cols) != len(self.starts):
            return None
        i = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        return self.cols[i] + offset - self.starts[i]


def stream_of(pieces: list[tuple[Paragraph, int, int]]) -> Stream:
    """Join (paragraph, start, end) pieces: wrapped lines join without a gap, a blank
    line or a table/chrome gap becomes a newline (a hard sentence break)."""
    out = Stream()
    starts, lines, pages, cols, parts = out.starts, out.lines, out.pages, out.cols, []
    size = 0
    for para, start, end in pieces:
        raw = para.text[start:end]
        piece = raw.strip()
        if not piece:
            if size and parts[-1][-1] != "\n":
                piece = "\n"
            else:
                continue
        starts.append(size)
        lines.append(para.line)
        pages.append(para.page)
        cols.append(start + len(raw) - len(raw.lstrip()))
        parts.append(piece)
        size += len(piece)
    out.text = "".join(parts)
    return out


# --------------------------------------------------------------------------- per document

_view: tuple[list, View] | None = None


@dataclass
class View:
    """What sections, meta and claims all read from one Document, computed once: the
    paragraphs, which of them are table text or chrome, and the closing block."""

    paragraphs: list[Paragraph]
    _skip: list[bool] | None = None
    _closing: Closing | None = None

    @property
    def skip(self) -> list[bool]:
        """Per paragraph: table text or web chrome (never narrative)."""
        if self._skip is None:  # is_table_text or is_chrome, inlined (every paragraph)
            num, chrome = _NUMBERS_LINE, _CHROME.match
            self._skip = [
                "|" in t or "\t" in t or num(t) is not None or chrome(t) is not None
                for t in (p.text for p in self.paragraphs)
            ]
        return self._skip

    @property
    def closing(self) -> Closing:
        if self._closing is None:
            self._closing = closing(self.paragraphs)
        return self._closing


def view_of(doc: Document) -> View:
    """The View of ``doc``; kept for the last document (held by its blocks list, so the
    identity check cannot match a recycled id)."""
    global _view
    if _view is not None and _view[0] is doc.blocks:
        return _view[1]
    view = View(doc.paragraphs())
    _view = (doc.blocks, view)
    return view


# --------------------------------------------------------------------------- claims' text

_TABLE_SECTIONS = {"proactive", "applications", "review_litigation"}
# A number of the table flattened into the line: a digit run that no unit follows ("0000000（六）",
# "行政许可10690第二十条", "9116.36 三、", "0 1 1 0 2"); prose numbers carry a unit (75件, 2022年),
# a decimal point or a list comma. A sentence starts after the last one before its end.
_TABLE_NUMBER = re.compile(
    r"\d+(?:\.\d+)?(?![\d.%％、年月日件条个次人份项余万元亿名家类期批篇场轮号届天时起宗\-~至])"
)
_PROSE_END = re.compile(r"[。！？!?]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def prose_spans(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:stop]``, a table section of a one-line dump: each ends
    with 。！？ and starts after the table text before it (its last table number); the
    table text itself, and anything after the last sentence end, is left out."""
    out = []
    begin = start
    for m in _PROSE_END.finditer(text, start, stop):
        end = m.end()
        a = begin
        for t in _TABLE_NUMBER.finditer(text, begin, m.start()):
            a = t.end()
        while a < end and not _CJK.match(text, a) and text[a] not in '“"（(':
            a += 1  # spaces and stray marks between the table text and the sentence
        if len(_CJK.findall(text, a, end)) >= 4:
            out.append((a, end))
        begin = end
    return out


def narrative_streams(view: View, heads: list[Heading]) -> tuple[Stream, Stream]:
    """Pieces of narrative text: (all narrative, the text of section 六 for the fee)."""
    paragraphs, skip = view.paragraphs, view.skip
    end = view.closing.body_end
    by_para: dict[int, list[Heading]] = {}
    for h in heads:
        by_para.setdefault(h.para, []).append(h)
    key = "preamble"
    pieces: list[tuple[Paragraph, int, int]] = []
    fee: list[tuple[Paragraph, int, int]] = []
    for i, para in enumerate(paragraphs[:end]):
        if skip[i]:
            pieces.append((para, 0, 0))  # a hard break where a table sat
            continue
        text = para.text
        here = by_para.get(i)
        if here is None:  # most paragraphs: no heading inside
            if key not in _TABLE_SECTIONS or "。" in text:
                pieces.append((para, 0, len(text)))
            else:
                pieces.append((para, 0, 0))
            if key == "other":
                fee.append((para, 0, len(text)))
            continue
        cuts = [0] + [h.body for h in here] + [len(text)]
        starts = [h.start for h in here]
        keys = [key] + [h.key for h in here]
        for n in range(len(cuts) - 1):
            stop = starts[n] if n < len(starts) else len(text)
            zone = keys[n]
            if zone not in _TABLE_SECTIONS:
                pieces.append((para, cuts[n], stop))
            else:  # a one-line dump: the sentences between the table text only
                pieces.append((para, 0, 0))
                for a, b in prose_spans(text, cuts[n], stop):
                    pieces += [(para, a, b), (para, 0, 0)]
            if zone == "other":
                fee.append((para, cuts[n], stop))
        key = keys[-1]
    if not any(h.key == "other" for h in heads):
        fee = pieces  # no 六 heading: the fee statement may be anywhere
    return stream_of(pieces), stream_of(fee)


# --------------------------------------------------------------------------- closing block

_DATE_ONLY = re.compile(
    r"[(（]?\s*(?:(?:发布|成文|印发)?日期\s*[:：]\s*)?"
    r"(?:\d{4}\s*年?|[〇○零一二三四五六七八九]{4}\s*年)\s*[\d一二三四五六七八九十]{1,2}\s*月"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*日\s*[)）]?"
)
ORG_SUFFIX = re.compile(
    r"(?:人民政府|政府|办公厅|办公室|委员会|管委会|办事处|局|委|办|厅|署|院|所|中心|镇|乡|街道|区|县|市)$"
)


@dataclass(frozen=True)
class Closing:
    body_end: int  # index of the first paragraph after the report body
    date_para: int | None  # index of the signing date paragraph
    signer_para: int | None  # index of the signer (publisher) paragraph before it


def is_date_only(text: str) -> bool:
    return bool(_DATE_ONLY.fullmatch(text.strip()))


def looks_like_org(text: str) -> bool:
    t = re.sub(r"\s+", "", strip_markup(text))
    return (
        2 <= len(t) <= 30
        and not re.search(r"[。,，;；:：!?！？]", t)
        and bool(ORG_SUFFIX.search(t))
    )


def closing(paragraphs: list[Paragraph]) -> Closing:
    """Find trailing web chrome and the signature ("大渡口镇人民政府" / "2020年1月14日")."""
    end = len(paragraphs)
    while end > 0 and (not paragraphs[end - 1].text.strip() or is_chrome(paragraphs[end - 1].text)):
        end -= 1
    # The signature sits in the last few non-blank lines of the body.
    seen = 0
    i = end - 1
    while i >= 0 and seen < 4:
        text = paragraphs[i].text
        if text.strip():
            seen += 1
            if is_date_only(text):
                j = i - 1
                while j >= 0 and not paragraphs[j].text.strip():
                    j -= 1
                signer = j if j >= 0 and looks_like_org(paragraphs[j].text) else None
                return Closing(signer if signer is not None else i, i, signer)
        i -= 1
    return Closing(end, None, None)
