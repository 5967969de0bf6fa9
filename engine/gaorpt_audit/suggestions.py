"""The repairs of repair.py as what users read: a ``suggestion`` on each balance finding of
tables 三/四, and a short Chinese clause added to its message."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .identities import IDENTITIES
from .keys import COLUMN_LABELS, ROW_LABELS, TABLE_NAMES
from .model import Cell, CellChange, Finding, Report, Suggestion, Table
from .repair import Block, Change, repair_table

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


def cell_label(tcode: str, row: str, col: str) -> str:
    row_label = _NUMBERED.get(row) if tcode == "t3" else None
    return f"{row_label or ROW_LABELS.get(row, row)} × {COLUMN_LABELS.get(col, col)}"


def _split(cell: Cell | None) -> bool:
    """Read by cutting run-together digits where an identity chose the cut (flat.py's
    inferred_by): the repair must not "confirm" what an identity already decided."""
    return cell is not None and cell.inferred_by is not None


def _own_offset(table: Table, row: str, col: str, cell: Cell) -> int | None:
    """The cell's offset when it is its own: cells cut from run-together digits (flat.py)
    all carry the offset of their run, which is no place to write a correction."""
    if cell.offset is None:
        return None
    shared = any(
        c.line == cell.line and c.offset == cell.offset
        for k, c in table.rows.get(row, {}).items()
        if k != col
    )
    return None if shared else cell.offset


def _change(table: Table, ch: Change) -> CellChange:
    tcode, row, col = ch.cell
    cell = table.cell(row, col)
    assert cell is not None  # a changed cell is a known (printed) one
    return CellChange(
        cell=f"{tcode}.{row}[{col}]",
        table=TABLE_NAMES[tcode],
        row=row,
        column=col,
        label=cell_label(tcode, row, col),
        actual=ch.actual,
        proposed=ch.proposed,
        raw=cell.raw,
        line=cell.line,
        page=cell.page,
        offset=_own_offset(table, row, col, cell),
    )


def suggestion(table: Table, block: Block) -> Suggestion | None:
    if not block.repairs:
        return None
    cands = [[_change(table, ch) for ch in r] for r in block.repairs]
    split = any(_split(table.cell(c.cell[1], c.cell[2])) for r in block.repairs for c in r)
    confidence = "low" if split else "unique" if len(cands) == 1 else "ambiguous"
    return Suggestion(
        confidence=confidence,
        cells=cands[0] if len(cands) == 1 else [],
        candidates=cands,
        explanation=explain(block.repairs, table) if len(cands) == 1 else None,
    )


# --------------------------------------------------------------------------- explanations


def _digit_slip(actual: float, proposed: int) -> str | None:
    a, p = str(actual), str(proposed)
    if len(a) == len(p):
        diff = [i for i in range(len(a)) if a[i] != p[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == p[diff[1]]:
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


def explain(repairs: tuple[tuple[Change, ...], ...], table: Table) -> str | None:
    """The common human slip that fits a unique repair, if one does."""
    (repair,) = repairs
    if len(repair) == 2:
        a, b = repair
        if a.actual == b.proposed and b.actual == a.proposed:
            return "疑为两格数字填反"
        if a.cell[1] == b.cell[1] and a.proposed - a.actual == b.proposed - b.actual:
            return "同一行两格相差相同，疑为该行多计或少计"
        return None
    (ch,) = repair
    tcode, row, col = ch.cell
    excess = ch.actual - ch.proposed
    if excess > 0 and _is_total(tcode, row, col):
        parts = [v for r, c in _parts(table, tcode, row, col) if (v := _value(table, r, c))]
        if excess in parts:
            return "差额恰等于其中一项，疑为该项被重复计入"
    return _digit_slip(ch.actual, ch.proposed)


def _is_total(tcode: str, row: str, col: str) -> bool:
    return col == "total" or (tcode == "t3" and row == "result_total")


def _parts(table: Table, tcode: str, row: str, col: str) -> list[tuple[str, str]]:
    if tcode == "t4" or col == "total":
        return [(row, c) for c in table.rows.get(row, {}) if c != "total"]
    head = ("new", "carried_over", "result_total", "carried_forward")
    return [(r, col) for r in table.rows if r not in head]


def _value(table: Table, row: str, col: str) -> int | float | None:
    cell = table.cell(row, col)
    return cell.value if cell is not None and cell.kind == "number" else None


# --------------------------------------------------------------------------- messages


def _num(v: float) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def clause(s: Suggestion) -> str:
    """The suggestion in words, for the views (the finding's message itself is the rule's:
    it states the defect; the suggestion is data beside it)."""
    if len(s.candidates) == 1:
        cells = s.candidates[0]
        labels = "、".join(c.label for c in cells)
        actual = "、".join(_num(c.actual) for c in cells)
        proposed = "、".join(str(c.proposed) for c in cells)
        text = f"疑为{labels}：表中为 {actual}，按各恒等式应为 {proposed}"
        if s.explanation:
            text += f"（{s.explanation}）"
    else:
        options = "；或 ".join(
            "，".join(f"{c.label} {_num(c.actual)}→{c.proposed}" for c in cells)
            for cells in s.candidates
        )
        text = f"按各恒等式，出错的单元格不唯一，可能是 {options}"
    if s.confidence == "low":
        text += "（表中数字由连写的数字拆分得出，此建议仅供参考）"
    return text


# --------------------------------------------------------------------------- findings


def attach(
    findings: list[Finding], report: Report, identity_of: Callable[[str], str | None]
) -> list[Finding]:
    """Each balance finding of an identity of tables 三/四 with the repair of its block."""
    blocks: dict[str, list[Block]] = {}
    out = []
    for f in findings:
        identity = identity_of(f.rule)
        ident = IDENTITIES.get(identity) if identity else None
        table = report.tables.get(TABLE_NAMES[ident.table]) if ident else None
        if ident is None or table is None:
            out.append(f)
            continue
        if ident.table not in blocks:
            blocks[ident.table] = repair_table(table, ident.table)
        key = (ident.id, _loop_value(ident.for_each, f))
        block = next((b for b in blocks[ident.table] if key in b.instances), None)
        s = suggestion(table, block) if block is not None else None
        out.append(f if s is None else f.model_copy(update={"suggestion": s}))
    return out


def _loop_value(for_each: str | None, f: Finding) -> str | None:
    var: Mapping[str | None, str | None] = {
        "t3.rows": f.location.row,
        "t3.columns": f.location.column,
    }
    return var.get(for_each)
