"""DOCX -> Document: body paragraphs and tables in document order (python-docx + its XML).

python-docx's ``Document.paragraphs``/``tables`` lose the order between them and its cell
API is slow on merged cells, so the body XML is walked directly: ``w:p`` and ``w:tbl``
in order (also inside content controls), merged cells resolved from ``w:gridSpan`` and
``w:vMerge``, line breaks inside a paragraph give separate lines as in the text export.
Tables that only wrap content (nested tables, one column) are unwrapped into the flow.
"""

from __future__ import annotations

import io
from typing import Any

from ..model import Block, Document, Paragraph, ParseIssue, TableBlock
from .grid import LineCounter, clean, join_parts
from .limits import (
    LimitExceeded,
    current,
    megabytes,
    over,
    paragraphs_over,
    table_over,
    tags_over,
)
from .wording import detail

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC, _SDT = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}sdt"
_SDT_CONTENT, _CUSTOM_XML = f"{_W}sdtContent", f"{_W}customXml"
_VAL = f"{_W}val"
# Run-level containers whose text counts; anything not listed is ignored (w:del,
# w:moveFrom, w:instrText, properties ...).
_RUN_CONTAINERS = {
    f"{_W}r", f"{_W}hyperlink", f"{_W}smartTag", f"{_W}ins", f"{_W}moveTo", f"{_W}fldSimple",
    _CUSTOM_XML, _SDT, _SDT_CONTENT, f"{_MC}AlternateContent", f"{_MC}Choice",
}  # fmt: skip
_BREAK = {f"{_W}br", f"{_W}cr"}
_TEXTBOX = f"{_W}txbxContent"
_MAX_SPAN = 1000


def load_docx(data: bytes, path: str) -> Document:
    doc = Document(path=path, source_format="docx")
    import docx  # heavy: imported only when a DOCX is read

    try:
        _check_archive(data)
        body = docx.Document(io.BytesIO(data)).element.body
    except LimitExceeded:
        raise
    except Exception as exc:  # noqa: BLE001 - untrusted bytes: a broken package is an issue
        doc.issues.append(
            ParseIssue(
                code="corrupt_docx",
                message=f"DOCX 文件已损坏，无法打开{detail(exc)}：请重新下载或导出该文件",
            )
        )
        return doc
    walker = _Walker()
    walker.flow(body)
    doc.blocks = walker.blocks
    if not doc.blocks:
        doc.issues.append(ParseIssue(code="no_text", message="DOCX 文档中没有文字"))
    return doc


def _check_archive(data: bytes) -> None:
    """The ZIP limits, from the sizes the archive declares. zipfile never inflates an entry
    past its declared size (it stops there and fails the CRC), so these bound what
    python-docx can read; an entry nobody reads (a 2 GB ``mimetype``) counts too."""
    import zipfile

    limits = current().limits
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
    if len(infos) > limits.zip_entries:
        what = f"DOCX 压缩包含 {len(infos):,} 个条目，"
        raise over(what, f"{limits.zip_entries:,} 个", "zip_entries")
    total = sum(i.file_size for i in infos)
    if total > limits.zip_mb * 1e6:
        raise over(f"DOCX 压缩包解压后为 {megabytes(total)}，", f"{limits.zip_mb:g} MB", "zip_mb")
    xml = [i for i in infos if i.filename.endswith((".xml", ".rels"))]
    part = max(xml, key=lambda i: i.file_size, default=None)
    if part is not None and part.file_size > limits.zip_part_mb * 1e6:
        what = f"DOCX 部件 {part.filename} 解压后为 {megabytes(part.file_size)}，"
        raise over(what, f"每个部件 {limits.zip_part_mb:g} MB", "zip_part_mb")
    if sum(i.file_size for i in xml) > limits.tags:  # else no part can have that many
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in xml:
                if info.file_size > limits.tags and (n := zf.read(info).count(b"<")) > limits.tags:
                    raise tags_over(f"DOCX 部件 {info.filename} ", n)


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lines = LineCounter()
        self.tables = 0
        limits = current().limits
        self.max_blocks, self.max_cells = limits.paragraphs, limits.table_cells

    def add(self, block: Block) -> None:
        self.blocks.append(block)
        if len(self.blocks) > self.max_blocks:
            raise paragraphs_over(len(self.blocks))

    def flow(self, parent: Any) -> None:
        """Block-level children of the body, a cell or a content control, in order."""
        for el in parent:
            tag = el.tag
            if tag == _P:
                textboxes: list[Any] = []
                for line in _paragraph_lines(el, textboxes):
                    text = clean(line)
                    if text:
                        self.add(Paragraph(text=text, line=self.lines.next()))
                for box in textboxes:
                    self.flow(box)
            elif tag == _TBL:
                self.table(el)
            elif tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
                self.flow(el)

    def table(self, tbl: Any) -> None:
        rows = _rows(tbl)
        if _is_layout(tbl, rows):
            for tr in rows:
                for tc in _cells(tr):
                    self.flow(tc)
            return
        width = max((_width(tr) for tr in rows), default=0)
        if len(rows) * width > self.max_cells:
            where = f"DOCX 的第 {self.tables + 1} 个表格"
            raise table_over(where, f"{len(rows):,} 行 × {width:,} 列", self.max_cells)
        cells, spans = _grid(rows)
        keep = [i for i, row in enumerate(cells) if row]
        if not keep:
            return
        self.add(
            TableBlock(
                rows=[cells[i] for i in keep],
                spans=[spans[i] for i in keep],
                lines=[self.lines.next() for _ in keep],
                index=self.tables,
            )
        )
        self.tables += 1


