"""Generators of hostile inputs (issue 16), shared by tests/test_limits*.py and
benchmarks/bench_robust.py. Every generator takes its size as a parameter: the tests build
small bombs and set the limits low, the benchmark builds them at the sizes of the issue.

Nothing here touches the network or the file system except where a path is given.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BAIBU = REPO / "reports/zhejiang/baibu-town_2020.txt"

# --------------------------------------------------------------------------- PDF


def pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF of ``objects`` (object n is objects[n-1]) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def _stream(content: bytes, compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(content, 9)
        head = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data)
        return head + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


_FONT = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"


def pdf_pages(contents: list[bytes]) -> bytes:
    """One page per content stream (Helvetica as F1), A4."""
    n = len(contents)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
        _FONT,
    ]
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 3 0 R "
            b"/Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(_stream(content))
    return pdf(objects)


def pdf_text(lines: list[str] | None = None) -> bytes:
    """A small, normal one-page PDF with a few ASCII lines."""
    lines = lines or ["Annual report 2020", "1. General", "2. Figures"]
    ops = b"".join(
        b"BT /F1 12 Tf 50 %d Td (%s) Tj ET\n" % (800 - 20 * i, s.encode())
        for i, s in enumerate(lines)
    )
    return pdf_pages([ops])


def pdf_self_reference() -> bytes:
    """Object 3 is ``3 0 R``: pdfminer's resolve1 follows it for ever (285 bytes)."""
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"3 0 R",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 3 0 R >>",
        ]
    )


def pdf_rectangles(count: int) -> bytes:
    """One page with a line of text and ``count`` small stroked rectangles (a grid)."""
    ops = [b"BT /F1 12 Tf 50 820 Td (Report) Tj ET\n0 0 0 RG 0.2 w\n"]
    cols = 200
    for i in range(count):
        x, y = 20 + (i % cols) * 2.7, 20 + (i // cols) % 290 * 2.7
        ops.append(b"%.1f %.1f 2 2 re S\n" % (x, y))
    return pdf_pages([b"".join(ops)])


def pdf_characters(count: int) -> bytes:
    """One page with ``count`` characters of text in 4-point type."""
    per_line = 240
    lines, left = [], count
    y = 830
    while left > 0:
        n = min(per_line, left)
        lines.append(b"BT /F1 4 Tf 5 %d Td (%s) Tj ET\n" % (y, b"x" * n))
        left -= n
        y = y - 4 if y > 10 else 830
    return pdf_pages([b"".join(lines)])


def pdf_many_pages(count: int) -> bytes:
    """``count`` pages, each with one short line."""
    return pdf_pages([b"BT /F1 12 Tf 50 800 Td (page %d) Tj ET\n" % i for i in range(count)])


def pdf_zero_pages() -> bytes:
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


# --------------------------------------------------------------------------- ZIP / DOCX

_CT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/>'
    b'<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.styles+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOC_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/styles" Target="styles.xml"/></Relationships>'
)
_W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLES = b'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="' + _W + b'"/>'


def docx_paragraph(text: str) -> bytes:
    return b"<w:p><w:r><w:t>" + text.encode() + b"</w:t></w:r></w:p>"


def document_xml(body: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="'
        + _W
        + b'"><w:body>'
        + body
        + b"</w:body></w:document>"
    )


Bomb = tuple[bytes, bytes, int, bytes]  # head, unit, count, tail: head + unit * count + tail


def zip_with(entries: dict[str, bytes], bombs: dict[str, Bomb] | None = None) -> bytes:
    """A ZIP of ``entries`` plus ``bombs``, each stored deflated as ``head + unit * count +
    tail`` and streamed into the archive, so that it is never whole in memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        for name, (head, unit, count, tail) in (bombs or {}).items():
            size = len(head) + len(unit) * count + len(tail)
            with zf.open(name, "w", force_zip64=size >= 1 << 31) as f:
                f.write(head)
                per = max(1, (1 << 20) // len(unit))
                block = unit * per
                for _ in range(count // per):
                    f.write(block)
                f.write(unit * (count % per))
                f.write(tail)
    return buf.getvalue()


def docx(body: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX whose body is ``body`` (w:p / w:tbl elements)."""
    return zip_with(
        {
            "[Content_Types].xml": _CT,
            "_rels/.rels": _RELS,
            "word/_rels/document.xml.rels": _DOC_RELS,
            "word/document.xml": document_xml(body),
            "word/styles.xml": _STYLES,
            **(extra or {}),
        }
    )


