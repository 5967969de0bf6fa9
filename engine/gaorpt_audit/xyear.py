"""The cross-year step: after every report of a run is read and checked on its own.

Rules of the ``crossyear`` kind compare a report with the same publisher's other years,
so the per-report pass (in any worker) leaves them not applicable with
``inputs.CROSSYEAR_REASON``; here, in the parent and in path order, the reports are
grouped by publisher (publishers.identity_keys) and year, each gets its Y−1 report (from
the run, else from the ``--history`` store), and those outcomes, the findings and the
score are worked out again. Workers send back a trimmed report (tables 二/三, the
sections, the source lines they point to), packed, with its digest (carry.py), and the
step holds them in a spool (spool.py) that goes to disk on a large run: memory stays flat.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .carry import Carried, Packed, carried, crossyear_codes, peer_sections
from .checks.crossrun import Others, Peers, text_fingerprint
from .checks.crossyear import evaluate
from .checks.inputs import CROSSYEAR_REASON
from .facts import finding_base
from .findings import build_finding, finding_sort_key
from .forkmap import ordered_map
from .model import Finding, Outcome, Report, ReportResult
from .pipeline import RuleContext, score_result
from .publishers import identity_keys
from .spool import Spool

Series = dict[str, dict[int, Any]]  # publisher key -> year -> report (or its Stub)


@dataclass(frozen=True)
class Stub:
    """What grouping needs of a report the spool holds; ``slot`` reads it back."""

    path: str
    publisher: str | None
    year: int | None
    slot: int
    fingerprint: str  # of its text (XYR006 compares it with the publisher's other years)


Entry = Any  # a Report, or a Stub of one (grouping reads only path, publisher and year)
Load = Callable[[Entry], Report]


def _same(entry: Entry) -> Report:
    return entry


def _fingerprint(entry: Entry) -> str:
    return entry.fingerprint if isinstance(entry, Stub) else text_fingerprint(entry)


class Years(Mapping[int, Report]):
    """A publisher's reports by year, each read from the spool only when a rule asks."""

    def __init__(self, entries: dict[int, Entry], load: Load) -> None:
        self.entries, self.load = entries, load

    def __getitem__(self, year: int) -> Report:
        return self.load(self.entries[year])

    def __iter__(self) -> Iterator[int]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def group(current: Iterable[Entry], stored: Iterable[Entry] = ()) -> tuple[dict[str, str], Series]:
    """Publisher keys of every name, and each publisher's report per year: of the run first
    (the first by path when two share a year), then the stored years the run lacks."""
    # Every named publisher gets a key, dated or not: a report without a year still has a
    # publisher the peer index looks up.
    current = sorted((r for r in current if r.publisher), key=lambda r: r.path)
    stored = [r for r in stored if r.publisher]
    keys = identity_keys([r.publisher or "" for r in [*current, *stored]])
    series: Series = {}
    for r in [*current, *stored]:
        if r.year is not None:
            series.setdefault(keys[r.publisher or ""], {}).setdefault(r.year, r)
    return keys, series


def cross_year(
    pairs: Iterable[tuple[ReportResult, Report | None]],
    ctx: RuleContext,
    stored: Iterable[Report] = (),
    jobs: int = 1,
    reports: bool = True,
) -> Iterator[tuple[ReportResult, Report | None]]:
    """The results with their crossyear outcomes filled in (all results are read first,
    into a spool that goes to disk on a large run), each with its trimmed report (None
    with ``reports=False``). ``jobs`` > 1: finished in forked children (forkmap.py)."""
    codes = set(crossyear_codes(ctx))
    if not codes:  # nothing to hold: each report handed on as it comes (to the history);
        for result, kept in pairs:  # results are packed only when there are codes (hand_on)
            yield result, (kept.unpack() if isinstance(kept, Carried) else kept)
        return
    spool = Spool()

    def load(entry: Entry) -> Report:
        return spool.get(entry.slot) if isinstance(entry, Stub) else entry

    sections = peer_sections(ctx)
    peers = Peers.collecting(sections, load)
    entries: list[tuple[int, Stub | None]] = []
    for result, kept in pairs:
        slot = spool.put_packed(result.data) if isinstance(result, Packed) else spool.put(result)
        stub = None
        if kept is not None:
            # a Report from a caller of this function (benchmarks, tests): carried here
            got = kept if isinstance(kept, Carried) else carried(kept, sections)
            at = spool.put(got.report) if got.report is not None else spool.put_packed(got.packed)
            stub = Stub(got.path, got.publisher, got.year, at, got.fingerprint)
            peers.add(stub, got.signatures)
        entries.append((slot, stub))
    stored = list(stored)
    run = [stub for _, stub in entries if stub is not None]
    keys, series = group(run, stored)
    peers.finish(keys)
    view = RunView(run, stored, keys, load, peers)

    def finish(i: int) -> ReportResult:
        slot, stub = entries[i]
        result = spool.get(slot)
        return result if stub is None else apply(result, load(stub), keys, series, ctx, codes, view)

    try:
        # the finishing is spread over forked children (state shared, not sent); the
        # trimmed report is read again here only for a caller that keeps it (the history)
        done = ordered_map(finish, len(entries), jobs)
        for (_, stub), result in zip(entries, done, strict=True):
            yield result, (None if stub is None or not reports else load(stub))
    finally:
        spool.close()


class RunView:
    """Each report's `Others`: the publisher's other reports (the run's, then stored ones
    of years the run lacks, never the same path) and the run-wide peer index."""

    def __init__(
        self,
        run: list[Entry],
        stored: list[Entry],
        keys: dict[str, str],
        load: Load = _same,
        peers: Peers | None = None,
    ) -> None:
        self.keys, self.load = keys, load
        self.peers = peers if peers is not None else Peers(run, keys, load)
        self.by_key: dict[str, list[Entry]] = {}
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
        entries = self.by_key.get(key, []) if key else []
        same = [r for r in entries if r.path != report.path]  # read back only if needed
        peers = self.peers if len(self.peers.reports) > 1 else None
        return Others(same=same, peers=peers, fingerprint=_fingerprint)


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
    years: Mapping[int, Report] | None = None  # None: the publisher is not known
    if report.publisher:
        load = view.load if view is not None else _same
        years = Years(series.get(keys.get(report.publisher, ""), {}), load)
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
    years: Mapping[int, Report] | None,
    facts: Any = None,
    others: Others | None = None,
) -> tuple[Outcome, list[Finding]]:
    """One crossyear rule on ``report``, given its publisher's reports by year (``facts``: a
    list that holds, or is given, what the report's findings are built from, shared by the
    rules of a report; made only when a finding needs it: facts.finding_base, since these
    rules never run on the backend)."""
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
        facts.append(finding_base(report))
    base = facts[0]
    return outcome, [build_finding(rule, severity, ex, base) for ex in found]


def _evaluate(
    rule: Any, report: Report, previous: Report | None, years: list[int], others: Any
) -> Any:
    try:
        return evaluate(rule.check, report, previous, years, others)
    except Exception as exc:  # noqa: BLE001 - a bug in one rule must not stop the run
        return "error", f"{type(exc).__name__}: {exc}", []
