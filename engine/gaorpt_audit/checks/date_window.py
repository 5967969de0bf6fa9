"""`date_window`: a date relative to the report year Y.

`date` (`signed`, `period.start`, `period.end`), `not_before`, `not_after`, each
`{ year_offset = 1, month = 3, day = 31 }` meaning (Y+1)-03-31. Not applicable when the
date or the report year is unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..facts import FactBase
from .base import CheckModel, Explanation, Focus, Kind, Match
from .compiler import Builder, Instance, join


class RelDate(BaseModel):
    """A date relative to the report year Y: (Y + year_offset)-month-day."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    year_offset: int = 1
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)


DateName = Literal["signed", "period.start", "period.end"]


class DateWindow(CheckModel):
    """A date of the report must lie in [not_before, not_after] relative to the report year."""

    kind: Literal["date_window"]
    date: DateName
    not_before: RelDate | None = None
    not_after: RelDate | None = None

    @model_validator(mode="after")
    def _some(self) -> DateWindow:
        if not (self.not_before or self.not_after):
            raise ValueError("give not_before, not_after or both")
        return self


@dataclass
class Slots:
    date: str = ""  # the date found, ISO
    raw: str = ""  # as printed
    bound: str = ""  # the bound it breaks, ISO
    side: str = ""  # not_before | not_after


@dataclass(frozen=True)
class Spec:
    date: str
    side: str
    rel: RelDate


def compile_check(b: Builder, rule: Any, chk: DateWindow) -> None:
    for side, rel, op in (
        ("not_before", chk.not_before, "$lt"),
        ("not_after", chk.not_after, "$gt"),
    ):
        if rel is None:
            continue
        const = rel.year_offset * 10000 + rel.month * 100 + rel.day
        bound = {"$add": {"$l": {"$mul": {"$l": {"$m": "year"}, "$r": 10000}}, "$r": const}}
        tests = [{"kind": "date"}, {"name": chk.date}, {"$ex": {"year": 1}}, {op: {"ymd": bound}}]
        needs = (("date", chk.date), ("year",))
        b.add(
            Instance(rule.code, f"{chk.date}.{side}", needs=needs, spec=Spec(chk.date, side, rel)),
            {"": join([("m", tests)])},
        )


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    spec: Spec = inst.spec
    fact = m["m"]
    rel = spec.rel
    year = int(base.year or 0) + rel.year_offset
    try:
        bound = dt.date(year, rel.month, rel.day).isoformat()
    except ValueError:
        bound = f"{year:04d}-{rel.month:02d}-{rel.day:02d}"
    ymd = fact["ymd"]
    date = f"{ymd // 10000:04d}-{ymd // 100 % 100:02d}-{ymd % 100:02d}"
    dated = m.detail("m")  # the DatedLine (signed) or Period the date was read from
    raw = dated.raw if dated is not None else ""
    expected = ("≥ " if spec.side == "not_before" else "≤ ") + bound
    focus = (Focus(dated.line, dated.offset, dated.raw),) if dated is not None else ()
    return Explanation(
        Slots(date=date, raw=raw, bound=bound, side=spec.side),
        inst.key,
        {"line": fact.get("line")},
        expected=expected,
        actual=date,
        focus=focus,
    )


KIND = Kind("date_window", DateWindow, Slots, compile_check, explain)
