"""`enumeration`: numbered lists and headings run without gaps or repeats (N-HEAD).

`target = "lists"` (default): the numbered lists inside each of `sections` (default
`overview problems other`: 二、三、四 are the tables), in the marker `styles` (default all:
`shi` 一是, `cn_paren` （一）, `cn` 一、 at a paragraph start, `arabic` 1. 1、, `arabic_paren`
（1）, `circled` ①). One finding per broken list: a marker printed twice (三是 三是) or a
number skipped (一是 三是). Lists are read per style and nest like an outline, so a list may
restart after a sub-heading or at its first number; table text, references (第（一）项) and
dates are not lists; a skip counts only when the skipped marker is printed nowhere in
between, and a list need not start at 1.

`target = "headings"`: each printed heading of `sections` (default all six) carries its own
numeral, printed once: one finding per heading whose numeral is lost (存在的主要问题及改进情况
without 五、), wrong (一、 on section 二) or also printed by another first-level line (a
paragraph beginning 二、 outside the tables, or a heading the parser did not choose). A
section recognised from its sub-headings only is not checked here (heading_missing).
Not applicable when none of `sections` is present.

```toml
[check]
kind = "enumeration"
target = "lists"
```
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from ..facts import FactBase
from ..keys import SECTION_KEYS, SECTION_NUMBERS
from ..model import SectionKey
from .base import CheckModel, Explanation, Focus, Kind, Match
from .compiler import Builder, Instance, join
from .enumeration_scan import (
    STYLES,
    HeadingNumber,
    Sequence,
    broken_lists,
    heading_numbers,
    merge_repeats,
    table_spans,
)
from .enumeration_scan import marker as marker_of

if TYPE_CHECKING:
    from ..model import Report

Style = Literal["shi", "cn_paren", "cn", "arabic", "arabic_paren", "circled"]
NARRATIVE = ("overview", "problems", "other")  # 二、三、四 hold the tables
PART = dict(
    zip(
        SECTION_KEYS,
        ("第一部分", "第二部分", "第三部分", "第四部分", "第五部分", "第六部分"),
        strict=True,
    )
)


class Enumeration(CheckModel):
    """Numbered lists (or the section headings) are numbered in sequence, without repeats."""

    kind: Literal["enumeration"]
    target: Literal["lists", "headings"] = "lists"
    sections: list[SectionKey] | None = Field(default=None, min_length=1)
    styles: list[Style] = Field(default=list(STYLES), min_length=1)

    @model_validator(mode="after")
    def _styles_of_lists(self) -> Enumeration:
        if self.target == "headings" and "styles" in self.model_fields_set:
            raise ValueError('styles applies to target = "lists" only')
        return self

    @property
    def keys(self) -> tuple[str, ...]:
        if self.sections is not None:
            return tuple(self.sections)
        return NARRATIVE if self.target == "lists" else SECTION_KEYS


@dataclass
class Slots:
    section: str = ""  # 第五部分
    items: str = ""  # lists: the markers of the broken list, 一是……三是……三是
    problem: str = ""  # “三是”重复，缺“二是” / 缺少序号“五、”
    heading: str = ""  # headings: the heading as printed
    line: Any = ""  # the line of the break, or of the heading


def _unfilled(chk: Enumeration) -> frozenset[str]:
    return frozenset({"heading"} if chk.target == "lists" else {"items"})


@dataclass(frozen=True)
class Derived:
    """The plan entry: facts.py calls ``add_facts`` once per report (FactPlan.derived)."""

    key: str  # the rule code
    target: str
    sections: tuple[str, ...]
    styles: tuple[str, ...]

    def add_facts(self, base: FactBase, report: Report) -> None:
        """One ``enumeration`` fact per broken list / misnumbered heading; its detail is the
        Sequence / HeadingNumber the finding is explained from."""
        found: list[Any]
        spans = table_spans(report)  # once for all the sections
        if self.target == "headings":
            found = merge_repeats(heading_numbers(report, self.sections, spans))
        else:
            found = [
                seq
                for sec in report.sections
                if sec.key in self.sections
                for seq in broken_lists(sec, report, self.styles, spans)
            ]
        for obj in found:
            fact: dict[str, Any] = {"kind": "enumeration", "key": self.key, "section": obj.section}
            line = obj.items[obj.at].line if isinstance(obj, Sequence) else obj.line
            if line is not None:
                fact["line"] = line
            base.items.append(fact)
            base.detail.append(obj)


def compile_check(b: Builder, rule: Any, chk: Enumeration) -> None:
    b.plan.derived.append(Derived(rule.code, chk.target, chk.keys, tuple(chk.styles)))
    for key in chk.keys:
        rdef = join([("e", [{"kind": "enumeration"}, {"key": rule.code}, {"section": key}])])
        b.add(Instance(rule.code, key, needs=(("section", key),), spec=chk), {"": rdef})


def _joined(markers: Any) -> str:
    return "……".join(markers)


def _explain_list(seq: Sequence) -> Explanation:
    items = [i.marker for i in seq.items]
    problem = "，".join(
        [f"“{m}”重复" for m in seq.repeated]
        + ([f"缺{''.join(f'“{m}”' for m in seq.missing)}"] if seq.missing else [])
    )
    first = seq.items[0]
    renumbered = [marker_of(seq.style, first.value + i, m) for i, m in enumerate(items)]
    at = seq.items[seq.at]
    return Explanation(
        Slots(PART[seq.section], _joined(items), problem, line=at.line or ""),
        f"{seq.section}|{seq.style}|{seq.ordinal}",
        {"section": SECTION_NUMBERS[seq.section], "line": at.line},
        expected=_joined(renumbered),
        actual=_joined(items),
        focus=(Focus(at.line, at.offset, at.marker, anchor=at.offset is None),),
    )


def _explain_heading(h: HeadingNumber) -> Explanation:
    own = f"{SECTION_NUMBERS[h.section]}、"
    expected = own
    if h.problem == "lost":
        problem, actual = f"缺少序号“{own}”", ""
    elif h.problem == "wrong" and h.also:
        printed = "".join(f"“{x.heading.split('、', 1)[0]}、”" for x in (h, *h.also))
        expected = "".join(f"“{SECTION_NUMBERS[x.section]}、”" for x in (h, *h.also))
        problem = f"等{1 + len(h.also)}个一级标题序号有误（印作{printed}，应为{expected}）"
        actual = printed
    elif h.problem == "wrong":
        problem, actual = f"序号有误，应为“{own}”", h.heading.split("、", 1)[0] + "、"
    elif h.also:
        last = f"{SECTION_NUMBERS[h.also[-1].section]}、"
        lines = f"第{h.other_line}至{h.also[-1].other_line}行"
        problem = (
            f"等{1 + len(h.also)}个一级标题的序号与{lines}另一组“{own}”至"
            f"“{last}”编号（“{h.other}”……“{h.also[-1].other}”）重复"
        )
        expected, actual = f"{own}至{last}各用一次", f"{own}至{last}（{lines}也用）"
    else:
        problem = f"与第{h.other_line}行的“{h.other}”序号重复"
        actual = f"{own}（第{h.other_line}行也用）"
    part = PART[h.section] if not h.also else f"{PART[h.section]}至{PART[h.also[-1].section]}"
    return Explanation(
        Slots(part, "", problem, h.heading, h.line),
        f"heading|{h.section}",
        {"section": SECTION_NUMBERS[h.section], "line": h.line},
        expected=expected,
        actual=actual,
        focus=(Focus(h.line, h.offset, h.heading),),
    )


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    obj = m.detail("e")  # the Sequence / HeadingNumber the fact was built from
    return _explain_list(obj) if isinstance(obj, Sequence) else _explain_heading(obj)


KIND = Kind("enumeration", Enumeration, Slots, compile_check, explain, unfilled=_unfilled)
