"""What every check kind module provides, and the helpers they share.

A kind module (checks/<kind>.py) holds, in one place: its pydantic schema (the ``[check]``
table of a rule), its message slots (a dataclass: the names a rule's ``message`` may use,
exactly the ones its ``explain`` fills), how it compiles to the backend form, and how it
explains one match as a finding, from the matched facts alone. It ends with
``KIND = Kind(...)``, which checks/__init__.py lists in the registry.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from ..facts import Fact, FactBase
from ..keys import COLUMN_LABELS, FOR_EACH, ROW_LABELS
from .compiler import Builder, Instance
from .refs import Ref

if TYPE_CHECKING:
    from ..rulebook import Rule

# Slots every kind's message can use; the driver fills them.
COMMON_SLOTS = frozenset({"code", "name", "publisher", "year", "format"})


class CheckModel(BaseModel):
    """The ``[check]`` table of a rule: unknown fields are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def _check_loop(self, for_each: str | None, refs: list[Ref]) -> None:
        bound = set(FOR_EACH[for_each]) if for_each else set()
        for r in refs:
            unbound = r.variables - bound
            if unbound:
                raise ValueError(
                    f"{r} uses the loop variable {min(unbound)!r} but for_each "
                    f"({for_each or 'not set'}) does not bind it"
                )


class Match:
    """One backend match: alias -> matched fact, and the parsed object behind each fact."""

    __slots__ = ("base", "facts", "ids")

    def __init__(self, base: FactBase, ids: tuple[tuple[str, int], ...]) -> None:
        self.base = base
        self.ids = {alias: i for alias, i in ids if i < len(base.items)}
        self.facts = {alias: base.items[i] for alias, i in self.ids.items()}

    def __getitem__(self, alias: str) -> Fact:
        return self.facts[alias]

    def get(self, alias: str) -> Fact | None:
        return self.facts.get(alias)

    def __contains__(self, alias: str) -> bool:
        return alias in self.facts

    def detail(self, alias: str) -> Any:
        """The Cell, Claim, Section, ParseIssue, Table … the fact was built from."""
        i = self.ids.get(alias)
        return self.base.detail[i] if i is not None else None


@dataclass(frozen=True)
class Focus:
    """Where in its source line a finding points, for the evidence excerpt of a long line:
    ``offset`` when known; else ``text`` is searched for. ``line`` None: any line."""

    line: int | None
    offset: int | None
    text: str | None = None
    anchor: bool = True  # without an offset, search for ``text``


@dataclass
class Explanation:
    """A match explained: the kind's slots, where it is, what was expected and found."""

    slots: Any  # an instance of the kind's slots dataclass
    logical: str  # logical location (fingerprint): never a line number
    location: dict[str, Any] = field(default_factory=dict)  # section/table/row/column/line
    expected: Any = None
    actual: Any = None
    focus: tuple[Focus, ...] = ()  # tried in order before the table cell / section heading


Explain = Callable[[Any, Instance, Match, FactBase], Explanation]


@dataclass(frozen=True)
class Kind:
    name: str
    schema: type[CheckModel]
    slots: type  # a dataclass; its fields are the message slots of the kind
    compile: Callable[[Builder, Rule, Any], None]
    explain: Explain
    # every match of an instance gives the same finding: explain the first only
    one_per_instance: bool = False
    # matches giving the same key are one finding (the first is explained)
    dedupe: Callable[[Any, Match], str] | None = None
    # slots that a given check cannot fill (e.g. row of a per-table issue)
    unfilled: Callable[[Any], frozenset[str]] | None = None

    @property
    def doc(self) -> str:
        """The kind module's docstring: its documentation (rules/README.md, ``rule``)."""
        return (sys.modules[self.explain.__module__].__doc__ or "").strip()

    def slot_names(self, check: Any = None) -> frozenset[str]:
        names = frozenset(f.name for f in dataclasses.fields(self.slots))
        if check is not None and self.unfilled is not None:
            names -= self.unfilled(check)
        return names


@dataclass
class CellSlots:
    """The slots of a finding about one cell: keys and printed labels (cell_labels)."""

    row: str = ""  # row key
    col: str = ""  # column key
    column: str = ""  # printed column label
    row_label: str = ""  # printed row label
    column_label: str = ""


# --------------------------------------------------------------------------- shared helpers


def fmt(v: Any) -> str:
    """A number as printed in a message: 10.0 -> 10."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def cell_labels(row: str | None, col: str | None) -> dict[str, str]:
    """The row/column slots of a cell: keys and printed labels."""
    out: dict[str, str] = {}
    if row:
        out["row"] = row
        out["row_label"] = ROW_LABELS.get(row, row)
    if col:
        out["col"] = col
        out["column"] = out["column_label"] = COLUMN_LABELS.get(col, col)
    return out


def cell_location(fact: Fact) -> dict[str, Any]:
    """The location of a matched cell fact."""
    return {
        "section": fact["table"],
        "table": fact["table"],
        "row": fact["row"],
        "column": fact["col"],
        "line": fact.get("line"),
    }


def claim_focus(claim: Any) -> Focus | None:
    """A claim's number in its line (claims are where narrative findings point)."""
    if claim is None:
        return None
    return Focus(claim.line, claim.offset, claim.text)
