"""Narrative numbers as evidence for a repair (issue 19).

The consistency rules compare explicit claims of the text ("予以公开258件") with cells
(``claim_total`` and ``implies`` rules, taken from the rulebook by evaluate.py as
``ClaimCells``). When such a claim counts cells that a candidate repair changes, it is a
second, independent witness: it agrees with the proposed values (the repair is supported)
or with the printed ones (the text says the cell was right). Claims with scope words
(全市, 含上年结转 …) count something else and are never used.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from .identities import split_ref
from .keys import CLAIM_LABELS, ROW_LABELS, TABLE_NAMES, TARGET_LABELS
from .model import Claim, Report, Table
from .repair import CellKey, Change, known_value

# what a count claim without a target counts, as the text says it
_KIND_LABELS = {
    "applications_received": "本年新收申请",
    "applications_handled": "办结申请",
    "applications_carried_forward": "结转下年度申请",
    "all_handled": "申请均已办结（结转下年度为 0）",
    **CLAIM_LABELS,
}


@dataclass(frozen=True)
class ClaimCells:
    """A rule's link from a claim (kind, and target for outcome counts) to the cells whose
    sum it states."""

    claim: str
    target: str | None
    refs: tuple[str, ...]  # t3.granted[total], globs over the rows present


@dataclass(frozen=True)
class Witness:
    claim: Claim
    cells: frozenset[CellKey]


@dataclass(frozen=True)
class Verdict:
    claim: Claim
    agrees: Literal["proposed", "printed"]

    def text(self) -> str:
        c = self.claim
        label = (
            TARGET_LABELS.get(c.target or "")
            or ROW_LABELS.get(c.target or "")
            or _KIND_LABELS.get(c.kind, c.kind)
        )
        value = _num(c.value)
        where = f"正文第{c.line}行称{label} {value} 件"
        if self.agrees == "proposed":
            return f"{where}，与建议值一致"
        return f"{where}，与表中原数一致"


def witnesses(report: Report, tcode: str, links: Iterable[ClaimCells]) -> list[Witness]:
    """The unscoped claims of the report that state a sum of cells of table ``tcode``."""
    table = report.tables.get(TABLE_NAMES[tcode])
    if table is None:
        return []
    out = []
    for link in links:
        cells = _cells(table, link.refs)
        if not cells or any(c[0] != tcode for c in cells):
            continue
        for claim in report.claims:
            if claim.kind != link.claim or claim.scope or claim.value is None:
                continue
            if link.target is not None and claim.target != link.target:
                continue
            out.append(Witness(claim, cells))
    return out


def _cells(table: Table, refs: Sequence[str]) -> frozenset[CellKey]:
    out = set()
    for ref in refs:
        tcode, row, col = split_ref(ref)
        rows = fnmatch.filter(list(table.rows), row) if "*" in row else [row]
        out.update((tcode, r, col) for r in rows if col in table.rows.get(r, {}))
    return frozenset(out)


def verdicts(
    table: Table,
    repair: Sequence[Change],
    fills: Sequence[Change],
    found: Sequence[Witness],
) -> list[Verdict]:
    """What each witness says of ``repair``: it agrees with the proposed values, or with
    the printed ones. A witness not touching a changed cell, or counting a blank cell
    that the identities do not determine, or agreeing with neither, says nothing."""
    changed = {ch.cell: ch for ch in repair}
    filled = {ch.cell: ch.proposed for ch in fills}
    out = []
    for w in found:
        if changed.keys().isdisjoint(w.cells):
            continue
        before = after = Fraction(0)
        for key in w.cells:
            v = known_value(table.cell(key[1], key[2]))
            if v is None:
                v = filled.get(key)
            if v is None:
                break
            before += Fraction(v)
            after += Fraction(changed[key].proposed if key in changed else v)
        else:
            claimed = Fraction(w.claim.value)
            if claimed == after:
                out.append(Verdict(w.claim, "proposed"))
            elif claimed == before:
                out.append(Verdict(w.claim, "printed"))
    return out


def weigh(per_repair: Sequence[list[Verdict]]) -> int | None:
    """The index of the one repair the narrative singles out among several: the only one
    it agrees with, or the only one it does not contradict. None when it does not."""
    clean = [i for i, vs in enumerate(per_repair) if all(v.agrees == "proposed" for v in vs)]
    backed = [i for i in clean if per_repair[i]]
    if len(backed) == 1:
        return backed[0]
    if len(clean) == 1 and len(per_repair) > 1:
        return clean[0]
    return None


def _num(v: float | None) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