def docx_bomb(part: str, size: int) -> bytes:
    """A DOCX whose ``part`` (mimetype, word/document.xml or word/styles.xml) inflates to
    about ``size`` bytes (whitespace, or paragraphs for the document)."""
    entries = {
        "[Content_Types].xml": _CT,
        "_rels/.rels": _RELS,
        "word/_rels/document.xml.rels": _DOC_RELS,
        "word/document.xml": document_xml(docx_paragraph("report")),
        "word/styles.xml": _STYLES,
    }
    entries.pop(part, None)
    if part == "mimetype":
        bomb = (b"application/vnd.openxmlformats", b" ", size, b"")
    elif part == "word/document.xml":
        head, tail = document_xml(b"").split(b"</w:body>")
        unit = docx_paragraph("一")
        bomb = (head, unit, size // len(unit), b"</w:body>" + tail)
    else:
        head = b'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="' + _W + b'">'
        bomb = (head, b" ", size, b"</w:styles>")
    return zip_with(entries, {part: bomb})


def docx_empty_paragraphs(count: int) -> bytes:
    """A DOCX whose document.xml is ``count`` empty paragraphs (``<w:p/>``, 6 bytes each)."""
    entries = {
        "[Content_Types].xml": _CT,
        "_rels/.rels": _RELS,
        "word/_rels/document.xml.rels": _DOC_RELS,
        "word/styles.xml": _STYLES,
    }
    head, tail = document_xml(b"").split(b"</w:body>")
    return zip_with(entries, {"word/document.xml": (head, b"<w:p/>", count, b"</w:body>" + tail)})


def docx_many_entries(count: int) -> bytes:
    return docx(docx_paragraph("report"), {f"word/media/x{i}.bin": b"" for i in range(count)})


def docx_table(rows: int, cols: int) -> bytes:
    cell = b"<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
    row = b"<w:tr>" + cell * cols + b"</w:tr>"
    return docx(docx_paragraph("table") + b"<w:tbl>" + row * rows + b"</w:tbl>")


# --------------------------------------------------------------------------- HTML / text


def html_spans(rows: int, span: int = 999_999_999) -> bytes:
    cell = b'<td rowspan="%d" colspan="%d">1</td><td>2</td>' % (span, span)
    body = b"".join(b"<tr>" + cell + b"</tr>" for _ in range(rows))
    return b"<html><body><p>report</p><table>" + body + b"</table></body></html>"


def html_tags(count: int) -> bytes:
    """A page of ``count`` empty inline elements (7 bytes each), no text."""
    return b"<html><body>" + b"<i></i>" * count + b"</body></html>"


def html_table(rows: int, cols: int) -> bytes:
    row = b"<tr>" + b"<td>1</td>" * cols + b"</tr>"
    return b"<html><body><p>report</p><table>" + row * rows + b"</table></body></html>"


def report_lines() -> list[str]:
    return BAIBU.read_text(encoding="utf-8").splitlines()


def html_deep(depth: int, before: str = "四、") -> bytes:
    """The Baibu report as HTML paragraphs, with ``depth`` nested <div>s opened just before
    the line starting with ``before`` (sections 四-六 sit below that depth)."""
    parts = ["<html><head><meta charset='utf-8'></head><body>"]
    opened = 0
    for line in report_lines():
        if line.startswith(before) and not opened:
            parts.append("<div>" * depth)
            opened = depth
        parts.append(f"<p>{line}</p>")
    parts.append("</div>" * opened + "</body></html>")
    return "".join(parts).encode("utf-8")


def text_of_size(size: int) -> bytes:
    """The Baibu report repeated to ``size`` bytes."""
    unit = BAIBU.read_bytes()
    return (unit * (size // len(unit) + 1))[:size]


def digits_line(size: int) -> bytes:
    return BAIBU.read_bytes() + b"1 " * (size // 2) + b"\n"


def binary_as_utf16(size: int = 8192) -> bytes:
    """Little-endian 16-bit integers below 256 (a data table, a bitmap): a NUL in every
    other byte, as UTF-16 text of ASCII has."""
    import random

    rng = random.Random(16)
    return bytes(b for _ in range(size // 2) for b in (rng.randrange(1, 256), 0))


def utf16_bom_utf8_body() -> bytes:
    return b"\xff\xfe" + BAIBU.read_bytes()


def nothing_readable() -> dict[str, bytes]:
    """The inputs of issue 16 item 5: nothing in, each must be PRS001."""
    return {
        "nul.txt": b"\x00" * 4096,
        "zero-pages.pdf": pdf_zero_pages(),
        "binary16.txt": binary_as_utf16(),
        "esc.txt": b"\x1b" * 5000,
        "bom16-utf8.txt": utf16_bom_utf8_body(),
    }


def hang_in_c(data: bytes, path: str) -> None:
    """A stand-in PDF reader stuck the way a loop inside C code is: with SIGALRM blocked,
    no Python signal handler ever runs, so only killing the process ends it."""
    import signal
    import time

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(30)
