"""``fast_regex``: a pattern rule's regex, with a first-character lookahead where that is
known to be faster (tests/test_fast_regex.py shows the matches are the same)."""

from __future__ import annotations

import re
from typing import Any


def fast_regex(pattern: str) -> re.Pattern[str]:
    """``re.compile(pattern)``, prefixed with a lookahead on the characters a match can begin
    with when that set is known: ``(?=[...])(?:pattern)`` finds the same leftmost match, and
    the engine rejects most start positions on one character test (2x on the date and
    heading patterns over a whole report)."""
    plain = re.compile(pattern)
    first = _first_class(pattern) if plain.flags == re.UNICODE else None
    if first is None:
        return plain
    try:
        return re.compile(f"(?={first})(?:{pattern})")
    except re.error:
        return plain


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


class _Unknown(Exception):
    pass


def _first_class(pattern: str) -> str | None:
    """A character class holding every character a non-empty match can start with; None
    when a match can be empty or the pattern uses anything this reader does not know."""
    from re import _parser  # the standard library's own parser of ``re`` syntax

    try:
        parsed = _parser.parse(pattern)
        if _engine_prefix(parsed):
            return None
        items, nullable = _firsts(parsed)
    except (_Unknown, re.error, TypeError, ValueError):
        return None
    if nullable or not items:
        return None
    return "[" + "".join(sorted(items)) + "]"


def _engine_prefix(seq: Any) -> bool:
    """The ``re`` engine already scans for the first character itself: the pattern opens
    (inside plain groups) with a literal, a class, or alternatives that each open with a
    literal. A lookahead would only slow those down."""
    while seq and str(seq[0][0]) == "SUBPATTERN" and not any(seq[0][1][1:3]):
        seq = seq[0][1][3]
    if not seq:
        return False
    op, av = seq[0]
    if str(op) in ("LITERAL", "IN"):
        return True
    return str(op) == "BRANCH" and all(b and str(b[0][0]) == "LITERAL" for b in av[1])


def _firsts(seq: Any) -> tuple[set[str], bool]:
    """(class items a match of ``seq`` can start with, whether it can match empty)."""
    out: set[str] = set()
    for op, av in seq:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width: ignoring a test only widens the set
        if name == "LITERAL":
            out.add(_char(av))
            return out, False
        if name == "IN":
            out |= _class_items(av)
            return out, False
        if name == "BRANCH":
            nullable = False
            for branch in av[1]:
                items, empty = _firsts(branch)
                out |= items
                nullable = nullable or empty
            if not nullable:
                return out, False
        elif name == "SUBPATTERN":
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Unknown(name)
            items, empty = _firsts(sub)
            out |= items
            if not empty:
                return out, False
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = av
            items, empty = _firsts(sub)
            out |= items
            if low > 0 and not empty:
                return out, False
        else:
            raise _Unknown(name)  # ANY, NOT_LITERAL, group references, atomic groups, ...
    return out, True


def _class_items(items: Any) -> set[str]:
    out = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.add(_char(av))
        elif name == "RANGE":
            out.add(f"{_char(av[0])}-{_char(av[1])}")
        elif name == "CATEGORY" and str(av) in _CATEGORIES:
            out.add(_CATEGORIES[str(av)])
        else:
            raise _Unknown(name)  # NEGATE and the rest
    return out


def _char(code: int) -> str:
    return re.escape(chr(code))
