"""Is there anything to read? The last check of every front end's Document.

Nothing in must never score as a clean report: a file of NUL or ESC bytes, a PDF without
pages, binary data that looked like UTF-16, or UTF-8 text behind a UTF-16 byte order mark
(read as UTF-16 it is a soup of Hangul, Yi and private-use characters) all give a
Document whose text is empty or not text. Such a file is one ``no_text`` issue (PRS001).
"""

from __future__ import annotations

import re

from ..model import Document

# What a Chinese report is written in: ASCII, a few Latin-1 signs, punctuation, symbols,
# CJK and full-width forms (any other character is rare there and common in garbage).
_PLAUSIBLE = re.compile(
    "[\t\n\r\f\x20-\x7e\u00a0\u00a7\u00b0\u00b1\u00b7\u00d7\u00f7\u2000-\u2bff\u2e80-\u2fdf"
    "\u3000-\u30ff\u3100-\u312f\u31c0-\u31ef\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]+"
)
_WORD = re.compile(r"\w")
_SAMPLE = 2048  # characters whose share of odd ones is looked at (from the start)
_MIN = 16  # shorter samples are judged by _WORD alone
_GARBAGE_SHARE = 0.3


def unreadable_text(doc: Document, data: bytes) -> str | None:
    """Why ``doc`` holds nothing readable, or None when it does."""
    sample = _sample(doc, _SAMPLE)
    if not _WORD.search(sample):  # rare: look at all of it
        whole = _sample(doc, None)
        if not whole.strip():
            return "文件中没有文字，无可审核的内容：请检查文件是否完整下载或导出"
        if not _WORD.search(whole):
            return (
                "文件中没有字母、数字或汉字，只有符号或控制字符，无可审核的内容："
                "文件可能已损坏，请重新下载或导出该文件"
            )
    if len(sample) < _MIN:
        return None
    odd = len(_PLAUSIBLE.sub("", sample))
    if odd <= _GARBAGE_SHARE * len(sample):
        return None
    share = f"{100 * odd // len(sample)}% 的字符"
    if (doc.encoding or "").startswith("utf-16") and _utf8_behind_bom(data):
        how = (
            "：文件以 UTF-16 字节顺序标记开头，其余内容却是 UTF-8 编码，按该标记读取的软件只能"
            "显示乱码；请将其另存为不带字节顺序标记的 UTF-8 文本后审核"
        )
    elif doc.encoding:
        how = (
            f"（按 {doc.encoding} 编码读取）：文件可能是二进制数据，或其文字使用了未声明的编码；"
            "请将其另存为 UTF-8 文本后审核"
        )
    else:
        how = "：文件可能已损坏，请重新下载或导出该文件"
    return f"文件中没有可读的文字：{share}是控制字符、私用区字符、未分配字符或报告中不应出现的字符{how}"


def _sample(doc: Document, limit: int | None) -> str:
    """The text of the first blocks, up to ``limit`` characters (None: all of it)."""
    parts: list[str] = []
    size = 0
    for b in doc.blocks:
        if b.kind == "paragraph":
            parts.append(b.text)
            size += len(b.text)
        else:
            for row in b.rows:
                parts.extend(row)
                size += sum(map(len, row))
        if limit is not None and size >= limit:
            break
    return "\n".join(parts)[:limit]


def _utf8_behind_bom(data: bytes) -> bool:
    body = data[2 : 2 + 65536]
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(body) - 4:  # not just a character cut at the sample's end
            return False
    return not body.isascii()
