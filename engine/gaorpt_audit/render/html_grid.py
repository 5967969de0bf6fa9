"""A table 三 or 四 with balance findings, drawn as the grid the report printed.

The cells of each identity that does not hold are shaded, the total it checks is
outlined, and the identity is written out with the printed values, so a reader sees which
numbers disagree without counting columns in a flattened line. Where the repair of
repair.py found the cell(s) to correct (``Finding.suggestion``), that cell is marked and
shows the value the identities call for.
"""

from __future__ import annotations

from fractions import Fraction
from html import escape

from ..identities import IDENTITIES
from ..keys import COLUMN_LABELS, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TABLE_CODES
from ..model import Cell, Finding, Table
from ..repair import instances
from ..suggestions import cell_label, clause

CellKey = tuple[str, str, str]
# each identity in the words of the report's template (identities.py writes them for us)
IDENTITY_TEXT = {
    "T3-BAL": "每一列：本年新收 + 上年结转 = （七）总计 + 结转下年度",
    "T3-SUM": "每一列：（七）总计 = （一）至（六）各项办理结果之和",
    "T3-ROW": "每一行：总计 = 六类申请人之和",
    "T4-SUM-R": "行政复议：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    "T4-SUM-D": "未经复议直接起诉：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
    "T4-SUM-A": "复议后起诉：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
}
T4_IDENTITY = {"review": "T4-SUM-R", "litigation_direct": "T4-SUM-D",
               "litigation_after_review": "T4-SUM-A"}  # fmt: skip


def identity_of(f: Finding, declared: str | None) -> str | None:
    """The identity a balance finding checks: the rule's own, else read off its location
    (a finding of the fixture set or of a rule not in the catalogue)."""
    if declared in IDENTITIES:
        return declared
    loc = f.location
    if loc.table == "四":
        return T4_IDENTITY.get(loc.row or "")
    if loc.table != "三":
        return None
    if loc.column == "total" and loc.row not in (None, "result_total"):
        return "T3-ROW"
    if loc.row == "result_total":
        return "T3-SUM"
    return "T3-BAL" if loc.column else None


def _loop(ident: str, f: Finding) -> str | None:
    for_each = IDENTITIES[ident].for_each
    return {"t3.columns": f.location.column, "t3.rows": f.location.row}.get(for_each or "")


def instance(table: Table, ident: str, f: Finding) -> dict[CellKey, Fraction]:
    """The cells of the identity's instance this finding is about (+1 lhs, -1 rhs)."""
    tcode = IDENTITIES[ident].table
    key = (ident, _loop(ident, f))
    return next((eq for k, eq in instances(table, tcode) if k == key), {})


def _num(v: float | None) -> str:
    if v is None:
        return "空"
    return str(int(v)) if float(v).is_integer() else str(v)


def _shown(cell: Cell | None) -> tuple[str, str]:
    """(text, css class) of a printed cell."""
    if cell is None or cell.kind == "blank":
        return "", "blank"
    if cell.kind == "number" and cell.value is not None:
        return _num(cell.value), ""
    return cell.raw or "—", "blank"


def _side(table: Table, eq: dict[CellKey, Fraction], sign: int) -> tuple[str, float]:
    """One side of an identity in words: the non-zero cells with their values, and its sum
    (blank cells and zeros are summarised, not listed)."""
    terms, total, rest = [], 0.0, 0
    for (tcode, row, col), coef in eq.items():
        if (coef > 0) != (sign > 0):
            continue
        cell = table.cell(row, col)
        value = cell.value if cell is not None and cell.kind == "number" else None
        if value:
            terms.append(f"{cell_label(tcode, row, col)} {_num(value)}")
            total += float(value)
        else:
            rest += 1
    text = " + ".join(terms) or "0"
    if rest:
        text += f"（另有 {rest} 格为 0 或空白）"
    return text, total


