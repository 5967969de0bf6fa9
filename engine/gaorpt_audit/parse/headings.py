"""Locate the six section headings (docs/domain.md §2.2) in the paragraphs.

What makes a heading is its title words, not its numeral: numerals get lost
(baibu-town 五) or repeated (pingqiu-town numbers narrative sub-parts 一..六 before
the real 二..六). Headings are also found inside a line, because some crawler
dumps (reports/fujian) hold the whole body on one line. Among all candidates the
chosen headings are the best-scoring subsequence in the order 一..六, so a
sub-part whose words look like a section ("六、因政府信息公开申请行政复议…" before
the real 二) loses to the in-order sequence. A section left out of that sequence
whose heading is unambiguous (its own numeral, one candidate) was printed out of
order: it is kept at its real position so that SEC006 reports the order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..keys import SECTION_KEYS, SECTION_NUMBERS, SECTION_TITLES
from ..model import Document, Paragraph
from .narrative import is_table_text, strip_markup, view_of

KEYS = SECTION_KEYS
NUMERALS = tuple(SECTION_NUMBERS[k] for k in KEYS)
STANDARD_TITLES = {k: SECTION_TITLES[k][2:] for k in KEYS}  # without "一、"

# Accepted wordings per key (standard first). Kept narrow on purpose: "一、政府信息主动
# 公开情况" or "五、依申请公开情况" are narrative sub-parts, not the sections.
_TITLE_ALTS = {
    "overview": r"(?:\d{4}\s*年度?)?(?:工作完成|工作)?总体情况|总体概况|概述",
    "proactive": r"主动公开政府信息(?:的)?情况|主动公开政府信息",
    "applications": r"收到和处理政府信息公开申请(?:的)?情况|收到和处理政府信息公开申请",
    "review_litigation": (
        r"(?:因)?(?:政府信息公开(?:工作)?)?(?:被)?(?:申请)?行政法?复议"
        r"(?:、|和|及|与)?(?:提起)?行政诉讼(?:的)?情况"
    ),
    "problems": (
        r"(?:政府信息公开工作)?存在的?主要?问题(?:及|和|与)(?:其)?(?:改进|整改)(?:情况|措施)?"
    ),
    "other": r"其他需要报告的?事项",
}
_ALTS = "|".join(f"(?P<{k}>{v})" for k, v in _TITLE_ALTS.items())
# Numbered heading anywhere in a line ("…。一、总体情况2019年，…").
_NUMBERED = re.compile(rf"(?P<num>[一二三四五六])\s*[、,.]\s*(?:{_ALTS})")
# A whole line that is only a title, numeral lost ("存在的主要问题及改进情况").
_BARE = re.compile(rf"(?:第[一二三四五六]部分\s*)?(?:{_ALTS})\s*[。:：]?")


# Every accepted title contains one of these: a cheap filter before the full patterns.
_HINT = re.compile(r"情况|事项|概述|概况|措施|改进|整改|主动公开政府信息|收到和处理")


@dataclass(frozen=True)
class Heading:
    key: str
    number: str | None
    title: str
    para: int  # index into the paragraph list
    start: int  # offset of the heading (numeral) in the paragraph text
    body: int  # offset just after the title
    line: int
    page: int | None
    standalone: bool  # the heading is the whole line
    variant: bool
    # recognised from its sub-headings: its own heading line was not printed (lost in a
    # PDF -> text conversion); ``title`` is then empty and ``start == body`` is where the
    # first sub-heading begins, so that the sub-heading is part of the section's text
    inferred: bool = False

    @property
    def order(self) -> int:
        return KEYS.index(self.key)

    @property
    def score(self) -> int:
        s = 10
        if self.standalone:
            s += 4
        if self.number is not None:
            s += 3 if self.number == NUMERALS[self.order] else -6
        if not self.variant:
            s += 1
        return s


def _key_of(m: re.Match[str]) -> str:
    return next(k for k in KEYS if m.group(k) is not None)


def _hinted(paragraphs: list[Paragraph]) -> list[int]:
    """Indices of the paragraphs holding a _HINT word: one search over the joined text
    (hints never contain a newline) instead of one per paragraph."""
    joined = "\n".join([p.text for p in paragraphs])
    if joined.count("\n") != len(paragraphs) - 1:  # a paragraph holding a newline
        return [i for i, p in enumerate(paragraphs) if _HINT.search(p.text)]
    out: list[int] = []
    i = pos = 0
    while (m := _HINT.search(joined, pos)) is not None:
        i += joined.count("\n", pos, m.start())
        out.append(i)
        pos = joined.find("\n", m.end()) + 1
        if pos == 0:
            break  # the last paragraph
        i += 1
    return out


def candidates(paragraphs: list[Paragraph]) -> list[Heading]:
    found: list[Heading] = []
    for i in _hinted(paragraphs):
        para = paragraphs[i]
        text = para.text
        if is_table_text(text):
            continue  # headings inside table rows are not headings
        numbered = False
        for m in _NUMBERED.finditer(text):
            numbered = True
            key = _key_of(m)
            title = re.sub(r"\s+", "", m.group(key))
            before = strip_markup(text[: m.start()])
            after = text[m.end() :].strip().strip("。:：").strip()
            found.append(
                Heading(
                    key,
                    m.group("num"),
                    title,
                    i,
                    m.start(),
                    m.end(),
                    para.line,
                    para.page,
                    standalone=not before and not after,
                    variant=title != STANDARD_TITLES[key],
                )
            )
        if not numbered:
            lead = len(text) - len(text.lstrip(" #*\u3000"))
            core = strip_markup(text)
            m = _BARE.fullmatch(core)
            if m:
                key = _key_of(m)
                title = re.sub(r"\s+", "", m.group(key))
                start = text.find(core[:1], lead) if core else lead
                found.append(
                    Heading(
                        key,
                        None,
                        title,
                        i,
                        start,
                        len(text.rstrip()),
                        para.line,
                        para.page,
                        standalone=True,
                        variant=title != STANDARD_TITLES[key],
                    )
                )
    found.sort(key=lambda h: (h.para, h.start))
    return found


def choose(found: list[Heading]) -> list[Heading]:
    """Best-scoring subsequence with strictly increasing section order (ties: earliest)."""
    if not found:
        return []
    order = [h.order for h in found]
    score = [h.score for h in found]
    best: list[int] = []
    prev: list[int] = []
    for i in range(len(found)):
        o, sc = order[i], score[i]
        b, p = sc, -1
        for j in range(i):
            if order[j] < o and best[j] + sc > b:
                b, p = best[j] + sc, j
        best.append(b)
        prev.append(p)
    i = max(range(len(found)), key=lambda k: (best[k], -k))
    chosen: list[Heading] = []
    while i >= 0:
        chosen.append(found[i])
        i = prev[i]
    return chosen[::-1]


def misplaced(found: list[Heading], chosen: list[Heading]) -> list[Heading]:
    """Headings printed out of order (N-HEAD): a section missing from the in-order choice
    whose heading is still clearly recognisable — numbered with its own numeral (四、 for
    the review/litigation section) and the only such candidate. A sub-part with a foreign
    numeral (pingqiu-town's "六、因政府信息公开申请行政复议…") or a bare title line is not."""
    have = {h.key for h in chosen}
    by_key: dict[str, list[Heading]] = {}
    for h in found:
        if h.key not in have and h.number == NUMERALS[h.order]:
            by_key.setdefault(h.key, []).append(h)
    return [hs[0] for hs in by_key.values() if len(hs) == 1]


# Sub-headings that open section 五 ("（一）2024年工作中存在问题的改进情况", "（一）主要问题",
# "（二）改进情况"): numbered like the sub-parts of a section, naming problems or their fixes.
_SUB_NUMBER = re.compile(r"(?:[（(][一二三四五六七八九十]{1,2}[)）]|\d{1,2}[、.．])")
_PROBLEMS_SUB = re.compile(
    r"(?:问题|不足)[^。]*?(?:改进|整改)|(?:存在的?|主要)(?:主要)?(?:问题|不足)"
    r"|(?:改进|整改)(?:情况|措施)"
)
_SUB_MAX_CHARS = 40  # a sub-heading line, not a sentence


def problems_sub_heading(text: str) -> int | None:
    """Where a sub-heading of section 五 starts in ``text`` (the whole line is one), or
    None."""
    if is_table_text(text):
        return None
    core = re.sub(r"\s+", "", strip_markup(text))
    if not core or len(core) > _SUB_MAX_CHARS or "。" in core.rstrip("。"):
        return None
    m = _SUB_NUMBER.match(core)
    if m is None or not _PROBLEMS_SUB.search(core, m.end()):
        return None
    return text.find(core[0])


def headless_problems(paragraphs: list[Paragraph], chosen: list[Heading]) -> Heading | None:
    """Section 五 recognised from its sub-headings when its own heading is missing.

    Searched only between the last heading of 一..四 and the next heading after 五 (六),
    outside table rows; the section starts at its first sub-heading.
    """
    if not chosen or any(h.key == "problems" for h in chosen):
        return None
    before = [h for h in chosen if h.order < KEYS.index("problems")]
    after = [h for h in chosen if h.order > KEYS.index("problems")]
    if not before:
        return None
    lo = max(h.para for h in before) + 1
    hi = min((h.para for h in after), default=len(paragraphs))
    for i in range(lo, hi):
        para = paragraphs[i]
        at = problems_sub_heading(para.text)
        if at is None:
            continue
        return _inferred("problems", i, para, at)
    return None


def _inferred(key: str, index: int, para: Paragraph, at: int) -> Heading:
    """A section whose heading line was not printed, starting at ``at`` of paragraph
    ``index`` (no title: the text from there on is the section's)."""
    return Heading(
        key, None, "", index, at, at, para.line, para.page,
        standalone=True, variant=False, inferred=True,
    )  # fmt: skip


# Paragraphs before section 一 that are not its content: the title, the preamble that cites
# the 条例 or lists what the report contains, and the 统计期限 / 电子版 notes.
_FRONT_MATTER = re.compile(
    r"^(?:根据|按照|依据|依照|本报告|本年度报告|现公布|现将)|以下简称|年度报告(?:格式)?$|统计期限|电子版"
)
_OVERVIEW_MIN_CHARS = 80  # prose enough to be a section, not a stray line
_CJK = re.compile(r"[\u4e00-\u9fff]")


def headless_overview(paragraphs: list[Paragraph], chosen: list[Heading]) -> Heading | None:
    """Section 一 recognised from its place when its heading is missing: prose between the
    front matter and the heading of 二 (平秋镇 2020: the overview's own sub-parts numbered
    一、…六、, no 一、总体情况 line). It starts at the first paragraph that is not front
    matter, and only when 二 is the first heading found."""
    if not chosen or chosen[0].key != "proactive":
        return None
    body = [
        i
        for i in range(chosen[0].para)
        if (t := strip_markup(paragraphs[i].text).strip())
        and not _FRONT_MATTER.search(t)
        and not is_table_text(t)
    ]
    chars = sum(len(_CJK.findall(paragraphs[i].text)) for i in body)
    if not body or chars < _OVERVIEW_MIN_CHARS:
        return None
    para = paragraphs[body[0]]
    return _inferred("overview", body[0], para, len(para.text) - len(para.text.lstrip()))


def locate(paragraphs: list[Paragraph]) -> list[Heading]:
    """The section headings in the order printed (a misplaced one at its real position),
    and section 五 recognised from its sub-headings when its heading was lost."""
    found = candidates(paragraphs)
    chosen = choose(found)
    extra = misplaced(found, chosen)
    headless = headless_problems(paragraphs, chosen)
    if headless is not None and not any(h.key == "problems" for h in extra):
        extra.append(headless)
    overview = headless_overview(paragraphs, chosen)
    if overview is not None and not any(h.key == "overview" for h in extra):
        extra.append(overview)
    if extra:
        chosen = sorted(chosen + extra, key=lambda h: (h.para, h.start))
    return chosen


# sections and claims both need the headings of the same Document: keep the last result,
# holding a reference to the blocks list so that an identity check is safe.
_last: tuple[list, list[Heading]] | None = None


def locate_doc(doc: Document) -> list[Heading]:
    global _last
    if _last is not None and _last[0] is doc.blocks:
        return _last[1]
    heads = locate(view_of(doc).paragraphs)
    _last = (doc.blocks, heads)
    return heads
