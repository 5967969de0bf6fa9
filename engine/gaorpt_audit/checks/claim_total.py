"""`claim_total`: a narrative count equals a sum of cells (N-COUNT).

`claim` (a claim kind, below) and one of `cells` (a list of references, globs summed over the
rows present), `targets` (a table from the claim's `target` to its cells, for `outcome_count`:
`granted`, `partial`, `granted+partial`, `withheld`, `unavailable`, `not_processed`, `other`)
or `parts`: the narrative's own breakdown instead of cells, `{ claim = "outcome_count",
cover = [...] }` sums the unscoped claims of that kind whose targets cover every item of
`cover` exactly once (`granted+partial` covers both); when the text does not give every
part, gives one twice, or a part has scope words, the rule is not applicable and says so.
Claims with scope words are never used; a blank or missing cell makes the target not
applicable, unless `bounds` names an identity of identities.py (`T3-ROW`): a blank cell
(unknown, never 0) that is the identity's total is then at least the sum of its filled
parts (a row's 总计: its six applicant cells), exactly that sum when all of them are filled,
and any other blank cell is at least 0. The check fails only when the claim is provably
wrong: it differs from an exact sum, or is below the lower bound. Then the slot `bound` is
`至少` (else empty) and `note` holds `bound_note` (how a blank total was counted, written by
the rule, e.g. `总计栏空白，按各类申请人之和计`), empty when no cell was blank; terms that are
only bounded are shown as `≥272`. `scope_note` is the scope the parser assumed for the
claim (`（按全区即本报告口径比较）` when a region word is the report's own), else empty.

```toml
[check]
kind = "claim_total"
claim = "litigation_count"
cells = ["t4.litigation_direct[total]", "t4.litigation_after_review[total]"]
```
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..facts import FactBase
from ..identities import IDENTITIES
from ..keys import CLAIM_LABELS, ROW_LABELS, TABLE_NAMES, TARGET_LABELS
from ..model import ClaimKind
from .base import CheckModel, Explanation, Kind, Match, claim_focus, fmt
from .compiler import Builder, Instance, claim_alpha, join, sum_alpha
from .refs import Ref, RefT


class Parts(BaseModel):
    """The narrative's own counts of one claim kind that together make the whole set."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    claim: ClaimKind
    cover: list[str] = Field(min_length=2)

    @model_validator(mode="after")
    def _cover(self) -> Parts:
        if len(set(self.cover)) != len(self.cover) or any("+" in t for t in self.cover):
            raise ValueError("cover lists distinct single targets (granted+partial covers both)")
        return self


class ClaimTotal(CheckModel):
    """A narrative count equals the sum of table cells (docs/domain.md §3.4 N-COUNT)."""

    kind: Literal["claim_total"]
    claim: ClaimKind
    cells: list[RefT] = Field(default_factory=list)
    targets: dict[str, list[RefT]] = Field(default_factory=dict)
    parts: Parts | None = None
    bounds: str | None = None
    bound_note: str = ""

    @model_validator(mode="after")
    def _shape(self) -> ClaimTotal:
        if sum((bool(self.cells), bool(self.targets), self.parts is not None)) != 1:
            raise ValueError("give exactly one of cells, targets, parts")
        for refs in [self.cells] if self.cells else list(self.targets.values()):
            if not refs:
                raise ValueError("every target needs at least one cell")
            for r in refs:
                if r.variables:
                    raise ValueError(f"{r}: claim_total takes no loop variables; use a glob (*)")
        if self.bounds is not None:
            ident = IDENTITIES.get(self.bounds)
            if ident is None:
                raise ValueError(
                    f"bounds: identity {self.bounds!r} is not defined in identities.py; "
                    f"known: {', '.join(IDENTITIES)}"
                )
            if len(ident.lhs) != 1 or any("*" in r for r in ident.rhs):
                raise ValueError(f"bounds: {self.bounds} has no single total with plain parts")
            if self.parts is not None:
                raise ValueError("bounds apply to cells, not to parts")
        elif self.bound_note:
            raise ValueError("bound_note needs bounds")
        return self


