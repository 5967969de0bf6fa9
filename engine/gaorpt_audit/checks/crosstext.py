"""Text helpers of the crossyear kind: promised improvements (XYR005), whole-report
fingerprints (XYR006).

Section 五 of year Y−1 ends with what will be improved in Y ("2023年，我区将采取以下措施
加以改进：一是丰富意见征集形式，…二是…"). Each numbered item's first clause, with its
leading verbs and adverbs (进一步加强, 持续深化 …) taken off, is the promise's core
("意见征集形式"); the promise counts as mentioned in Y when Y's report, less the plans
for Y+1 at the end of its own 五 (a promise renewed word for word is no follow-up),
contains a long enough piece of that core (half of it, at least 4 characters), so
rewording around the core does not hide a follow-up.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass

# where the plans start in section 五 (the problems come first)
_PLANS = re.compile(r"改进措施|整改措施|下一步|工作打算|工作计划|将[^。；;]{0,12}(?:以下|如下)")
_ITEM = re.compile(
    r"[一二三四五六七八九十]是|[（(][一二三四五六七八九十\d]{1,2}[）)]|(?<!\d)\d{1,2}[、.．](?!\d)"
)
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?]")
_LEAD = re.compile(
    r"^(?:继续|持续|进一步|不断|切实|扎实|全面|深入|着力|认真|大力|积极|努力|坚持|加强|强化|"
    r"加大|加快|提升|提高|推进|推动|完善|优化|丰富|拓宽|拓展|增强|做好|深化|健全|围绕|贯彻|"
    r"落实|规范|注重|抓好|抓实|狠抓|严格|创新|畅通|夯实|压实|聚焦|更加|对|在|把|将|以|要)+"
)
_SPACE = re.compile(r"\s+")
MIN_CORE = 4  # characters: a shorter core ("工作") is found anywhere
PROMISE_LIMIT = 40  # characters of a promise shown


@dataclass(frozen=True)
class Promise:
    text: str  # the item's first clause as printed (shortened)
    core: str


def promises(problems: str) -> list[Promise]:
    """The numbered improvement items of a section 五, in order."""
    text = _SPACE.sub("", problems)
    start = _PLANS.search(text)
    if start is None:
        return []
    plans = text[start.end() :]
    marks = list(_ITEM.finditer(plans))
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(plans)
        item = plans[m.end() : end]
        cut = _CLAUSE_END.search(item)
        head = item[: cut.start()] if cut else item
        core = _LEAD.sub("", head)
        if len(core) < MIN_CORE:
            continue
        shown = head if len(head) <= PROMISE_LIMIT else head[:PROMISE_LIMIT] + "…"
        out.append(Promise(shown, core))
    return out


def plans_removed(problems: str) -> str:
    """Section 五 without its plans for the next year."""
    text = _SPACE.sub("", problems)
    start = _PLANS.search(text)
    return text[: start.start()] if start else text


def mentioned(promise: Promise, text: str) -> bool:
    """Whether ``text`` (whitespace removed) holds enough of the promise's core."""
    core = promise.core
    need = min(len(core), max(MIN_CORE, len(core) // 2))
    m = difflib.SequenceMatcher(None, core, text, autojunk=False).find_longest_match(
        0, len(core), 0, len(text)
    )
    return m.size >= need


def plain(text: str) -> str:
    return _SPACE.sub("", text)


_YEAR = re.compile(r"(?:19|20)\d\d(?=年)")


def fingerprint(sections: list[str]) -> str:
    """One hash of a report's whole text (whitespace removed, years such as 2023年 masked,
    every other number kept): two reports share it when one is the other refiled with
    only its years changed."""
    text = _YEAR.sub("#", plain("".join(sections)))
    return hashlib.sha256(text.encode()).hexdigest()


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence of ``a`` and ``b``, bit-parallel (one
    big-integer step per character of ``a``: ~1 ms for two 2,000-character sections)."""
    masks: dict[str, int] = {}
    for i, ch in enumerate(b):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    full = (1 << len(b)) - 1
    v = full  # a zero bit per column where the subsequence grew
    for ch in a:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return len(b) - v.bit_count()
