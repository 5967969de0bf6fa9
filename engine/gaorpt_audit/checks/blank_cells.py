"""`blank_cells`: blank cells of a table that holds numbers (N-BLANK).

`tables` (`二 三 四`). One finding per table naming its blank cells (whole blank columns,
whole blank rows, then column by column). A table without any number is not applicable
(an unfilled table is a parse finding).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from ..facts import FactBase
from ..keys import COLUMN_LABELS, ROW_LABELS, TABLE_CODES
from ..model import TableName
from .base import CheckModel, Explanation, Kind, Match
from .compiler import Builder, Instance, join
from .refs import Ref

MAX_LISTED = 6  # row labels named per group; the rest are counted


class BlankCells(CheckModel):
    """Blank cells of a table that holds numbers elsewhere (docs/domain.md §3.4 N-BLANK)."""

    kind: Literal["blank_cells"]
    tables: list[TableName] = Field(min_length=1)


@dataclass
class Slots:
    table: str = ""
    count: Any = ""  # how many cells are blank
    cells: str = ""  # the blank cells, grouped


def compile_check(b: Builder, rule: Any, chk: BlankCells) -> None:
    # One match per blank cell; one finding per table (one_per_instance).
    for name in chk.tables:
        everything = Ref(table=TABLE_CODES[name], row="*", col="*")  # type: ignore[arg-type]
        tests = [{"kind": "cell"}, {"table": name}, {"cell_kind": "blank"}]
        b.add(
            Instance(rule.code, f"table={name}", needs=(("any_cell", everything),), spec=name),
            {"": join([("m", tests)])},
        )


def describe_blanks(rows: dict[str, dict[str, Any]], blanks: list[tuple[str, str]]) -> str:
    """Blank cells grouped for people: whole columns, whole rows, then column by column."""
    blank = set(blanks)
    cols = list(dict.fromkeys(c for cells in rows.values() for c in cells))
    full_cols = [c for c in cols if all((r, c) in blank for r in rows if c in rows[r])]
    full_rows = [r for r in rows if rows[r] and all((r, c) in blank for c in rows[r])]
    parts = []
    if full_cols and len(full_cols) < len(cols):
        parts.append("整列空白：" + "、".join(COLUMN_LABELS.get(c, c) for c in full_cols))
    if full_rows and len(full_rows) < len(rows):
        parts.append("整行空白：" + "、".join(ROW_LABELS.get(r, r) for r in full_rows[:MAX_LISTED]))
        if len(full_rows) > MAX_LISTED:
            parts[-1] += f" 等 {len(full_rows)} 行"
    rest: dict[str, list[str]] = {}
    for r, c in blanks:
        if c not in full_cols and r not in full_rows:
            rest.setdefault(c, []).append(r)
    for c, rs in rest.items():
        shown = "、".join(ROW_LABELS.get(r, r) for r in rs[:MAX_LISTED])
        more = f" 等 {len(rs)} 行" if len(rs) > MAX_LISTED else ""
        parts.append(f"{COLUMN_LABELS.get(c, c)}列：{shown}{more}")
    return "；".join(parts)


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    name = inst.spec
    table = base.tables[name]  # the matched blank cell's table
    blanks = [
        (row, col)
        for row, cols in table.rows.items()
        for col, c in cols.items()
        if c.kind == "blank"
    ]
    slots = Slots(table=name, count=len(blanks), cells=describe_blanks(table.rows, blanks))
    loc = {"section": name, "table": name, "line": table.line}
    return Explanation(
        slots,
        f"table={name}",
        loc,
        expected="每个单元格都填写数字（没有的填 0）",
        actual=f"{len(blanks)} 个空白单元格",
    )


KIND = Kind("blank_cells", BlankCells, Slots, compile_check, explain, one_per_instance=True)
