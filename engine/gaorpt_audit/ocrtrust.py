"""OCR'd numbers are evidence, not facts (issue 20): tables 三/四 read by OCR are checked
against their identities (docs/domain.md §3) before any balance rule sees them.

Where an identity of an OCR'd table does not hold and a cell the repair (repair.py) points
at was read with low confidence, the imbalance is more likely a misread digit than the
publisher's error: that cell is taken out of the checks (as an unreadable cell is) and a
``ocr_uncertain`` parse issue says "could not check: OCR uncertain at cell X (read 6, the
identities suggest 0)" (PRS002, not a defect, not scored). Where the disagreeing cells
were all read with high confidence, the balance finding stands and says the table was read
by OCR (``mark_findings``). Where the identities hold, the cells are trusted.
"""

from __future__ import annotations

from fractions import Fraction

from .keys import TABLE_NAMES
from .model import Cell, Finding, ParseIssue, Report, Table
from .repair import CellKey, Change, instances, known_value, minimal_repairs
from .repair import ocr_uncertain as uncertain
from .suggestions import cell_label

OCR_NOTE = "（此表由文字识别（OCR）读取，不平衡所涉单元格的识别置信度高）"


def read_by_ocr(table: Table) -> bool:
    return any(c.confidence is not None for row in table.rows.values() for c in row.values())


def screen(report: Report) -> Report:
    """``report`` with the low-confidence cells that break an identity taken out of the
    checks and one ``ocr_uncertain`` issue each (the same object when nothing is)."""
    todo = [
        (tcode, t)
        for tcode in ("t3", "t4")
        if (t := report.tables.get(TABLE_NAMES[tcode])) is not None and read_by_ocr(t)
    ]
    found: list[tuple[str, Table, Change | CellKey]] = []
    for tcode, table in todo:
        found.extend((tcode, table, u) for u in _uncertain_cells(table, tcode))
    if not found:
        return report
    report = report.model_copy(deep=True)
    issues = []
    for tcode, _, what in found:
        key = what.cell if isinstance(what, Change) else what
        table = report.tables[TABLE_NAMES[tcode]]
        cell = table.rows[key[1]][key[2]]
        issues.append(_issue(tcode, key, cell, what if isinstance(what, Change) else None))
        # out of the checks, as an unreadable cell: its raw text stays as evidence
        table.rows[key[1]][key[2]] = cell.model_copy(update={"kind": "text", "value": None})
    report.parse_issues = [*report.parse_issues, *issues]
    return report


def _uncertain_cells(table: Table, tcode: str) -> list[Change | CellKey]:
    """Per violated block of identities: the changes of the first minimal repair that has
    a low-confidence cell (its low cells), or, with no repair, the low-confidence cells of
    the violated equations."""
    found = instances(table, tcode)
    values: dict[CellKey, int | float] = {}
    for _, eq in found:
        for c in eq:
            v = known_value(table.cell(c[1], c[2]))
            if v is not None:
                values[c] = v
    out: list[Change | CellKey] = []
    for eqs in _blocks([eq for _, eq in found]):
        violated = [e for e in eqs if _residual(e, values)]
        if not violated:
            continue
        repairs = minimal_repairs(eqs, values)
        low = [r for r in repairs if any(uncertain(_cell(table, ch.cell)) for ch in r)]
        if low:
            out.extend(ch for ch in low[0] if uncertain(_cell(table, ch.cell)))
        elif not repairs:
            cells = sorted({c for e in violated for c in e if uncertain(_cell(table, c))})
            out.extend(cells)
    return out


def _cell(table: Table, key: CellKey) -> Cell | None:
    return table.cell(key[1], key[2])


def _residual(eq: dict[CellKey, Fraction], values: dict[CellKey, int | float]) -> Fraction:
    if any(c not in values for c in eq):
        return Fraction(0)  # a blank or unreadable cell: the identity is not checked
    return sum((k * Fraction(values[c]) for c, k in eq.items()), Fraction(0))


def _blocks(eqs: list[dict[CellKey, Fraction]]) -> list[list[dict[CellKey, Fraction]]]:
    """Equations grouped by shared cells (as repair.py groups them)."""
    groups: list[tuple[set[CellKey], list[dict[CellKey, Fraction]]]] = []
    for eq in eqs:
        joined = [g for g in groups if not g[0].isdisjoint(eq)]
        cells, members = set(eq), [eq]
        for g in joined:
            groups.remove(g)
            cells |= g[0]
            members = g[1] + members
        groups.append((cells, members))
    return [m for _, m in groups]


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _issue(tcode: str, key: CellKey, cell: Cell, change: Change | None) -> ParseIssue:
    name = TABLE_NAMES[tcode]
    label = cell_label(tcode, key[1], key[2])
    read = f"识别为 {cell.raw or '空'}"
    if change is not None:
        read += f"，按各恒等式应为 {change.proposed}"
    conf = f"{cell.confidence:.2f}" if cell.confidence is not None else "?"
    return ParseIssue(
        code="ocr_uncertain",
        message=(
            f"“{label}”一格文字识别不确定（{read}，识别置信度 {conf}）：与之相关的勾稽关系"
            "未核对，不计为报告错误；请对照原件核实该格数字"
        ),
        table=name,
        row=key[1],
        column=key[2],
        line=cell.line,
        page=cell.page,
        offset=cell.offset,
    )


def mark_findings(findings: list[Finding], report: Report) -> list[Finding]:
    """Balance findings on an OCR'd table say so (their cells were read with confidence)."""
    ocr = {name for name, t in report.tables.items() if read_by_ocr(t)}
    if not ocr:
        return findings
    return [
        f.model_copy(update={"message": f.message + OCR_NOTE})
        if f.category == "balance" and f.location.table in ocr and OCR_NOTE not in f.message
        else f
        for f in findings
    ]
