"""`crossyear`: the same publisher's report of the previous year (docs/domain.md §3.3).

A report is checked against its publisher's report of year Y−1 (in the same run, or in
the `--history` store); which reports are one publisher is publishers.identity_keys.
This needs the whole set of reports, so it runs after the per-report rules (xyear.py);
evaluated alone, a report leaves these rules not applicable. `compare` chooses the test:

- `cells` (default): sum(`current`) of year Y = sum(`previous`) of Y−1 + sum(`add`) −
  sum(`subtract`) of Y, within `tolerance`, optionally `for_each` (one finding per
  differing cell). Carry-over: `current = ["t3.carried_over[col]"]`,
  `previous = ["t3.carried_forward[col]"]`.
- `text`: each of `sections` compared with the same section of Y−1 (whitespace removed,
  digits masked so updated numbers do not hide copied text); a ratio ≥ `threshold`
  (difflib ratio, 0..1) is a finding with the ratio and the longest identical passage.
- `series`: the publisher has an earlier report but not Y−1: the missing years.
- `promises`: each improvement promised in section 五 of Y−1 that Y never mentions
  (crosstext.promises / mentioned).
- `same_text`: another report of the publisher (any year) with the same whole text,
  years aside (crosstext.fingerprint).
- `peers`: each of `sections` near-duplicate (MinHash estimate ≥ `threshold`) of the same
  section of another publisher's report of the run (minhash.py); the first is named.
- `region`: places of another province than the publisher's own (regions.py).

```toml
[check]
kind = "crossyear"
for_each = "t3.columns"
current = ["t3.carried_over[col]"]
previous = ["t3.carried_forward[col]"]
```
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, model_validator

from ..facts import FactBase
from ..keys import FOR_EACH, SECTION_KEYS, SECTION_NUMBERS, TABLE_NAMES
from ..model import Report
from . import crossrun
from .base import CheckModel, Explanation, Focus, Kind, Match, cell_labels, fmt
from .compiler import Builder, Instance
from .crossrun import Others
from .crosstext import lcs_length
from .refs import Ref, RefT

CrossForEach = Literal["t3.columns", "t3.rows", "t3.cells", "t2.documents"]
MIN_TEXT = 30  # characters: a shorter section says too little to be called a copy
PASSAGE_LIMIT = 80  # characters of the longest identical passage shown


class CrossYear(CheckModel):
    """Year Y against the same publisher's year Y−1: cells, text or the series."""

    kind: Literal["crossyear"]
    compare: Literal["cells", "text", "series", "promises", "same_text", "peers", "region"] = (
        "cells"
    )
    for_each: CrossForEach | None = None
    current: list[RefT] = Field(default_factory=list)
    previous: list[RefT] = Field(default_factory=list)
    add: list[RefT] = Field(default_factory=list)
    subtract: list[RefT] = Field(default_factory=list)
    tolerance: float = Field(default=0, ge=0)
    sections: list[Literal[SECTION_KEYS]] = Field(default_factory=list)  # type: ignore[valid-type]
    threshold: float = Field(default=0.8, gt=0, le=1)

    @model_validator(mode="after")
    def _shape(self) -> CrossYear:
        if self.compare == "cells" and not (self.current and self.previous):
            raise ValueError("compare = 'cells' needs current and previous references")
        if self.compare in ("text", "peers") and not self.sections:
            raise ValueError(f"compare = '{self.compare}' needs sections")
        self._check_loop(self.for_each, [*self.current, *self.previous, *self.add, *self.subtract])
        return self


@dataclass
class Slots:
    previous_year: str = ""  # Y−1 (cells, text), the last year present (series)
    current: str = ""  # sum of the current references (what the report printed)
    previous: str = ""  # what it should be from Y−1
    diff: str = ""
    row: str = ""
    col: str = ""
    column: str = ""
    row_label: str = ""
    column_label: str = ""
    section: str = ""  # 一..六
    ratio: str = ""  # "93%"
    threshold: str = ""
    passage: str = ""  # the longest identical passage
    missing: str = ""  # "2020—2024"
    promise: str = ""  # an improvement promised in 五 of Y−1
    other_year: str = ""  # the other report (same_text, peers)
    other_path: str = ""
    other_publisher: str = ""
    place: str = ""  # 江苏省 (region)
    province: str = ""  # the place's province
    own: str = ""  # the publisher's province


