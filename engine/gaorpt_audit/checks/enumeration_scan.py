"""What the `enumeration` kind reads from a report: numbered lists inside the sections and
the numerals of the six section headings (docs/domain.md §2.2, §3.4 N-HEAD).

Called when the facts are built (facts.py, ``FactPlan.derived``), never when a match is
explained. Conservative by design: a finding must be one a person would defend.

Lists. Markers of one style (一是, （一）, 一、 at a paragraph start, 1. / 1、, （1）, ①) are
read in order per section, outside table text (tab or pipe lines, the span of a table's
cells) and outside references (第（一）项, 统一是, 1.5, 1、2月). Styles nest like an outline:
an item of a style already open closes the deeper ones, so a list restarts after a
sub-heading. A sequence is broken when a marker repeats (三是 三是) or a number is skipped
(一是 三是); a return to the first number (or back to a smaller one) starts a new list. A
skip counts only when the skipped marker is nowhere in the text between, in any form;
a repeat only when no first marker (一是) stands between. A list need not start at 1.

Headings. Each printed heading of the six sections must carry its own numeral: a lost
numeral (Section.number None), a wrong one (三、 on section 二), or a numeral another
first-level line also prints (a paragraph beginning 二、 outside the tables, or a heading
the parser left out of the in-order choice, e.g. pingqiu-town's "六、因政府信息公开申请
行政复议…") is a problem. A heading recognised from its sub-headings only is SEC007's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from ..keys import SECTION_NUMBERS
from ..parse.headings import candidates
from ..parse.narrative import is_table_text, strip_markup

if TYPE_CHECKING:
    from ..model import Report, Section

STYLES = ("shi", "cn_paren", "cn", "arabic", "arabic_paren", "circled")
_CN = "一二三四五六七八九"
_NUM = f"[{_CN}]?十[{_CN}]?|[{_CN}]"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_NOT_REF = "(?![项款目条章节])"
# "一是" after these is a word (统一是, 之一是, 第一是, 星期一是), not a list marker
_SHI_WORD = "第之统唯惟万同单划专逐归合纯均某星周其再不十" + _CN
_ITEM = {
    "shi": re.compile(rf"(?<![{_SHI_WORD}])(?P<n>{_NUM})是(?!否)"),
    "cn_paren": re.compile(rf"(?<!第)[（(](?P<n>{_NUM})[)）]{_NOT_REF}"),
    "arabic": re.compile(r"(?<![\d.．第A-Za-z/\\~～-])(?P<n>\d{1,2})[.．、](?![\d%])"),
    "arabic_paren": re.compile(rf"(?<!第)[（(](?P<n>\d{{1,2}})[)）]{_NOT_REF}"),
    "circled": re.compile(f"(?P<n>[{_CIRCLED}])"),
}
# what a line must hold for a style's marker to be in it: a quick test that spares the
# full patterns (their look-behinds are tried at every position) on most lines
_NEEDS = {
    "shi": re.compile("是"),
    "cn_paren": re.compile("[（(]"),
    "arabic": re.compile(r"\d[.．、]"),
    "arabic_paren": re.compile(r"[（(]\d"),
    "circled": _ITEM["circled"],
}
# 一、 at the start of a paragraph (not 一、二级 or 一、2月)
_FIRST_LEVEL = re.compile(rf"(?P<n>{_NUM})\s*、(?!\s*(?:{_NUM}|\d))")
# a table 三 row label printed outside the table ("二、上年结转政府信息公开申请数量")
_TABLE_LABEL = re.compile(r"本年度?新收|上年结转|本年度?办理结果|结转下年度")
_MARKUP = " \t#*\u3000>-•"


class _Line(NamedTuple):
    """A line of the report as headings.candidates reads a Paragraph: a plain tuple, since
    validating a model per line (its whole text copied) cost more than the scan itself."""

    text: str
    line: int
    page: int | None = None


def cn_value(s: str) -> int:
    if "十" not in s:
        return _CN.index(s) + 1
    tens, _, ones = s.partition("十")
    return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(ones) + 1 if ones else 0)


def cn_numeral(v: int) -> str:
    if v < 10:
        return _CN[v - 1]
    tens, ones = divmod(v, 10)
    return (_CN[tens - 1] if tens > 1 else "") + "十" + (_CN[ones - 1] if ones else "")


def _value(style: str, n: str) -> int:
    if style in ("shi", "cn_paren", "cn"):
        return cn_value(n)
    return _CIRCLED.index(n) + 1 if style == "circled" else int(n)


def marker(style: str, v: int, like: str) -> str:
    """Marker ``v`` of ``style`` printed the way ``like`` (a marker of the list) is."""
    if style == "circled":
        return _CIRCLED[v - 1]
    n = str(v) if style.startswith("arabic") else cn_numeral(v)
    if style == "shi":
        return f"{n}是"
    if style == "cn":
        return f"{n}、"
    if style.endswith("paren"):
        return ("（" if like.startswith("（") else "(") + n + ("）" if like.endswith("）") else ")")
    return n + like[-1]  # arabic: 1. 1． 1、


def _loose(style: str, v: int) -> re.Pattern[str]:
    """Marker ``v`` in any form, references, words and a marker hard-wrapped over two lines:
    (一 at a line end, 是 on the next) included: is it printed at all?"""
    if style == "circled":
        return re.compile(re.escape(_CIRCLED[v - 1]) if v <= len(_CIRCLED) else "(?!)")
    n = re.escape(str(v) if style.startswith("arabic") else cn_numeral(v))
    return re.compile(
        {
            "shi": f"{n}\\s*是",
            "cn": f"{n}\\s*、",
            "cn_paren": f"[（(]\\s*{n}\\s*[)）]",
            "arabic_paren": f"[（(]\\s*{n}\\s*[)）]",
            "arabic": f"(?<!\\d){n}\\s*[.．、]",
        }[style]
    )


@dataclass(frozen=True)
class Item:
    marker: str  # as printed: 三是, （二）, 2.
    value: int
    pos: int  # offset in the section text
    line: int | None
    offset: int | None  # within the source line


@dataclass(frozen=True)
class Sequence:
    """One numbered list of a section that is broken (a repeat or a skip)."""

    section: str  # section key
    style: str
    ordinal: int  # nth list of this style in the section, from 0 (logical location)
    items: tuple[Item, ...]
    repeated: tuple[str, ...]  # markers printed twice
    missing: tuple[str, ...]  # markers skipped
    at: int  # index in ``items`` of the first item where the list breaks


# --------------------------------------------------------------------------- lists


def _body_lines(sec: Section, line_text: dict[int, str]) -> list[tuple[str, int, int | None, int]]:
    """(text, offset in the section text, source line, offset in that line) of each line
    of the section's body. Source lines are found forward from the heading; a compact
    report without source text gets the heading's line."""
    out = []
    lines = [n for n in sorted(line_text) if n >= sec.line]
    k, pos = 0, 0
    for text in sec.text.split("\n"):
        found = None
        for j in range(k, min(k + 200, len(lines))):
            src = line_text[lines[j]]
            at = src.find(text, (sec.offset or 0) if lines[j] == sec.line else 0)
            if text and at >= 0:
                found = (lines[j], at)
                k = j + 1
                break
        line, off = found if found else (sec.line if not lines else None, None)
        out.append((text, pos, line, off))
        pos += len(text) + 1
    return out


