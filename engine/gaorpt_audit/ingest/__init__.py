"""Bytes -> Document, one front end per input format.

Every file gives a Document: a file that cannot be read gives one with an issue that says
why, never an exception and never silence. The type is decided by content (``sniff``);
the extension only decides between plain text and Markdown and which files to try.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ..model import UNREADABLE_ISSUES, Document, ParseIssue
from .limits import LimitExceeded, current, megabytes, over, paragraphs_over, text_over
from .readable import unreadable_text
from .sniff import Sniffed, sniff
from .wording import detail, named, spaced

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
DOCX_SUFFIXES = {".docx"}
PDF_SUFFIXES = {".pdf"}
LEGACY_SUFFIXES = {".doc", ".wps"}  # OLE2 Word binaries, through LibreOffice
OFFICE_SUFFIXES = {".rtf", ".odt"}  # through LibreOffice
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif"}  # through OCR
SUPPORTED_SUFFIXES = (
    TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES
    | LEGACY_SUFFIXES | OFFICE_SUFFIXES | IMAGE_SUFFIXES
)  # fmt: skip

_CLAIMED = {
    **dict.fromkeys(TEXT_SUFFIXES, "text"),
    **dict.fromkeys(HTML_SUFFIXES, "html"),
    **dict.fromkeys(DOCX_SUFFIXES, "docx"),
    **dict.fromkeys(PDF_SUFFIXES, "pdf"),
    **dict.fromkeys(LEGACY_SUFFIXES, "legacy_word"),
    **dict.fromkeys(OFFICE_SUFFIXES, "office"),
    **dict.fromkeys(IMAGE_SUFFIXES, "image"),
}
_TAG = re.compile(rb"<[A-Za-z][A-Za-z0-9]*[\s/>]")
_NAMES = {
    "text": "纯文本", "html": "HTML 网页", "docx": "DOCX 文档", "pdf": "PDF 文件",
    "legacy_word": "旧版 Word/WPS 二进制文件", "office": "RTF/OpenDocument 文本",
    "image": "图片",
}  # fmt: skip
EMPTY_MESSAGE = "文件是空的，无可审核的内容：请检查文件是否完整下载或导出"
_DAMAGED = "文件可能已损坏，请重新下载或导出该文件"


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


_NOT_REGULAR = (
    (stat.S_ISFIFO, "管道（FIFO）"),
    (stat.S_ISCHR, "字符设备"),
    (stat.S_ISBLK, "块设备"),
    (stat.S_ISSOCK, "套接字（socket）"),
    (stat.S_ISDIR, "文件夹"),
)


def load(path: Path, display: str | None = None) -> Document:
    """Read ``path`` into a Document; ``display`` is the path as the user gave it.

    Only a regular file is opened (a FIFO may block for ever, a device never end), and
    never more of it than the ``file_mb`` limit."""
    shown = display or str(path)
    limit = int(current().limits.file_mb * 1e6)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            what = next((w for test, w in _NOT_REGULAR if test(info.st_mode)), "特殊文件")
            if os.path.islink(path) and ":[" not in (link := os.readlink(path)):
                what = f"指向{what}的链接（{link}）"  # (not /dev/fd/N's "pipe:[1234]")
            return _failed(
                shown,
                "not_regular_file",
                f"{shown} 是{what}，不是普通文件：未读取（读取它可能一直等待或没有尽头）；"
                "请将其内容保存为普通文件后审核该文件",
            )
        if info.st_size > limit:
            raise _too_big(info.st_size)
        if info.st_size:
            data = path.read_bytes()
        else:  # empty, or a size the system does not know (/proc): read at most the limit
            with open(path, "rb") as f:
                data = f.read(limit + 1)
    except OSError as exc:
        why = detail(exc.strerror or exc)
        return _failed(
            shown, "unreadable", f"无法打开文件{why}：请检查文件是否存在、是否有读取权限"
        )
    except LimitExceeded as exc:
        return _failed(shown, "limit_exceeded", str(exc))
    if len(data) > limit:  # it grew, or its size was not known
        return _failed(shown, "limit_exceeded", str(_too_big(len(data), "至少")))
    return load_bytes(data, shown, path.suffix.lower())


def _too_big(size: int, more: str = "") -> LimitExceeded:
    limit = current().limits.file_mb
    return over(f"文件大小{more or '为'} {megabytes(size)}，", f"每个文件 {limit:g} MB", "file_mb")


def load_bytes(data: bytes, shown: str, suffix: str) -> Document:
    """Dispatch ``data`` (named with ``suffix``) to the front end of its real type; a file
    over a limit, or with nothing readable in it, is one issue (PRS001)."""
    try:
        doc = _dispatch(data, shown, suffix)
        _check_size(doc)
    except LimitExceeded as exc:
        return _failed(shown, "limit_exceeded", str(exc))
    if not any(i.code in UNREADABLE_ISSUES for i in doc.issues):
        problem = unreadable_text(doc, data)
        if problem:
            doc.blocks = []
            doc.issues.append(ParseIssue(code="no_text", message=problem))
    return doc


def _check_size(doc: Document) -> None:
    """The text and paragraph limits, over what a front end read (the text front end
    checks them itself, before it builds its paragraphs)."""
    if doc.source_format in ("txt", "md"):
        return
    limits = current().limits
    rows = chars = 0
    for b in doc.blocks:
        if b.kind == "paragraph":
            rows += 1
            chars += len(b.text)
        else:
            rows += len(b.rows)
            chars += sum(len(c) for row in b.rows for c in row)
    if rows > limits.paragraphs:
        raise paragraphs_over(rows)
    if chars > limits.text_chars:
        raise text_over(chars)


def _dispatch(data: bytes, shown: str, suffix: str) -> Document:
    claimed = _CLAIMED.get(suffix)
    found = sniff(data)
    if found.kind == "empty":
        return _failed(shown, "empty_file", EMPTY_MESSAGE)
    if found.kind in ("legacy_word", "office", "image"):
        doc = _converted(data, shown, found, suffix)
        if found.kind != claimed and doc.blocks:
            doc.issues.insert(0, _mismatch(found, claimed, suffix))
        return doc
    if found.kind in ("encrypted_office", "unsupported"):
        message = spaced(f"文件（{named(suffix)}）是", found.what)
        if found.not_document:
            message += "，不是报告文档"
        if found.advice:
            message += f"：{found.advice}"
        if found.kind == "encrypted_office":
            return _failed(shown, "encrypted_office", message)
        return _not_report(_failed(shown, "unsupported_format", message), found.not_document)
    if found.kind == "binary":
        message = f"文件（{named(suffix)}）的内容是无法识别的二进制数据"
        if claimed is None and suffix:  # a .db, .exe ...: no document at all
            doc = _failed(shown, "unrecognized_content", message + "，不是报告文档")
            return _not_report(doc, f"无法识别的 {suffix} 二进制文件")
        expected = spaced("，不是", _NAMES[claimed]) if claimed else ""
        return _failed(shown, "unrecognized_content", f"{message}{expected}：{_DAMAGED}")
    real = found.kind
    if real == "text" and claimed in ("text", None):
        if claimed is None:
            doc = _failed(
                shown,
                "unsupported_format",
                f"不支持的文件类型 {suffix or '（无扩展名）'}："
                "请提供 .txt、.md、.html、.docx 或 .pdf 文件",
            )
            # a notes.toml, data.csv, config.yaml: text, but no report format (a file without
            # any extension may still be a crawled report: it stays PRS001)
            return _not_report(doc, f"{suffix} 文本文件" if suffix else None)
        return _load_as(data, shown, "text", suffix)
    if real == "text" and claimed == "html" and _TAG.search(data[:65536]):
        real = "html"  # an HTML fragment without <html>/<body>: still markup
    doc = _load_as(data, shown, real, suffix)
    if real != claimed:
        doc.issues.insert(0, _mismatch(found, claimed, suffix))
    return doc


def _load_as(data: bytes, shown: str, kind: str, suffix: str) -> Document:
    if kind == "html":
        from .html import load_html

        return load_html(data, shown)
    if kind == "docx":
        from .docx import load_docx

        doc = load_docx(data, shown)
        if [i.code for i in doc.issues] == ["corrupt_docx"]:  # python-docx rejects it
            from .office import soffice

            if soffice() is not None:  # LibreOffice often repairs it; else its own issue
                fixed = _converted(data, shown, Sniffed("office", "DOCX 文档", ".docx"), ".docx")
                if fixed.blocks:
                    return fixed
        return doc
    if kind == "pdf":
        from .pdf import load_pdf

        return load_pdf(data, shown)
    from .text import load_text

    return load_text(data, shown, "md" if suffix in (".md", ".markdown") else "txt")


def _converted(data: bytes, shown: str, found: Sniffed, suffix: str) -> Document:
    """An office file through LibreOffice then the DOCX front end; an image through OCR."""
    if found.kind == "image":
        from .ocr import load_image

        return load_image(data, shown)
    from .docx import load_docx
    from .office import MISSING_MESSAGE, ConversionError, to_docx

    code = "legacy_word" if found.kind == "legacy_word" else "unsupported_format"
    try:
        converted = to_docx(data, found.suffix)
    except ConversionError as exc:
        if str(exc) == MISSING_MESSAGE:
            return _failed(shown, code, spaced("本文件为", found.what) + f"，{exc}")
        what = spaced(f"本文件（{named(suffix)}）为", found.what)
        return _failed(shown, code, f"{what}，{exc}：请用 Word 或 WPS 将其另存为 .docx 后审核")
    return load_docx(converted, shown)


def _not_report(doc: Document, what: str | None) -> Document:
    """``doc`` marked as no annual report at all (``what`` it is), when known."""
    if what:
        doc.not_report = f"不是政府信息公开工作年度报告（{what}）"
    return doc


def _mismatch(found: Sniffed, claimed: str | None, suffix: str) -> ParseIssue:
    read = spaced("已按", found.what) + "读取"
    if claimed is None:
        message = spaced(f"文件（{named(suffix)}）实际是", found.what) + f"：{read}"
    else:
        real = spaced(f"文件{named(suffix)}，但实际是", found.what)
        message = spaced(f"{real}，不是", _NAMES[claimed]) + f"：{read}"
    return ParseIssue(code="format_mismatch", message=message)


def _failed(path: str, code: str, message: str) -> Document:
    return Document(path=path, issues=[ParseIssue(code=code, message=message)])
