"""Cell text -> value/kind, and run-together digit splitting."""

from __future__ import annotations

import pytest

from gaorpt_audit.parse.digits import row_sum_ok, splits, t4_sums_ok
from gaorpt_audit.parse.numbers import parse_number


@pytest.mark.parametrize(
    ("raw", "value", "kind"),
    [
        ("0", 0, "number"),
        ("\u3000\u300020", 20, "number"),  # ideographic spaces around the digits
        ("0\xa0", 0, "number"),
        ("１２", 12, "number"),  # full-width digits
        ("251000元", 251000, "number"),
        ("3件", 3, "number"),
        ("13.02万元", 13.02, "number"),
        ("+1036", 1036, "number"),
        ("-185", -185, "number"),
        ("1,234,567", 1234567, "number"),
        ("24252.311082", 24252.311082, "number"),
        ("", None, "blank"),
        ("   ", None, "blank"),
        ("/", None, "na"),
        ("—", None, "na"),
        ("-", None, "na"),
        ("无", None, "na"),
        ("略", None, "text"),
        ("详见附表", None, "text"),
        ("规章", None, "text"),
    ],
)
def test_parse_number(raw: str, value: object, kind: str) -> None:
    assert parse_number(raw) == (value, kind)


def test_blank_is_never_zero() -> None:
    assert parse_number("")[0] is None
    assert parse_number("&nbsp;".replace("&nbsp;", "\xa0"))[1] == "blank"


def test_splits_respect_spaces_and_leading_zeros() -> None:
    # '200 000121' (平潭 2020 本年新收): the space is a boundary, no '00' or '01' cells
    assert [c for c in splits(["200", "000121"], 7) if row_sum_ok(c)] == [[20, 0, 0, 0, 0, 1, 21]]
    assert splits(["0000000"], 7) == [[0] * 7]
    assert splits(["007"], 3) == [[0, 0, 7]]
    assert splits(["12"], 3) == []  # too few digits: never invent a cell


def test_splits_keep_every_reading_for_the_identities_to_choose() -> None:
    good = [c for c in splits(["270020130"], 7) if row_sum_ok(c)]
    assert good == [[2, 7, 0, 0, 20, 1, 30], [27, 0, 0, 2, 0, 1, 30]]
    assert [c for c in splits(["713000074"], 7) if row_sum_ok(c)] == [[71, 3, 0, 0, 0, 0, 74]]


def test_t4_run_has_one_reading_with_group_sums() -> None:
    good = [c for c in splits(["10203120001200000"], 15) if t4_sums_ok(c)]
    assert good == [[1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]]
