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
_NOT_A_REPORT = "如其中确是年度报告，请另存为 .docx 或 PDF 后审核"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_WORKBOOK = "Workbook".encode("utf-16-le")
_POWERPOINT = "PowerPoint Document".encode("utf-16-le")
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
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
    what: str  # the type in Chinese words, for messages ("PDF 文件", "旧版 Word/WPS 二进制文件")
    suffix: str = ""  # office/image: the extension its converter reads it by
    # what kind of non-document it is (a workbook, a presentation): no report
    not_document: str | None = None
    advice: str = ""  # unsupported/encrypted: what the user can do ("请解压后审核其中的文件")


def sniff(data: bytes) -> Sniffed:
    """Classify ``data`` by content; never raises."""
    if not data.strip():
        return Sniffed("empty", "空文件")
    head = data[:1024]
    if b"%PDF-" in head:
        return Sniffed("pdf", "PDF 文件")
    if data.startswith(OLE2_MAGIC):
        return _ole2(data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip(data)
    if data.lstrip().startswith(b"{\\rtf"):
        return Sniffed("office", "RTF 文档", ".rtf")
    for magic, what in _IMAGES:
        if data.startswith(magic):
            return Sniffed("image", what, ".png")
    text = _head_text(data[:4096])
    if text is None:
        return Sniffed("binary", "无法识别的二进制数据")
    if _HTML_START.match(text) or (text.lstrip().startswith("<") and _HTML_TAGS.search(text)):
        return Sniffed("html", "HTML 网页")
    return Sniffed("text", "纯文本")


def _ole2(data: bytes) -> Sniffed:
    if _ENCRYPTED_PACKAGE in data:
        return Sniffed(
            "encrypted_office",
            "设有密码保护的 Office 文档",
            advice="请去除密码并另存为 .docx 后审核",
        )
    if _WORKBOOK in data or _POWERPOINT in data:
        what, old = (
            ("Excel 工作簿", ".xls") if _WORKBOOK in data else ("PowerPoint 演示文稿", ".ppt")
        )
        return Sniffed(
            "unsupported", f"旧版 {what}（{old}）", not_document=what, advice=_NOT_A_REPORT
        )
    return Sniffed("legacy_word", "旧版 Word/WPS 二进制文件（.doc/.wps）", ".doc")


def _zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = b""
            if "mimetype" in names:  # its first bytes only: the entry may inflate to GBs
                with zf.open("mimetype") as f:
                    mimetype = f.read(100)
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError, NotImplementedError):
        return Sniffed(
            "unsupported", "已损坏的 ZIP/Office 压缩包，无法打开", advice="请重新下载或导出该文件"
        )
    if "word/document.xml" in names:
        return Sniffed("docx", "DOCX 文档")
    if "OFD.xml" in names:
        return Sniffed(
            "unsupported", "OFD 版式文档，本工具无法读取", advice="请将其导出为 PDF 或 DOCX 后审核"
        )
    if b"opendocument.text" in mimetype:
        return Sniffed("office", "OpenDocument 文本（.odt）", ".odt")
    for folder, what in (("xl/", "Excel 工作簿"), ("ppt/", "PowerPoint 演示文稿")):
        if any(n.startswith(folder) for n in names):
            return Sniffed("unsupported", what, not_document=what, advice=_NOT_A_REPORT)
    return Sniffed("unsupported", "ZIP 压缩包", advice="请解压后审核其中的文件")


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
