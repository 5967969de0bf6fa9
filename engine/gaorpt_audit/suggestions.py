"""The repairs of repair.py as what users read: a ``suggestion`` on each balance finding of
tables 三/四, and a short Chinese clause added to its message."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from .corroborate import ClaimCells, Verdict, Witness, verdicts, weigh, witnesses
from .excerpt import cell_label, excerpt
from .identities import IDENTITIES
from .keys import T3_COLUMNS, T4_COLUMNS, TABLE_NAMES
from .model import Cell, CellChange, Finding, Report, Suggestion, Table
from .repair import Block, Change, ocr_uncertain, repair_table
from .slips import explain

COLUMNS = T3_COLUMNS + T4_COLUMNS


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
    return CellChange(
        cell=f"{tcode}.{row}[{col}]",
        table=TABLE_NAMES[tcode],
        row=row,
        column=col,
        label=cell_label(tcode, row, col),
        actual=ch.actual,
        proposed=ch.proposed,
        raw=cell.raw if cell is not None else "",
        line=cell.line if cell is not None else None,
        page=cell.page if cell is not None else None,
        offset=_own_offset(table, row, col, cell) if cell is not None else None,
    )


def suggestion(
    table: Table, block: Block, found: Sequence[Witness] = (), tcode: str | None = None
) -> Suggestion | None:
    """The repair of ``block`` as a suggestion; the narrative's claims (``found``) single
    out one of several candidates, or cast doubt on the only one."""
    if not block.repairs:
        return None
    tcode = tcode or block.repairs[0][0].cell[0]
    repairs = block.repairs
    per = [verdicts(table, r, block.fills if len(repairs) == 1 else (), found) for r in repairs]
    chosen = 0 if len(repairs) == 1 else weigh(per)
    split = any(_split(table.cell(c.cell[1], c.cell[2])) for r in repairs for c in r)
    # a cell OCR read with low confidence: the misread is as likely as the slip (issue 20)
    ocr = any(ocr_uncertain(table.cell(c.cell[1], c.cell[2])) for r in repairs for c in r)
    if split or ocr:
        confidence = "low"
    elif chosen is None:
        confidence = "ambiguous"
    elif any(v.agrees == "printed" for v in per[chosen]) and not any(
        v.agrees == "proposed" for v in per[chosen]
    ):
        confidence = "low"  # the text agrees with the printed number, not with the repair
    else:
        confidence = "unique"
    notes: list[str] = []
    if chosen is not None:
        slip = explain(repairs[chosen], table)
        notes += [slip] if slip else []
        notes += [v.text() for v in per[chosen]]
        if len(repairs) > 1:
            notes.append(_others(per, chosen))
        if confidence == "low" and not split and not ocr:
            notes.append("此建议存疑")
    if split:
        notes.append("表中数字由连写的数字拆分得出，此建议仅供参考")
    if ocr:
        notes.append(OCR_EXPLANATION)
    fills = _ordered(table, block.fills) if len(repairs) == 1 else []
    cands = [[_change(table, ch) for ch in _ordered(table, r)] for r in repairs]
    shown = [repairs[chosen]] if chosen is not None else list(repairs)
    return Suggestion(
        confidence=confidence,
        cells=cands[chosen] if chosen is not None else [],
        candidates=cands,
        explanation="；".join(notes) or None,
        fills=[_change(table, ch) for ch in fills],
        excerpt=excerpt(table, tcode, block.instances, shown, fills),
    )


OCR_EXPLANATION = "该格由文字识别（OCR）读出且识别置信度低，也可能是识别错误"


def _others(per: Sequence[list[Verdict]], chosen: int) -> str:
    """Why the other candidates were not taken."""
    against = [v for i, vs in enumerate(per) if i != chosen for v in vs if v.agrees == "printed"]
    if against:
        return "；".join(dict.fromkeys(v.text() for v in against)) + "，故不取其他候选"
    return "其他候选无正文佐证"


def fill_suggestion(table: Table, blocks: Sequence[Block]) -> Suggestion | None:
    """The blank or unreadable cells of a table that balances, as far as every identity
    determines them (a count is never negative): "空白单元格应填 N"."""
    fills = [ch for b in blocks if not b.repairs for ch in b.fills]
    if not fills:
        return None
    return Suggestion(
        confidence="unique", fills=[_change(table, ch) for ch in _ordered(table, fills)]
    )


def _ordered(table: Table, changes: Sequence[Change]) -> list[Change]:
    """In the table's printed order: row by row, each row's columns in order."""
    rows = {r: i for i, r in enumerate(table.rows)}
    cols = {c: i for i, c in enumerate(COLUMNS)}
    return sorted(changes, key=lambda ch: (rows.get(ch.cell[1], 99), cols.get(ch.cell[2], 99)))


# --------------------------------------------------------------------------- messages


def clause(s: Suggestion) -> str:
    """The suggestion in words, for the views (the finding's message itself is the rule's:
    it states the defect; the suggestion is data beside it)."""
    if s.cells:
        labels = "、".join(c.label for c in s.cells)
        actual = "、".join(_num(c.actual) for c in s.cells)
        proposed = "、".join(str(c.proposed) for c in s.cells)
        text = f"疑为{labels}：表中为 {actual}，按各恒等式应为 {proposed}"
    elif s.candidates:
        options = "；或 ".join(
            "，".join(f"{c.label} {_num(c.actual)}→{c.proposed}" for c in cells)
            for cells in s.candidates
        )
        text = f"按各恒等式，出错的单元格不唯一，可能是 {options}"
    else:
        text = ""
    if s.explanation:
        text += f"（{s.explanation}）"
    if s.fills:
        filled = fill_clause(s.fills)
        text = f"{text}；改正后{filled}" if text else filled
    return text


def fill_clause(fills: Sequence[CellChange]) -> str:
    """``空白单元格（一）予以公开 × 总计应填 272``; the cells that can only be 0 counted."""
    what = "空白单元格" if all(not c.raw.strip() for c in fills) else "空白或无法识别的单元格"
    nonzero = [c for c in fills if c.proposed]
    zeros = len(fills) - len(nonzero)
    if len(nonzero) == 1:
        text = f"{what}{nonzero[0].label}应填 {nonzero[0].proposed}"
    elif nonzero:
        text = f"{what}应填：" + "、".join(f"{c.label} {c.proposed}" for c in nonzero)
    else:
        return f"{zeros} 个{what}按各恒等式只能为 0"
    if zeros:
        text += f"；其余 {zeros} 个按各恒等式只能为 0"
    return text


def _num(v: float | None) -> str:
    if v is None:
        return "空白"
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


# --------------------------------------------------------------------------- findings


def attach(
    findings: list[Finding],
    report: Report,
    identity_of: Callable[[str], str | None],
    links: Sequence[ClaimCells] = (),
    fills_blanks: Callable[[str], bool] = lambda code: False,
) -> list[Finding]:
    """Each balance finding of an identity of tables 三/四 with the repair of its block
    (weighed against the narrative's claims, ``links``), and each blank-cell finding of
    tables 三/四 (``fills_blanks``) with the blank cells the identities determine."""
    blocks: dict[str, list[Block]] = {}

    def blocks_of(tcode: str, table: Table) -> list[Block]:
        if tcode not in blocks:
            blocks[tcode] = repair_table(table, tcode)
        return blocks[tcode]

    out = []
    for f in findings:
        identity = identity_of(f.rule)
        ident = IDENTITIES.get(identity) if identity else None
        tcode = ident.table if ident else _table_code(f) if fills_blanks(f.rule) else None
        table = report.tables.get(TABLE_NAMES[tcode]) if tcode else None
        if tcode is None or table is None:
            out.append(f)
            continue
        if ident is None:
            s = fill_suggestion(table, blocks_of(tcode, table))
        else:
            key = (ident.id, _loop_value(ident.for_each, f))
            block = next((b for b in blocks_of(tcode, table) if key in b.instances), None)
            found = witnesses(report, tcode, links) if block is not None else []
            s = suggestion(table, block, found, tcode) if block is not None else None
        out.append(f if s is None else f.model_copy(update={"suggestion": s}))
    return out


def _table_code(f: Finding) -> str | None:
    return {"三": "t3", "四": "t4"}.get(f.location.table or "")


def _loop_value(for_each: str | None, f: Finding) -> str | None:
    var: Mapping[str | None, str | None] = {
        "t3.rows": f.location.row,
        "t3.columns": f.location.column,
    }
    return var.get(for_each)
