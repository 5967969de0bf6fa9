"""Tables 二, 三, 四 with canonical row/column keys (docs/domain.md §2.3–2.5).

One stage for every input: the document (paragraphs and TableBlock grids) is turned into
rows of cells (rows.py), the rows are cut into the three table regions by their own
anchors (captions and labels, not the section headings, which may be missing), and each
region is read by its builder. Exports whose tables were flattened into one run of
labels and digits are read by flat.py instead.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Document, ParseIssue, Report, Table
from .labels import END_OF_T4, T2_ANCHOR, T3_ANCHORS, norm_label, t2_row, t3_candidates
from .rows import Row, document_rows
from .table2 import build_t2
from .table3 import build_t3
from .table4 import build_t4

FLAT_MIN_CHARS = 300
# cheap pre-filter on the raw text (either script) before a row is normalised
_HINT = re.compile("第二十条|信息内容|勾稽|申[请請]人情|本年新收|行政[复復][议議]")


def extract_tables(doc: Document, report: Report) -> None:
    """Fill ``report.tables`` (and ``report.format`` from the labels seen)."""
    rows = document_rows(doc)
    if not any(r.text.strip() for r in rows):
        return  # nothing to read: the ingest issue already says why
    regions = find_regions(rows)
    found: dict[str, Table] = {}
    issues: list[ParseIssue] = []
    for name, build in (("二", build_t2), ("三", build_t3), ("四", build_t4)):
        region = regions.get(name)
        if region:
            table, errs = build(region)
            issues.extend(errs)
            if table is not None:
                found[name] = table
    if len(found) < 3:
        from .flat import flat_tables

        for row in rows:
            if row.kind == "plain" and len(row.text) >= FLAT_MIN_CHARS:
                flat_found, flat_issues = flat_tables(row, skip=set(found))
                if flat_found:
                    found.update(flat_found)
                    issues.extend(flat_issues)
                else:
                    # what the flat reader could not read stays on record even when it read
                    # no table from this line (nothing is silently dropped)
                    issues.extend(i for i in flat_issues if i.table not in found)
    builders = {"二": build_t2, "三": build_t3, "四": build_t4}
    for name in ("二", "三", "四"):
        region = regions.get(name)
        if name in found or not region or any(i.table == name for i in issues):
            continue
        # labels but no value anywhere: a blank template, or a table left unfilled. The
        # table is kept with every cell blank so that it is "empty", not "missing" and
        # never zero (DESIGN.md "Parse": blank is not 0).
        table, errs = builders[name](region, allow_blank=True)
        if table is not None and all(
            c.kind == "blank" for cols in table.rows.values() for c in cols.values()
        ):
            found[name] = table
            issues.extend(errs)
            issues.append(
                _issue(
                    "table_empty",
                    name,
                    table,
                    f"表{name}有行名和列名，但没有填写任何数据：每个单元格都是空白（不是 0），"
                    "无从核对",
                )
            )
    for name in ("二", "三", "四"):
        region = regions.get(name)
        if name in found or not region or any(i.table == name for i in issues):
            continue
        if labels_seen(name, region):
            # found, but no row of cells could be read from it: say so, it is not missing
            first = region[0]
            if not values_seen(region):
                # labels and no number at all (the values replaced by a sentence): the
                # table is there but not filled in, a defect of the report (PRS005/PRS006)
                issues.append(
                    _issue(
                        "table_empty",
                        name,
                        first,
                        f"找到了表{name}（第 {first.line} 行起的表题和行名），但其中没有数字："
                        "数值没有填写",
                    )
                )
                continue
            issues.append(
                _issue(
                    "table_incomplete",
                    name,
                    first,
                    f"找到了表{name}（第 {first.line} 行起的表题和行名），但没有一行能读成单元格"
                    "（数值印在表格单元格之外，或无法对应到模板的行）；为免猜测，其数值未读取",
                )
            )
    for name in ("二", "三", "四"):
        if name in found:
            report.tables[name] = found[name]
        elif not any(i.table == name for i in issues):
            issues.append(
                ParseIssue(
                    code="table_missing",
                    table=name,
                    message=f"未找到表{name}（文中没有表{name}的表题或行名）",
                )
            )
    report.parse_issues.extend(issues)
    report.format = report_format(found)  # type: ignore[assignment]


_MIN_LABELS = {"二": 3, "三": 5, "四": 2}  # distinct row labels (表四: header words)


def labels_seen(name: str, region: list[Row]) -> bool:
    """Whether ``region`` prints enough of table ``name``'s own labels to be that table
    (a caption alone may be a narrative line citing 第二十条第（一）项)."""
    seen: set[str] = set()
    for row in region:
        for tok in row.cells:
            text = norm_label(tok.text) if len(tok.text) < 400 else ""
            if not text:
                continue
            if name == "三":
                seen.update(t3_candidates(text))
            elif name == "四":
                seen.update(w for w in _T4_OWN_WORDS if w in text)
            elif (key := t2_row(text)) is not None:
                seen.add(key)
        if len(seen) >= _MIN_LABELS[name]:
            return True
    return False


def _issue(code: str, name: str, at: Any, message: str) -> ParseIssue:
    """A table issue located at ``at`` (a Table or the region's first Row)."""
    return ParseIssue(code=code, table=name, line=at.line, page=at.page, message=message)  # type: ignore[arg-type]


_VALUE = re.compile(r"^[\d\s.,，%-]*\d[\d\s.,，%-]*$|\d\s+\d")


def values_seen(region: list[Row]) -> bool:
    """Whether any cell of ``region`` holds a value: a number on its own, or numbers in a
    row (a label's own numbering such as "1.属于国家秘密" is not a value)."""
    return any(_VALUE.search(tok.text.strip()) for row in region for tok in row.cells)


def report_format(tables: dict[str, Table]) -> str:
    """Table 二's column labels are the best signal; table 三's （六） rows the next."""
    for name in ("二", "三"):
        t = tables.get(name)
        if t is not None and t.layout != "unknown":
            return t.layout
    return "unknown"


def find_regions(rows: list[Row]) -> dict[str, list[Row]]:
    """Cut the rows into table regions: 二 from its caption, 三 from its header note or
    first row label, 四 from 行政复议 after 三, each ending where the next begins.

    Table 四 is also found on its own when no table 三 was (a page or excerpt holding only
    表四, a report whose table 三 is an image): then its 行政复议 anchor must be followed by
    table 四's own header words (_t4_confirmed), so that a narrative line naming 行政复议
    is not taken for the table. Table 三 is never made from table 四's rows.
    """
    t2 = t3 = t4 = end = None
    for i, row in enumerate(rows):
        if len(row.text) >= 400 or (t4 is None and not _HINT.search(row.text)):
            continue  # narrative: skip the normalisation of lines that hold no anchor
        text = norm_label(row.text)
        if not text:
            continue
        if t2 is None and t3 is None and (T2_ANCHOR.search(text) or text.startswith("信息内容")):
            t2 = i
            continue
        if t3 is None:
            if "勾稽关系" in text or (row.kind != "plain" and any(a in text for a in T3_ANCHORS)):
                t3 = i
            continue
        if t4 is None:
            if _t4_anchor(row, text):
                t4 = i
            continue
        if _t4_end(row, text):
            end = i
            break
    if t3 is None:
        t4, end = _lone_t4(rows, t2 + 1 if t2 is not None else 0)
    regions: dict[str, list[Row]] = {}
    n = len(rows)
    if t2 is not None:
        regions["二"] = rows[t2 : t3 if t3 is not None else (t4 if t4 is not None else n)]
    if t3 is not None:
        regions["三"] = rows[t3 : t4 if t4 is not None else n]
    if t4 is not None:
        regions["四"] = rows[t4 : end if end is not None else n]
    return regions


def _t4_anchor(row: Row, text: str) -> bool:
    """A row that can open table 四: its 行政复议 header cell, or the section heading."""
    return "行政复议" in text and (row.kind != "plain" or "行政诉讼" in text or len(text) < 12)


def _t4_end(row: Row, text: str) -> bool:
    return row.kind == "plain" and bool(END_OF_T4.search(text)) and "行政复议" not in text


# Header words only table 四 prints: its column groups and result columns (a PDF export
# may cut "结果维持" into pieces, but then the group names remain).
_T4_OWN_WORDS = ("直接起诉", "复议后起诉", "结果维持", "结果纠正", "其他结果", "尚未审结")
_T4_LOOKAHEAD = 12  # rows after the anchor in which the header words must appear


def _t4_confirmed(rows: list[Row], i: int) -> bool:
    """Table 四's header words (two different ones) in the anchor row or the rows after
    it, before the text moves on to section 五/六."""
    seen: set[str] = set()
    for k in range(i, min(len(rows), i + 1 + _T4_LOOKAHEAD)):
        text = norm_label(rows[k].text) if len(rows[k].text) < 400 else ""
        if k > i and _t4_end(rows[k], text):
            break
        seen.update(w for w in _T4_OWN_WORDS if w in text)
        if len(seen) >= 2:
            return True
    return False


def _lone_t4(rows: list[Row], start: int) -> tuple[int | None, int | None]:
    """(first row, end row) of a table 四 found without a table 三 before it."""
    t4 = None
    for i in range(start, len(rows)):
        row = rows[i]
        if len(row.text) >= 400:
            continue
        if t4 is None:
            if not _HINT.search(row.text):
                continue
            text = norm_label(row.text)
            # a plain line naming 五 too lists the sections (contents), it is no heading
            contents = row.kind == "plain" and END_OF_T4.search(text) is not None
            if _t4_anchor(row, text) and not contents and _t4_confirmed(rows, i):
                t4 = i
            continue
        if _t4_end(row, norm_label(row.text)):
            return t4, i
    return t4, None
