"""Bytes -> text for text-based inputs, recording which encoding was used.

Cheap, exact paths first (BOM, strict UTF-8, UTF-16 by its NUL pattern, strict GBK/GB18030);
charset-normalizer only when they all fail. Nothing is guessed silently: the encoding name is
returned, and a heuristic guess or a lossy decode comes with a note for a ParseIssue.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

# Checked longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    (b"\x84\x31\x95\x33", "gb18030", "gb18030"),
)

# Very frequent characters of government prose (Simplified and Traditional forms). Text
# decoded with the wrong double-byte codec (e.g. Big5 read as GBK) is full of rare
# characters and contains almost none of these.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
    "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物"
    "现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表"
    "间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很"
    "情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级"
    "少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研"
    "信息报告申请况公開資訊報據國開發會時來為這個們對說於與當進過還動關實問題無業經應"
)

_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x7f]")
_LOSSY_SHARE = 0.001  # at most this share of U+FFFD for "UTF-8 with a few broken bytes"


class Decoded(NamedTuple):
    text: str
    encoding: str
    note: str | None = None  # set when the result is a heuristic guess or lossy


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return (text, name of the encoding used)."""
    result = decode_bytes(data)
    return result.text, result.encoding


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` and say how; ``note`` explains a guess or replacement characters."""
    result = _decode(data)
    if _CONTROL.search(result.text):
        # NUL and other C0 controls never carry report text: a binary file or a broken
        # export. Drop them (so they reach no rule) and say so.
        count = len(_CONTROL.findall(result.text))
        note = f"已删除文件中的 {count:,} 个控制字符：文件可能是二进制文件或已损坏，请核对原文件"
        if result.note:
            note = f"{result.note}；{note}"
        return Decoded(_CONTROL.sub("", result.text), result.encoding, note)
    return result


def _decode(data: bytes) -> Decoded:
    if not data:
        return Decoded("", "utf-8")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _with_codec(data[len(bom) :], codec, name, "文件开头的字节顺序标记")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")  # the common case, and fast
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_by_nuls(data)
    if utf16:
        return _with_codec(data, utf16, utf16, "NUL 字节的分布")
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    if bad <= max(3, _LOSSY_SHARE * len(lossy)) and not lossy.isascii():
        return Decoded(lossy, "utf-8", _lossy_note("utf-8", bad))
    for codec in ("gbk", "gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible_chinese(text):
            return Decoded(text, codec)
    return _detect(data)


def _with_codec(data: bytes, codec: str, name: str, evidence: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), name)
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        note = _lossy_note(name, text.count("\ufffd"), f"（依据{evidence}选定）")
        return Decoded(text, name, note)


def _utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII characters (digits, newlines) give NULs on one side only."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 2 and even * 20 <= odd:
        return "utf-16-le"
    if even >= 2 and odd * 20 <= even:
        return "utf-16-be"
    return None


def _plausible_chinese(text: str) -> bool:
    """False when many CJK characters but hardly any common ones: the wrong codec."""
    cjk = common = 0
    for ch in text[:2000]:
        if "\u4e00" <= ch <= "\u9fff":
            cjk += 1
            common += ch in _COMMON
    return cjk < 20 or common * 10 >= cjk


def _detect(data: bytes) -> Decoded:
    """Last resort: charset-normalizer's best guess, else UTF-8 with replacement."""
    from charset_normalizer import from_bytes  # lazy: needed only for odd files

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        if "\x00" not in text:
            note = (
                "文件没有字节顺序标记，也不是 UTF-8/UTF-16/GBK/GB18030 编码；已按统计检测推测的"
                f"编码 {best.encoding} 读取：请核对读出的文字，或将文件另存为 UTF-8 后审核"
            )
            return Decoded(text, best.encoding, note)
    text = data.decode("utf-8", errors="replace")
    return Decoded(
        text,
        "utf-8",
        _lossy_note("utf-8", text.count("\ufffd"), "（没有完全适合的编码，文件可能是二进制文件）"),
    )


def _lossy_note(name: str, count: int, why: str = "") -> str:
    return (
        f"文件按 {name} 编码读取{why}，但有 {count:,} 处字节不是有效的 {name} 编码，已替换为"
        "替换字符（U+FFFD）：其附近的数字或标签可能丢失，请核对原文件"
    )
