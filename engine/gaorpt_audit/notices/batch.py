"""From audit results to documents: which reports get a notice (rank.select_reports: the
latest of each publisher, or ``year``), waivers applied by the caller's gate, and the
rule facts each item cites."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import ReportResult
from ..rank import build_league, select_reports
from .bulletin import Bulletin, build_bulletin
from .items import RuleFacts
from .notice import Facts, Notice, build_notice, file_name, publisher_of, write_notice
from .settings import NoticeSettings
from .templates import Template

NOTICE_FACTS = ("office", "doc_number", "date", "deadline", "contact")
BULLETIN_FACTS = ("office", "bulletin_number", "date")


def rule_facts(catalogue: dict[str, Any], rules: Iterable[Any]) -> dict[str, RuleFacts]:
    """Summary and basis from render.rules_meta's catalogue; defect from the rulebook."""
    defect = {r.code: r.defect for r in rules}
    return {
        code: RuleFacts(
            summary=m.summary or m.name, basis=m.basis or "", defect=defect.get(code, True)
        )
        for code, m in catalogue.items()
    }


def notice_reports(results: Iterable[ReportResult], year: int | None) -> list[ReportResult]:
    """One report per publisher, ordered by publisher then path (the files' order)."""
    return sorted(select_reports(results, year), key=lambda r: (publisher_of(r), r.path))


def write_notices(
    results: Iterable[ReportResult],
    rules: dict[str, RuleFacts],
    settings: NoticeSettings,
    into: Path,
    *,
    year: int | None = None,
    min_severity: str = "info",
) -> tuple[list[tuple[Path, Notice]], list[str]]:
    """Write one notice per publisher into ``into``; returns the notices written and the
    facts that were missing (left as placeholders)."""
    template = Template.load("notice", settings.template_path("notice"))
    facts = Facts(settings, template)
    taken: set[str] = set()
    written = []
    for n, result in enumerate(notice_reports(results, year), 1):
        notice = build_notice(result, n, rules, template, facts, min_severity)
        path = write_notice(notice, into, file_name(result, template, taken))
        written.append((path, notice))
    return written, [f for f in NOTICE_FACTS if f in facts.missing]


def write_bulletin(
    results: Iterable[ReportResult],
    rules: dict[str, RuleFacts],
    settings: NoticeSettings,
    output: Path,
    grades: list[str],
    *,
    year: int | None = None,
) -> tuple[Bulletin, list[str]]:
    from . import docx_doc

    collected = list(results)
    template = Template.load("bulletin", settings.template_path("bulletin"))
    facts = Facts(settings, template)
    rows = build_league(collected, year)
    bulletin = build_bulletin(rows, collected, year, grades, rules, template, facts)
    docx_doc.save(bulletin.document, output)
    return bulletin, [f for f in BULLETIN_FACTS if f in facts.missing]
