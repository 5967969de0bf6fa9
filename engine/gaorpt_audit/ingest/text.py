"""Plain text and Markdown exports -> Document (one Paragraph per source line).

Whole-text steps (decode, normalise) run once over the file; per-line work is limited to
the lines that need it (chrome candidates). Empty lines are dropped; whitespace-only lines
are kept, because a tab on its own line is an empty cell in one-cell-per-line table exports.
Every Paragraph keeps its 1-based source line number.
"""

from __future__ import annotations

from ..model import Document, Paragraph, ParseIssue, SourceFormat
from .chrome import clean_lines
from .decode import decode_bytes
from .limits import current, paragraphs_over, text_over
from .normalize import normalize_document


def load_text(data: bytes, path: str, source_format: str) -> Document:
    limits = current().limits
    if len(data) > 4 * limits.text_chars:  # no encoding takes more than 4 bytes a character
        raise text_over(len(data) // 4, at_least=True)
    decoded = decode_bytes(data)
    issues = [ParseIssue(code="encoding", message=decoded.note)] if decoded.note else []
    text = decoded.text
    if len(text) > limits.text_chars:
        raise text_over(len(text))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.count("\n") >= limits.paragraphs:  # an upper bound: empty lines are dropped
        lines = sum(1 for line in text.split("\n") if line)
        if lines > limits.paragraphs:
            raise paragraphs_over(lines)
    normalized = normalize_document(text)
    text = normalized.text
    lines = text.split("\n")
    blocks = [
        _paragraph({"text": line, "line": number})
        for number, line in clean_lines(lines, text)
        if line
    ]
    if not blocks and not issues:
        what = "文件是空的" if not data else "文件中没有文字"
        message = f"{what}，无可审核的内容：请检查文件是否完整下载或导出"
        issues.append(ParseIssue(code="empty_file", message=message))
    return Document(
        path=path,
        source_format=_format(source_format),
        encoding=decoded.encoding,
        converted_script=normalized.converted_script,
        blocks=blocks,
        issues=issues,
    )


# One Paragraph per line: the (Rust) validator called with a dict gives the same model as
# ``Paragraph(text=..., line=...)`` without the Python-level __init__.
_paragraph = Paragraph.__pydantic_validator__.validate_python


def _format(source_format: str) -> SourceFormat:
    return "md" if source_format == "md" else "txt"