Spans = list[tuple[tuple[int, int], tuple[int, int]]]


def table_spans(report: Report) -> Spans:
    """(first, last) (line, offset) of the cells of each table: text inside is table text."""
    spans = []
    for table in report.tables.values():
        at = [(c.line, c.offset or 0) for cols in table.rows.values() for c in cols.values()]
        at = [(line, off) for line, off in at if line is not None]
        if at:
            spans.append((min(at), max(at)))
    return spans


def _items(
    sec: Section, report: Report, styles: tuple[str, ...], spans: Spans | None
) -> list[tuple[str, Item]]:
    spans = table_spans(report) if spans is None else spans
    found: list[tuple[str, Item]] = []
    for text, pos, line, off in _body_lines(sec, report.line_text):
        if not text.strip() or is_table_text(text):
            continue
        matches = [
            (st, m)
            for st in styles
            if st in _ITEM and _NEEDS[st].search(text)
            for m in _ITEM[st].finditer(text)
        ]
        lead = len(text) - len(text.lstrip(_MARKUP))
        before = (
            report.line_text.get(line, "")[:off] if line is not None and off is not None else ""
        )
        paragraph = not strip_markup(before) if off is not None else pos > 0
        if "cn" in styles and paragraph and (m := _FIRST_LEVEL.match(text, lead)):
            matches.append(("cn", m))
        for style, m in matches:
            where = off + m.start() if off is not None else None
            if (
                line is not None
                and where is not None
                and any(a <= (line, where) <= z for a, z in spans)
            ):
                continue  # inside a table
            if _TABLE_LABEL.match(text, m.end()):
                continue  # a table row label: 一、本年新收…
            value = _value(style, m.group("n"))
            found.append((style, Item(m.group(0).strip(), value, pos + m.start(), line, where)))
    found.sort(key=lambda si: si[1].pos)
    return found


@dataclass
class _Open:
    """A list being read: its items so far and its problems."""

    style: str
    items: list[Item]
    repeated: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    at: int = -1  # index of the first item where it breaks

    def add(self, item: Item, gap: str) -> None:
        prev = self.items[-1]
        skipped = range(prev.value + 1, item.value)
        if item.value == prev.value:
            if item.marker not in self.repeated:
                self.repeated.append(item.marker)
        elif skipped and not any(_loose(self.style, v).search(gap) for v in skipped):
            self.missing.extend(marker(self.style, v, prev.marker) for v in skipped)
        if (self.repeated or self.missing) and self.at < 0:
            self.at = len(self.items)
        self.items.append(item)


