"""Tables flattened into one run of labels and digits (the Pingtan page dumps).

Example: ``（一）予以公开270020130（二）部分公开…`` — the seven cells of a row are printed
without separators. Each row's digits are cut into cells (digits.py): a reading is taken
when it is the only one, or the only one satisfying the row identity (T3-ROW / T4-SUM-*);
when several readings remain, the column identities (T3-SUM, T3-BAL) over the whole table
decide, and the cells chosen that way carry ``inferred_by`` so that the rule checking that
identity is not applicable instead of passing by construction. Anything still ambiguous is
left out with a ``table_ambiguous`` issue: a number is never invented. A row (or table 四)
whose digits satisfy the row identity under NO cut at all is left out too, but recorded as
``digits_unbalanced`` (BAL011, an error): whatever its boundaries were, it does not balance.
"""

from __future__ import annotations

import itertools
import re

from ..identities import columns_hold, total_last_groups
from ..keys import COLUMN_LABELS, ROW_LABELS, T3_COLUMNS, T4_COLUMNS, T4_GROUPS
from ..model import Cell, ParseIssue, Table
from .cells import number_cell, row_issue
from .digits import MAX_SOLUTIONS, balanced_split_exists, row_sum_ok, splits, t4_sums_ok
from .labels import T2_ANCHOR, T2_ROWS, T4_IDENTITY, t3_rows
from .rows import Row
from .table2 import columns_for, detect_version
from .table3 import detect_layout, layout_labels

_RUN = re.compile(r"[\d\s]*\d")
# the rest of a row label (服务事项 after 其他对外管理) may sit between keyword and digits
_T2_RUN = re.compile(r"[^\d+\-第]{0,8}?\s*([+\-]?\d[\d.\s+\-]*)")
_OTHER_LEAF = re.compile(r"3[.、．]\s*其他")


def flat_tables(row: Row, skip: set[str]) -> tuple[dict[str, Table], list[ParseIssue]]:
    text = row.text
    issues: list[ParseIssue] = []
    found: dict[str, Table] = {}
    t3_at = _find_t3_start(text)
    t4_at = _find_t4_start(text, max(t3_at, 0))
    if t3_at < 0 and t4_at < 0:
        return found, issues
    m2 = T2_ANCHOR.search(text)
    if "二" not in skip and m2 is not None and (t3_at < 0 or m2.start() < t3_at):
        t2_text = text[m2.start() : t3_at if t3_at >= 0 else len(text)]
        t2 = _flat_t2(t2_text, row, issues, row.base + m2.start())
        if t2 is not None:
            found["二"] = t2
    if "三" not in skip and t3_at >= 0:
        t3_text = text[t3_at : t4_at if t4_at > t3_at else len(text)]
        t3 = _flat_t3(t3_text, row, issues, row.base + t3_at)
        if t3 is not None:
            found["三"] = t3
    if "四" not in skip and t4_at >= 0:
        t4 = _flat_t4(text[t4_at:], row, issues, row.base + t4_at)
        if t4 is not None:
            found["四"] = t4
    return found, issues


def _find_t3_start(text: str) -> int:
    i = text.find("勾稽关系")
    j = text.find("本年新收", max(i, 0))
    return i if i >= 0 else j


def _find_t4_start(text: str, after: int) -> int:
    for m in re.finditer("行政复议", text[after:]):
        k = after + m.start()
        window = text[k : k + 60]
        if "结果维持" in window or "行政诉讼" in window:
            return k
    return -1


# ----------------------------------------------------------------------------- 三


def _digit_run(seg: str) -> str:
    """Digits (with their spaces) printed right after a label, without the numbering
    ("2." of the next label) that the export glued to them."""
    m = _RUN.search(seg)
    if m is None:
        return ""
    # words between the label keyword and the digits are the rest of the label
    run = m.group(0)
    after = seg[m.end() : m.end() + 1]
    if after in (".", "、", "．") and run:
        run = run[:-1]
    return run.strip()


