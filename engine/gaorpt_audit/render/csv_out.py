"""``--format csv``: one row per finding, for spreadsheets."""

from __future__ import annotations

import csv
from typing import TextIO

from .base import RunView

COLUMNS = (
    "path",
    "publisher",
    "year",
    "score",
    "grade",
    "rule",
    "name",
    "category",
    "severity",
    "message",
    "section",
    "table",
    "row",
    "column",
    "line",
    "page",
    "expected",
    "actual",
    "evidence",
    "fingerprint",
    "waived",
    "baseline",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A CSV cell; report text starting like a formula is quoted so spreadsheets
    show it instead of running it (numbers, including negatives, stay numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if text.startswith(_FORMULA):
        return "'" + text
    return text


# A byte-order mark first: Excel on a Chinese Windows desktop reads a CSV without one in the
# local code page (GBK) and shows the Chinese as mojibake; with it, as UTF-8.
BOM = "\ufeff"


def render_csv(view: RunView, out: TextIO) -> None:
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in view.results:
        if r.status == "not_report":  # one row saying why, where a finding would be
            row = dict.fromkeys(COLUMNS, "")
            row.update(path=r.path, publisher=r.publisher or "", grade=r.grade,
                       severity="not_report", message=r.note or "")  # fmt: skip
            writer.writerow(cell(row[c]) for c in COLUMNS)
        for f in r.findings:
            loc = f.location
            writer.writerow(
                cell(v)
                for v in (
                    r.path,
                    r.publisher,
                    r.year,
                    r.score,
                    r.grade,
                    f.rule,
                    f.name,
                    f.category,
                    f.severity,
                    f.message,
                    loc.section,
                    loc.table,
                    loc.row,
                    loc.column,
                    loc.line,
                    loc.page,
                    f.expected,
                    f.actual,
                    f.evidence,
                    f.fingerprint,
                    f.waived,
                    f.baseline,
                )
            )
