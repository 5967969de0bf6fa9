"""Bytes -> Document, one front end per input format.

Every file gives a Document: a file that cannot be read gives one with an issue that says
why, never an exception and never silence.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Document, ParseIssue

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
DOCX_SUFFIXES = {".docx"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def load(path: Path, display: str | None = None) -> Document:
    """Read ``path`` into a Document; ``display`` is the path as the user gave it."""
    shown = display or str(path)
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _failed(shown, "unreadable", f"cannot read the file: {exc.strerror or exc}")
    if suffix in TEXT_SUFFIXES:
        from .text import load_text

        return load_text(data, shown, "md" if suffix != ".txt" else "txt")
    return _failed(
        shown,
        "unsupported_format",
        f"unsupported file type {suffix or '(none)'}: supply .txt, .md, .html, .docx or .pdf",
    )


def _failed(path: str, code: str, message: str) -> Document:
    return Document(path=path, issues=[ParseIssue(code=code, message=message)])
