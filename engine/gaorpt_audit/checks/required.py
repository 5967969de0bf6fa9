"""`required`: things that must be present.

`sections` (keys `overview proactive applications review_litigation problems other`),
`tables` (`二 三 四`), `fields` (`title publisher year period signed`). One finding per
absent item. `unless_issues` (optional) lists parse issue codes that explain an absence as
a limit of the reading, not of the report: a table the parser found but could not read as
cells (`table_incomplete`) is then not applicable here ("found, but could not be read"),
and the parse rule (PRS002) says what could not be checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer, model_validator

from ..facts import FactBase
from ..keys import FIELD_LABELS, SECTION_NUMBERS, SECTION_TITLES
from ..model import SectionKey, TableName
from .base import CheckModel, Explanation, Kind, Match
from .compiler import Builder, Instance, join

RequiredField = Literal["title", "publisher", "year", "period", "signed"]


class Required(CheckModel):
    """Each listed section / table / metadata field must be present (one finding per absence)."""

    kind: Literal["required"]
    sections: list[SectionKey] = Field(default_factory=list)
    tables: list[TableName] = Field(default_factory=list)
    fields: list[RequiredField] = Field(default_factory=list)
    unless_issues: list[str] = Field(default_factory=list)

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # the default is left out, so the ruleset hash of a pack not using it is unchanged
        out: dict[str, Any] = handler(self)
        if not out.get("unless_issues"):
            out.pop("unless_issues", None)
        return out

    @model_validator(mode="after")
    def _some(self) -> Required:
        if not (self.sections or self.tables or self.fields):
            raise ValueError("list at least one of sections, tables, fields")
        return self


@dataclass
class Slots:
    item: str = ""  # the key: overview, 三, signed
    label: str = ""  # printed: 一、总体情况, 表三, 落款日期
    what: str = ""  # section | table | field


@dataclass(frozen=True)
class Spec:
    what: str
    item: str


def compile_check(b: Builder, rule: Any, chk: Required) -> None:
    items = (
        [("section", "key", s) for s in chk.sections]
        + [("table", "name", t) for t in chk.tables]
        + [("field", "name", f) for f in chk.fields]
    )
    for what, fld, item in items:
        rdef = join([], [{"$and": [{"kind": what}, {fld: item}]}])
        needs = (("no_issue", tuple(chk.unless_issues), item),) if chk.unless_issues else ()
        inst = Instance(rule.code, f"{what}={item}", needs=needs, spec=Spec(what, item))
        b.add(inst, {"": rdef})


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    what, item = inst.spec.what, inst.spec.item
    labels = {"section": SECTION_TITLES, "field": FIELD_LABELS}.get(what, {})
    label = labels.get(item, f"表{item}")
    loc: dict[str, Any] = {}
    if what == "section":
        loc = {"section": SECTION_NUMBERS[item]}
    elif what == "table":
        loc = {"section": item, "table": item}
    return Explanation(Slots(item, label, what), inst.key, loc, expected=label, actual=None)


KIND = Kind("required", Required, Slots, compile_check, explain)
