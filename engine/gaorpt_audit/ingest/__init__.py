"""Bytes -> Document, one front end per input format.

Every file gives a Document: a file that cannot be read gives one with an issue that says
why, never an exception and never silence. The type is decided by content (``sniff``);
the extension only decides between plain text and Markdown and which files to try.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Document, ParseIssue
from .sniff import Sniffed, sniff

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
DOCX_SUFFIXES = {".docx"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES

_CLAIMED = {
    **dict.fromkeys(TEXT_SUFFIXES, "text"),
    **dict.fromkeys(HTML_SUFFIXES, "html"),
    **dict.fromkeys(DOCX_SUFFIXES, "docx"),
    **dict.fromkeys(PDF_SUFFIXES, "pdf"),
}
_TAG = re.compile(rb"<[A-Za-z][A-Za-z0-9]*[\s/>]")
_NAMES = {"text": "plain text", "html": "an HTML page", "docx": "a DOCX", "pdf": "a PDF"}


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def load(path: Path, display: str | None = None) -> Document:
    """Read ``path`` into a Document; ``display`` is the path as the user gave it."""
    shown = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _failed(shown, "unreadable", f"cannot read the file: {exc.strerror or exc}")
    return load_bytes(data, shown, path.suffix.lower())


def load_bytes(data: bytes, shown: str, suffix: str) -> Document:
    """Dispatch ``data`` (named with ``suffix``) to the front end of its real type."""
    claimed = _CLAIMED.get(suffix)
    found = sniff(data)
    named = f"named {suffix}" if suffix else "without an extension"
    if found.kind == "empty":
        return _failed(shown, "empty_file", "the file is empty: nothing to audit")
    if found.kind == "legacy_word":
        return _failed(
            shown,
            "legacy_word",
            f"legacy Word/WPS binary (OLE2, {named}); save it as .docx and audit that file",
        )
    if found.kind == "encrypted_office":
        return _failed(shown, "encrypted_office", f"{found.what}; {named}")
    if found.kind == "unsupported":
        return _failed(shown, "unsupported_format", f"{found.what}; {named}")
    if found.kind == "binary":
        expected = f", not {_NAMES[claimed]}" if claimed else ""
        return _failed(
            shown,
            "unrecognized_content",
            f"unrecognised binary content ({named}{expected}): not a document this tool reads",
        )
    real = found.kind
    if real == "text" and claimed in ("text", None):
        if claimed is None:
            return _failed(
                shown,
                "unsupported_format",
                f"unsupported file type {suffix or '(none)'}: "
                "supply .txt, .md, .html, .docx or .pdf",
            )
        return _load_as(data, shown, "text", suffix)
    if real == "text" and claimed == "html" and _TAG.search(data[:65536]):
        real = "html"  # an HTML fragment without <html>/<body>: still markup
    doc = _load_as(data, shown, real, suffix)
    if real != claimed:
        doc.issues.insert(0, _mismatch(found, claimed, named))
    return doc


def _load_as(data: bytes, shown: str, kind: str, suffix: str) -> Document:
    if kind == "html":
        from .html import load_html

        return load_html(data, shown)
    if kind == "docx":
        from .docx import load_docx

        return load_docx(data, shown)
    if kind == "pdf":
        from .pdf import load_pdf

        return load_pdf(data, shown)
    from .text import load_text

    return load_text(data, shown, "md" if suffix in (".md", ".markdown") else "txt")


def _mismatch(found: Sniffed, claimed: str | None, named: str) -> ParseIssue:
    if claimed is None:
        message = f"the file ({named}) is {found.what}; read it as such"
    else:
        message = f"the file is {named} but is {found.what}, not {_NAMES[claimed]}; read it as such"
    return ParseIssue(code="format_mismatch", message=message)


def _failed(path: str, code: str, message: str) -> Document:
    return Document(path=path, issues=[ParseIssue(code=code, message=message)])
