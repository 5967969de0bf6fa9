"""The cross-year step: after every report of a run is read and checked on its own.

Rules of the ``crossyear`` kind compare a report with the same publisher's other years,
so the per-report pass (in any worker) leaves them not applicable with
``inputs.CROSSYEAR_REASON``; here, in the parent and in path order, the reports are
grouped by publisher (publishers.identity_keys) and year, each gets its Y−1 report (from
the run, else from the ``--history`` store), and those outcomes, the findings and the
score are worked out again. Workers send back a trimmed report (tables 二/三, the
sections, the source lines they point to), so the step does not hold whole documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .checks.crossrun import Others, Peers
from .checks.crossyear import evaluate
from .checks.inputs import CROSSYEAR_REASON
from .checks.regions import gazetteer
from .facts import build_facts
from .findings import build_finding, finding_sort_key
from .model import Finding, Outcome, Report, ReportResult
from .pipeline import RuleContext, score_result
from .publishers import identity_keys

KEEP_TABLES = ("二", "三")

Series = dict[str, dict[int, Report]]  # publisher key -> year -> report


def crossyear_codes(ctx: RuleContext) -> list[str]:
    rules = ctx.compiled.rules
    return [c for c in ctx.codes if rules[c].check.kind == "crossyear"]


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
    return out


def group(
    current: Iterable[Report], stored: Iterable[Report] = ()
) -> tuple[dict[str, str], Series]:
    """Publisher keys of every name, and each publisher's report per year: of the run first
    (the first by path when two share a year), then the stored years the run lacks."""
    current = sorted(
        (r for r in current if r.publisher and r.year is not None), key=lambda r: r.path
    )
    stored = [r for r in stored if r.publisher and r.year is not None]
    keys = identity_keys([r.publisher or "" for r in [*current, *stored]])
    series: Series = {}
    for r in [*current, *stored]:
        series.setdefault(keys[r.publisher or ""], {}).setdefault(r.year or 0, r)
    return keys, series


def cross_year(
    pairs: Iterable[tuple[ReportResult, Report | None]],
    ctx: RuleContext,
    stored: Iterable[Report] = (),
) -> Iterator[tuple[ReportResult, Report | None]]:
    """The results with their crossyear outcomes filled in (all results are read first),
    each with its trimmed report."""
    codes = set(crossyear_codes(ctx))
    if not codes:
        yield from pairs
        return
    kept = list(pairs)
    stored = list(stored)
    run = [rep for _, rep in kept if rep is not None]
    keys, series = group(run, stored)
    view = RunView(run, stored, keys)
    for result, rep in kept:
        yield (result if rep is None else apply(result, rep, keys, series, ctx, codes, view)), rep


class RunView:
    """Each report's `Others`: the publisher's other reports (the run's, then stored ones
    of years the run lacks, never the same path) and the run-wide peer index."""

    def __init__(self, run: list[Report], stored: list[Report], keys: dict[str, str]) -> None:
        self.keys = keys
        self.peers = Peers(run, keys)
        self.by_key: dict[str, list[Report]] = {}
        paths = {r.path for r in run}
        have: set[tuple[str, int | None]] = set()
        for r in run:
            if r.publisher:
                key = keys[r.publisher]
                self.by_key.setdefault(key, []).append(r)
                have.add((key, r.year))
        for r in stored:
            key = keys.get(r.publisher or "")
            if key and r.path not in paths and (key, r.year) not in have:
                self.by_key.setdefault(key, []).append(r)

    def others(self, report: Report) -> Others:
        key = self.keys.get(report.publisher or "")
        same = [r for r in self.by_key.get(key, []) if r.path != report.path] if key else []
        return Others(same=same, peers=self.peers if len(self.peers.reports) > 1 else None)


def apply(
    result: ReportResult,
    report: Report,
    keys: dict[str, str],
    series: Series,
    ctx: RuleContext,
    codes: set[str],
    view: RunView | None = None,
) -> ReportResult:
    pending = {
        o.rule
        for o in result.outcome_list
        if o.rule in codes and o.status == "not_applicable" and o.reason == CROSSYEAR_REASON
    }
    if not pending:
        return result
    years: dict[int, Report] | None = None  # None: the publisher is not known
    if report.publisher:
        years = series.get(keys.get(report.publisher, ""), {})
    facts: list[Any] = []  # the report's facts, built once, by the first rule that finds
    others = view.others(report) if view else None
    outcomes: list[Outcome] = []
    findings = list(result.findings)
    for o in result.outcome_list:
        if o.rule not in pending:
            outcomes.append(o)
            continue
        rule = ctx.compiled.rules[o.rule]
        sev = ctx.config.file.severity.get(rule.code, rule.severity)
        outcome, found = evaluate_rule(rule, sev, report, years, facts, others)
        outcomes.append(outcome)
        findings.extend(found)
    findings.sort(key=finding_sort_key)
    # the trimmed report has no table 四: keep the first pass's grid tables
    done = score_result(report, result.path, outcomes, findings, ctx, tables=result.tables)
    # (names.py; OCR/conversion time for --statistics)
    return done.model_copy(
        update={"path_bytes": result.path_bytes, "ingest_seconds": result.ingest_seconds}
    )


def evaluate_rule(
    rule: Any,
    severity: str,
    report: Report,
    years: dict[int, Report] | None,
    facts: Any = None,
    others: Others | None = None,
) -> tuple[Outcome, list[Finding]]:
    """One crossyear rule on ``report``, given its publisher's reports by year (``facts``: a
    list that holds, or is given, the report's FactBase, shared by the rules of a report;
    built only when a finding needs it)."""
    if years is None and rule.check.compare not in ("peers", "region"):
        return Outcome(rule=rule.code, status="not_applicable", reason="publisher unknown"), []
    years = years or {}
    previous = years.get(report.year - 1) if report.year is not None else None
    all_years = sorted({*years, report.year or 0})
    status, reason, found = _evaluate(rule, report, previous, all_years, others)
    outcome = Outcome(rule=rule.code, status=status, reason=reason)
    if not found:
        return outcome, []
    facts = [] if facts is None else facts
    if not facts:
        facts.append(build_facts(report))
    base = facts[0]
    return outcome, [build_finding(rule, severity, ex, base) for ex in found]


def _evaluate(
    rule: Any, report: Report, previous: Report | None, years: list[int], others: Any
) -> Any:
    try:
        return evaluate(rule.check, report, previous, years, others)
    except Exception as exc:  # noqa: BLE001 - a bug in one rule must not stop the run
        return "error", f"{type(exc).__name__}: {exc}", []
