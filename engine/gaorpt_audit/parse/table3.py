"""Table 三 (applications) from rows of cells.

Rows come in template order, so a value row whose label was lost or pushed elsewhere by
the export (Markdown made from PDFs) takes the next row of the template; a label that
matches several rows takes the first one not yet filled from the current position.
"""

from __future__ import annotations

from ..keys import ROW_LABELS, T3_COLUMNS, T3_ROWS_2019, T3_ROWS_2021
from ..model import Cell, ParseIssue, Table
from .cells import fit, has_values, make_cell, row_issue, split_row
from .labels import T3_2021_MARKERS, T3_COLUMN_WORDS, norm_label, t3_candidates
from .rows import Row, Tok

LABEL_2019 = "（六）其他处理"
LABELS_2021 = (
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
)


def detect_layout(texts: list[str]) -> str:
    """2021 when a （六） sub-item label is printed, 2019 when only （六）其他处理 is."""
    joined = "".join(norm_label(t) for t in texts)
    if any(m in joined for m in T3_2021_MARKERS):
        return "2021"
    if "其他处理" in joined:
        return "2019"
    return "unknown"


def layout_labels(layout: str) -> list[str]:
    if layout == "2019":
        return [LABEL_2019]
    if layout == "2021":
        return list(LABELS_2021)
    return []


def build_t3(rows: list[Row], allow_blank: bool = False) -> tuple[Table | None, list[ParseIssue]]:
    """``allow_blank``: the table may start at a 本年新收 row with every value cell empty
    (a blank template); used only once no row with a value was found."""
    issues: list[ParseIssue] = []
    layout = detect_layout([r.text for r in rows])
    order = list(T3_ROWS_2019 if layout == "2019" else T3_ROWS_2021)
    filled: dict[str, dict[str, Cell]] = {}
    pos = -1  # index in ``order`` of the last row filled
    started = False
    pending: tuple[str, list[Tok], Row] | None = None
    first_line: int | None = None
    first_page: int | None = None

    def pick(cands: list[str]) -> str | None:
        cands = [c for c in cands if c in order and c not in filled]
        if not cands:
            return None
        after = [c for c in cands if order.index(c) > pos]
        return (after or cands)[0]

    def put(key: str, vals: list[Tok]) -> None:
        nonlocal pos
        filled[key] = {col: make_cell(t) for col, t in zip(T3_COLUMNS, vals, strict=True)}
        pos = max(pos, order.index(key))

    def flush_pending() -> None:
        nonlocal pending
        if pending is not None:
            key, vals, _ = pending
            fitted = fit(vals, 7)
            if fitted is not None and key not in filled:
                put(key, fitted)  # a printed row with every value cell left empty
        pending = None

    for row in rows:
        if row.kind == "plain":
            # narrative, wrapped label text or a stray number ("1" split off a wrapped
            # label in PDF-made Markdown): never a row of table 三
            continue
        labels, values = split_row(row)
        norms = [norm_label(t.text) for t in labels]
        cands: list[str] = []
        for n in reversed(norms):  # the rightmost label is the most specific one
            cands = t3_candidates(n) if n else []
            if cands:
                break
        if not has_values(values):
            nonempty = [n for n in norms if n]
            is_header = len(nonempty) > 3 or any(w in n for n in nonempty for w in T3_COLUMN_WORDS)
            blank_start = allow_blank and not started and "new" in cands and not is_header
            if blank_start and fit(values, 7) is not None:
                started = True
                first_line, first_page = row.line, row.page
            if started and cands and not is_header:
                flush_pending()
                key = pick(cands)
                if key is not None:
                    pending = (key, values, row)
            elif allow_blank and started and not nonempty and pending is not None:
                # the empty cells of a label printed on the row above ("三、本年度办理结果
                # | (一) 予以公开" then a row of cells), as a value row takes that label
                fitted = fit(values, 7)
                if fitted is not None:
                    key = pending[0]
                    pending = None
                    if key not in filled:
                        put(key, fitted)
            continue
        if not started:
            if "new" not in cands:
                continue
            started = True
            first_line, first_page = row.line, row.page
        fitted = fit(values, 7)
        key = pick(cands) if cands else None
        if key is None and not cands and pending is not None:
            key = pending[0]
            pending = None
        else:
            flush_pending()
        if key is None and not cands:
            nxt = pos + 1
            key = order[nxt] if nxt < len(order) and order[nxt] not in filled else None
        if key is None:
            issues.append(
                row_issue(
                    "table_row_unplaced",
                    "三",
                    row,
                    f"一行数值（{row.text[:40]!r}）无法对应到模板的任何一行（行名重复或不认识），"
                    "其数值未读取",
                )
            )
            continue
        if fitted is None:
            n_vals = sum(1 for v in values if v.text.strip())
            issues.append(
                row_issue(
                    "table_incomplete",
                    "三",
                    row,
                    f"“{ROW_LABELS.get(key, key)}”一行印有 {n_vals} 个数值，应为 7 列，"
                    "为免猜测，该行未读取",
                    key,
                )
            )
            pos = max(pos, order.index(key))
            continue
        put(key, fitted)
    flush_pending()
    if not started:
        return None, issues
    missing = [k for k in order if k not in filled]
    if missing:
        issues.append(
            ParseIssue(
                code="table_incomplete",
                table="三",
                line=first_line,
                page=first_page,
                message="未找到这些行：" + "、".join(ROW_LABELS.get(k, k) for k in missing),
            )
        )
    table = Table(
        name="三",
        layout=layout if layout != "unknown" else "unknown",  # type: ignore[arg-type]
        line=first_line,
        page=first_page,
        rows={k: filled[k] for k in order if k in filled},
        labels=layout_labels(layout),
    )
    return table, issues