def _paragraph_lines(p: Any, textboxes: list[Any]) -> list[str]:
    """The paragraph's text split at manual line breaks; text boxes are collected aside."""
    lines: list[list[str]] = [[]]

    def visit(el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{_W}t":
                lines[-1].append(child.text or "")
            elif tag == f"{_W}tab":
                lines[-1].append("\t")
            elif tag in _BREAK:
                lines.append([])
            elif tag == f"{_W}noBreakHyphen":
                lines[-1].append("-")
            elif tag == _TEXTBOX:
                textboxes.append(child)
            elif tag in _RUN_CONTAINERS:
                visit(child)
            elif not isinstance(tag, str):
                continue
            elif tag.endswith(("}drawing", "}pict", "}inline", "}anchor", "}graphic")) or (
                "wordprocessingShape" in tag or "graphicData" in tag or "txbx" in tag
            ):
                visit(child)  # only to reach text boxes

    visit(p)
    return ["".join(parts) for parts in lines]


def _content(el: Any, tag: str) -> list[Any]:
    """The ``tag`` children of ``el`` (rows of a table, cells of a row), looking through the
    content controls and custom XML that Word wraps around them."""
    found = []
    for child in el:
        if child.tag == tag:
            found.append(child)
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                found.extend(_content(inner, tag))
    return found


def _rows(tbl: Any) -> list[Any]:
    return _content(tbl, _TR)


def _cells(tr: Any) -> list[Any]:
    return _content(tr, _TC)


def _prop(el: Any, path: str) -> Any:
    return el.find(path.replace("w:", _W))


def _int_val(el: Any, default: int) -> int:
    if el is None:
        return default
    try:
        return max(0, min(int(el.get(_VAL, default)), _MAX_SPAN))
    except ValueError:
        return default


def _cell_text(tc: Any) -> str:
    pieces: list[str] = []
    for el in tc.iter(_P):
        pieces.extend(clean(line) for line in _paragraph_lines(el, []))
    return join_parts(pieces)


def _grid(rows: list[Any]) -> tuple[list[list[str]], list[list[bool]]]:
    grid: list[list[str]] = []
    spans: list[list[bool]] = []
    for r, tr in enumerate(rows):
        text_row: list[str] = []
        span_row: list[bool] = []
        col = _int_val(_prop(tr, "w:trPr/w:gridBefore"), 0)
        text_row.extend([""] * col)
        span_row.extend([False] * col)
        for tc in _cells(tr):
            width = max(1, _int_val(_prop(tc, "w:tcPr/w:gridSpan"), 1))
            vmerge = _prop(tc, "w:tcPr/w:vMerge")
            above = grid[r - 1] if r else []
            continued = vmerge is not None and vmerge.get(_VAL, "continue") != "restart"
            if continued and col < len(above):
                text, first_is_span = above[col], True
            else:
                text, first_is_span = _cell_text(tc), False
            for k in range(width):
                text_row.append(text)
                span_row.append(first_is_span or k > 0)
            col += width
        grid.append(text_row)
        spans.append(span_row)
    width = max((len(r) for r in grid), default=0)
    grid = [r + [""] * (width - len(r)) for r in grid]
    spans = [s + [False] * (width - len(s)) for s in spans]
    return grid, spans


def _is_layout(tbl: Any, rows: list[Any]) -> bool:
    """A table that only frames content: it holds tables, or it has a single column."""
    if any(tc.find(f".//{_TBL}") is not None for tr in rows for tc in _cells(tr)):
        return True
    widths = [
        sum(max(1, _int_val(_prop(tc, "w:tcPr/w:gridSpan"), 1)) for tc in _cells(tr)) for tr in rows
    ]
    return max(widths, default=0) <= 1


def _width(tr: Any) -> int:
    """Grid columns of one row: w:gridBefore, then the cells with their spans."""
    before = _int_val(_prop(tr, "w:trPr/w:gridBefore"), 0)
    return before + sum(max(1, _int_val(_prop(tc, "w:tcPr/w:gridSpan"), 1)) for tc in _cells(tr))