def broken_lists(
    sec: Section, report: Report, styles: tuple[str, ...], spans: Spans | None = None
) -> list[Sequence]:
    """The broken numbered lists of one section, in the order they start (``spans``: the
    report's table_spans, when the caller has them already)."""
    stack: list[_Open] = []  # the lists open, outermost first
    done: list[_Open] = []

    def close(depth: int) -> None:
        while len(stack) > depth:
            done.append(stack.pop())

    for style, item in _items(sec, report, styles, spans):
        depth = next((i for i, o in enumerate(stack) if o.style == style), None)
        if depth is None:  # a new, deeper list
            stack.append(_Open(style, [item]))
            continue
        close(depth + 1)  # an item of an open list closes the lists inside it
        prev = stack[-1].items[-1]
        gap = sec.text[prev.pos + len(prev.marker) : item.pos]
        first = _loose(style, 1).search(gap) is not None
        if item.value == 1 or item.value < prev.value or (item.value == prev.value and first):
            close(depth)  # back to the first (or a smaller) number: a new list
            stack.append(_Open(style, [item]))
        else:
            stack[-1].add(item, gap)
    close(0)
    out: list[Sequence] = []
    ordinals: dict[str, int] = {}
    for o in sorted(done, key=lambda o: o.items[0].pos):
        n = ordinals[o.style] = ordinals.get(o.style, -1) + 1
        if o.at >= 0:
            items, rep, miss = tuple(o.items), tuple(o.repeated), tuple(o.missing)
            out.append(Sequence(sec.key, o.style, n, items, rep, miss, o.at))
    return out


# --------------------------------------------------------------------------- headings


@dataclass(frozen=True)
class HeadingNumber:
    """A section heading printed without its own numeral, or with one printed twice."""

    section: str  # section key
    heading: str  # as printed: 一、主动公开政府信息情况 / 存在的主要问题及改进情况
    line: int
    offset: int | None
    problem: str  # lost | wrong | repeated
    other: str = ""  # repeated: the other first-level line (its start)
    other_line: int | None = None
    # merged: the further headings with the same problem (one root cause, one finding)
    also: tuple[HeadingNumber, ...] = ()


def merge_repeats(found: list[HeadingNumber]) -> list[HeadingNumber]:
    """Several headings with one problem are one defect: repeated by one other numbered
    outline (the overview numbered 一、至六、 like the report: 平秋镇 2020) or all numbered
    wrong (the appended parts counted from 一、: 上海市科委 2024). One HeadingNumber for the
    first of them, the rest in ``also``."""
    out = list(found)
    for problem in ("repeated", "wrong"):
        same = [h for h in out if h.problem == problem]
        if len(same) < 2:
            continue
        merged = HeadingNumber(**{**same[0].__dict__, "also": tuple(same[1:])})
        out = [merged if h is same[0] else h for h in out if h not in same[1:]]
    return out


def _first_level(
    report: Report, heads: list[Section], spans: Spans | None
) -> list[tuple[int, int, str]]:
    """(numeral value, line, its text) of every first-level line that is not one of the
    section headings: paragraphs beginning 二、 outside the tables, and headings the parser
    found but did not choose."""
    spans = table_spans(report) if spans is None else spans
    chosen = {(s.line, s.offset or 0) for s in heads}
    paragraphs = [_Line(t, n) for n, t in sorted(report.line_text.items())]
    out: dict[tuple[int, int], tuple[int, int, str]] = {}
    for p in paragraphs:
        if is_table_text(p.text) or any(a[0] <= p.line <= z[0] for a, z in spans):
            continue
        lead = len(p.text) - len(p.text.lstrip(_MARKUP))
        m = _FIRST_LEVEL.match(p.text, lead)
        if m and (p.line, lead) not in chosen and not _TABLE_LABEL.match(p.text, m.end()):
            out[(p.line, lead)] = (cn_value(m.group("n")), p.line, p.text[lead:])
    for h in candidates(paragraphs):  # type: ignore[arg-type]  # reads text, line, page
        if h.number and (h.line, h.start) not in chosen:
            quote = report.line_text.get(h.line, "")[h.start :]
            out.setdefault((h.line, h.start), (cn_value(h.number), h.line, quote))
    return [out[k] for k in sorted(out)]


def _quote(text: str) -> str:
    """The heading part of a first-level line: up to the first sentence mark, 30 chars."""
    head = re.split(r"[。；;：:，,]", strip_markup(text), maxsplit=1)[0]
    return head if len(head) <= 30 else head[:30] + "…"


def heading_numbers(
    report: Report, keys: tuple[str, ...], spans: Spans | None = None
) -> list[HeadingNumber]:
    heads = [s for s in report.sections if not s.heading_missing]
    others = _first_level(report, heads, spans)
    out = []
    for sec in heads:
        if sec.key not in keys:
            continue
        own = SECTION_NUMBERS[sec.key]
        printed = f"{sec.number}、{sec.title}" if sec.number else sec.title
        if sec.number != own:
            problem = "wrong" if sec.number else "lost"
            out.append(HeadingNumber(sec.key, printed, sec.line, sec.offset, problem))
            continue
        clash = next((o for o in others if o[0] == cn_value(own)), None)
        if clash is not None:
            _, line, text = clash
            out.append(
                HeadingNumber(
                    sec.key, printed, sec.line, sec.offset, "repeated", _quote(text), line
                )
            )
    return out
