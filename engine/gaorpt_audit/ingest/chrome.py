"""Website and export chrome: navigation, share/print buttons, footers, page numbers.

Works on normalised text (NFKC: ASCII colons and brackets; Simplified script). Conservative:
a line is dropped only when all of it is chrome; chrome glued to report text (crawler dumps
put the whole article on one line behind the breadcrumb) is cut out and the rest kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

HEAD_LINES = 12  # archiver metadata lines sit at the top of a crawler dump

# Words that can start chrome; only lines holding one of them get a closer look. Every
# alternative starts with a literal, so the regex engine skips ahead by first character.
_TRIGGERS = (
    "位置:",
    "来源:",
    "微信",
    "微博",
    "QQ空间",
    "全真版",
    "相关链接",
    "字体",
    "打印",
    "关闭",
    "收藏",
    "返回顶部",
    "附件下载",
    "分享到",
    "扫一扫",
    "次数:",
    "点击数",
    "版权所有",
    "ICP",
    "公网安备",
    "网站标识码",
    "主办",
    "承办单位",
    "技术支持",
    "运维单位",
    "正文",
    "本站支持",
    "opyright",
    "OPYRIGHT",
    "本地目录:",
    "页面链接与图片详见",
)
_TRIGGER = re.compile("|".join(map(re.escape, _TRIGGERS)))
# Page-number lines; a leading literal newline keeps the scan fast (line 1 is always checked).
_PAGE_LINE = re.compile(r"\n[ \t]*(?:[—–－-]{1,2}[ \t]*\d|第[ \t]*\d+[ \t]*页)")

_SEP = r"[>›»→]"
_SHARE = r"(?:微信|微博|QQ空间|QQ好友|腾讯微博|新浪微博|人人网|豆瓣)"
# breadcrumb: "当前位置: 首页>政务公开>年报" (crumbs may be glued without separators)
_BREADCRUMB = (
    r"(?:当前位置|您的位置|您现在的位置|当前的位置)[ \t]*:[ \t]*[^\s>›»→]*"
    rf"(?:[ \t]*{_SEP}+[ \t]*[^\s>›»→]+)*"
)
# article info bar: "来源:平潭县人民政府 时间:2022-02-08 16:34"
_INFO_BAR = (
    r"来源:[ \t]*\S{1,40}[ \t]*(?:发布)?(?:时间|日期):[ \t]*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
    r"(?:[ \t]+\d{1,2}:\d{2}(?::\d{2})?)?"
)
# font size buttons, bracketed or bare: "【字体:大 中 小】"
_FONT = (
    r"[【\[]?[ \t]*字体:[ \t]*[\[【]?大[\]】]?[ \t]*[\[【]?中[\]】]?[ \t]*[\[【]?小[\]】]?"
    r"[ \t]*[】\]]?"
)
# Pieces cut out wherever they sit in a line.
_SEGMENTS = re.compile(
    "|".join(
        [
            _BREADCRUMB,
            _INFO_BAR,
            r"(?:浏览次数|访问次数|点击数|阅读次数):[ \t]*\d*",
            # share buttons: at least two in a row ("微信" alone is report content)
            rf"(?:分享到:?[ \t]*)?{_SHARE}(?:[ \t]+{_SHARE})+",
            r"分享到:",
            r"扫一扫在手机(?:上)?(?:打开|浏览)(?:当前页|本页)?",
            r"全真版[ \t]*文字版(?:[ \t]*文件下载)?",
            r"相关链接:[ \t]*-->",
            _FONT,
            r"[【\[]?[ \t]*(?:打印本页|打印此页|关闭窗口|关闭本页)[ \t]*[】\]]?",
            r"[【\[][ \t]*(?:打印|关闭|收藏|返回顶部)[ \t]*[】\]]",
            # an attachment-download label or link list title closing the article
            r"(?:(?<=\s)|^)(?:附件下载|相关链接):?[ \t]*$",
        ]
    )
)
# A run of neighbouring pieces with the blanks around them, replaced by one space.
_SEGMENT_RUN = re.compile(r"(?:[ \t]*(?:" + _SEGMENTS.pattern + r"))+[ \t]*")

# Whole lines that are chrome.
# Each needs the shape of a site footer (a registration number, a © line), so that a report
# sentence about the website's ICP filing ("完成网站ICP备案") is not taken for one.
_FOOTER = re.compile(
    r"(?i:copyright)[ \t]*(?:©|\(c\)|\?|\d{4})|(?i:all rights reserved)|版权所有[ \t]*[:©(]"
    r"|ICP[备证][ \t]*\d{5}|公网安备[ \t]*\d{5}|网站标识码[ \t]*:?[ \t]*\d{5}|本站支持IP[Vv]6"
    r"|^[ \t]*(?:版权所有|主办单位|承办单位|技术支持|网站主办|运维单位)[ \t]*:"
)
_PAGE_NUMBER = re.compile(
    r"[ \t]*(?:[—–－-]{1,2}[ \t]*\d{1,3}[ \t]*[—–－-]{1,2}"
    r"|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*[,/][ \t]*)?(?:[ \t]*共[ \t]*\d{1,3}[ \t]*页)?)[ \t]*"
)
_SEPARATOR = re.compile(r"[ \t]*(?:=+[ \t]*正文[ \t]*=+|正文)[ \t]*")
# Archive bookkeeping of the crawler, not of the report (标题/发布时间/原文链接 are kept).
_ARCHIVER = re.compile(r"[ \t]*(?:本地目录:|页面链接与图片详见)")
_LEFTOVER = re.compile(r"[\s|【】\[\]():>-]*")  # what may remain of a pure chrome line
_MAX_FOOTER = 200  # longer lines carry report text: never dropped as footers
_LONG_LINE = 800  # a crawler dump's article line: only its two ends are searched
_TAIL = 120


def strip_chrome(line: str, head: bool = False) -> str | None:
    """The line without chrome; None when the whole line is chrome.

    ``head`` marks the first lines of a file, where archiver bookkeeping lines are dropped.
    """
    if head and _ARCHIVER.match(line):
        return None
    if len(line) <= _MAX_FOOTER:
        if _PAGE_NUMBER.fullmatch(line) or _SEPARATOR.fullmatch(line) or _FOOTER.search(line):
            return None
    elif len(line) > _LONG_LINE:
        return _strip_long(line)
    if not _SEGMENTS.search(line):
        return line
    kept = _SEGMENT_RUN.sub(" ", line).strip()
    if _LEFTOVER.fullmatch(kept) or _SEPARATOR.fullmatch(kept):
        return None
    return kept


def _strip_long(line: str) -> str:
    """A whole article on one line: chrome sits before the text and after its end only.

    Looking at the two ends (cut at a sentence end, which no chrome piece contains) keeps
    the cost independent of the article's length and never touches its body.
    """
    cut = line.find("。", _LONG_LINE // 2)
    start = line[: cut + 1] if cut != -1 else line
    rest = line[len(start) :]
    end_cut = rest.rfind("。", 0, max(0, len(rest) - _TAIL))
    body, end = (rest[: end_cut + 1], rest[end_cut + 1 :]) if end_cut != -1 else ("", rest)
    if _SEGMENTS.search(start):
        start = _SEGMENT_RUN.sub(" ", start).lstrip()
    if _SEGMENTS.search(end):
        end = _SEGMENT_RUN.sub(" ", end).rstrip()
    return start + body + end


def clean_lines(lines: list[str], text: str | None = None) -> Iterator[tuple[int, str]]:
    """(1-based line number, text) of every line that is not pure chrome, in order.

    ``text`` is ``"\\n".join(lines)`` when the caller has it: one regex pass over it finds the
    few lines that need a closer look, so clean files cost almost nothing.
    """
    if text is None:
        text = "\n".join(lines)
    suspects = _suspect_lines(text)
    for i, line in enumerate(lines):
        if i in suspects:
            cleaned = strip_chrome(line, head=i < HEAD_LINES)
            if cleaned is None:
                continue
            line = cleaned
        yield i + 1, line


def _suspect_lines(text: str) -> set[int]:
    """0-based indexes of lines holding a chrome trigger (and line 0, see _PAGE_LINE)."""
    positions = [m.end() - 1 for m in _PAGE_LINE.finditer(text)]
    positions += [m.start() for m in _TRIGGER.finditer(text)]
    found = {0}
    line = last = 0
    for at in sorted(positions):
        line += text.count("\n", last, at)
        last = at
        found.add(line)
    return found
