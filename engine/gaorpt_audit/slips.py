"""The common human slips that explain a repair (issue 19): two cells transposed, an item
or a whole row counted twice into a total, a digit slip (one digit wrong, two adjacent
digits swapped, a digit dropped or added). Said only when the numbers fit exactly."""

from __future__ import annotations

from collections.abc import Sequence

from .excerpt import cell_label, row_label
from .model import Table
from .repair import Change, known_value

# rows of table 三 that are not outcome rows (the parts of （七）总计)
_HEAD = ("new", "carried_over", "result_total", "carried_forward")


def explain(repair: Sequence[Change], table: Table) -> str | None:
    """The slip that fits ``repair`` (one or two changed cells), if one does."""
    if len(repair) == 2:
        a, b = repair
        if a.actual == b.proposed and b.actual == a.proposed:
            return "疑为两格数字填反"
        twice = _row_counted_twice(a, b, table)
        if twice:
            return twice
        if a.cell[1] == b.cell[1] and a.proposed - a.actual == b.proposed - b.actual:
            return "同一行两格相差相同，疑为该行多计或少计"
        return None
    (ch,) = repair
    return _item_counted_twice(ch, table) or _digit_slip(ch.actual, ch.proposed)


def _item_counted_twice(ch: Change, table: Table) -> str | None:
    """A total too large by exactly one of its parts."""
    tcode, row, col = ch.cell
    if ch.actual is None or ch.actual <= ch.proposed:
        return None
    excess = ch.actual - ch.proposed
    hits = [(r, c) for r, c in _parts(table, tcode, row, col) if _value(table, r, c) == excess]
    if not hits:
        return None
    if len(hits) == 1:
        (r, c), n = hits[0], _num(excess)
        return f"多出的 {n} 恰等于{cell_label(tcode, r, c)}，疑为该项被重复计入"
    return f"多出的 {_num(excess)} 恰等于其中一项，疑为该项被重复计入"


def _row_counted_twice(a: Change, b: Change, table: Table) -> str | None:
    """Two cells of （七）总计 too large by exactly the same outcome row, whose other cells
    are 0: that row was added in twice."""
    tcode = a.cell[0]
    if tcode != "t3" or a.cell[1] != "result_total" or b.cell[1] != "result_total":
        return None
    excess = {}
    for ch in (a, b):
        if ch.actual is None or ch.actual <= ch.proposed:
            return None
        excess[ch.cell[2]] = ch.actual - ch.proposed
    for r, cols in table.rows.items():
        if r in _HEAD:
            continue
        values = {c: known_value(cell) for c, cell in cols.items()}
        if all(values.get(c) == e for c, e in excess.items()) and not any(
            v for c, v in values.items() if c not in excess
        ):
            return f"多出的数恰等于{row_label(tcode, r)}一行，疑为该行被重复计入（七）总计"
    return None


def _parts(table: Table, tcode: str, row: str, col: str) -> list[tuple[str, str]]:
    """The cells a total cell sums: its row's other cells (总计 column, table 四), the
    outcome rows of its column (（七）总计 of table 三)."""
    out = []
    if tcode == "t4" or col == "total":
        out += [(row, c) for c in table.rows.get(row, {}) if c != "total"]
    if tcode == "t3" and row == "result_total":
        out += [(r, col) for r in table.rows if r not in _HEAD]
    return out


def _value(table: Table, row: str, col: str) -> int | float | None:
    return known_value(table.cell(row, col))


def _digit_slip(actual: float | None, proposed: int) -> str | None:
    if actual is None:
        return None
    a, p = _num(actual), str(proposed)
    if len(a) == len(p):
        diff = [i for i in range(len(a)) if a[i] != p[i]]
        i = diff[0] if diff else 0
        if diff == [i, i + 1] and a[i] == p[i + 1] and a[i + 1] == p[i]:
            return "疑为相邻两位数字颠倒"
        if len(diff) == 1:
            return "疑为一位数字笔误"
        return None
    longer, shorter = (a, p) if len(a) > len(p) else (p, a)
    if len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))
    ):
        return "疑为多写了一位数字" if longer == a else "疑为漏写了一位数字"
    return None


def _num(v: float) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