def _flat_t3(text: str, row: Row, issues: list[ParseIssue], at: int = 0) -> Table | None:
    """Table 三 from ``text``, which starts at offset ``at`` of the row's source line."""
    layout = detect_layout([text])
    order = t3_rows("2019" if layout == "2019" else "2021")
    marks: list[tuple[str, int, int]] = []
    pos = 0
    for key, words in order:
        hit = None
        if key == "other.other":
            m = _OTHER_LEAF.search(text, pos)
            hit = (m.start(), m.end()) if m else None
        else:
            best = None
            for w in words:
                k = text.find(w, pos)
                if k >= 0 and (best is None or k < best[0]):
                    best = (k, k + len(w))
            hit = best
        if hit is None:
            continue
        marks.append((key, hit[0], hit[1]))
        pos = hit[1]
    if not marks or marks[0][0] != "new":
        return None
    cands: dict[str, list[list[int]]] = {}
    raws: dict[str, str] = {}
    inferred: dict[str, str] = {}
    flagged: set[str] = set()  # rows found but left out with an issue of their own
    where: dict[str, int] = {}  # row -> offset of its digit run in the source line
    for i, (key, _start, end) in enumerate(marks):
        stop = marks[i + 1][1] if i + 1 < len(marks) else len(text)
        seg = text[end:stop]
        run = _digit_run(seg)
        raws[key] = run
        where[key] = at + end + max(seg.find(run), 0) if run else at + _start
        tokens = run.split()
        every = splits(tokens, 7)
        if len(every) == 1:
            cands[key] = every
            continue
        good = [c for c in every if row_sum_ok(c)]
        if not good or len(every) > MAX_SOLUTIONS:  # past the cut-off `good` is partial
            flagged.add(key)
            issues.append(_no_good_split(run, every, row, key, where[key]))
            continue
        cands[key] = good
        if len(good) == 1:
            inferred[key] = "T3-ROW"
    _resolve_by_columns(cands, inferred, [k for k, _ in order])
    rows: dict[str, dict[str, Cell]] = {}
    for key, _ in order:
        options = cands.get(key)
        if not options:
            continue
        if len(options) > 1:
            shown = "; ".join(str(o) for o in options[:4])
            issues.append(
                row_issue(
                    "table_ambiguous",
                    "三",
                    row,
                    f"“{ROW_LABELS.get(key, key)}”一行的数字 {raws[key]!r} 有 {len(options)} 种"
                    f"断开方式都满足各项勾稽关系（{shown}），无法确定，该行未读取",
                    key,
                    where[key],
                )
            )
            continue
        by = inferred.get(key)
        rows[key] = {
            col: number_cell(v, str(v), row.line, row.page, by, where[key])
            for col, v in zip(T3_COLUMNS, options[0], strict=True)
        }
    missing = [k for k, _ in order if k not in rows and k not in cands and k not in flagged]
    if missing:
        issues.append(
            row_issue(
                "table_incomplete",
                "三",
                row,
                "未找到这些行：" + "、".join(ROW_LABELS.get(k, k) for k in missing),
                offset=at,
            )
        )
    if not rows:
        return None
    return Table(
        name="三",
        layout=layout,  # type: ignore[arg-type]
        line=row.line,
        page=row.page,
        rows=rows,
        labels=layout_labels(layout),
    )


def _no_good_split(
    run: str, every: list[list[int]], row: Row, key: str, offset: int | None = None
) -> ParseIssue:
    """The issue for a table 三 row none of whose enumerated readings satisfies T3-ROW.

    ``every`` may stop at MAX_SOLUTIONS readings; ``balanced_split_exists`` searches them
    all. When it proves that no cut of the printed digits balances, the row itself does not
    balance (an error of the report, digits_unbalanced); otherwise (no reading as 7 cells at
    all, too many readings, or the search gave up) the row is only unreadable.
    """
    if every and balanced_split_exists(run.split(), total_last_groups("t3")) is False:
        return row_issue(
            "digits_unbalanced",
            "三",
            row,
            f"“{ROW_LABELS.get(key, key)}”一行的数字 {run!r} 印作 7 个单元格，无论怎样断开，"
            "总计都不等于六类申请人之和（T3-ROW）：不论单元格边界在哪里，该行都不平衡；其单元格未读取",
            key,
            offset,
        )
    why = (
        "无法读作总计等于六类申请人之和的 7 个单元格"
        if len(every) <= MAX_SOLUTIONS
        else f"读作 7 个单元格的方式超过 {MAX_SOLUTIONS} 种"
    )
    return row_issue(
        "table_ambiguous",
        "三",
        row,
        f"“{ROW_LABELS.get(key, key)}”一行的数字 {run!r} {why}，该行未读取",
        key,
        offset,
    )


def _col_ok(values: dict[str, list[int]], keys: list[str], identity: str) -> bool | None:
    """T3-SUM or T3-BAL (identities.py) on every column; None when a needed row is unknown."""
    return columns_hold(identity, values, keys)


def _resolve_by_columns(
    cands: dict[str, list[list[int]]], inferred: dict[str, str], keys: list[str]
) -> None:
    open_keys = [k for k, v in cands.items() if len(v) > 1]
    if not open_keys:
        return
    sizes = 1
    for k in open_keys:
        sizes *= len(cands[k])
    if sizes > MAX_SOLUTIONS * MAX_SOLUTIONS:
        return
    fixed = {k: v[0] for k, v in cands.items() if len(v) == 1}
    passing: dict[str, list[tuple[list[int], ...]]] = {"T3-SUM": [], "T3-BAL": [], "both": []}
    for combo in itertools.product(*(cands[k] for k in open_keys)):
        values = dict(fixed)
        values.update(zip(open_keys, combo, strict=True))
        s = _col_ok(values, keys, "T3-SUM")
        b = _col_ok(values, keys, "T3-BAL")
        if s:
            passing["T3-SUM"].append(combo)
        if b:
            passing["T3-BAL"].append(combo)
        if s is not False and b is not False and (s or b):
            passing["both"].append(combo)
    for identity in ("T3-SUM", "T3-BAL", "both"):
        if len(passing[identity]) == 1:
            combo = passing[identity][0]
            by = "T3-BAL" if identity == "both" else identity
            for k, v in zip(open_keys, combo, strict=True):
                cands[k] = [v]
                inferred[k] = by
            return


