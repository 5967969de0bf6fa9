"""The numbered items of a notice: one per finding, in the audit's order, each with what is
wrong, where, expected vs actual, the rule's legal basis and the correction asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..keys import COLUMN_LABELS, ROW_LABELS
from ..model import SEVERITY_RANK, Finding, ReportResult
from ..suggestions import clause
from .templates import Template


@dataclass(frozen=True)
class RuleFacts:
    """What a notice cites of a rule (from the rulebook, via render.rules_meta)."""

    summary: str
    basis: str
    defect: bool = True


@dataclass(frozen=True)
class Item:
    n: int
    finding: Finding
    what: str
    where: str
    expected: str
    actual: str
    compared: bool  # expected or actual is printable: the "应为/实为" line is printed
    evidence: str | None
    basis: str
    correction: str


# Some check kinds give expected/actual for machines (a regex, "heading_missing",
# "125 blank cells"): a value with Latin letters is not words for the publisher, so the
# notice points to the message instead of printing it.
_MACHINE = re.compile("[A-Za-z]")


def shown(value: Any) -> bool:
    return value not in (None, "") and not _MACHINE.search(str(value))


def value_text(value: Any, template: Template) -> str:
    if value is None or value == "":
        return template.raw("values", "missing")
    if not shown(value):
        return template.raw("values", "not_shown")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "、".join(value_text(v, template) for v in value)
    return str(value)


def where_text(finding: Finding, template: Template) -> str:
    """Section, table, row, column, page and line in the template's words (printed labels,
    never canonical keys)."""
    loc = finding.location
    parts = []
    if loc.section:
        parts.append(template.text("where", "section", section=loc.section))
    if loc.table:
        parts.append(template.text("where", "table", table=loc.table))
    if loc.row:
        parts.append(template.text("where", "row", row=ROW_LABELS.get(loc.row, loc.row)))
    if loc.column:
        label = COLUMN_LABELS.get(loc.column, loc.column)
        parts.append(template.text("where", "column", column=label))
    if loc.page:
        parts.append(template.text("where", "page", page=loc.page))
    if loc.line:
        parts.append(template.text("where", "line", line=loc.line))
    if not parts:
        return template.raw("where", "nowhere")
    return template.raw("where", "separator").join(parts)


# "Y", "Y+1", "Y−1" before 年 in a rule summary: the report year the rule speaks of
_YEAR_LETTER = re.compile(r"(?<![A-Za-z])Y\s*(?:([+\-−])\s*(\d+))?\s*(?=年)")


def with_year(summary: str, year: int | None) -> str:
    """A rule summary written for any year ("Y年度报告…不能早于 Y+1 年1月1日") as it reads for
    the report's ``year``; unchanged when the year is not known."""
    if year is None:
        return summary

    def number(m: re.Match[str]) -> str:
        sign, step = m.group(1), int(m.group(2) or 0)
        return str(year - step if sign in ("-", "−") else year + step)

    return _YEAR_LETTER.sub(number, summary)


def correction_text(
    finding: Finding, rule: RuleFacts, template: Template, year: int | None = None
) -> str:
    """The correction asked for, for the report's ``year``; with the cell the identities
    point at (a balance finding's suggestion, repair.py) after it."""
    summary = with_year(rule.summary, year)
    slots = {"summary": summary, "expected": value_text(finding.expected, template)}
    key = "with_expected" if shown(finding.expected) else "without_expected"
    text = template.text("correction", key, **slots)
    if finding.suggestion is not None:
        text += f"（{clause(finding.suggestion)}）"
    return text


def _rule(finding: Finding, rules: dict[str, RuleFacts]) -> RuleFacts:
    # A rule unknown to the rulebook (a library caller's finding): cite what the finding says.
    return rules.get(finding.rule) or RuleFacts(summary=finding.message, basis="")


def split_findings(
    result: ReportResult, rules: dict[str, RuleFacts], min_severity: str
) -> tuple[list[Finding], list[Finding]]:
    """(defects at or above ``min_severity``, could-not-check findings); waived left out."""
    floor = SEVERITY_RANK[min_severity]
    defects, unchecked = [], []
    for f in result.findings:
        if f.waived:
            continue
        if not _rule(f, rules).defect:
            unchecked.append(f)
        elif SEVERITY_RANK[f.severity] >= floor:
            defects.append(f)
    return defects, unchecked


def build_items(
    findings: list[Finding],
    rules: dict[str, RuleFacts],
    template: Template,
    year: int | None = None,
) -> list[Item]:
    items = []
    for n, f in enumerate(findings, 1):
        rule = _rule(f, rules)
        items.append(
            Item(
                n=n,
                finding=f,
                what=f.message,
                where=where_text(f, template),
                expected=value_text(f.expected, template),
                actual=value_text(f.actual, template),
                compared=shown(f.expected) or shown(f.actual),
                evidence=f.evidence,
                basis=rule.basis,
                correction=correction_text(f, rule, template, year),
            )
        )
    return items