def compile_check(b: Builder, rule: Any, chk: CrossYear) -> None:
    b.add(Instance(rule.code, "", needs=(("crossyear",),)), {})


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    raise AssertionError("crossyear compiles no rule, so nothing ever matches")


KIND = Kind("crossyear", CrossYear, Slots, compile_check, explain)


# --------------------------------------------------------------------------- evaluation

Result = tuple[str, str | None, list[Explanation]]  # status, not_applicable reason, findings


def evaluate(
    chk: CrossYear,
    current: Report,
    previous: Report | None,
    years: list[int],
    others: Others | None = None,
) -> Result:
    """The outcome of one crossyear check of ``current``; ``previous`` is the publisher's
    report of Y−1 (None when there is none), ``years`` every year of the publisher,
    ``others`` the rest of the run (same_text, peers)."""
    others = others or Others()
    if chk.compare == "region":
        return crossrun.region(current, Slots)
    if chk.compare == "peers":
        return crossrun.peers(chk, current, others, Slots)
    if chk.compare == "same_text":
        return crossrun.same_text(current, others, Slots)
    if current.year is None:
        return "not_applicable", "report year unknown", []
    if chk.compare == "series":
        return _series(current.year, years)
    if previous is None:
        return "not_applicable", f"no report of this publisher for {current.year - 1}", []
    if chk.compare == "text":
        return _text(chk, current, previous)
    if chk.compare == "promises":
        return crossrun.promises(current, previous, Slots)
    return _cells(chk, current, previous)


def _envs(for_each: str | None) -> list[dict[str, str]]:
    if not for_each:
        return [{}]
    dom = FOR_EACH[for_each]
    names = list(dom)
    return [dict(zip(names, vals, strict=True)) for vals in itertools.product(*dom.values())]


def _value(report: Report, ref: Ref) -> tuple[int | float | None, Any]:
    table = report.tables.get(TABLE_NAMES[ref.table])
    cell = table.cell(ref.row, ref.col) if table is not None else None
    if cell is None or cell.kind != "number" or cell.value is None:
        return None, None
    return cell.value, cell


def _cells(chk: CrossYear, cur: Report, prev: Report) -> Result:
    found: list[Explanation] = []
    reasons: list[str] = []
    evaluated = 0
    for env in _envs(chk.for_each):
        sides: dict[str, list[Any]] = {}
        missing = None
        for name, refs, report in (
            ("current", chk.current, cur),
            ("previous", chk.previous, prev),
            ("add", chk.add, cur),
            ("subtract", chk.subtract, cur),
        ):
            vals = []
            for ref in refs:
                value, cell = _value(report, ref.bind(env))
                if value is None:
                    missing = f"no number in {ref.bind(env)} of the {report.year} report"
                    break
                vals.append((value, cell, ref.bind(env)))
            if missing:
                break
            sides[name] = vals
        if missing:
            reasons.append(missing)
            continue
        evaluated += 1
        actual = sum(v for v, _, _ in sides["current"])
        expected = (
            sum(v for v, _, _ in sides["previous"])
            + sum(v for v, _, _ in sides["add"])
            - sum(v for v, _, _ in sides["subtract"])
        )
        if abs(actual - expected) <= chk.tolerance:
            continue
        _, cell, ref = sides["current"][0]
        labels = cell_labels(ref.row, ref.col)
        found.append(
            Explanation(
                slots=Slots(
                    previous_year=str(prev.year),
                    current=fmt(actual),
                    previous=fmt(expected),
                    diff=fmt(actual - expected),
                    **labels,
                ),
                logical=f"{ref}",
                location={
                    "section": TABLE_NAMES[ref.table],
                    "table": TABLE_NAMES[ref.table],
                    "row": ref.row,
                    "column": ref.col,
                    "line": cell.line,
                },
                expected=expected,
                actual=actual,
            )
        )
    if found:
        return "failed", None, found
    if evaluated:
        return "passed", None, []
    uniq = list(dict.fromkeys(reasons))
    return "not_applicable", "; ".join(uniq[:3]) or "nothing to check", []


