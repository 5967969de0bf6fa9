"""An explained match -> a frozen Finding: message, location, evidence, fingerprint.

The fingerprint is defined here once: it depends on the rule, the report identity
(publisher and year, else the path) and the logical location, never on the line, so
re-extracting a PDF does not reset a baseline.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .checks.base import Explanation, Focus
from .evidence import LIMIT as EVIDENCE_LIMIT
from .evidence import excerpt
from .facts import FactBase
from .keys import ROW_LABELS, SECTION_NUMBERS
from .model import Box, Finding, Location


class _Slots(dict):
    def __missing__(self, key: str) -> str:
        return ""


def report_identity(publisher: str | None, year: int | None, path: str) -> str:
    if publisher and year is not None:
        return f"{publisher}|{year}"
    return path


def fingerprint(code: str, identity: str, logical: str) -> str:
    raw = f"{code}\x1f{identity}\x1f{logical}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def build_finding(rule: Any, severity: str, ex: Explanation, base: FactBase) -> Finding:
    slots = _Slots(
        code=rule.code,
        name=rule.name,
        publisher=base.publisher or "",
        year=base.year if base.year is not None else "",
        format=base.format,
    )
    slots.update(vars(ex.slots))
    loc = ex.location
    line = loc.get("line")
    if line is None and loc.get("table") in base.tables:  # a table finding: its first line
        table = base.tables[loc["table"]]
        if table.line is not None:
            line = table.line
            loc = {**loc, "line": line, "page": loc.get("page") or table.page}
    if line is not None and loc.get("page") is None:
        loc = {**loc, "page": base.line_page.get(line)}
    loc = {**loc, "box": _box(base, loc)}
    return Finding(
        rule=rule.code,
        name=rule.name,
        category=rule.category,
        severity=severity,
        message=rule.message.format_map(slots),
        location=Location(**{k: v for k, v in loc.items() if v is not None}),
        expected=ex.expected,
        actual=ex.actual,
        fingerprint=fingerprint(
            rule.code, report_identity(base.publisher, base.year, base.path), ex.logical
        ),
        evidence=_evidence(base, line, loc, ex.focus),
    )


def _box(base: FactBase, loc: dict[str, Any]) -> Box | None:
    """Where on its page the finding points: the cell's box, else its line's (a table row:
    the row across the table); only a box on the finding's own page."""
    page, line = loc.get("page"), loc.get("line")
    if page is None:
        return None
    table = base.tables.get(loc["table"]) if loc.get("table") else None
    if table is not None and loc.get("row") and loc.get("column"):
        cell = table.cell(loc["row"], loc["column"])
        if cell is not None and cell.box is not None and cell.page == page:
            return cell.box
    box = base.line_box.get(line) if line is not None else None
    return box if box is not None and base.line_page.get(line) == page else None


def finding_sort_key(f: Finding) -> tuple[Any, ...]:
    loc = f.location
    return (
        loc.line is None,
        loc.line or 0,
        f.rule,
        loc.table or "",
        loc.row or "",
        loc.column or "",
        f.message,
    )


def _evidence(
    base: FactBase, line: int | None, loc: dict[str, Any], focus: tuple[Focus, ...]
) -> str | None:
    """The source line of the finding; of a long line (a one-line crawler dump), the part
    around the cell, claim, section, date or issue the finding is about."""
    text = base.line_text.get(line) if line is not None else None
    if text is None or len(text) <= EVIDENCE_LIMIT:
        return text
    offset, anchors = _place(base, line, loc, focus)
    return excerpt(text, offset, anchors)


def _place(
    base: FactBase, line: int | None, loc: dict[str, Any], focus: tuple[Focus, ...]
) -> tuple[int | None, list[str | None]]:
    """(offset within ``line``, fallback anchor strings) of what a finding is about: the
    kind's own focus first (a claim, issue, date, heading), then the table cell or row,
    then the section heading. An offset counts only when it sits on the finding's line."""
    anchors: list[str | None] = []
    for f in focus:
        if f.line is not None and f.line != line:
            continue
        if f.offset is not None:
            return f.offset, ([f.text] if f.text is not None and f.line is not None else anchors)
        if f.anchor:
            anchors.append(f.text)
    name, row, col = loc.get("table"), loc.get("row"), loc.get("column")
    table = base.tables.get(name) if name else None
    if table is not None:
        cells = table.rows.get(row, {}) if row else {}
        cell = cells.get(col) if col else None
        if cell is None and cells:
            cell = next(iter(cells.values()))
        if cell is None and not row:  # the table as a whole: its first cell
            cell = next((c for cols in table.rows.values() for c in cols.values()), None)
        if cell is not None and cell.line == line and cell.offset is not None:
            return cell.offset, anchors
        if row:
            anchors.append(ROW_LABELS.get(row))
    number = loc.get("section")
    for sec in base.sections:
        if sec.line == line and number and SECTION_NUMBERS.get(sec.key) == number:
            if sec.offset is not None:
                return sec.offset, [sec.title]
            anchors.append(sec.title)
    return None, anchors
