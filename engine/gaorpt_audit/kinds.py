"""Evaluator side of the check kinds blank_cells, section_order, claim_total and integer.

Kept apart from evaluate.py, which only dispatches here: ``need_problem`` says why an input
is missing (not applicable), ``finding_parts`` turns one backend match into the finding's
slots, location, logical key and expected/actual. Everything is read from the Report, so
both backends give the same findings.
"""

from __future__ import annotations

from typing import Any

from .facts import _expand
from .model import Report, Section
from .rulebook import COLUMN_LABELS, ROW_LABELS, SECTION_NUMBERS, TABLE_NAMES, Rule

KINDS = ("blank_cells", "section_order", "claim_total", "integer")
# Kinds whose finding depends only on the instance and the report, not on the match:
# the evaluator builds it from the first match of an instance and skips the rest.
ONE_FINDING_PER_INSTANCE = frozenset({"blank_cells", "section_order"})
NEEDS = ("claim", "section")
MAX_LISTED = 6  # row labels named per group; the rest are counted
TARGET_LABELS = {
    "granted": "予以公开",
    "partial": "部分公开",
    "granted+partial": "予以公开及部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
}
CLAIM_LABELS = {"litigation_count": "行政诉讼", "review_count": "行政复议"}


def cell_label(row: str, col: str) -> str:
    return f"{ROW_LABELS.get(row, row)}/{COLUMN_LABELS.get(col, col)}"


def need_problem(report: Report, need: tuple[Any, ...]) -> str | None:
    kind = need[0]
    if kind == "section":
        if any(s.key == need[1] for s in report.sections):
            return None
        return f"section {need[1]} not found"
    if kind == "claim":
        return claim_problem(usable_claims(report), need)
    return f"unknown input {kind}"


def usable_claims(report: Report) -> set[tuple[str, str | None]]:
    """(kind, None) and (kind, target) of every unscoped claim with a value: built once per
    report, so each ("claim", kind, target) input is one set lookup."""
    out: set[tuple[str, str | None]] = set()
    for c in report.claims:
        if not c.scope and c.value is not None:
            out.add((c.kind, None))
            out.add((c.kind, c.target))
    return out


def claim_problem(usable: set[tuple[str, str | None]], need: tuple[Any, ...]) -> str | None:
    claim, target = need[1], need[2]
    if (claim, target) in usable:
        return None
    what = f"{claim} (target {target})" if target else claim
    return f"the report makes no unscoped claim {what}"


def _blank_cells(report: Report, name: str) -> list[tuple[str, str, int | None]]:
    table = report.tables.get(name)
    if table is None:
        return []
    return [
        (row, col, cell.line)
        for row, cols in table.rows.items()
        for col, cell in cols.items()
        if cell.kind == "blank"
    ]


def describe_blanks(rows: dict[str, dict[str, Any]], blanks: list[tuple[str, str, Any]]) -> str:
    """Blank cells grouped for people: whole columns, whole rows, then column by column."""
    blank = {(r, c) for r, c, _ in blanks}
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
    for r, c, _ in blanks:
        if c not in full_cols and r not in full_rows:
            rest.setdefault(c, []).append(r)
    for c, rs in rest.items():
        shown = "、".join(ROW_LABELS.get(r, r) for r in rs[:MAX_LISTED])
        more = f" 等 {len(rs)} 行" if len(rs) > MAX_LISTED else ""
        parts.append(f"{COLUMN_LABELS.get(c, c)}列：{shown}{more}")
    return "；".join(parts)


def _claim_text(report: Report, fact: dict[str, Any]) -> str:
    for c in report.claims:
        if c.line == fact.get("line") and c.kind == fact.get("claim"):
            return c.text
    return ""


