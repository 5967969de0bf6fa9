"""Text normalisation shared by every front end (txt/md/html/docx/pdf).

Steps, in this order (each skipped when the text does not need it, see DESIGN.md "Budgets"):
1. artefacts: zero-width and bidi marks, soft hyphens, Word bookmarks (``[bookmark: _GoBack]``),
   odd line/page separators inside a line;
2. NFKC: full-width digits, letters, brackets and spaces -> ASCII, NBSP -> space;
3. pinyin annotations added by scraper mirrors (``報(bào)告`` -> ``報告``);
4. Traditional -> Simplified (OpenCC "t2s"), only on lines that hold Traditional characters.

Newlines are never added or removed, so line numbers survive every step.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NamedTuple

# Invisible format characters are removed; separators that some tools treat as line
# breaks become spaces, so that "line N" means the same thing everywhere.
_INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
_BREAKS = "\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
_ODD_CHARS = re.compile(f"[{_INVISIBLE}{_BREAKS}]")
_BREAK_SET = frozenset("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# Word bookmarks and anchors leaked by docx -> text/markdown converters.
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]{0,80}\]|\{#_(?:GoBack|Toc\d+)\}")

# Runs of the characters NFKC changes in ordinary Chinese text: cheaper than NFKC over all.
_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000\u00a0]+")
_FULLWIDTH_CHAR = {
    chr(c): unicodedata.normalize("NFKC", chr(c)) for c in [*range(0xFF01, 0xFF5F), 0x3000, 0xA0]
}

# A parenthesised Latin syllable; whether it is pinyin is decided in _drop_pinyin.
_TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛ"
_TONED_NOTE = re.compile(f"\\(\\s?[a-zA-Zü{_TONE_MARKS}]{{0,6}}[{_TONE_MARKS}]")
# a space, never a line break, inside the brackets: a note never spans lines
_NOTE = re.compile(f"\\([ \\t]?([a-zA-Zü{_TONE_MARKS}]{{1,7}})[ \\t]?\\)")
# The same reading whose "(" was lost with the annotated character in a mis-encoded mirror
# ("日?qǐng)?bào)告"): only toned syllables right after "?" are removed, the "?" is kept.
_BROKEN_NOTE = re.compile(f"\\?([a-zü{_TONE_MARKS}]{{0,6}}[{_TONE_MARKS}][a-zü]{{0,5}})\\)")
_DETONE = str.maketrans(_TONE_MARKS, "aaaaeeeeiiiioooouuuuüüüünnnmaaaaeeeeiiiioooouuuuüüüü")
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouüv]{1,3}(?:ng|n|r)?|ng|hm|hng|[mn]"
)
_CJK_BEFORE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Characters that OpenCC t2s changes and that are not also standard Simplified characters
# (GB2312): their presence marks a line as Traditional. Built lazily with the converter.
_t2s: Any = None
_traditional: re.Pattern[str] | None = None


class Normalized(NamedTuple):
    text: str
    converted_script: bool  # Traditional -> Simplified conversion changed something


def normalize_text(text: str) -> str:
    """Normalise one block of text (a line, a paragraph, a table cell or a whole file)."""
    return normalize_document(text).text


def normalize_document(text: str) -> Normalized:
    """Normalise ``text`` (any number of lines) and say whether the script was converted."""
    if not text:
        return Normalized(text, False)
    if text.isascii():  # NFKC, pinyin notes (tone marks) and script concern non-ASCII only
        return Normalized(_strip_artefacts(text), False)
    text = _strip_artefacts(text)
    text = _nfkc(text)
    text = _drop_pinyin(text)
    return _to_simplified(text)


def _strip_artefacts(text: str) -> str:
    if _ODD_CHARS.search(text):
        text = _ODD_CHARS.sub(lambda m: " " if m.group() in _BREAK_SET else "", text)
    if "[bookmark:" in text or "{#_" in text:
        text = _BOOKMARK.sub("", text)
    return text


def _nfkc(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    text = _FULLWIDTH.sub(_fullwidth_run, text)
    if unicodedata.is_normalized("NFKC", text):
        return text
    # Something else differs (compatibility ideographs, circled digits, ...): normalise the
    # lines that need it; NFKC never creates or removes a newline.
    return "\n".join(
        line if unicodedata.is_normalized("NFKC", line) else unicodedata.normalize("NFKC", line)
        for line in text.split("\n")
    )


def _fullwidth_run(m: re.Match[str]) -> str:
    run = m.group()
    return _FULLWIDTH_CHAR.get(run) or unicodedata.normalize("NFKC", run)


def _drop_pinyin(text: str) -> str:
    """Remove ``(bào)``-style readings; plain ``(de)`` too, but only in an annotated text.

    A tone-marked syllable in brackets is never report content. Untoned syllables are removed
    only after a CJK character and only when the text also carries toned annotations, so
    ``(一)``, ``(www.pingtan.gov.cn)`` or a lone ``(a)`` are kept.
    """
    if "(" in text and _TONED_NOTE.search(text):

        def replace(m: re.Match[str]) -> str:
            word = m.group(1)
            plain = word.lower().translate(_DETONE)
            if not _SYLLABLE.fullmatch(plain):
                return m.group()
            if plain != word.lower():  # carried a tone mark
                return ""
            start = m.start()
            if start and _CJK_BEFORE.match(text, start - 1):
                return ""
            return m.group()

        text = _NOTE.sub(replace, text)
    if "?" in text and ")" in text:
        text = _BROKEN_NOTE.sub(_drop_toned, text)
    return text


def _drop_toned(m: re.Match[str]) -> str:
    plain = m.group(1).translate(_DETONE)
    return "?" if _SYLLABLE.fullmatch(plain) else m.group()


def _to_simplified(text: str) -> Normalized:
    if text.isascii():
        return Normalized(text, False)
    pattern = _traditional_pattern()
    if pattern is None or not pattern.search(text):
        return Normalized(text, False)
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        if pattern.search(line):
            converted = _t2s.convert(line)
            if converted != line:
                lines[i] = converted
                changed = True
    return Normalized("\n".join(lines) if changed else text, changed)


def _traditional_pattern() -> re.Pattern[str] | None:
    """Build the OpenCC converter and the Traditional-character pattern once per process."""
    global _t2s, _traditional
    if _traditional is None:
        try:
            import opencc
        except ImportError:  # pragma: no cover - opencc is a declared dependency
            return None
        _t2s = opencc.OpenCC("t2s")
        ideographs = "".join(map(chr, [*range(0x4E00, 0xA000), *range(0xF900, 0xFB00)]))
        simplified = _t2s.convert(ideographs)
        marks = []
        if len(simplified) == len(ideographs):
            for trad, simp in zip(ideographs, simplified, strict=True):
                if trad != simp and not _in_gb2312(trad):
                    marks.append(trad)
        _traditional = re.compile(f"[{''.join(marks)}]" if marks else "(?!)")
    return _traditional


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
