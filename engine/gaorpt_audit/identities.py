"""The arithmetic identities of tables 三 and 四 (docs/domain.md §3.1-3.2), defined once.

Each identity is data: sum(lhs) = sum(rhs), over a loop domain, in the cell-reference
language of the rules (``t3.new[col]``; a ``*`` matches the rows present). The balance
rules take their equations from here (a rule with ``identity = "T3-ROW"`` and no
``lhs``/``rhs``), and the parser asks the same definitions which reading of run-together
digits balances (``parse/flat.py``, ``parse/digits.py``). Nothing else writes them down.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from .keys import T3_COLUMNS, T4_COLUMNS, T4_GROUPS

_REF = re.compile(r"^(t[234])\.([a-z_*][a-z0-9_.*]*)\[([a-z_*][a-z0-9_*]*)\]$")


@dataclass(frozen=True)
class Identity:
    id: str  # docs/domain.md §3 id; a cell the parser inferred from it carries it as inferred_by
    summary: str
    lhs: tuple[str, ...]  # what the report printed as the total (a finding's "actual")
    rhs: tuple[str, ...]
    for_each: str | None = None  # a loop domain of keys.FOR_EACH

    @property
    def table(self) -> str:
        return self.lhs[0].split(".", 1)[0]


def _group(g: str) -> Identity:
    code = {"review": "R", "litigation_direct": "D", "litigation_after_review": "A"}[g]
    return Identity(
        f"T4-SUM-{code}",
        f"表四 {g}: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
        (f"t4.{g}[total]",),
        tuple(f"t4.{g}[{c}]" for c in T4_COLUMNS[:-1]),
    )


IDENTITIES: dict[str, Identity] = {
    i.id: i
    for i in (
        Identity(
            "T3-BAL",
            "表三 each column: 本年新收 + 上年结转 = 办理结果总计 + 结转下年度",
            ("t3.new[col]", "t3.carried_over[col]"),
            ("t3.result_total[col]", "t3.carried_forward[col]"),
            "t3.columns",
        ),
        Identity(
            "T3-SUM",
            "表三 each column: （七）总计 = the outcome rows （一）…（六）",
            ("t3.result_total[col]",),
            (
                "t3.granted[col]",
                "t3.partial[col]",
                "t3.withheld.*[col]",
                "t3.unavailable.*[col]",
                "t3.not_processed.*[col]",
                "t3.other*[col]",
            ),
            "t3.columns",
        ),
        Identity(
            "T3-ROW",
            "表三 each row: 总计 = the six applicant columns",
            ("t3.row[total]",),
            tuple(f"t3.row[{c}]" for c in T3_COLUMNS[:-1]),
            "t3.rows",
        ),
        *(_group(g) for g in T4_GROUPS),
    )
}

# --------------------------------------------------------------------------- for the parser


def split_ref(ref: str) -> tuple[str, str, str]:
    """``t3.row[total]`` -> ("t3", "row", "total"): a reference of an identity."""
    m = _REF.match(ref)
    assert m, ref
    return m.group(1), m.group(2), m.group(3)


@cache
def _row_indices(identity: str, columns: tuple[str, ...]) -> tuple[int, tuple[int, ...]]:
    """(index of the lhs cell, indices of the rhs cells) of a one-row identity, in a row of
    ``columns`` (T3-ROW over the 7 columns of table 三)."""
    ident = IDENTITIES[identity]
    (lhs,) = ident.lhs
    return columns.index(split_ref(lhs)[2]), tuple(
        columns.index(split_ref(r)[2]) for r in ident.rhs
    )


def row_holds(identity: str, values: Sequence[int], columns: tuple[str, ...] = T3_COLUMNS) -> bool:
    """A one-row identity (T3-ROW) on one row of values given in ``columns`` order."""
    total, parts = _row_indices(identity, columns)
    return values[total] == sum(values[i] for i in parts)


@cache
def _t4_indices() -> tuple[tuple[int, tuple[int, ...]], ...]:
    """Per T4-SUM identity: (total index, part indices) in the 15 values of table 四 read
    group by group in T4_COLUMNS order."""
    width = len(T4_COLUMNS)
    out = []
    for g, group in enumerate(T4_GROUPS):
        ident = _group(group)
        cols = [split_ref(r)[2] for r in ident.rhs]
        (total,) = (split_ref(r)[2] for r in ident.lhs)
        out.append(
            (
                g * width + T4_COLUMNS.index(total),
                tuple(g * width + T4_COLUMNS.index(c) for c in cols),
            )
        )
    return tuple(out)


def t4_holds(values: Sequence[int]) -> bool:
    """Every T4-SUM identity on the 15 values of table 四 (three groups of five)."""
    return all(values[t] == sum(values[i] for i in parts) for t, parts in _t4_indices())


def total_last_groups(table: str) -> tuple[int, ...]:
    """The row identities of a table as groups of consecutive cells whose last cell is the
    sum of the others: (7,) for table 三 (T3-ROW), (5, 5, 5) for table 四 (T4-SUM-*)."""
    if table == "t3":
        total, parts = _row_indices("T3-ROW", T3_COLUMNS)
        assert total == len(parts) == len(T3_COLUMNS) - 1  # the total is printed last
        return (len(T3_COLUMNS),)
    for g, (total, parts) in enumerate(_t4_indices()):
        assert total == (g + 1) * len(T4_COLUMNS) - 1 and len(parts) == len(T4_COLUMNS) - 1
    return (len(T4_COLUMNS),) * len(T4_GROUPS)


def columns_hold(
    identity: str, rows: Mapping[str, Sequence[int]], keys: Sequence[str]
) -> bool | None:
    """A per-column identity of table 三 (T3-SUM, T3-BAL) on every column of ``rows``
    (row key -> its 7 values in T3_COLUMNS order); a ``*`` expands over ``keys``, the row
    keys of the table's layout. None when a row the identity needs is not in ``rows``."""
    sides = _column_sides(identity, tuple(keys))
    if any(k not in rows for side in sides for k in side):
        return None
    lhs, rhs = sides
    return all(
        sum(rows[k][c] for k in lhs) == sum(rows[k][c] for k in rhs) for c in range(len(T3_COLUMNS))
    )


@cache
def _column_sides(identity: str, keys: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    ident = IDENTITIES[identity]
    assert ident.for_each == "t3.columns", identity
    return tuple(
        tuple(k for ref in side for k in _rows_of(split_ref(ref)[1], keys))
        for side in (ident.lhs, ident.rhs)
    )


def _rows_of(pattern: str, keys: tuple[str, ...]) -> list[str]:
    return fnmatch.filter(keys, pattern) if "*" in pattern else [pattern]