@dataclass
class Slots:
    claim_value: str = ""  # the number the text states
    claim_text: str = ""
    claim_line: Any = ""
    target: str = ""  # the target key (or the claim kind)
    target_label: str = ""  # printed: 予以公开, 行政诉讼 …
    actual: str = ""  # the sum of the cells (or its lower bound)
    terms: str = ""  # "3 + 1" ("≥272 + 3" when a term is only bounded)
    diff: str = ""  # claimed - sum
    bound: str = ""  # "至少" when ``actual`` is a lower bound, else ""
    note: str = ""  # the rule's bound_note when a cell was blank, else ""
    scope_note: str = ""  # the scope assumed for the claim ("（按全区即本报告口径比较）") or ""


@dataclass(frozen=True)
class Spec:
    claim: str
    target: str | None
    refs: tuple[Ref, ...]
    sum_key: str


def compile_check(b: Builder, rule: Any, chk: ClaimTotal) -> None:
    groups: list[tuple[str | None, list[Ref]]] = (
        [(t, list(refs)) for t, refs in chk.targets.items()] if chk.targets else [(None, chk.cells)]
    )
    for target, refs in groups:
        key = f"target={target}" if target is not None else "claim"
        skey = f"{rule.code}#{key}"
        if chk.parts is not None:
            cover = tuple(chk.parts.cover)
            b.sum_fact(skey, [], None, claims=chk.parts.claim, cover=cover)
        else:
            b.sum_fact(skey, refs, rule.identity, bounds=chk.bounds)
        w = claim_alpha(chk.claim) + [{"$ex": {"value": 1}}]
        if target is not None:
            w.append({"target": target})
        v = sum_alpha(skey) + [{"$neq": {"value": {"w": "value"}}}]
        rules = {"": join([("w", w), ("v", v)])}
        if chk.bounds is not None:
            # a lower bound (blank cells) above the claimed number: provably wrong
            lo = [
                {"kind": "sum"},
                {"key": skey},
                {"$ex": {"low": 1}},
                {"$gt": {"low": {"w": "value"}}},
            ]
            rules["lo"] = join([("w", w), ("v", lo)])
        needs = (("claim", chk.claim, target), ("sum", skey))
        spec = Spec(chk.claim, target, tuple(refs), skey)
        b.add(Instance(rule.code, key, needs=needs, spec=spec), rules)


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    spec: Spec = inst.spec
    w, v = m["w"], m["v"]
    claim = m.detail("w")
    target = spec.target
    # a group (予以公开 …), a sub-row by its printed label (（四）无法提供 1.本机关不掌握…), or
    # the claim's own name (行政诉讼); never the internal key
    label = (
        TARGET_LABELS.get(target or "")
        or ROW_LABELS.get(target or "")
        or CLAIM_LABELS.get(spec.claim, target or "")
    )
    exact = "value" in v
    claimed, total = w["value"], v["value"] if exact else v["low"]
    bounded = base.sum_bounds.get(spec.sum_key)
    if bounded is not None:
        terms = " + ".join(fmt(x) if ok else f"≥{fmt(x)}" for x, ok in bounded)
    else:
        terms = " + ".join(fmt(x) for x in base.sum_terms[spec.sum_key])
    slots = Slots(
        claim_value=fmt(claimed),
        claim_text=claim.text,
        claim_line=w["line"],
        target=target or spec.claim,
        target_label=label,
        actual=fmt(total),
        terms=terms,
        diff=fmt(round(claimed - total, 6)),
        bound="" if exact else "至少",
        note=rule.check.bound_note if "derived" in v else "",
        scope_note=claim.scope_note,
    )
    loc: dict[str, Any] = {"line": w["line"]}  # parts: the claim, no table
    if spec.refs:
        first = spec.refs[0]
        tname = TABLE_NAMES[first.table]
        loc = {"section": tname, "table": tname, "line": w["line"]}
        if len(spec.refs) == 1 and "*" not in first.row:
            loc["row"] = first.row
        if len({r.col for r in spec.refs}) == 1 and "*" not in first.col:
            loc["column"] = first.col
    focus = claim_focus(claim)
    return Explanation(
        slots,
        f"{target}|{w['line']}",
        loc,
        expected=total if exact else f"≥ {fmt(total)}",
        actual=claimed,
        focus=(focus,) if focus else (),
    )


KIND = Kind("claim_total", ClaimTotal, Slots, compile_check, explain)
