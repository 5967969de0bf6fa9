"""Chinese wording shared by the messages of the front ends (parse issues a user reads).

A library's or the system's own words about a failure (pypdf's "No /Root object!", the
OS's "Permission denied") are kept, since they help whoever repairs the file, but marked
as a technical detail so that the sentence around them stays Chinese.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def detail(text: object) -> str:
    """``text`` appended to a Chinese clause: "（技术细节：...）" when it is not Chinese,
    "，..." when it is (our own explanation, e.g. a PDF object that references itself)."""
    # an object's address ("<_io.BytesIO object at 0x7f...>") would differ run to run
    words = _ADDRESS.sub("", str(text)).strip()
    if not words:
        return ""
    if _CJK.search(words):
        return f"，{words}"
    return f"（技术细节：{words}）"


def named(suffix: str) -> str:
    """How the file is named, for "文件（扩展名为 .docx）是 ..."."""
    return f"扩展名为 {suffix}" if suffix else "没有扩展名"


def spaced(before: str, word: str) -> str:
    """``before`` + ``word`` with a space where Chinese meets a Latin word ("是 PDF 文件")."""
    if not before or not word:
        return before + word
    if _CJK.search(before[-1]) and word[0].isascii() and word[0].isalnum():
        return f"{before} {word}"
    if before[-1].isascii() and before[-1].isalnum() and _CJK.search(word[0]):
        return f"{before} {word}"
    return before + word
