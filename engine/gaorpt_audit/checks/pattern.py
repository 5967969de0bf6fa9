"""`pattern`: text must (not) match.

`target` (`text`, `title`, `section.<key>`), exactly one of `must_match` /
`must_not_match` (Python `re` syntax, checked at load). Not applicable when the target is
absent. `expected` (optional) says in words what the report should contain; findings
show it as their expected value instead of the regular expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import SerializerFunctionWrapHandler, model_serializer, model_validator

from ..facts import FactBase, PatternSpec
from ..keys import SECTION_NUMBERS
from .base import CheckModel, Explanation, Focus, Kind, Match
from .compiler import Builder, Instance, join
from .fast_regex import fast_regex

PatternTarget = Literal[
    "text",
    "title",
    "section.overview",
    "section.proactive",
    "section.applications",
    "section.review_litigation",
    "section.problems",
    "section.other",
]


class Pattern(CheckModel):
    """Text must (or must not) match a regular expression (Python ``re`` syntax)."""

    kind: Literal["pattern"]
    target: PatternTarget
    must_match: str | None = None
    must_not_match: str | None = None
    # what the report should say, in words: a finding's "expected" (else the regex itself)
    expected: str | None = None

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # the default is left out, so the ruleset hash of a pack not using it is unchanged
        out: dict[str, Any] = handler(self)
        if out.get("expected") is None:
            out.pop("expected", None)
        return out

    @model_validator(mode="after")
    def _one(self) -> Pattern:
        given = [p for p in (self.must_match, self.must_not_match) if p is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of must_match, must_not_match")
        try:
            re.compile(given[0])
        except re.error as exc:
            raise ValueError(f"bad regular expression {given[0]!r}: {exc}") from None
        return self

    @property
    def regex(self) -> str:
        return self.must_match if self.must_match is not None else str(self.must_not_match)


@dataclass
class Slots:
    target: str = ""  # text | title | section.<key>
    pattern: str = ""
    matched: str = ""  # what a must_not_match pattern found


def compile_check(b: Builder, rule: Any, chk: Pattern) -> None:
    key = rule.code
    b.plan.patterns.append(PatternSpec(key, chk.target, fast_regex(chk.regex)))
    bad = chk.must_match is None  # must_not_match fails when it matched
    rdef = join([("m", [{"kind": "match"}, {"key": key}, {"matched": bad}])])
    b.add(Instance(rule.code, chk.target, needs=(("match", key),), spec=chk), {"": rdef})


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    chk: Pattern = inst.spec
    fact = m["m"]
    loc: dict[str, Any] = {}
    focus: tuple[Focus, ...] = ()
    if "line" in fact:  # a match in the whole text: where it is
        loc = {"line": fact["line"]}
        focus = (Focus(fact["line"], fact.get("offset"), fact.get("text")),)
    elif chk.target.startswith("section."):
        key = chk.target.removeprefix("section.")
        sec = base.section(key)
        loc = {"section": SECTION_NUMBERS[key], "line": sec.line if sec else None}
    # a rule without words for it still says in Chinese what is wanted (the regex is in
    # the rule's docs page and in the `pattern` slot, never in the user-facing value)
    expected = chk.expected or (
        "出现规则所要求的内容" if chk.must_match is not None else "不出现该内容"
    )
    # tabs and line breaks of a matched table row are shown as single spaces in the message
    matched = " ".join(fact.get("text", "").split())
    slots = Slots(target=chk.target, pattern=chk.regex, matched=matched)
    return Explanation(
        slots, inst.key, loc, expected=expected, actual=fact.get("text"), focus=focus
    )


KIND = Kind("pattern", Pattern, Slots, compile_check, explain)
