"""`section_order`: the sections present are in order (N-HEAD).

`sections` (default: the six keys in template order). One finding per report however many
headings are misplaced; not applicable when fewer than two of them are present.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from ..facts import FactBase
from ..keys import SECTION_KEYS, SECTION_NUMBERS
from ..model import SectionKey
from .base import CheckModel, Explanation, Focus, Kind, Match
from .compiler import Builder, Instance, join


class SectionOrder(CheckModel):
    """The sections present appear in this order (docs/domain.md §3.4 N-HEAD "in order")."""

    kind: Literal["section_order"]
    sections: list[SectionKey] = Field(default=list(SECTION_KEYS), min_length=2)


@dataclass
class Slots:
    order: str = ""  # the numerals as printed: 一、三、二
    expected: str = ""  # the same sections in the required order


def compile_check(b: Builder, rule: Any, chk: SectionOrder) -> None:
    # Every pair (earlier, later) of the required order; a swap fails one or more pairs,
    # all one finding (one_per_instance, and every instance has the logical key "order").
    for a, z in itertools.combinations(chk.sections, 2):
        parts = [
            ("a", [{"kind": "section"}, {"key": a}]),
            ("z", [{"kind": "section"}, {"key": z}, {"$lt": {"pos": {"a": "pos"}}}]),
        ]
        needs = (("section", a), ("section", z))
        b.add(
            Instance(rule.code, f"{a}<{z}", needs=needs, spec=tuple(chk.sections)),
            {"": join(parts)},
        )


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    wanted = inst.spec
    # every section heading present, by line, then offset within the line
    present = sorted(
        (s for s in base.sections if s.key in wanted), key=lambda s: (s.line, s.offset or 0)
    )
    keys = {s.key for s in present}
    in_order = [k for k in wanted if k in keys]
    order = "、".join(SECTION_NUMBERS[s.key] for s in present)
    expected = "、".join(SECTION_NUMBERS[k] for k in in_order)
    # the first heading printed where another one belongs
    first = next((s for s, e in zip(present, in_order, strict=False) if s.key != e), None)
    focus = ()
    if first is not None and first.offset is not None:
        focus = (Focus(first.line, first.offset, first.title, anchor=False),)
    return Explanation(
        Slots(order=order, expected=expected),
        "order",
        {"line": first.line if first else None},
        expected=expected,
        actual=order,
        focus=focus,
    )


KIND = Kind("section_order", SectionOrder, Slots, compile_check, explain, one_per_instance=True)
