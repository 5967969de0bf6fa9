"""Where a report goes: ``region/<publisher>/<year>.<ext>``, written under a hidden
temporary name and renamed into place, so a file of the region is always complete.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
    "application/kswps": ".wps",
    "application/vnd.ms-works": ".wps",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
}
_KNOWN = {".pdf", ".docx", ".doc", ".wps", ".html", ".htm", ".txt", ".md"}
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')


def safe_name(text: str) -> str:
    """A folder or file name from a publisher name or host (no separators, no leading dot)."""
    return _UNSAFE.sub("_", text).strip(" ._") or "_"


def extension(url: str, content_type: str, disposition: str, head: bytes) -> str:
    """The file's extension: its content first (magic bytes), then the declared type,
    then the name in Content-Disposition or the URL."""
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: Word 97-2003 or WPS
        return ".wps" if _named(url, disposition) == ".wps" else ".doc"
    if head.startswith(b"PK\x03\x04"):
        return ".docx"
    declared = _TYPES.get(content_type.split(";")[0].strip().lower())
    named = _named(url, disposition)
    if named in (".txt", ".md") and declared in (".txt", ".md", None):
        return named
    return declared or named or ".html"


def _named(url: str, disposition: str) -> str | None:
    m = re.search(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)", disposition, re.IGNORECASE)
    for name in (unquote(m.group(1)) if m else "", unquote(urlsplit(url).path)):
        suffix = os.path.splitext(name)[1].lower()
        if suffix in _KNOWN:
            return ".html" if suffix == ".htm" else suffix
    return None


def place(body: Path, dest: Path) -> None:
    """Move a downloaded body (a temporary file in the region) to its final name."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(body, dest)


def sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def clean_partials(folder: Path) -> int:
    """Remove the temporary files an interrupted fetch left behind; how many."""
    n = 0
    for part in folder.rglob(".*.part"):
        try:
            part.unlink()
            n += 1
        except OSError:
            pass
    return n
