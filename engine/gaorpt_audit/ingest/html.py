"""HTML pages -> Document: paragraphs and table grids in document order (lxml).

Real report pages are Word-pasted articles inside site chrome: data tables use rowspan and
colspan, empty cells hold ``&nbsp;``, headers break words with ``<br>``, and some sites wrap
the whole article in a layout table. Lines are pseudo lines (one per paragraph and per
table row, see ``grid.LineCounter``) because many pages put the whole article on one line.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from ..model import Block, Document, Paragraph, ParseIssue, TableBlock
from .decode import decode
from .grid import GridTooLarge, LineCounter, SpanGrid, clean_ws, join_parts
from .limits import LimitExceeded, current, paragraphs_over, table_over, tags_over
from .wording import detail

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_GB_ALIASES = {"gb2312", "gbk", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}

# Elements that never hold report text.
_DROP = {
    "script", "style", "noscript", "template", "head", "nav", "iframe", "form", "select",
    "button", "svg", "object", "embed", "canvas", "map", "menu", "input", "textarea", "title",
}  # fmt: skip
# Page header/footer elements are chrome unless they belong to the article itself.
_CHROME_SECTIONS = {"header", "footer", "aside"}
# Whole class/id tokens that mark site chrome.
_CHROME_TOKENS = {
    "nav", "navbar", "navigation", "menu", "footer", "header", "breadcrumb", "breadcrumbs",
    "crumb", "sidebar", "toolbar", "topbar", "share", "bdsharebuttonbox", "skip",
}  # fmt: skip
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "section", "article", "main", "blockquote", "pre", "center", "address", "figure",
    "figcaption", "caption", "tr", "td", "th", "hr", "body", "html", "header", "footer",
    "table", "tbody", "thead", "tfoot", "fieldset", "legend", "details", "summary",
}  # fmt: skip
# A line made only of these is a page control, not report text.
_CHROME_LINE = re.compile(
    r"^(?:[\s【】\[\]|｜/·:：]|打印本页|打印|关闭窗口|关闭|返回顶部|返回|收藏本页|收藏|"
    r"分享到|分享|字体|字号|大|中|小|默认|保存|下载|扫一扫在手机打开当前页)+$"
)
_LAYOUT_CELL_CHARS = 400  # a cell holding this much text is article flow, not a datum
_MAX_SPAN = 1000
_SPAN_NUMBER = re.compile(r"\s*(\d+)")
# libxml2 reads 256 levels of nesting and silently drops what lies deeper. A page nested
# deeper is read again without its containers: block ones become line breaks (the walker
# breaks paragraphs at both alike), inline ones go; tables, paragraphs and chrome stay. So
# the text, its paragraphs and its tables are those of the same page nested less deeply
# (only chrome marked by a container's class is no longer recognised). A page still too
# deep (tables inside tables) is a limit_exceeded issue: nothing is dropped silently.
_DEPTH = 256
_TOO_DEEP = "Excessive depth"  # libxml2's message when it stops there
_CONTAINERS = re.compile(
    r"<\s*/?\s*(?:div|section|article|main|blockquote|center|ul|ol|dl|dt|dd|li|figure|"
    r"figcaption|address|fieldset|details|summary)(?=[\s/>])[^>]*>",
    re.IGNORECASE,
)
_INLINE = re.compile(
    r"<\s*/?\s*(?:span|font|b|i|u|s|em|strong|small|big|sub|sup|a|label|abbr|code|mark|"
    r"ins|del|strike|tt|nobr|o:p)(?=[\s/>])[^>]*>",
    re.IGNORECASE,
)


def decode_html(data: bytes) -> tuple[str, str, list[ParseIssue]]:
    """Decode page bytes: BOM, valid UTF-8, the declared charset, then detection."""
    issues: list[ParseIssue] = []
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc.replace("-sig", ""), issues
    declared = _declared_charset(data[:4096])
    try:
        text = data.decode("utf-8")
        if declared not in (None, "utf-8") and not data.isascii():
            issues.append(
                ParseIssue(
                    code="charset_mismatch",
                    message=f"网页声明的字符集为 {declared}，实际是 UTF-8；已按 UTF-8 读取",
                )
            )
        return text, "utf-8", issues
    except UnicodeDecodeError:
        pass
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared, issues
        except (UnicodeDecodeError, LookupError):
            pass
    text, enc = decode(data)  # shared detector: GB18030, UTF-16, charset-normalizer
    return text, enc, issues


def _declared_charset(head: bytes) -> str | None:
    m = _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    if name in _GB_ALIASES:
        return "gb18030"  # superset: pages labelled GB2312/GBK often use GBK/GB18030 chars
    try:
        return codecs.lookup(name).name.replace("_", "-")
    except LookupError:
        return None


def load_html(data: bytes, path: str) -> Document:
    text, encoding, issues = decode_html(data)
    doc = Document(path=path, source_format="html", encoding=encoding, issues=issues)
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        doc.issues.append(ParseIssue(code="empty_file", message="HTML 文件没有内容"))
        return doc
    tags = text.count("<")  # the parser's tree costs memory by the element
    if tags > current().limits.tags:
        raise tags_over("网页", tags)
    root, problem, limit = _parse(text)
    if limit and _TOO_DEEP in limit:
        root, problem, limit = _parse(_INLINE.sub("", _CONTAINERS.sub("<br>", text)))
        if limit and _TOO_DEEP in limit:
            raise LimitExceeded(
                f"网页元素的嵌套超过 {_DEPTH} 层（去掉 <div>/<span> 容器后仍是如此），HTML "
                "解析器读不到更深的内容：请将网页另存为 DOCX 或文本文件后审核"
            )
    if limit:
        raise LimitExceeded(
            f"HTML 解析器未能读完网页{detail(limit)}：请将网页另存为 DOCX 或文本文件后审核"
        )
    if root is None:
        message = f"无法解析 HTML{detail(problem)}：请将网页另存为 DOCX 或文本文件后审核"
        doc.issues.append(ParseIssue(code="unreadable", message=message))
        return doc
    walker = _Walker()
    try:
        walker.walk(root)
        walker.flush()
    except RecursionError:
        doc.issues.append(ParseIssue(code="unreadable", message="HTML 嵌套层级过深，无法完整读取"))
    doc.blocks = walker.blocks
    if not doc.blocks:
        doc.issues.append(ParseIssue(code="no_text", message="HTML 网页中没有文字"))
    return doc


def _parse(text: str) -> tuple[Any, str, str | None]:
    """(root or None, why there is no root, the parser's resource-limit error if any)."""
    import lxml.etree

    # The plain libxml2 HTML parser (what lxml.html uses, minus its Python-level element
    # class lookup, which cost more than the parse itself on every element visited).
    parser = lxml.etree.HTMLParser()
    try:
        root = lxml.etree.fromstring(text, parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        root, problem = None, str(exc)
    else:
        problem = "Document is empty"  # lxml.html's words for a page without elements
    limit = next((e.message for e in parser.error_log if "RESOURCE_LIMIT" in e.type_name), None)
    return root, problem, limit and limit.split(", use XML_PARSE_HUGE")[0]


def _tag(el: Any) -> str | None:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else None


def _is_chrome(el: Any, tag: str) -> bool:
    if tag in _DROP:
        return True
    if tag in _CHROME_SECTIONS and not any(
        _tag(a) in ("article", "main") for a in el.iterancestors()
    ):
        return True
    tokens = (el.get("class") or "").lower().split() + (el.get("id") or "").lower().split()
    return any(t in _CHROME_TOKENS for t in tokens) or el.get("hidden") is not None


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.lines = LineCounter()
        self.tables = 0
        limits = current().limits
        self.max_blocks, self.max_cells = limits.paragraphs, limits.table_cells

    def flush(self) -> None:
        if not self.buf:
            return
        text = clean_ws("".join(self.buf))
        self.buf = []
        if text and not _CHROME_LINE.match(text):
            self.blocks.append(Paragraph(text=text, line=self.lines.next()))
            if len(self.blocks) > self.max_blocks:
                raise paragraphs_over(len(self.blocks))

    def walk(self, el: Any) -> None:
        tag = _tag(el)
        if tag is None or _is_chrome(el, tag):
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table":
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        self.walk_content(el)
        if block:
            self.flush()

    def walk_content(self, el: Any) -> None:
        """The element's own text, then each child followed by its tail text."""
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)

    def table(self, el: Any) -> None:
        rows = [_cells(tr) for tr in _table_rows(el)]
        colspans = [[_span(td, "colspan") for td in tds] for tds in rows]
        if _is_layout(el, rows, colspans):
            for tds in rows:
                for cell in tds:
                    self.walk_cell(cell)
            return
        grid = SpanGrid(max_cells=self.max_cells)
        n = len(rows)
        try:
            for r, (tds, cols) in enumerate(zip(rows, colspans, strict=True)):
                grid.place_row(
                    r,
                    [
                        (_cell_text(td), _span(td, "rowspan", n - r), colspan)
                        for td, colspan in zip(tds, cols, strict=True)
                    ],
                )
        except GridTooLarge:
            raise self.too_large(None) from None
        width = max((len(row) for row in grid.rows[:n]), default=0)
        if n * width > self.max_cells:
            raise self.too_large(f"{n:,} 行 × {width:,} 列")
        cells, spans = grid.result(n)
        keep = [i for i, row in enumerate(cells) if row]  # a <tr> without cells is no row
        cells = [cells[i] for i in keep]
        spans = [spans[i] for i in keep]
        if not cells or not any(any(c for c in row) for row in cells):
            return
        lines = [self.lines.next() for _ in cells]
        self.blocks.append(TableBlock(rows=cells, lines=lines, spans=spans, index=self.tables))
        self.tables += 1

    def too_large(self, size: str | None) -> LimitExceeded:
        return table_over(f"网页的第 {self.tables + 1} 个表格", size, self.max_cells)

    def walk_cell(self, cell: Any) -> None:
        self.flush()
        self.walk_content(cell)
        self.flush()


def _table_rows(table: Any) -> list[Any]:
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


def _cells(tr: Any) -> list[Any]:
    return [c for c in tr if _tag(c) in ("td", "th")]


def _span(td: Any, attr: str, remaining: int | None = None) -> int:
    value = td.get(attr)
    if value is None:
        return 1  # the common case: no span attribute
    m = _SPAN_NUMBER.match(value)
    n = int(m.group(1)) if m else 1
    if remaining is not None:  # rowspan: 0 means "to the end", never past the table
        return max(1, min(n or remaining, remaining))
    return max(1, min(n, _MAX_SPAN))


def _is_layout(table: Any, rows: list[list[Any]], colspans: list[list[int]]) -> bool:
    """A table that wraps article flow (nested tables, one column, prose cells)."""
    if table.find(".//table") is not None:
        return True
    if max((sum(cols) for cols in colspans), default=0) <= 1:
        return True
    return bool(_prose_cell()(table))


def _prose_cell() -> Any:
    """XPath: does a cell of this table (the cells ``_table_rows``/``_cells`` give) hold
    more than ``_LAYOUT_CELL_CHARS`` characters of text? One call instead of one per cell;
    ``string-length`` counts code points, as ``len`` does."""
    global _prose
    if _prose is None:
        import lxml.etree

        _prose = lxml.etree.XPath(
            "boolean((./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr)"
            f"/*[self::td or self::th][string-length(.) > {_LAYOUT_CELL_CHARS}])"
        )
    return _prose


_prose: Any = None  # compiled on first use (lxml is imported lazily)


def _cell_text(td: Any) -> str:
    """Text of one cell; pieces split by <br> or blocks are joined without inventing spaces."""
    pieces: list[str] = []
    buf: list[str] = []

    def cut() -> None:
        if buf:
            pieces.append(clean_ws("".join(buf)))
            buf.clear()

    def visit(el: Any) -> None:
        tag = _tag(el)
        if tag is None or tag in _DROP:
            return
        if tag == "br":
            cut()
            return
        block = tag in _BLOCK
        if block:
            cut()
        if el.text:
            buf.append(el.text)
        for child in el:
            visit(child)
            if child.tail:
                buf.append(child.tail)
        if block:
            cut()

    if len(td) == 0:  # a cell holding only text (no <p>, <br>, <span>): one piece
        return clean_ws(td.text) if td.text else ""
    visit(td)
    cut()
    return join_parts(pieces)
