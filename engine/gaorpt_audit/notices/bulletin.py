"""The region's 通报: the ranking (rank.build_league, not recomputed), the grade
distribution, the most frequent problems with one quoted example each, and the publishers
whose report could not be read or was not found."""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..model import Finding, ReportResult
from ..publishers import publisher_keys
from ..rank import LeagueRow
from . import docx_doc as W
from .items import RuleFacts, where_text
from .notice import Facts, publisher_of
from .templates import Template

UNREADABLE_RULE = "PRS001"  # the file could not be read at all


@dataclass(frozen=True)
class Problem:
    rule: str
    summary: str
    publishers: int
    count: int
    example: tuple[str, Finding]  # (publisher, finding)


@dataclass(frozen=True)
class Bulletin:
    rows: list[LeagueRow]
    grades: list[tuple[str, int]]
    problems: list[Problem]
    unread: list[tuple[str, str]]  # (publisher, reason)
    document: Any


def grade_counts(rows: list[LeagueRow], grades: list[str]) -> list[tuple[str, int]]:
    counts = Counter(r.grade for r in rows)
    order = [*grades, *sorted(g for g in counts if g not in grades)]
    return [(g, counts[g]) for g in order]


def frequent_problems(
    reports: list[ReportResult], rules: dict[str, RuleFacts], limit: int
) -> list[Problem]:
    """Defect rules by publishers affected, then findings, then code (waived left out)."""
    who: dict[str, set[str]] = {}
    count: Counter[str] = Counter()
    first: dict[str, tuple[str, Finding]] = {}
    for r in reports:  # in ranking order: the example is the first ranked publisher's
        for f in r.findings:
            facts = rules.get(f.rule)
            if f.waived or (facts is not None and not facts.defect):
                continue
            who.setdefault(f.rule, set()).add(publisher_of(r))
            count[f.rule] += 1
            first.setdefault(f.rule, (publisher_of(r), f))
    order = sorted(who, key=lambda c: (-len(who[c]), -count[c], c))[:limit]
    return [
        Problem(
            rule=c,
            summary=rules[c].summary if c in rules else first[c][1].name,
            publishers=len(who[c]),
            count=count[c],
            example=first[c],
        )
        for c in order
    ]


def unread_publishers(
    reports: list[ReportResult], expected: list[str], template: Template
) -> list[tuple[str, str]]:
    out = []
    for r in reports:
        bad = [f for f in r.findings if f.rule == UNREADABLE_RULE]
        if bad:
            reason = template.text("document", "unread_file", message=bad[0].message)
            out.append((publisher_of(r), reason))
    keys = publisher_keys([*expected, *(publisher_of(r) for r in reports)])
    found = {keys[publisher_of(r)] for r in reports}
    for name in expected:
        if keys[name] not in found:
            out.append((name, template.raw("document", "unpublished")))
    return out


def build_bulletin(
    rows: list[LeagueRow],
    reports: list[ReportResult],
    year: int | None,
    grades: list[str],
    rules: dict[str, RuleFacts],
    template: Template,
    facts: Facts,
) -> Bulletin:
    t = template
    by_path = {r.path: r for r in reports}
    ranked = [by_path[row.path] for row in rows]
    limit = int(t.raw("limits", "problems"))
    problems = frequent_problems(ranked, rules, limit)
    unread = unread_publishers(ranked, facts.settings.publishers, t)
    counts = grade_counts(rows, grades)
    office = facts.get("office")
    scope = (
        t.text("document", "scope_year", year=year) if year else t.raw("document", "scope_latest")
    )
    title = t.text("document", "title", scope=scope)
    doc = W.new_document(t, title, facts.settings.office)
    say = functools.partial(W.para, doc, marks=facts.placeholders)
    W.para(
        doc,
        t.text("document", "doc_number", doc_number=facts.get("bulletin_number")),
        align="center",
    )
    W.title(doc, title)
    heads = W.Headings(doc, t)
    say(t.text("document", "intro", office=office, count=len(rows), scope=scope))

    heads.add("ranking_heading")
    unknown = t.raw("values", "unknown_year")
    W.table(
        doc,
        list(t.raw("document", "ranking_columns")),
        [
            [str(r.position), r.publisher, str(r.year or unknown), f"{r.score:.1f}", r.grade,
             str(r.errors), str(r.warnings)]
            for r in rows
        ],
        t.raw("style", "table_size"),
        t.raw("document", "ranking_widths"),
    )  # fmt: skip

    heads.add("grades_heading")
    total = len(rows) or 1
    W.table(
        doc,
        list(t.raw("document", "grades_columns")),
        [[g, str(c), f"{100 * c / total:.1f}%"] for g, c in counts],
        t.raw("style", "table_size"),
        t.raw("document", "grades_widths"),
    )

    heads.add("problems_heading")
    if problems:
        say(t.text("document", "problems_intro", limit=limit))
    else:
        say(t.text("document", "no_problems"))
    for n, p in enumerate(problems, 1):
        slots = {"n": n, "summary": p.summary, "rule": p.rule, "publishers": p.publishers}
        say(t.text("document", "problem", count=p.count, **slots), style=W.ITEM_STYLE)
        publisher, f = p.example
        where = where_text(f, t)
        example = t.text("document", "example", publisher=publisher, where=where, message=f.message)
        say(example, style=W.DETAIL_STYLE)

    heads.add("unread_heading")
    if unread:
        say(t.text("document", "unread_intro"))
    else:
        say(t.text("document", "no_unread"))
    for n, (publisher, reason) in enumerate(unread, 1):
        text = t.text("document", "unread_item", n=n, publisher=publisher, reason=reason)
        say(text, style=W.DETAIL_STYLE)

    say(t.text("document", "signature", office=office), align="right")
    say(t.text("document", "date", date=facts.get("date")), align="right")
    return Bulletin(rows, counts, problems, unread, doc)
