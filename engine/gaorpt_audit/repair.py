"""Pinpoint the wrong cell of an unbalanced table 三 or 四 (issue 19).

The identities of identities.py over-determine the tables: one wrong cell violates every
identity it sits in, and those identities meet in it. The repair is the smallest set of
cells (one, then two; beyond that the table is wrong in several places and nothing is
said) whose change makes every identity hold, the changed values determined by the
identities. Blank and unreadable cells are unknowns, not zeros: they are eliminated first
(Gaussian elimination over the rationals), so that only the combinations of identities
free of them constrain the printed numbers. Identities sharing no cell (the three groups
of table 四) are repaired separately.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from .identities import IDENTITIES, Identity, split_ref
from .keys import FOR_EACH, TABLE_NAMES
from .model import Cell, Table

MAX_CELLS = 2  # a repair of more cells is not a pinpoint any more
MAX_CANDIDATES = 6  # more equally small repairs than this say nothing useful

CellKey = tuple[str, str, str]  # (table code, row, column)
Number = int | Fraction  # exact: ints while they divide, Fractions only where they must
Eq = dict[CellKey, Number]  # sum(coef * value) = 0


def _div(a: Number, b: Number) -> Number:
    """a / b exactly: an int when it divides (the identities' coefficients are ±1, so
    nearly always), a Fraction otherwise; never a float."""
    if type(a) is int and type(b) is int and a % b == 0:
        return a // b
    return Fraction(a) / b


def _exact(v: float) -> Number:
    return v if type(v) is int else Fraction(v)


@dataclass(frozen=True)
class Change:
    cell: CellKey
    actual: int | float | None  # None: a blank or unreadable cell filled in
    proposed: int


@dataclass(frozen=True)
class Block:
    """Identities connected through shared cells, with what the repair found for them."""

    instances: frozenset[tuple[str, str | None]]  # (identity id, loop value)
    repairs: tuple[tuple[Change, ...], ...]  # every minimal repair (empty: none found)
    # the unknown cells every identity determines once the repair (if any, if unique) is
    # made; empty when the block is inconsistent beyond two cells
    fills: tuple[Change, ...] = ()


# --------------------------------------------------------------------------- identities


def instances(table: Table, tcode: str) -> list[tuple[tuple[str, str | None], Eq]]:
    """Every instance of the identities of table ``tcode`` over this table, as an equation
    (lhs cells +1, rhs cells -1), a glob expanded over the rows present. The equations
    depend only on the rows present, so they are built once per row set and shared:
    callers read them, never change them."""
    return list(_instances(tcode, tuple(table.rows)))


@lru_cache(maxsize=64)
def _instances(tcode: str, rows: tuple[str, ...]) -> tuple[tuple[tuple[str, str | None], Eq], ...]:
    out = []
    for ident in IDENTITIES.values():
        if ident.table != tcode:
            continue
        loop = FOR_EACH[ident.for_each] if ident.for_each else {}
        ((var, domain),) = loop.items() if loop else ((None, (None,)),)
        if var == "row":
            domain = tuple(r for r in domain if r in rows)
        for value in domain:
            eq = _equation(ident, var, value, rows)
            if eq:
                out.append(((ident.id, value), eq))
    return tuple(out)


def _equation(ident: Identity, var: str | None, value: str | None, rows: tuple[str, ...]) -> Eq:
    eq: Eq = {}
    for side, sign in ((ident.lhs, 1), (ident.rhs, -1)):
        for ref in side:
            tcode, row, col = split_ref(ref)
            row, col = (value if row == var else row), (value if col == var else col)
            hits = fnmatch.filter(rows, row) if "*" in row else [row]
            for r in hits:
                key = (tcode, r, col)
                eq[key] = eq.get(key, 0) + sign
    return {k: c for k, c in eq.items() if c}


def known_value(cell: Cell | None) -> int | float | None:
    """The printed number of a cell; None for a blank, text or missing cell (an unknown)."""
    if cell is None or cell.kind != "number" or isinstance(cell.value, bool):
        return None
    return cell.value


# A cell read by OCR with less confidence than this (Tesseract's confidence of its least
# certain word, 0..1) is evidence too weak to call an imbalance the publisher's (ocrtrust.py).
OCR_LOW = 0.90


def ocr_uncertain(cell: Cell | None) -> bool:
    """Read by OCR with low confidence."""
    return cell is not None and cell.confidence is not None and cell.confidence < OCR_LOW


# --------------------------------------------------------------------------- the solver


def _project(eqs: list[Eq], unknown: set[CellKey]) -> list[Eq]:
    """The combinations of ``eqs`` in which no unknown cell appears (their span)."""
    free = [e for e in eqs if unknown.isdisjoint(e)]
    rest = [dict(e) for e in eqs if not unknown.isdisjoint(e)]
    for u in sorted(unknown):
        pivot = next((e for e in rest if e.get(u)), None)
        if pivot is None:
            continue
        rest.remove(pivot)
        for e in rest:
            c = e.get(u)
            if c:
                f = _div(c, pivot[u])
                for k, v in pivot.items():
                    e[k] = e.get(k, 0) - f * v
                    if not e[k]:
                        del e[k]
    return free + [e for e in rest if e and unknown.isdisjoint(e)]


def _solve(rows: list[list[Number]], k: int) -> list[Number] | None:
    """The unique solution of ``rows`` (each: k coefficients, then the right-hand side),
    None when inconsistent or not determined."""
    m = [list(r) for r in rows]
    pivots = []
    for col in range(k):
        p = next((i for i in range(len(pivots), len(m)) if m[i][col]), None)
        if p is None:
            return None  # a free direction: the values are not determined
        i = len(pivots)
        m[i], m[p] = m[p], m[i]
        for j in range(len(m)):
            if j != i and m[j][col]:
                f = _div(m[j][col], m[i][col])
                m[j] = [a - f * b for a, b in zip(m[j], m[i], strict=True)]
        pivots.append(col)
    if any(r[k] for r in m[k:]):
        return None
    return [_div(m[i][k], m[i][i]) for i in range(k)]


def _try(eqs: list[Eq], resid: list[Number], cells: tuple[CellKey, ...], values: dict):
    """The changed values of ``cells`` that make every equation hold, or None."""
    rows = [[e.get(c, 0) for c in cells] + [-r] for e, r in zip(eqs, resid, strict=True)]
    deltas = _solve(rows, len(cells))
    if deltas is None or any(d == 0 or d.denominator != 1 for d in deltas):
        return None
    out = []
    for c, d in zip(cells, deltas, strict=True):
        new = values[c] + d
        if new < 0 or _exact(new).denominator != 1:
            return None
        out.append(Change(c, values[c], int(new)))
    return tuple(out)


def minimal_repairs(eqs: list[Eq], values: dict[CellKey, int | float]) -> list[tuple[Change, ...]]:
    """Every smallest set of known cells (at most MAX_CELLS) whose change satisfies ``eqs``;
    cells of ``eqs`` missing from ``values`` are unknowns. [] when the equations hold or
    no repair that small exists."""
    return _repairs(*_residuals(eqs, values), values)


def _repairs(eqs: list[Eq], resid: list[Number], values: dict) -> list[tuple[Change, ...]]:
    bad = [i for i, r in enumerate(resid) if r]
    if not bad:
        return []
    # a changed cell must be in every violated equation the other changed cells are not
    # in, and share every holding equation it is in with another changed cell
    holding: dict[CellKey, list[int]] = {}
    for i, e in enumerate(eqs):
        if not resid[i]:
            for c in e:
                holding.setdefault(c, []).append(i)
    first = sorted(set().union(*(eqs[i] for i in bad)))
    ones = [
        r for c in first if all(c in eqs[i] for i in bad) and (r := _try(eqs, resid, (c,), values))
    ]
    if ones:
        return ones
    pairs = []
    for a in first:
        partners = set(values)
        for i in holding.get(a, ()):
            partners &= set(eqs[i])
        for i in bad:
            if a not in eqs[i]:
                partners &= set(eqs[i])
        for b in sorted(partners):
            if b <= a and b in first:
                continue  # (b, a) is tried from b
            if any(a not in eqs[i] for i in holding.get(b, ())):
                continue
            r = _try(eqs, resid, tuple(sorted((a, b))), values)
            if r:
                pairs.append(r)
    return sorted(set(pairs), key=lambda r: [c.cell for c in r])


# --------------------------------------------------------------------------- per table


def repair_table(table: Table, tcode: str) -> list[Block]:
    """The blocks of connected identities of one table and their minimal repairs."""
    rows = tuple(table.rows)
    values: dict[CellKey, int | float] = {}
    for c in _cells(tcode, rows):
        v = known_value(table.cell(c[1], c[2]))
        if v is not None:
            values[c] = v
    blocks = []
    for group in _groups(tcode, rows):
        eqs = [eq for _, eq in group]
        projected, resid = _residuals(eqs, values)
        repairs = _repairs(projected, resid, values)
        if len(repairs) > MAX_CANDIDATES:
            repairs = []
        fills: tuple[Change, ...] = ()
        if len(repairs) == 1 or not any(resid):
            fixed = dict(values)
            for ch in repairs[0] if repairs else ():
                fixed[ch.cell] = ch.proposed
            fills = fill_ins(eqs, fixed)
        blocks.append(Block(frozenset(k for k, _ in group), tuple(repairs), fills))
    return blocks


def _residuals(eqs: list[Eq], values: dict) -> tuple[list[Eq], list[Number]]:
    """The combinations of ``eqs`` free of unknown cells, and what each misses by."""
    unknown = {c for e in eqs for c in e if c not in values}
    projected = _project(eqs, unknown)
    resid = [sum(c * _exact(values[k]) for k, c in e.items()) for e in projected]
    return projected, resid


# --------------------------------------------------------------------------- fill-ins


def fill_ins(eqs: list[Eq], values: dict[CellKey, int | float]) -> tuple[Change, ...]:
    """The unknown cells (blank, unreadable) of ``eqs`` whose value is forced once the
    known cells are ``values``: an equation left with one unknown gives it, and one whose
    unknowns all have the same sign and nothing left over makes them all 0 (a count is
    never negative). Tried on the equations as given, then, when that stalls, on their
    echelon form too (combinations of them), until nothing more follows. () when a forced
    value is negative or not whole: the identities then contradict themselves and say
    nothing about the blanks."""
    known = {k: _exact(v) for k, v in values.items()}
    unknown = sorted({c for e in eqs for c in e if c not in known})
    found: dict[CellKey, Number] = {}
    echelon = False
    while unknown:
        rows = _substituted(eqs, known, found)
        new = _forced(rows + _echelon(rows) if echelon else rows)
        if new is None:
            return ()
        if new:
            found.update(new)
            echelon = False
        elif echelon:
            break
        else:
            echelon = True  # the equations as given say no more: try their combinations
    return tuple(Change(u, None, int(found[u])) for u in unknown if u in found)


_Row = tuple[dict[CellKey, Number], Number]  # sum(coef * unknown) = rhs


def _substituted(eqs: list[Eq], known: dict, found: dict) -> list[_Row]:
    out = []
    for e in eqs:
        coefs, rhs = {}, 0
        for k, c in e.items():
            v = known.get(k, found.get(k))
            if v is None:
                coefs[k] = c
            else:
                rhs -= c * v
        if coefs:
            out.append((coefs, rhs))
    return out


def _forced(rows: list[_Row]) -> dict[CellKey, Number] | None:
    new: dict[CellKey, Number] = {}
    for coefs, rhs in rows:
        if len(coefs) == 1:
            ((u, c),) = coefs.items()
            new[u] = _div(rhs, c)
        elif not rhs and len({c > 0 for c in coefs.values()}) == 1:
            new.update(dict.fromkeys(coefs, 0))
    if any(v < 0 or v.denominator != 1 for v in new.values()):
        return None
    return new


def _echelon(rows: list[_Row]) -> list[_Row]:
    """``rows`` in reduced echelon form (sparse Gaussian elimination)."""
    rest = [(dict(c), r) for c, r in rows]
    done: list[_Row] = []
    while rest:
        coefs, rhs = rest.pop()
        if not coefs:
            continue
        u = min(coefs)
        pv = coefs[u]
        pivot = ({k: _div(c, pv) for k, c in coefs.items()}, _div(rhs, pv))
        for group in (rest, done):
            for i, (c2, r2) in enumerate(group):
                f = c2.get(u)
                if f:
                    merged = dict(c2)
                    for k, c in pivot[0].items():
                        merged[k] = merged.get(k, 0) - f * c
                        if not merged[k]:
                            del merged[k]
                    group[i] = (merged, r2 - f * pivot[1])
        done.append(pivot)
    return done


@lru_cache(maxsize=64)
def _cells(tcode: str, rows: tuple[str, ...]) -> tuple[CellKey, ...]:
    """The cells the identities of a table with these rows refer to, each once."""
    return tuple(dict.fromkeys(c for _, eq in _instances(tcode, rows) for c in eq))


@lru_cache(maxsize=64)
def _groups(tcode: str, rows: tuple[str, ...]) -> tuple[list, ...]:
    return tuple(_components(list(_instances(tcode, rows))))


def _components(found: list[tuple[tuple[str, str | None], Eq]]) -> Iterable[list]:
    """Instances grouped by shared cells (union-find over cells)."""
    parent: dict[CellKey, CellKey] = {}

    def root(c: CellKey) -> CellKey:
        while parent.setdefault(c, c) != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for _, eq in found:
        cells = list(eq)
        for c in cells[1:]:
            parent[root(c)] = root(cells[0])
    groups: dict[CellKey, list] = {}
    for item in found:
        groups.setdefault(root(next(iter(item[1]))), []).append(item)
    return groups.values()


def table_code(identity: str) -> str:
    return IDENTITIES[identity].table


def table_name(tcode: str) -> str:
    return TABLE_NAMES[tcode]
