"""compile.fast_regex: the first-character lookahead never changes what a pattern finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaorpt_audit.checks.fast_regex import fast_regex
from gaorpt_audit.config import load_config
from gaorpt_audit.pipeline import RuleContext

PATTERNS = [
    r"a*b",
    r"(?:x|)y",
    r"x?",
    r"\bab",
    r"[^a]b",
    r"(a)\1",
    r"(?i)ab",
    r"a{0,2}b",
    r"[a-c\]]x",
    r"\A\s*x",
    r"(?<!\d)\d{2}年",
    r"(?:四|4)\s*[、.]\s*a|(?:五|5)b",
    r"(?=a)ab|b+?a",
    r"(?i:a)b",
    r"^x|y$",
]
TEXT = st.text(alphabet="ab xy12年四五4、.\n", max_size=30)


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in rx.finditer(text)]


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_same_matches_as_the_plain_pattern(pattern, text):
    assert _spans(fast_regex(pattern), text) == _spans(re.compile(pattern), text)


def test_prefix_only_where_the_first_characters_are_known():
    assert fast_regex(r"(?<!\d)\d{2}年").pattern == r"(?=[\d])(?:(?<!\d)\d{2}年)"
    assert fast_regex(r"(?:四|4)x|五").pattern.startswith("(?=[4五四])")
    for unknown in (r"x?", r"[^a]b", r"(?i)ab", r"(?i:a)b", r".a"):
        assert fast_regex(unknown).pattern == unknown  # empty match, negation, flags, any
    for engine in (r"ab|cd", r"[ab]c", r"(?:a)b", r"x"):
        assert fast_regex(engine).pattern == engine  # the engine has a prefix of its own


def test_the_rule_patterns_that_get_a_prefix():
    compiled = RuleContext.build(load_config(discover=False, backend="python")).compiled
    prefixed = {p.key for p in compiled.plan.patterns if p.regex.pattern.startswith("(?=")}
    # SEC003 ("nothing to report", may be empty) keeps the plain pattern
    # the literal alternatives (FMT003/4, SEC004) are scanned by the engine's own prefix
    # FMT007 (a lookbehind), SEC004 and SEC010 (alternatives opening with classes or groups)
    assert prefixed == {"DAT007", "FMT007", "SEC004", "SEC005", "SEC010"}
