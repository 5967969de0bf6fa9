"""The crossyear comparisons that look beyond the report of Y−1 (crossyear.py dispatches):
promised improvements (XYR005), one text under two years (XYR006), near-duplicates of
another publisher's sections (XYR007), places of another province (XYR008)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ..keys import SECTION_NUMBERS
from ..model import Report
from .base import Explanation, Focus
from .crosstext import fingerprint, mentioned, plain, plans_removed
from .crosstext import promises as promised
from .minhash import Index
from .regions import foreign_mentions, gazetteer, own_province

Result = tuple[str, str | None, list[Explanation]]
MIN_REPORT = 200  # characters of text: less is no report to call a copy
PASSAGE_LIMIT = 60


class Peers:
    """The run's reports for cross-publisher look-ups: one MinHash index per section,
    built on first use, entries in path order. An entry is a Report or anything with its
    path and publisher that ``load`` turns into one (xyear.Stub: the report is spooled)."""

    def __init__(
        self, reports: list[Any], keys: dict[str, str], load: Callable[[Any], Report] | None = None
    ) -> None:
        self.load = load or (lambda r: r)
        self._place(reports)
        self.owners = self._owners(keys)
        self.indexes: dict[str, Index] = {}

    def _place(self, reports: list[Any]) -> None:
        """Entries in path order, a path once (the last given)."""
        self.reports = sorted({r.path: r for r in reports}.values(), key=lambda r: r.path)
        self.entry = {r.path: i for i, r in enumerate(self.reports)}

    def _owners(self, keys: dict[str, str]) -> list[str]:
        # a report without a publisher is its own owner: it is compared with everyone
        return [keys.get(r.publisher or "", "") or f"?{r.path}" for r in self.reports]

    @classmethod
    def collecting(cls, sections: Iterable[str], load: Callable[[Any], Report]) -> Peers:
        """An empty index that ``add`` fills while a run streams in, from signatures made
        where each report was audited: none is read back from the spool for it."""
        peers = cls([], {}, load)
        peers.indexes = {key: Index() for key in sections}
        return peers

    def add(self, entry: Any, signatures: dict[str, Any]) -> None:
        """One more report (in path order), with the signatures of its sections
        (carry.carried: worked out where the report was audited)."""
        self.entry.setdefault(entry.path, len(self.reports))
        self.reports.append(entry)
        for key, idx in self.indexes.items():
            idx.add_signature("", signatures.get(key))

    def finish(self, keys: dict[str, str]) -> None:
        """Owners once every publisher is known; entries not in path order (or a path
        twice) are indexed afresh, as ``__init__`` would."""
        if not all(a.path < b.path for a, b in pairwise(self.reports)):
            self._place(self.reports)
            self.indexes = {}  # the lazy per-section indexes, read back from the spool
        self.owners = self._owners(keys)
        for idx in self.indexes.values():
            idx.owners = list(self.owners)

    def index(self, key: str) -> Index:
        if key not in self.indexes:
            idx = Index()
            for owner, r in zip(self.owners, self.reports, strict=True):
                body = section_body(self.load(r), key)
                idx.add(owner, body.text if body else "")
            self.indexes[key] = idx
        return self.indexes[key]

    def similar(
        self, report: Report, key: str, threshold: float, limit: int = 3
    ) -> list[tuple[Report, float]] | None:
        """Other publishers' reports whose section ``key`` is near ``report``'s, or None
        when the section is too short to compare."""
        n = self.entry.get(report.path)
        if n is None:
            return None
        idx = self.index(key)
        if idx.signatures[n] is None:
            return None
        return [
            (self.load(self.reports[m]), ratio) for m, ratio in idx.matches(n, threshold, limit)
        ]


@dataclass
class Others:
    """What a crossyear check may compare a report with besides its Y−1 report."""

    # the publisher's other reports: Reports, or stand-ins with their path, year,
    # publisher that ``fingerprint`` (a report -> the hash of its text) also takes
    same: list[Any] = field(default_factory=list)
    peers: Peers | None = None
    fingerprint: Callable[[Any], str] = field(default=lambda r: text_fingerprint(r))


def text_fingerprint(report: Report) -> str:
    """The hash XYR006 compares (crosstext.fingerprint of the sections' text)."""
    return fingerprint(_text_of(report))


def section_body(report: Report, key: str) -> Any:
    return next((s for s in report.sections if s.key == key), None)


def _short(text: str, limit: int = PASSAGE_LIMIT) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _preamble(report: Report) -> str:
    """The text before the first section heading (the 条例 and documents cited), also
    when the heading shares its line with it."""
    if not report.sections:
        return ""
    first = min(report.sections, key=lambda s: (s.line, s.offset or 0))
    before = [t for n, t in sorted(report.line_text.items()) if n < first.line]
    head = report.line_text.get(first.line, "")[: first.offset or 0]
    return "".join([*before, head])


def _follow_up_text(report: Report) -> str:
    """Where year Y can report on last year's promises: the preamble and the sections,
    but not the plans for Y+1 at the end of its own 五 (repeating a promise word for
    word is no follow-up)."""
    parts = [_preamble(report)]
    for s in report.sections:
        parts.append(plans_removed(s.text) if s.key == "problems" else s.text)
    return plain("".join(parts))


def promises(current: Report, previous: Report, slots: Any) -> Result:
    five = section_body(previous, "problems")
    if five is None:
        return "not_applicable", f"section 五 not found in the {previous.year} report", []
    items = promised(five.text)
    if not items:
        return (
            "not_applicable",
            f"no numbered improvements in section 五 of the {previous.year} report",
            [],
        )
    text = _follow_up_text(current)
    own = section_body(current, "problems")
    found = []
    for p in items:
        if mentioned(p, text):
            continue
        found.append(
            Explanation(
                slots=slots(previous_year=str(previous.year), promise=p.text),
                logical=f"promise:{p.core}",
                location={"section": "五", "line": own.line} if own else {"section": "五"},
                expected="提及",
                actual="未提及",
            )
        )
    return ("failed" if found else "passed"), None, found


def _text_of(report: Report) -> list[str]:
    return [s.text for s in report.sections]


def same_text(current: Report, others: Others, slots: Any) -> Result:
    if len(plain("".join(_text_of(current)))) < MIN_REPORT:
        return "not_applicable", f"shorter than {MIN_REPORT} characters", []
    # the same text under the same year is a second copy of one report, not this rule's
    other_years = [o for o in others.same if o.year != current.year]
    if not other_years:
        return "not_applicable", "no other report of this publisher", []
    mine = text_fingerprint(current)
    for o in sorted(other_years, key=lambda r: (r.year or 0, r.path)):
        if others.fingerprint(o) != mine:
            continue
        ex = Explanation(
            slots=slots(other_year=str(o.year or "?"), other_path=o.path),
            logical="same_text",
            location={},
            expected="不同的报告",
            actual=f"{o.year}:{o.path}",
        )
        return "failed", None, [ex]
    return "passed", None, []


def peers(chk: Any, current: Report, others: Others, slots: Any) -> Result:
    if others.peers is None:
        return "not_applicable", "no other publisher's report in this run", []
    found, reasons, evaluated = [], [], 0
    for key in chk.sections:
        number = SECTION_NUMBERS[key]
        body = section_body(current, key)
        hits = others.peers.similar(current, key, chk.threshold, 1) if body else None
        if hits is None:
            reasons.append(f"section {number} missing or too short to compare")
            continue
        evaluated += 1
        if not hits:
            continue
        other, ratio = hits[0]
        pct = f"{round(ratio * 100)}%"
        found.append(
            Explanation(
                slots=slots(
                    section=number,
                    ratio=pct,
                    threshold=f"{round(chk.threshold * 100)}%",
                    other_publisher=other.publisher or "（发布机关不明）",
                    other_year=str(other.year or "?"),
                    other_path=other.path,
                ),
                logical=f"peers:{key}",
                location={"section": number, "line": body.line},
                expected=f"< {round(chk.threshold * 100)}%",
                actual=pct,
                focus=(Focus(body.line, body.offset, body.title),),
            )
        )
    if found:
        return "failed", None, found
    if evaluated:
        return "passed", None, []
    return "not_applicable", "; ".join(dict.fromkeys(reasons)), []


def _section_at(report: Report, line: int, passage: str) -> str | None:
    """The section holding ``passage`` (a line can carry several sections), else the
    last one starting on or before ``line``."""
    for s in report.sections:
        if passage and passage in s.text:
            return s.number or SECTION_NUMBERS.get(s.key)
    number = None
    for s in sorted(report.sections, key=lambda s: s.line):
        if s.line <= line:
            number = s.number or SECTION_NUMBERS.get(s.key)
    return number


def region(current: Report, slots: Any) -> Result:
    gaz = gazetteer()
    lines = sorted(current.line_text.items())
    text = "\n".join(t for _, t in lines)
    own = own_province(current.publisher or "", text, gaz)
    if own is None:
        if gaz.pattern.search(text) is None:
            return "passed", None, []  # no place named at all
        return "not_applicable", "the publisher's province is not known", []
    first: dict[str, tuple[int, Any]] = {}
    counts: dict[str, int] = {}
    for n, text in lines:
        for m in foreign_mentions(text, own, gaz):
            first.setdefault(m.name, (n, m))
            counts[m.name] = counts.get(m.name, 0) + 1
    found = []
    for name, (n, m) in sorted(first.items(), key=lambda kv: kv[1][0]):
        found.append(
            Explanation(
                slots=slots(
                    place=name,
                    province=m.province,
                    own=own,
                    passage=_short(m.passage),
                    current=str(counts[name]),
                ),
                logical=f"place:{name}",
                location={"line": n, "section": _section_at(current, n, m.passage)},
                expected=own,
                actual=m.province,
                focus=(Focus(n, m.start),),
            )
        )
    return ("failed" if found else "passed"), None, found
