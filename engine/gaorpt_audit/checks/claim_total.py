"""`claim_total`: a narrative count equals a sum of cells (N-COUNT).

`claim` (a claim kind, below) and either `cells` (a list of references, globs summed over the rows
present) or `targets` (a table from the claim's `target` to its cells, for `outcome_count`:
`granted`, `partial`, `granted+partial`, `withheld`, `unavailable`, `not_processed`, `other`).
Claims with scope words are never used; a blank or missing cell makes the target not
applicable.

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

from pydantic import Field, model_validator

from ..facts import FactBase
from ..keys import CLAIM_LABELS, TABLE_NAMES, TARGET_LABELS
from ..model import ClaimKind
from .base import CheckModel, Explanation, Kind, Match, claim_focus, fmt
from .compiler import Builder, Instance, claim_alpha, join, sum_alpha
from .refs import Ref, RefT


class ClaimTotal(CheckModel):
    """A narrative count equals the sum of table cells (DOMAIN.md §3.4 N-COUNT)."""

    kind: Literal["claim_total"]
    claim: ClaimKind
    cells: list[RefT] = Field(default_factory=list)
    targets: dict[str, list[RefT]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _shape(self) -> ClaimTotal:
        if bool(self.cells) == bool(self.targets):
            raise ValueError("give exactly one of cells, targets")
        for refs in [self.cells] if self.cells else list(self.targets.values()):
            if not refs:
                raise ValueError("every target needs at least one cell")
            for r in refs:
                if r.variables:
                    raise ValueError(f"{r}: claim_total takes no loop variables; use a glob (*)")
        return self


@dataclass
class Slots:
    claim_value: str = ""  # the number the text states
    claim_text: str = ""
    claim_line: Any = ""
    target: str = ""  # the target key (or the claim kind)
    target_label: str = ""  # printed: 予以公开, 行政诉讼 …
    actual: str = ""  # the sum of the cells
    terms: str = ""  # "3 + 1"
    diff: str = ""  # claimed - sum


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
        skey = b.sum_fact(f"{rule.code}#{key}", refs, rule.identity)
        w = claim_alpha(chk.claim) + [{"$ex": {"value": 1}}]
        if target is not None:
            w.append({"target": target})
        v = sum_alpha(skey) + [{"$neq": {"value": {"w": "value"}}}]
        needs = (("claim", chk.claim, target), ("sum", skey))
        spec = Spec(chk.claim, target, tuple(refs), skey)
        b.add(Instance(rule.code, key, needs=needs, spec=spec), {"": join([("w", w), ("v", v)])})


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    spec: Spec = inst.spec
    w, v = m["w"], m["v"]
    claim = m.detail("w")
    values = base.sum_terms[spec.sum_key]
    target = spec.target
    label = TARGET_LABELS.get(target or "", CLAIM_LABELS.get(spec.claim, target or ""))
    claimed, total = w["value"], v["value"]
    slots = Slots(
        claim_value=fmt(claimed),
        claim_text=claim.text,
        claim_line=w["line"],
        target=target or spec.claim,
        target_label=label,
        actual=fmt(total),
        terms=" + ".join(fmt(x) for x in values),
        diff=fmt(round(claimed - total, 6)),
    )
    first = spec.refs[0]
    tname = TABLE_NAMES[first.table]
    loc: dict[str, Any] = {"section": tname, "table": tname, "line": w["line"]}
    if len(spec.refs) == 1 and "*" not in first.row:
        loc["row"] = first.row
    if len({r.col for r in spec.refs}) == 1 and "*" not in first.col:
        loc["column"] = first.col
    focus = claim_focus(claim)
    return Explanation(
        slots,
        f"{target}|{w['line']}",
        loc,
        expected=total,
        actual=claimed,
        focus=(focus,) if focus else (),
    )


KIND = Kind("claim_total", ClaimTotal, Slots, compile_check, explain)