# ----------------------------------------------------------------------------- 四


def _flat_t4(text: str, row: Row, issues: list[ParseIssue], at: int = 0) -> Table | None:
    end = re.search(r"[五六][、.．]", text)
    body = text[: end.start()] if end else text
    last = body.rfind("总计")
    run = _RUN.search(body, last + 2 if last >= 0 else 0)
    if run is None:
        return None
    tokens = run.group(0).split()
    where = at + run.start() + len(run.group(0)) - len(run.group(0).lstrip())
    every = splits(tokens, 15)
    inferred: dict[str, str] = {}
    if len(every) != 1:
        good = [c for c in every if t4_sums_ok(c)]
        if every and balanced_split_exists(tokens, total_last_groups("t4")) is False:
            # no cut of the printed digits satisfies the three group identities: the
            # table does not balance, whatever its cell boundaries were
            issues.append(
                row_issue(
                    "digits_unbalanced",
                    "四",
                    row,
                    f"数字 {run.group(0).strip()!r} 印作 15 个单元格，无论怎样断开，各组的总计"
                    "都不等于结果维持、结果纠正、其他结果、尚未审结之和（T4-SUM-R/D/A）：不论"
                    "单元格边界在哪里，该表都不平衡；其单元格未读取",
                    offset=where,
                )
            )
            return None
        if len(good) != 1 or len(every) > MAX_SOLUTIONS:
            issues.append(
                row_issue(
                    "table_ambiguous",
                    "四",
                    row,
                    f"数字 {run.group(0).strip()!r} 有 {len(good)} 种读作 15 个单元格的方式都满足"
                    "各组总计等于四项结果之和，无法确定，未读取",
                    offset=where,
                )
            )
            return None
        for g, group in enumerate(T4_GROUPS):
            if len({tuple(c[g * 5 : g * 5 + 5]) for c in every}) > 1:
                inferred[group] = T4_IDENTITY[group]
        every = good
    values = every[0]
    rows = {
        group: {
            col: number_cell(
                values[g * 5 + c],
                str(values[g * 5 + c]),
                row.line,
                row.page,
                inferred.get(group),
                where,
            )
            for c, col in enumerate(T4_COLUMNS)
        }
        for g, group in enumerate(T4_GROUPS)
    }
    return Table(name="四", line=row.line, page=row.page, rows=rows)


# ----------------------------------------------------------------------------- 二


def _flat_t2(text: str, row: Row, issues: list[ParseIssue], at: int = 0) -> Table | None:
    version, labels = detect_version([text])
    hits: list[tuple[int, int, str]] = []
    for key, words in T2_ROWS:
        for w in words:
            for m in re.finditer(re.escape(w), text):
                if not any(s <= m.start() < e for s, e, _ in hits):
                    hits.append((m.start(), m.end(), key))
            if any(k == key for _, _, k in hits):
                break
    hits.sort()
    rows: dict[str, dict[str, Cell]] = {}
    for start, end, key in hits:
        if key in rows:
            continue
        m = _T2_RUN.match(text, end)
        if m is None:
            continue
        raw = m.group(1).strip()
        where = at + m.start(1)
        cols = columns_for(key, version)
        if not cols:
            continue
        values = _t2_values(raw, len(cols))
        if values is None:
            issues.append(
                row_issue(
                    "table_ambiguous",
                    "二",
                    row,
                    f"“{ROW_LABELS.get(key, key)}”一行的数字 {raw!r} 连在一起，分属 {len(cols)} "
                    f"列（{'、'.join(COLUMN_LABELS.get(c, c) for c in cols)}），有多种断开方式，"
                    "该行未读取",
                    key,
                    where,
                )
            )
            continue
        rows[key] = {
            c: number_cell(v, str(v), row.line, row.page, None, where)
            for c, v in zip(cols, values, strict=True)
        }
    if not rows and not issues:
        return None
    return Table(name="二", layout=version, line=row.line, page=row.page, rows=rows, labels=labels)  # type: ignore[arg-type]


def _t2_values(raw: str, n: int) -> list[int | float] | None:
    parts = re.findall(r"[+\-]?[\d.]+", raw)
    tokens = raw.split()
    if n == 1:
        if len(parts) != 1:
            return None
        p = parts[0]
        return [float(p) if "." in p else int(p)]
    if len(parts) == n and (len(tokens) == n or "." not in raw):
        # spaces or signs ("35-15": 35 and -15) mark every boundary: nothing to choose
        return [float(p) if "." in p else int(p) for p in parts]
    if any(ch in raw for ch in ".+-"):
        return None
    every = splits(tokens, n)
    if len(every) != 1:
        return None
    return list(every[0])
