"""A suggestion's table excerpt (excerpt.py) drawn for the rich terminal view: printed row
labels × column labels, the suspect cell as ``printed→proposed`` (a ``?`` after it when
it is one of several candidates), blank cells as 空, then each broken identity written
out. Any width from 40 cells: column headers are abbreviated first, then the columns
are split over several blocks, each repeating the row labels (cut with …)."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.text import Text

from ..model import ExcerptCell, TableExcerpt

GAP = 2  # cells between two columns
MIN_LABEL = 10  # a row label is cut to no less than this
SHORT = {
    "商业企业": "商业",
    "科研机构": "科研",
    "社会公益组织": "公益",
    "法律服务机构": "法律",
    "结果维持": "维持",
    "结果纠正": "纠正",
    "其他结果": "其他",
    "尚未审结": "未结",
}
_GROUP = re.compile(r"^(（[一二三四五六七]）)\S+ (\d\..*)$")
STYLE = {"suspect": "bold red", "candidate": "bold yellow", "fill": "bold green"}


def cell_text(c: ExcerptCell) -> Text:
    printed = c.text.strip() or "空"
    if c.proposed is None or not c.mark:
        return Text(printed)
    style = STYLE[c.mark]
    out = Text.assemble((printed, style), ("→", "dim"), (str(c.proposed), style))
    if c.mark == "candidate":
        out.append("?", style)
    return out


def _fit(label: str, width: int) -> Text:
    """``label`` cut to ``width`` cells (…), padded to it; a sub-row first loses the name
    of its group (（三）不予公开 3.危及… → （三）3.危及…)."""
    if cell_len(label) > width:
        label = _GROUP.sub(r"\1\2", label)
    if cell_len(label) > width:
        while label and cell_len(label) + 1 > width:
            label = label[:-1]
        label += "…"
    return Text(label + " " * (width - cell_len(label)))


def _chunks(widths: list[int], room: int, label: int) -> list[list[int]]:
    """Column indices split so that each block fits ``room`` next to a row label of at
    least ``min(label, MIN_LABEL)`` cells."""
    need = min(label, MIN_LABEL)
    out: list[list[int]] = [[]]
    used = need
    for i, w in enumerate(widths):
        if out[-1] and used + GAP + w > room:
            out.append([])
            used = need
        out[-1].append(i)
        used += GAP + w
    return out


def grid_lines(ex: TableExcerpt, room: int) -> list[Text]:
    """The excerpt in lines of at most ``room`` cells."""
    cells = [[cell_text(c) for c in row] for _, row in ex.rows]
    labels = [label for label, _ in ex.rows]
    headers = list(ex.columns)

    def widths(heads: list[str]) -> list[int]:
        return [max([cell_len(h), *(r[j].cell_len for r in cells)]) for j, h in enumerate(heads)]

    label_w = max(cell_len(x) for x in labels)
    w = widths(headers)
    if min(label_w, MIN_LABEL) + sum(x + GAP for x in w) > room:
        headers = [SHORT.get(h, h) for h in headers]
        w = widths(headers)
    lines = [Text(f"{ex.table}（节选）", "bold")]
    for block in _chunks(w, room, label_w):
        lw = max(min(label_w, room - sum(w[j] + GAP for j in block)), 1)
        head = _fit("", lw)
        for j in block:
            head.append(" " * (GAP + w[j] - cell_len(headers[j])))
            head.append(headers[j], "dim")
        lines.append(head)
        for label, row in zip(labels, cells, strict=True):
            line = _fit(label, lw)
            for j in block:
                line.append(" " * (GAP + w[j] - row[j].cell_len))
                line.append_text(row[j])
            lines.append(line)
    hidden = [f"{n} {what}" for n, what in ((ex.hidden, "行"), (ex.hidden_columns, "列")) if n]
    if hidden:
        lines.append(Text(f"（另有 {'、'.join(hidden)}全为 0 或空白，未列出）", "dim"))
    lines += [Text.assemble(("恒等式 ", "dim"), text) for text in ex.identities]
    return lines
