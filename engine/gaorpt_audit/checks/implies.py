"""`implies`: when a condition holds, others must hold.

`when` and each item of `then` is one condition:
`{ claim = "<kind>" }` (the narrative makes this claim), `{ no_claim = "<kind>" }`, or a
cell comparison `{ ref = "t3.new[total]", op = "eq", value = 0 }`. In `then`, a glob
checks every matching cell, and `value = "claim"` compares with the number of the claim
matched by `when`. Claims with scope words (全市, 咨询 …) are never used (claim kinds:
below), except that `{ claim = "<kind>", part = true }` in `when` matches a claim that counts
a part of the report's own table (keys.PART_SCOPES: an office acting for its government), to
be checked as an upper bound. When `when` does not hold the rule is not applicable
("condition not met").

```toml
[check]
kind = "implies"
when = { claim = "no_applications" }
then = [{ ref = "t3.new[total]", op = "eq", value = 0 }]
```
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..facts import FactBase
from ..model import ClaimKind
from .base import CellSlots, CheckModel, Explanation, Kind, Match, cell_labels, claim_focus, fmt
from .compiler import NEGATE, POSITIVE, Builder, Instance, cell_alpha, claim_alpha, cmp, join
from .refs import OP_SYMBOLS, Op, Ref, RefT


class Condition(BaseModel):
    """One side of ``implies``: a claim exists / does not exist, or a cell comparison.

    ``value = "claim"`` compares the cell with the number of the claim matched in ``when``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    claim: ClaimKind | None = None
    no_claim: ClaimKind | None = None
    ref: RefT | None = None
    op: Op | None = None
    value: float | int | Literal["claim"] | None = None
    # with ``claim``: match a claim counting a part of the table (keys.PART_SCOPES), not an
    # unscoped one
    part: bool = False

    @model_validator(mode="after")
    def _shape(self) -> Condition:
        kinds = [self.claim is not None, self.no_claim is not None, self.ref is not None]
        if sum(kinds) != 1:
            raise ValueError("a condition is exactly one of: claim, no_claim, or ref + op + value")
        if self.ref is not None and (self.op is None or self.value is None):
            raise ValueError("a cell condition needs ref, op and value")
        if self.ref is None and (self.op is not None or self.value is not None):
            raise ValueError("op and value belong to a cell condition (ref)")
        if self.part and self.claim is None:
            raise ValueError("part = true belongs to a claim condition")
        if self.ref is not None and self.ref.variables:
            raise ValueError(f"{self.ref}: implies takes no loop variables; use a glob (*)")
        return self

    def describe(self) -> str:
        if self.claim:
            part = " for a part of its table" if self.part else ""
            return f"the report makes no claim {self.claim}{part}"
        if self.no_claim:
            return f"the report makes a claim {self.no_claim}"
        return f"{self.ref} {OP_SYMBOLS[self.op or 'eq']} {self.value} does not hold"


class Implies(CheckModel):
    """When ``when`` holds, every condition in ``then`` must hold."""

    kind: Literal["implies"]
    when: Condition
    then: list[Condition] = Field(min_length=1)

    @model_validator(mode="after")
    def _claim_value(self) -> Implies:
        if any(c.part for c in self.then):
            raise ValueError("part = true is allowed only in when")
        if self.when.value == "claim":
            raise ValueError('value = "claim" is allowed only in then')
        for c in self.then:
            if c.value == "claim" and self.when.claim is None:
                raise ValueError('value = "claim" needs when = { claim = ... }')
            if c.ref is not None and c.ref.is_glob and c.value == "claim":
                raise ValueError('value = "claim" needs a single cell, not a glob')
        if self.when.ref is not None and self.when.ref.is_glob:
            raise ValueError("when: a glob (*) is not allowed; name one cell")
        return self


@dataclass
class Slots(CellSlots):
    when: str = ""  # the condition that held, in words
    cell: str = ""  # the cell that breaks ``then``
    actual: str = ""
    expected: str = ""
    claim_value: str = ""  # the number of the ``when`` claim
    claim_text: str = ""
    claim_line: Any = ""
    scope_note: str = ""  # the scope assumed for the claim ("（按全区即本报告口径比较）") or ""


@dataclass(frozen=True)
class Spec:
    when: Condition
    then: Condition


def compile_check(b: Builder, rule: Any, chk: Implies) -> None:
    when = chk.when
    w_pos: list[tuple[str, list[dict[str, Any]]]] = []
    w_neg: list[dict[str, Any]] = []
    if when.claim:
        w_pos.append(("w", claim_alpha(when.claim, part=when.part)))
    elif when.no_claim:
        w_neg.append({"$and": claim_alpha(when.no_claim)})
    else:
        assert when.ref is not None and when.op is not None
        w_pos.append(("w", cell_alpha(when.ref) + [cmp(POSITIVE[when.op], "value", when.value)]))
    when_rule = join(w_pos, w_neg)
    for i, then in enumerate(chk.then):
        pos = list(w_pos)
        neg = list(w_neg)
        needs: tuple[Any, ...] = ()
        if then.claim:
            neg.append({"$and": claim_alpha(then.claim)})
        elif then.no_claim:
            pos.append(("v", claim_alpha(then.no_claim)))
        else:
            assert then.ref is not None and then.op is not None
            rhs = {"w": "value"} if then.value == "claim" else then.value
            pos.append(("v", cell_alpha(then.ref) + [cmp(NEGATE[then.op], "value", rhs)]))
            needs = (("any_cell" if then.ref.is_glob else "cell", then.ref),)
        inst = Instance(rule.code, f"then{i}", needs=needs, spec=Spec(when, then))
        inst.when_reason = f"condition not met: {when.describe()}"
        b.add(inst, {"": join(pos, neg)}, when=when_rule)


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    when, then = inst.spec.when, inst.spec.then
    slots = Slots(when=when.describe().removeprefix("the report makes "))
    w, v = m.get("w"), m.get("v")
    loc: dict[str, Any] = {}
    logical = inst.key
    focus: Any = None
    if w and w.get("kind") == "claim":
        claim = m.detail("w")
        slots.claim_value = fmt(w.get("value", ""))
        slots.claim_text = claim.text
        slots.claim_line = w["line"]
        slots.scope_note = claim.scope_note
    if v and v.get("kind") == "cell":
        ref = Ref(table=then.ref.table, row=v["row"], col=v["col"])
        exp = w["value"] if then.value == "claim" and w else then.value
        for k, val in cell_labels(v["row"], v["col"]).items():
            setattr(slots, k, val)
        slots.cell, slots.actual, slots.expected = str(ref), fmt(v["value"]), fmt(exp)
        loc = {
            "section": v["table"],
            "table": v["table"],
            "row": v["row"],
            "column": v["col"],
            "line": v.get("line"),
        }
        expected, actual = f"{OP_SYMBOLS[then.op]} {fmt(exp)}", v["value"]
        logical = f"{inst.key}|{ref}"
    elif v and v.get("kind") == "claim":
        # a claim that ``then`` forbids: the finding points at it
        claim = m.detail("v")
        loc = {"line": v["line"]}
        expected, actual = f"no claim {then.no_claim}", claim.text
        focus = claim_focus(claim)
    else:
        loc = {"line": w["line"]} if w and "line" in w else {}
        expected, actual = f"claim {then.claim}", None
    if focus is None and not v and w and w.get("kind") == "claim":
        focus = claim_focus(m.detail("w"))
    return Explanation(
        slots, logical, loc, expected=expected, actual=actual, focus=(focus,) if focus else ()
    )


KIND = Kind("implies", Implies, Slots, compile_check, explain)
