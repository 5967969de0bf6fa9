"""Table 四 (reconsideration/litigation): 15 values in template order.

Headers differ wildly between layouts (merged, wrapped, split into three small tables),
but the values always come in the template order 复议 ×5, 直接起诉 ×5, 复议后起诉 ×5, so
the values are read positionally once the header rows (rows with words) are skipped.
"""

from __future__ import annotations

from ..keys import T4_COLUMNS, T4_GROUPS
from ..model import Cell, ParseIssue, Table
from .cells import has_values, make_cell, row_issue, split_row
from .numbers import squash
from .rows import Row, Tok


def cells_from_values(
    vals: list[Tok], inferred: dict[str, str] | None = None
) -> dict[str, dict[str, Cell]]:
    out: dict[str, dict[str, Cell]] = {}
    for g, group in enumerate(T4_GROUPS):
        by = (inferred or {}).get(group)
        out[group] = {col: make_cell(vals[g * 5 + c], by) for c, col in enumerate(T4_COLUMNS)}
    return out


def build_t4(rows: list[Row], allow_blank: bool = False) -> tuple[Table | None, list[ParseIssue]]:
    """``allow_blank``: also take rows of empty cells (a blank template, 15 cells in all);
    used only once no row with a value was found."""
    issues: list[ParseIssue] = []
    vals: list[Tok] = []
    first: Row | None = None
    for row in rows:
        labels, values = split_row(row)
        blank = allow_blank and row.kind != "plain" and len(values) >= 5
        if labels or not (has_values(values) or blank):
            continue
        if first is None:
            first = row
        trimmed = list(values)
        need = 15 - len(vals)
        while len(trimmed) > need and trimmed and not squash(trimmed[-1].text):
            trimmed.pop()
        while len(trimmed) > need and trimmed and not squash(trimmed[0].text):
            trimmed.pop(0)
        vals.extend(trimmed)
        if len(vals) >= 15:
            break
    if first is None:
        return None, issues
    if len(vals) != 15:
        if allow_blank:
            return None, issues  # empty cells that do not make the template's 15
        issues.append(
            row_issue(
                "table_incomplete",
                "四",
                first,
                f"找到 {len(vals)} 个数值，应为 15 个；不猜测就无法对应单元格，未读取",
            )
        )
        return None, issues
    table = Table(name="四", line=first.line, page=first.page, rows=cells_from_values(vals))
    return table, issues
