"""The part of a table a suggestion is about (issue 19): the rows × columns of the
identities the suspect cells break, with their printed labels, the suspect cells marked
with their proposed values and each broken identity written out. Only the rich terminal
view draws it (render/table_grid.py); it is left out of every machine format."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from .keys import COLUMN_LABELS, ROW_LABELS, T3_COLUMNS, T4_COLUMNS, TABLE_NAMES
from .model import ExcerptCell, Table, TableExcerpt
from .repair import CellKey, Change, Eq, instances, known_value

# the rows whose label does not carry its printed number (（三）…（六） labels do)
_NUMBERED = {
    "new": "一、本年新收",
    "carried_over": "二、上年结转",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开",
    "other": "（六）其他处理",
    "result_total": "（七）总计",
    "carried_forward": "四、结转下年度",
}

# each identity in words: (what the printed total is, what it should equal)
_SIDES = {
    "T3-BAL": ("本年新收 + 上年结转", "办理结果总计 + 结转下年度"),
    "T3-SUM": ("（七）总计", "各办理结果行之和"),
    "T3-ROW": ("总计", "各类申请人之和"),
    "T4-SUM": ("总计", "结果维持 + 结果纠正 + 其他结果 + 尚未审结"),
}


def row_label(tcode: str, row: str) -> str:
    return (_NUMBERED.get(row) if tcode == "t3" else None) or ROW_LABELS.get(row, row)


def cell_label(tcode: str, row: str, col: str) -> str:
    return f"{row_label(tcode, row)} × {COLUMN_LABELS.get(col, col)}"


def excerpt(
    table: Table,
    tcode: str,
    block: frozenset[tuple[str, str | None]],
    repairs: Sequence[Sequence[Change]],
    fills: Sequence[Change] = (),
) -> TableExcerpt | None:
    """The excerpt for the candidate ``repairs`` of one block of identities (the first is
    marked ``suspect`` when it is the only one, else every one ``candidate``)."""
    marked: dict[CellKey, tuple[str, int]] = {}
    for r in repairs:
        for ch in r:
            marked[ch.cell] = ("suspect" if len(repairs) == 1 else "candidate", ch.proposed)
    for ch in fills:
        marked.setdefault(ch.cell, ("fill", ch.proposed))
    eqs = [(key, eq) for key, eq in instances(table, tcode) if key in block]
    touched = [(k, e) for k, e in eqs if not marked.keys().isdisjoint(e)]
    broken = [(k, e) for k, e in touched if _residual(table, e)]
    shown = broken or touched
    if not shown:
        return None
    cells = {c for _, e in shown for c in e} | set(marked)
    order = {r: i for i, r in enumerate(table.rows)}
    columns = T3_COLUMNS if tcode == "t3" else T4_COLUMNS
    totals = {c for k, e in shown for c, coef in e.items() if coef > 0 and k[0] != "T3-BAL"}
    rows = sorted({c[1] for c in cells if c[1] in order}, key=order.__getitem__)
    cols = [c for c in columns if any(k[2] == c for k in cells)]

    def keep(key: CellKey) -> bool:
        cell = table.cell(key[1], key[2])
        return key in marked or key in totals or bool(known_value(cell))

    kept_rows = [r for r in rows if any(keep((tcode, r, c)) for c in cols)]
    kept_cols = [c for c in cols if any(keep((tcode, r, c)) for r in kept_rows)]
    out_rows = []
    for r in kept_rows:
        line = []
        for c in kept_cols:
            cell = table.cell(r, c)
            mark, proposed = marked.get((tcode, r, c), ("", None))
            line.append(ExcerptCell(text=cell.raw if cell else "", proposed=proposed, mark=mark))
        out_rows.append((row_label(tcode, r), line))
    return TableExcerpt(
        table=f"表{TABLE_NAMES[tcode]}",
        columns=[COLUMN_LABELS.get(c, c) for c in kept_cols],
        rows=out_rows,
        identities=[_written(table, tcode, k, e) for k, e in shown],
        hidden=len(rows) - len(kept_rows),
        hidden_columns=len(cols) - len(kept_cols),
    )


def _value(table: Table, key: CellKey) -> Fraction | None:
    v = known_value(table.cell(key[1], key[2]))
    return None if v is None else Fraction(v)


def _residual(table: Table, eq: Eq) -> bool:
    """The equation fails on the printed numbers (False when a cell of it is unknown)."""
    values = [_value(table, k) for k in eq]
    if any(v is None for v in values):
        return False
    return bool(sum(c * v for c, v in zip(eq.values(), values, strict=True)))


def _written(table: Table, tcode: str, key: tuple[str, str | None], eq: Eq) -> str:
    """``自然人：（七）总计 20 ≠ 各办理结果行之和 26（6 + 6 + 14）``: one identity on the
    printed numbers (only the non-zero terms; a blank cell as 空)."""
    ident, loop = key
    lhs_words, rhs_words = _SIDES[ident if ident in _SIDES else ident[:6]]
    where = ""
    if loop is not None:
        where = COLUMN_LABELS.get(loop) or row_label(tcode, loop)
    elif tcode == "t4":
        where = row_label(tcode, next(iter(eq))[1])
    sides = []
    for sign in (1, -1):
        terms = [k for k, c in eq.items() if (c > 0) == (sign > 0)]
        values = [_value(table, k) for k in terms]
        if any(v is None for v in values):
            shown = [_num(v) if v is not None else "空" for v in values]
            sides.append(("?", " + ".join(shown)))
            continue
        total = sum(values, Fraction(0))
        nonzero = [_num(v) for v in values if v]
        sides.append((_num(total), " + ".join(nonzero) if len(nonzero) > 1 else ""))
    (a, a_terms), (b, b_terms) = sides
    rel = "≠" if a != b or a == "?" else "="
    text = f"{lhs_words} {a}{f'（{a_terms}）' if a_terms else ''} {rel} {rhs_words} {b}"
    if b_terms:
        text += f"（{b_terms}）"
    return f"{where}：{text}" if where else text


def _num(v: Fraction | None) -> str:
    if v is None:
        return "空"
    return str(v.numerator) if v.denominator == 1 else str(float(v))