_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"[0-9０-９]+")


def _masked(text: str) -> str:
    return _DIGITS.sub("#", _SPACE.sub("", text))


def similarity(a: str, b: str) -> tuple[float, str]:
    """(ratio of the digit-masked texts, longest identical passage of the texts). A text
    copied with only its numbers changed (the common case) is 1.0 without difflib, and an
    identical one is its own longest passage: what difflib would say, at no cost."""
    x, y = _masked(a), _masked(b)
    ratio = 1.0 if x == y else difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()
    a, b = _SPACE.sub("", a), _SPACE.sub("", b)
    if a == b:
        return ratio, a
    m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return ratio, a[m.a : m.a + m.size]


def _below(a: str, b: str, threshold: float) -> bool:
    """Surely under the threshold, without the full comparison (5–15 ms for two real
    2,000-character sections). Two exact upper bounds of ``ratio``, cheapest first:
    quick_ratio (character counts only), then 2·LCS / (len a + len b) (the characters of
    difflib's matching blocks are a common subsequence; bit-parallel, ~1 ms), which also
    rules out the same characters in another order."""
    x, y = _masked(a), _masked(b)
    if difflib.SequenceMatcher(None, x, y, autojunk=False).quick_ratio() < threshold:
        return True
    total = len(x) + len(y)
    return bool(total) and 2 * lcs_length(x, y) / total < threshold


def _text(chk: CrossYear, cur: Report, prev: Report) -> Result:
    found: list[Explanation] = []
    reasons: list[str] = []
    evaluated = 0
    for key in chk.sections:
        a, b = crossrun.section_body(cur, key), crossrun.section_body(prev, key)
        number = SECTION_NUMBERS[key]
        if a is None or b is None:
            reasons.append(f"section {number} not found in the {(prev if a else cur).year} report")
            continue
        if min(len(_SPACE.sub("", a.text)), len(_SPACE.sub("", b.text))) < MIN_TEXT:
            reasons.append(f"section {number} shorter than {MIN_TEXT} characters")
            continue
        evaluated += 1
        if _below(a.text, b.text, chk.threshold):
            continue
        ratio, passage = similarity(a.text, b.text)
        if ratio < chk.threshold:
            continue
        shown = passage if len(passage) <= PASSAGE_LIMIT else passage[:PASSAGE_LIMIT] + "…"
        pct = f"{round(ratio * 100)}%"
        found.append(
            Explanation(
                slots=Slots(
                    previous_year=str(prev.year),
                    section=number,
                    ratio=pct,
                    threshold=f"{round(chk.threshold * 100)}%",
                    passage=shown,
                ),
                logical=f"section:{key}",
                location={"section": number, "line": a.line},
                expected=f"< {round(chk.threshold * 100)}%",
                actual=pct,
                focus=(Focus(a.line, a.offset, a.title),),
            )
        )
    if found:
        return "failed", None, found
    if evaluated:
        return "passed", None, []
    return "not_applicable", "; ".join(dict.fromkeys(reasons)) or "nothing to check", []


def _series(year: int, years: list[int]) -> Result:
    earlier = [y for y in years if y < year]
    if not earlier:
        return "not_applicable", "no earlier report of this publisher", []
    last = max(earlier)
    if last == year - 1:
        return "passed", None, []
    first, end = last + 1, year - 1
    missing = str(first) if first == end else f"{first}—{end}"
    return (
        "failed",
        None,
        [
            Explanation(
                slots=Slots(previous_year=str(last), missing=missing),
                logical=f"series:{last}",
                location={},
                expected=year - 1,
                actual=last,
            )
        ],
    )
