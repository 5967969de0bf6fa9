"""Plain text and Markdown exports -> Document (one Paragraph per source line)."""

from __future__ import annotations

from ..model import Document, Paragraph


def load_text(data: bytes, path: str, source_format: str) -> Document:
    text = data.decode("utf-8-sig", errors="replace")
    blocks = [Paragraph(text=line, line=i) for i, line in enumerate(text.splitlines(), 1)]
    return Document(path=path, source_format=source_format, encoding="utf-8", blocks=blocks)
