"""The canonical keys are defined once (keys.py) and every other map agrees with them."""

from __future__ import annotations

from gaorpt_audit import keys, rulebook
from gaorpt_audit.parse import labels


def test_rulebook_and_parser_share_the_definition() -> None:
    assert rulebook.T3_ROWS is keys.T3_ROWS and rulebook.TABLE_COLUMNS is keys.TABLE_COLUMNS
    assert labels.T2_COLUMNS is keys.T2_COLUMNS_BY_VERSION
    assert labels.T3_KEYS_2021 == list(keys.T3_ROWS_2021)


def test_row_counts_of_the_two_layouts() -> None:
    # DESIGN.md "Canonical keys": 23 rows (2019) or 25 (2021)
    assert len(keys.T3_ROWS_2019) == 23 and len(keys.T3_ROWS_2021) == 25


def test_every_key_has_keywords_and_a_printed_label() -> None:
    t3_with_words = [k for k, _ in labels.t3_rows("2019")] + [k for k, _ in labels.t3_rows("2021")]
    assert set(t3_with_words) == set(keys.T3_ROWS)
    assert {k for k, _ in labels.T2_ROWS} == set(keys.T2_ROWS)
    by_version = keys.T2_COLUMNS_BY_VERSION
    assert {c for v in by_version.values() for cols in v.values() for c in cols} == set(
        keys.T2_COLUMNS
    )
    assert {key for _, key, _, _ in labels.T2_COLUMN_WORDS} <= set(keys.T2_COLUMNS)
    rows = set(keys.T2_ROWS) | set(keys.T3_ROWS) | set(keys.T4_GROUPS)
    columns = set(keys.T2_COLUMNS) | set(keys.T3_COLUMNS) | set(keys.T4_COLUMNS)
    assert set(keys.ROW_LABELS) == rows
    assert set(keys.COLUMN_LABELS) == columns
