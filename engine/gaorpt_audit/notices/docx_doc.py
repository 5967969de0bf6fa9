"""The Word side of notices and bulletins: styles, plain-text paragraphs and tables, and a
byte-for-byte deterministic save. Every text goes into a run as text (python-docx escapes
it): report text cannot become markup, a field or formatting."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .templates import Template

ITEM_STYLE = "Notice Item"  # the first paragraph of each numbered item (tests count them)
DETAIL_STYLE = "Notice Detail"  # the lines under an item
# Characters XML 1.0 cannot hold (lxml refuses them): dropped from report text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_EPOCH = (1980, 1, 1, 0, 0, 0)  # zip entry time: fixed, so the same input gives the same bytes
_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _east_asian(style: Any, font: str, size: float | None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = font
    style.font.color.rgb = RGBColor(0, 0, 0)
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), font)


def new_document(template: Template, title: str, author: str | None) -> Any:
    """A document with the template's fonts on Normal, headings and the item styles."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    doc = Document()
    body, head = template.raw("style", "body_font"), template.raw("style", "heading_font")
    size, head_size = template.raw("style", "body_size"), template.raw("style", "heading_size")
    _east_asian(doc.styles["Normal"], body, size)
    _east_asian(doc.styles["Title"], head, head_size, bold=False)
    for name in ("Heading 1", "Heading 2"):
        _east_asian(doc.styles[name], body, size, bold=True)
    for name in (ITEM_STYLE, DETAIL_STYLE):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.paragraph_format.space_after = Pt(2)
    doc.styles[ITEM_STYLE].font.bold = True
    doc.styles[DETAIL_STYLE].paragraph_format.left_indent = Pt(2 * size)
    props = doc.core_properties
    props.title = clean(title)
    props.author = clean(author or "")
    props.last_modified_by = "gaorpt-audit"
    props.created = props.modified = _CREATED
    return doc


def title(doc: Any, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc.add_heading(clean(text), level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER


def heading(doc: Any, text: str) -> None:
    doc.add_heading(clean(text), level=1)


class Headings:
    """Numbers the section headings in the order they are written (一、二、…)."""

    def __init__(self, doc: Any, template: Template) -> None:
        self.doc, self.template, self.n = doc, template, 0

    def add(self, key: str) -> None:
        numerals = self.template.raw("document", "numerals")
        numeral = numerals[self.n] if self.n < len(numerals) else str(self.n + 1)
        self.n += 1
        text = self.template.text("document", key)
        heading(
            self.doc,
            self.template.text("document", "numbered_heading", numeral=numeral, heading=text),
        )


def para(
    doc: Any,
    text: str,
    style: str | None = None,
    align: str | None = None,
    marks: Iterable[str] = (),
) -> Any:
    """A paragraph of plain text; the ``marks`` in it (placeholders) are highlighted."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX

    p = doc.add_paragraph(style=style)
    marks = sorted({m for m in marks if m}, key=len, reverse=True)
    parts = re.split("(" + "|".join(map(re.escape, marks)) + ")", text) if marks else [text]
    for part in parts:
        if part:
            run = p.add_run(clean(part))
            if part in marks:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    if align:
        p.alignment = getattr(WD_ALIGN_PARAGRAPH, align.upper())
    return p


def table(
    doc: Any,
    header: list[str],
    rows: list[list[str]],
    size: float | None = None,
    widths_cm: list[float] | None = None,
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    t = doc.add_table(rows=1 + len(rows), cols=len(header))
    t.style = doc.styles["Table Grid"]
    widths = widths_cm if widths_cm and len(widths_cm) == len(header) else None
    if widths:  # LibreOffice reads the grid's widths, Word the cells': set both
        t.autofit = False
        for j, column in enumerate(t.columns):
            column.width = Cm(widths[j])
    for i, values in enumerate([header, *rows]):
        for j, value in enumerate(values):
            cell = t.cell(i, j)
            cell.text = clean(str(value))
            if widths:
                cell.width = Cm(widths[j])
            for run in cell.paragraphs[0].runs:
                run.bold = i == 0 or None
                if size:
                    run.font.size = Pt(size)
            if i == 0:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    return t


def to_bytes(doc: Any) -> bytes:
    """The .docx bytes with fixed zip entry times, in the order python-docx wrote them."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, _EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def save(doc: Any, path: Path) -> None:
    """Written beside ``path`` and renamed over it once complete (never half a file)."""
    data = to_bytes(doc)
    fd, temp = tempfile.mkstemp(".part", f".{path.name}.", path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
