"""What a report's audit hands on to the cross-year step (xyear.py) besides its result.

The step must see every report of a run before it can finish the first (cross-year and
cross-publisher rules), and every result passes through the one parent process. So the
per-report work it needs is done where the report was audited, in parallel: the trimmed
report (``trim``), the fingerprint of its text (XYR006) and the MinHash signatures of the
sections the cross-publisher rules compare (XYR007). From a worker process the report
travels packed (pickled, zlib-compressed) and the step stores those bytes as they are
(spool.py), unpacking a report only when a rule reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .checks.crossrun import section_body, text_fingerprint
from .checks.minhash import signature
from .checks.regions import gazetteer
from .model import Report, ReportResult
from .spool import pack, unpack

KEEP_TABLES = ("二", "三")


def crossyear_codes(ctx: Any) -> list[str]:
    rules = ctx.compiled.rules
    return [c for c in ctx.codes if rules[c].check.kind == "crossyear"]


def peer_sections(ctx: Any) -> list[str]:
    """The sections the selected cross-publisher rules compare, in rule order."""
    rules = ctx.compiled.rules
    chosen = [rules[c].check for c in sorted(crossyear_codes(ctx))]
    return list(dict.fromkeys(k for chk in chosen if chk.compare == "peers" for k in chk.sections))


def trim(report: Report) -> Report:
    """What the cross-year rules and the history need of a report."""
    tables = {k: t for k, t in report.tables.items() if k in KEEP_TABLES}
    lines = {s.line for s in report.sections}
    # the preamble (before 一: the 条例 and documents it cites) and every line naming a
    # province or city: what XYR005 reads as mentions and XYR008 scans
    first = min(lines, default=None)
    place = gazetteer().pattern
    lines.update(
        n
        for n, text in report.line_text.items()
        if (first is not None and n < first) or place.search(text)
    )
    for t in tables.values():
        if t.line is not None:
            lines.add(t.line)
        lines.update(c.line for cols in t.rows.values() for c in cols.values() if c.line)
    out = report.model_copy(update={"tables": tables, "claims": [], "parse_issues": []})
    out.line_text = {n: report.line_text[n] for n in sorted(lines) if n in report.line_text}
    out.line_page = {n: report.line_page[n] for n in sorted(lines) if n in report.line_page}
    out.line_box = {n: report.line_box[n] for n in sorted(lines) if n in report.line_box}
    return out


@dataclass
class Carried:
    """A trimmed report (as an object, or packed) with what the step reads of it first."""

    path: str
    publisher: str | None
    year: int | None
    fingerprint: str
    signatures: dict[str, Any] = field(default_factory=dict)  # section -> MinHash or None
    report: Report | None = None  # in the process that audited it
    packed: bytes | None = None  # from a worker: pickle + zlib of the report

    def unpack(self) -> Report:
        if self.report is not None:
            return self.report
        assert self.packed is not None
        return unpack(self.packed)


def carried(report: Report, sections: list[str], packed: bool = False) -> Carried:
    """``report`` (trimmed) with its fingerprint and signatures; packed for the trip back
    from a worker."""
    signatures = {}
    for key in sections:
        body = section_body(report, key)
        signatures[key] = signature(body.text if body else "")
    return Carried(
        path=report.path,
        publisher=report.publisher,
        year=report.year,
        fingerprint=text_fingerprint(report),
        signatures=signatures,
        report=None if packed else report,
        packed=pack(report) if packed else None,
    )


@dataclass
class Packed:
    """A result packed by a worker for the cross-year step, which stores it as it is."""

    data: bytes

    def unpack(self) -> ReportResult:
        return unpack(self.data)


def carry(
    result: ReportResult, report: Report, ctx: Any, keep: bool, packed: bool = False
) -> Carried | None:
    """What ``report`` hands on, or None: nothing kept, or a file that is no report (no
    year to compare, and no peer for copied text)."""
    if not keep or result.status == "not_report":
        return None
    return carried(trim(report), peer_sections(ctx), packed)


def hand_on(
    result: ReportResult, report: Report, ctx: Any, keep: bool, packed: bool = False
) -> tuple[ReportResult | Packed, Carried | None]:
    """The pair a worker returns: with cross-year rules to run, the result itself packed
    too (the step holds it until the end of the run; unpacked once, there)."""
    kept = carry(result, report, ctx, keep, packed)
    if packed and crossyear_codes(ctx):
        return Packed(pack(result)), kept
    return result, kept
