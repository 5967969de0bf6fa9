"""One 整改通知: heading, salutation, the report audited, the numbered items, the
could-not-check list, the deadline, contact, signature and date."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import ReportResult
from . import docx_doc as W
from .items import Item, RuleFacts, build_items, split_findings, where_text
from .settings import NoticeSettings
from .templates import Template


@dataclass
class Facts:
    """The office's facts as printed: given values, or the template's placeholder."""

    settings: NoticeSettings
    template: Template
    missing: set[str] = field(default_factory=set)
    placeholders: set[str] = field(default_factory=set)  # as printed, highlighted

    def get(self, name: str, n: int | None = None) -> str:
        value = (getattr(self.settings, name) or "").strip()
        if not value:
            self.missing.add(name)
            shown = self.template.placeholder(name)
            self.placeholders.add(shown)
            return shown
        if name in ("doc_number", "bulletin_number") and n is not None:
            return value.replace("{n}", str(n))  # the only slot of a document number
        return value


@dataclass(frozen=True)
class Notice:
    result: ReportResult
    items: list[Item]
    unchecked: list[Item]
    document: Any  # docx.Document


def publisher_of(result: ReportResult) -> str:
    return result.publisher or result.path


def build_notice(
    result: ReportResult,
    n: int,
    rules: dict[str, RuleFacts],
    template: Template,
    facts: Facts,
    min_severity: str,
) -> Notice:
    t = template
    defects, unreadable = split_findings(result, rules, min_severity)
    items = build_items(defects, rules, t, result.year)
    unchecked = build_items(unreadable, rules, t, result.year)
    office = facts.get("office")
    year = str(result.year) if result.year else t.raw("values", "missing")
    slots = {"publisher": publisher_of(result), "year": year, "office": office}
    title = t.text("document", "title", **slots)
    doc = W.new_document(t, title, facts.settings.office)
    say = functools.partial(W.para, doc, marks=facts.placeholders)
    say(t.text("document", "doc_number", doc_number=facts.get("doc_number", n)), align="center")
    W.title(doc, title)
    heads = W.Headings(doc, t)
    say(t.text("document", "salutation", **slots))
    say(t.text("document", "intro", **slots))

    heads.add("report_heading")
    report_title = result.title or t.raw("values", "untitled")
    say(t.text("document", "report_title", title=report_title))
    say(t.text("document", "report_year", year=year))
    say(t.text("document", "report_file", file=result.path))

    heads.add("items_heading")
    if items:
        severity = t.raw("severity", min_severity)
        say(t.text("document", "items_count", count=len(items), min_severity=severity))
    else:
        say(t.text("document", "no_items"))
    for item in items:
        _item(doc, item, t)

    if unchecked:
        heads.add("unchecked_heading")
        say(t.text("document", "unchecked_intro"))
        for item in unchecked:
            text = t.text("item", "unchecked", n=item.n, message=item.what, where=item.where)
            say(text, style=W.DETAIL_STYLE)

    heads.add("closing_heading")
    say(t.text("document", "deadline", deadline=facts.get("deadline"), office=office))
    say(t.text("document", "contact", contact=facts.get("contact")))
    say(t.text("document", "signature", office=office), align="right")
    say(t.text("document", "date", date=facts.get("date")), align="right")
    return Notice(result, items, unchecked, doc)


def _item(doc: Any, item: Item, t: Template) -> None:
    W.para(
        doc,
        t.text("item", "number", n=item.n) + t.text("item", "what", message=item.what),
        style=W.ITEM_STYLE,
    )
    lines = [t.text("item", "where", where=item.where)]
    lines.append(t.text("item", "severity", severity=t.raw("severity", item.finding.severity)))
    if item.compared:
        lines.append(t.text("item", "expected_actual", expected=item.expected, actual=item.actual))
    if item.evidence:
        lines.append(t.text("item", "evidence", evidence=item.evidence))
    if item.basis:
        lines.append(t.text("item", "basis", basis=item.basis))
    lines.append(t.text("item", "correction", correction=item.correction))
    for line in lines:
        W.para(doc, line, style=W.DETAIL_STYLE)


MAX_PUBLISHER = 40  # characters: 40 CJK characters are 120 bytes of UTF-8
_UNSAFE = str.maketrans({c: "_" for c in '/\\:*?"<>|\0'})


def file_name(result: ReportResult, template: Template, taken: set[str]) -> str:
    """The notice's file name from the template, made safe and unique among ``taken``."""
    year = str(result.year) if result.year else "unknown"
    publisher = publisher_of(result)[:MAX_PUBLISHER]  # a file name is at most 255 bytes
    name = template.text("document", "filename", publisher=publisher, year=year)
    name = W.clean(name).translate(_UNSAFE).strip(". ") or "notice.docx"
    stem, suffix = name.removesuffix(".docx"), ".docx"
    out, k = stem + suffix, 2
    while out in taken:
        out, k = f"{stem}-{k}{suffix}", k + 1
    taken.add(out)
    return out


def write_notice(notice: Notice, folder: Path, name: str) -> Path:
    path = folder / name
    W.save(notice.document, path)
    return path


__all__ = ["Facts", "Notice", "build_notice", "file_name", "publisher_of", "where_text"]
