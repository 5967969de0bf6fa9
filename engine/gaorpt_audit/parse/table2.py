"""Table 二 (proactive disclosure) from rows of cells, both format versions."""

from __future__ import annotations

from ..keys import COLUMN_LABELS, ROW_LABELS
from ..model import Cell, ParseIssue, Table
from .cells import fit, has_values, make_cell, row_issue, split_row
from .labels import T2_COLUMNS, norm_label, t2_columns_in, t2_row
from .rows import Row, Tok


def detect_version(texts: list[str]) -> tuple[str, list[str]]:
    """Format version from the column labels printed, and those labels (canonical)."""
    seen: list[str] = []
    votes = {"2019": 0, "2021": 0}
    for text in texts:
        for _key, version, canonical in t2_columns_in(norm_label(text)):
            if version:
                votes[version] += 1
                if canonical not in seen:
                    seen.append(canonical)
    if "其他对外管理服务事项" in "".join(texts) and "其他对外管理服务事项" not in seen:
        seen.append("其他对外管理服务事项")
    if "政府集中采购" in "".join(texts) and "政府集中采购" not in seen:
        seen.append("政府集中采购")
    if votes["2021"] > votes["2019"]:
        return "2021", seen
    if votes["2019"] > votes["2021"]:
        return "2019", seen
    return "unknown", seen


def columns_for(key: str, version: str) -> tuple[str, ...]:
    if version in T2_COLUMNS and key in T2_COLUMNS[version]:
        return T2_COLUMNS[version][key]
    other = "2019" if version == "2021" else "2021"
    return T2_COLUMNS[other].get(key, T2_COLUMNS["2019"].get(key, ()))


def build_t2(rows: list[Row], allow_blank: bool = False) -> tuple[Table | None, list[ParseIssue]]:
    """``allow_blank``: also take labelled rows whose value cells are all empty (a blank
    template); used only once no row with a value was found."""
    issues: list[ParseIssue] = []
    version, labels = detect_version([r.text for r in rows])
    out: dict[str, dict[str, Cell]] = {}
    first: Row | None = None
    for row in rows:
        label_toks, values = split_row(row)
        if not label_toks or not (
            has_values(values) or (allow_blank and _blank_cells(row, values))
        ):
            continue
        key = None
        for t in reversed(label_toks):
            key = t2_row(norm_label(t.text))
            if key:
                break
        if key is None or key in out:
            continue
        cols = columns_for(key, version)
        fitted = fit(values, len(cols))
        if first is None:
            first = row
        if fitted is None:
            n_vals = sum(1 for v in values if v.text.strip())
            issues.append(
                row_issue(
                    "table_incomplete",
                    "二",
                    row,
                    f"“{ROW_LABELS.get(key, key)}”一行印有 {n_vals} 个数值，对应 {len(cols)} 列"
                    f"（{'、'.join(COLUMN_LABELS.get(c, c) for c in cols)}），无法判断哪个数值属于"
                    "哪一列，该行未读取",
                    key,
                )
            )
            continue
        out[key] = {c: make_cell(t) for c, t in zip(cols, fitted, strict=True)}
    if first is None:
        return None, issues
    table = Table(
        name="二",
        layout=version,  # type: ignore[arg-type]
        line=first.line,
        page=first.page,
        rows=out,
        labels=labels,
    )
    return table, issues


def _blank_cells(row: Row, values: list[Tok]) -> bool:
    """Printed empty cells of a table row (a plain text line has no empty cells)."""
    return row.kind != "plain" and bool(values)
