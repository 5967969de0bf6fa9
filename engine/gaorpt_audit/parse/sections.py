"""The six section headings (docs/domain.md §2.2), tolerant of variants and lost numerals."""

from __future__ import annotations

import re

from ..model import Document, ParseIssue, Report, Section
from .headings import KEYS, NUMERALS, STANDARD_TITLES, Heading, locate_doc
from .narrative import strip_markup, view_of


def find_sections(doc: Document, report: Report) -> None:
    """Fill ``report.sections`` (each with its body text) and report missing headings."""
    view = view_of(doc)
    paragraphs = view.paragraphs
    heads = locate_doc(doc)
    body_end = view.closing.body_end
    for n, head in enumerate(heads):
        nxt = heads[n + 1] if n + 1 < len(heads) else None
        report.sections.append(
            Section(
                number=head.number,
                key=head.key,  # type: ignore[arg-type]
                title=head.title,
                line=head.line,
                page=head.page,
                text=_body(paragraphs, head, nxt, body_end),
                variant=head.variant,
                offset=head.start,
                heading_missing=head.inferred,
            )
        )
    printed = {h.key for h in heads if not h.inferred}
    inferred = {h.key: h for h in heads if h.inferred}
    for key, numeral in zip(KEYS, NUMERALS, strict=True):
        if key in inferred:
            # the section is there, its heading is not: keep the lost heading on record
            head = inferred[key]
            report.parse_issues.append(
                ParseIssue(
                    code="heading_missing",
                    section=numeral,
                    line=head.line,
                    page=head.page,
                    offset=head.start,
                    message=f"没有找到第{numeral}部分“{numeral}、{STANDARD_TITLES[key]}”的标题；"
                    f"其内容是从第 {head.line} 行起{_HOW[key]}认出的",
                )
            )
        elif key not in printed:
            report.parse_issues.append(
                ParseIssue(
                    code="section_missing",
                    section=numeral,
                    message=f"没有找到第{numeral}部分“{numeral}、{STANDARD_TITLES[key]}”的标题",
                )
            )


# how parse/headings.py recognises a section whose heading was not printed
_HOW = {"overview": "按其位置（标题、前言之后，第二部分之前）", "problems": "的小标题"}


def _body(paragraphs, head: Heading, nxt: Heading | None, body_end: int) -> str:
    """Text from the end of ``head``'s title to the start of ``nxt`` (or the report end)."""
    if nxt is not None and nxt.para == head.para:
        return _clean(paragraphs[head.para].text[head.body : nxt.start])
    parts = [paragraphs[head.para].text[head.body :]]
    stop = nxt.para if nxt is not None else max(body_end, head.para + 1)
    parts += [p.text for p in paragraphs[head.para + 1 : stop]]
    if nxt is not None:
        parts.append(strip_markup(paragraphs[nxt.para].text[: nxt.start]))
    return _clean("\n".join(parts))


_CHROME_WORDS = ("附件下载", "打印本页", "关闭窗口")
_TRAILING_CHROME = re.compile(r"\s*(?:附件下载|打印本页|关闭窗口)\s*$")


def _clean(text: str) -> str:
    if text.rstrip().endswith(_CHROME_WORDS):  # the regex alone is slow on long bodies
        text = _TRAILING_CHROME.sub("", text)
    lines = [line.rstrip() for line in text.strip().lstrip("。:：,，").splitlines()]
    return "\n".join(lines).strip()