def _fmt(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


_BLANK_CACHE: dict[Any, Any] = {}


def _blank_parts(report: Report, name: str) -> tuple[dict[str, Any], dict[str, Any], str, Any, Any]:
    blanks = _blank_cells(report, name)
    table = report.tables.get(name)
    listed = describe_blanks(table.rows if table is not None else {}, blanks)
    line = table.line if table is not None else None
    slots = {"table": name, "count": len(blanks), "cells": listed}
    loc = {"section": name, "table": name, "line": line}
    return slots, loc, f"table={name}", "numbers in every cell", f"{len(blanks)} blank cells"


def misplaced_section(report: Report, wanted: list[str]) -> Section | None:
    """The first section heading printed where another one belongs (section_order)."""
    present = sorted(
        (s for s in report.sections if s.key in wanted), key=lambda s: (s.line, s.offset or 0)
    )
    in_order = [k for k in wanted if any(s.key == k for s in present)]
    return next((s for s, e in zip(present, in_order, strict=False) if s.key != e), None)


def finding_parts(
    rule: Rule, data: dict[str, Any], bound: dict[str, dict[str, Any]], report: Report
) -> tuple[dict[str, Any], dict[str, Any], str, Any, Any]:
    """(slots, location, logical key, expected, actual) of one match of a kind in KINDS."""
    kind = rule.check.kind
    if kind == "blank_cells":
        # one match per blank cell, one finding per table: describe the table once
        key = (rule.code, data["table"])
        if _BLANK_CACHE.get("report") is not report:
            _BLANK_CACHE.clear()
            _BLANK_CACHE["report"] = report
        if key not in _BLANK_CACHE:
            _BLANK_CACHE[key] = _blank_parts(report, data["table"])
        return _BLANK_CACHE[key]
    if kind == "section_order":
        wanted = data["sections"]
        # by line, then offset within the line (flattened exports hold all on one line)
        present = sorted((s.line, s.offset or 0, s.key) for s in report.sections if s.key in wanted)
        keys = {k for *_, k in present}
        in_order = [k for k in wanted if k in keys]
        order = "、".join(SECTION_NUMBERS[k] for *_, k in present)
        expected = "、".join(SECTION_NUMBERS[k] for k in in_order)
        # the first heading printed where another one belongs
        first = next((ln for (ln, _, k), e in zip(present, in_order, strict=False) if k != e), None)
        slots = {"order": order, "expected": expected}
        return slots, {"line": first}, "order", expected, order
    if kind == "claim_total":
        w, v = bound["w"], bound["v"]
        values = [
            tbl.rows[row][col].value or 0
            for ref in data["refs"]
            if (tbl := report.tables.get(TABLE_NAMES[ref.table])) is not None
            for row, col in _expand(ref.table, ref.row, ref.col, report)
        ]
        target = data["target"]
        label = TARGET_LABELS.get(target, CLAIM_LABELS.get(data["claim"], target or ""))
        claimed, total = w["value"], v["value"]
        slots = {
            "claim_value": _fmt(claimed),
            "claim_text": _claim_text(report, w),
            "claim_line": w["line"],
            "target": target or data["claim"],
            "target_label": label,
            "actual": _fmt(total),
            "terms": " + ".join(_fmt(x) for x in values),
            "diff": _fmt(round(claimed - total, 6)),
        }
        first = data["refs"][0]
        tname = TABLE_NAMES[first.table]
        loc = {"section": tname, "table": tname, "line": w["line"]}
        if len(data["refs"]) == 1 and "*" not in first.row:
            loc["row"] = first.row
        if len({r.col for r in data["refs"]}) == 1 and "*" not in first.col:
            loc["column"] = first.col
        return slots, loc, f"{target}|{w['line']}", total, claimed
    if kind == "integer":
        m = bound["m"]
        row, col = m["row"], m["col"]
        slots = {
            "cell": f"{data['cells'].table}.{row}[{col}]",
            "value": _fmt(m["value"]),
            "row": row,
            "col": col,
            "row_label": ROW_LABELS.get(row, row),
            "column": COLUMN_LABELS.get(col, col),
            "column_label": COLUMN_LABELS.get(col, col),
        }
        loc = {
            "section": m["table"],
            "table": m["table"],
            "row": row,
            "column": col,
            "line": m.get("line"),
        }
        return slots, loc, f"{row}[{col}]", "a whole number", m["value"]
    raise ValueError(f"kind {kind} is not handled here")