def identity_text(table: Table, ident: str, f: Finding) -> str:
    eq = instance(table, ident, f)
    if not eq:
        return escape(f.message)
    lhs, a = _side(table, eq, 1)
    rhs, b = _side(table, eq, -1)
    head = escape(IDENTITY_TEXT.get(ident, IDENTITIES[ident].summary))
    return (
        f"<b>{escape(f.rule)}</b> {head}<br>{escape(lhs)} = <b>{_num(a)}</b>，"
        f"但 {escape(rhs)} = <b>{_num(b)}</b>（相差 {_num(a - b)}）"
    )


def _layout(table: Table) -> tuple[str, list[str], tuple[str, ...]]:
    tcode = TABLE_CODES[table.name]
    if tcode == "t4":
        return tcode, [g for g in T4_GROUPS if g in table.rows], T4_COLUMNS
    return tcode, list(table.rows), T3_COLUMNS


def grid(
    table: Table, findings: list[Finding], identities: dict[str, str | None], anchor: str
) -> str:
    """The table with every balance finding's cells marked and its identity written out.

    ``identities``: rule code -> the identity it declares (from the catalogue)."""
    tcode, rows, columns = _layout(table)
    inside: set[CellKey] = set()
    totals: set[CellKey] = set()
    lines = []
    for f in findings:
        ident = identity_of(f, identities.get(f.rule))
        if ident is None or IDENTITIES[ident].table != tcode:
            continue
        eq = instance(table, ident, f)
        inside |= set(eq)
        at = (tcode, f.location.row or "", f.location.column or "")
        totals |= {at} if at in eq else {k for k, c in eq.items() if c > 0}
        lines.append(f"<li>{identity_text(table, ident, f)}</li>")
    fixes = _fixes(findings, tcode)
    head = "".join(f'<th class="num">{escape(COLUMN_LABELS.get(c, c))}</th>' for c in columns)
    body = []
    for row in rows:
        label = cell_label(tcode, row, columns[-1]).split(" × ")[0]
        cells = []
        for col in columns:
            key = (tcode, row, col)
            text, cls = _shown(table.cell(row, col))
            classes = [cls] if cls else []
            classes += ["in"] * (key in inside) + ["at"] * (key in totals)
            if key in fixes:
                classes.append("suspect")
                text += f' <span class="fix">→ {escape(fixes[key])}</span>'
            attr = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{attr}>{text}</td>")
        body.append(f'<tr><th class="rl">{escape(label)}</th>{"".join(cells)}</tr>')
    return (
        f'<div class="tablegrid" id="{anchor}"><h3>表{escape(table.name)}（按报告所印）</h3>'
        f'<ul class="ident">{"".join(lines)}</ul>'
        '<p class="meta legend"><span class="in-key" style="background:#fff8c5">恒等式涉及的格</span>'
        '<span style="outline:2px solid #cf222e">报告所印总计</span>'
        '<span style="background:#ffebe9">疑似填错的格 → 建议值</span></p>'
        f'<div class="scroll"><table class="grid"><thead><tr><th></th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{_suggestion_text(findings)}</div>"
    )


def _fixes(findings: list[Finding], tcode: str) -> dict[CellKey, str]:
    """Cell -> proposed value(s) of the findings' suggestions (candidates joined by 或)."""
    out: dict[CellKey, list[str]] = {}
    for f in findings:
        s = f.suggestion
        if s is None:
            continue
        for cand in s.candidates or [s.cells]:
            for c in cand:
                if TABLE_CODES.get(c.table) != tcode:
                    continue
                values = out.setdefault((tcode, c.row, c.column), [])
                if str(c.proposed) not in values:
                    values.append(str(c.proposed))
    return {k: " 或 ".join(v) for k, v in out.items()}


def _suggestion_text(findings: list[Finding]) -> str:
    seen: list[str] = []
    for f in findings:
        if f.suggestion is not None and (text := clause(f.suggestion)) not in seen:
            seen.append(text)
    return "".join(f'<p class="suggest">建议：{escape(t)}</p>' for t in seen)
