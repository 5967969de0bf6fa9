"""What a file really is, decided by its bytes rather than its name.

Crawled reports often carry the wrong extension (a PDF saved as .html, a Word file as .txt,
an old binary .doc/.wps renamed .docx). ``sniff`` names the real type; the dispatcher then
loads by that type or says exactly what is wrong.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "empty", "text", "html", "pdf", "docx", "legacy_word", "encrypted_office", "unsupported",
    "binary",
    "office",  # RTF, OpenDocument text: read through LibreOffice (ingest/office.py)
    "image",  # a page image: read through OCR (ingest/ocr.py)
]  # fmt: skip

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_WORKBOOK = "Workbook".encode("utf-16-le")
_POWERPOINT = "PowerPoint Document".encode("utf-16-le")
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
)
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(
    r"<(?:head|body|meta|title)\b|</(?:p|div|td|table|span|h[1-6])>", re.IGNORECASE
)


@dataclass(frozen=True)
class Sniffed:
    kind: Kind
    what: str  # the type in words, for messages ("a PDF", "a legacy Word/WPS binary")
    suffix: str = ""  # office/image: the extension its converter reads it by
    # what kind of non-document it is, in Chinese (a workbook, a presentation): no report
    not_document: str | None = None


def sniff(data: bytes) -> Sniffed:
    """Classify ``data`` by content; never raises."""
    if not data.strip():
        return Sniffed("empty", "an empty file")
    head = data[:1024]
    if b"%PDF-" in head:
        return Sniffed("pdf", "a PDF")
    if data.startswith(OLE2_MAGIC):
        return _ole2(data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip(data)
    if data.lstrip().startswith(b"{\\rtf"):
        return Sniffed("office", "an RTF document", ".rtf")
    for magic, what in _IMAGES:
        if data.startswith(magic):
            return Sniffed("image", what, ".png")
    text = _head_text(data[:4096])
    if text is None:
        return Sniffed("binary", "unrecognised binary data")
    if _HTML_START.match(text) or (text.lstrip().startswith("<") and _HTML_TAGS.search(text)):
        return Sniffed("html", "an HTML page")
    return Sniffed("text", "plain text")


def _ole2(data: bytes) -> Sniffed:
    if _ENCRYPTED_PACKAGE in data:
        return Sniffed(
            "encrypted_office",
            "a password-protected Office document (remove the password and save it as .docx)",
        )
    if _WORKBOOK in data or _POWERPOINT in data:
        what = "Excel 工作簿" if _WORKBOOK in data else "PowerPoint 演示文稿"
        return Sniffed(
            "unsupported", "a legacy Excel/PowerPoint binary, not a report document", "", what
        )
    return Sniffed("legacy_word", "a legacy Word/WPS binary (.doc/.wps)", ".doc")


def _zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = b""
            if "mimetype" in names:  # its first bytes only: the entry may inflate to GBs
                with zf.open("mimetype") as f:
                    mimetype = f.read(100)
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError, NotImplementedError):
        return Sniffed("unsupported", "a damaged ZIP/Office archive that cannot be opened")
    if "word/document.xml" in names:
        return Sniffed("docx", "a DOCX document")
    if "OFD.xml" in names:
        return Sniffed("unsupported", "an OFD document (export it as PDF or DOCX)")
    if b"opendocument.text" in mimetype:
        return Sniffed("office", "an OpenDocument text (.odt)", ".odt")
    if any(n.startswith("xl/") for n in names):
        return Sniffed(
            "unsupported", "an Excel workbook, not a report document", "", "Excel 工作簿"
        )
    if any(n.startswith("ppt/") for n in names):
        return Sniffed(
            "unsupported",
            "a PowerPoint presentation, not a report document",
            "",
            "PowerPoint 演示文稿",
        )
    return Sniffed("unsupported", "a ZIP archive (unpack it and audit the files inside)")


# Control bytes that do not occur in text (tab, newline, form feed, CR and ESC do).
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _head_text(head: bytes) -> str | None:
    """The beginning as text, or None when it is binary (control bytes, not UTF-16)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    # BOM-less UTF-16: ASCII characters give NULs on one side only (all NULs is no text)
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > len(head) // 4 and even <= len(head) // 16:  # UTF-16 LE
        return head.decode("utf-16-le", errors="replace")
    if even > len(head) // 4 and odd <= len(head) // 16:
        return head.decode("utf-16-be", errors="replace")
    controls = len(head) - len(head.translate(None, _CONTROLS))
    # a few stray NULs (a damaged save) leave a text a text; NUL padding or data does not
    if head.count(0) > max(2, len(head) // 256) or controls > len(head) // 20:
        return None
    return head.decode("utf-8", errors="replace")
