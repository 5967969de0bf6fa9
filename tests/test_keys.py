"""The canonical keys are defined once (keys.py) and every other map agrees with them."""

from __future__ import annotations

import ast
from pathlib import Path

from gaorpt_audit import keys, model
from gaorpt_audit.checks.refs import Ref
from gaorpt_audit.parse import headings, labels

ENGINE = Path(keys.__file__).parent


def test_parser_model_and_rules_share_the_definition() -> None:
    assert labels.T2_COLUMNS is keys.T2_COLUMNS_BY_VERSION
    assert headings.KEYS is keys.SECTION_KEYS
    assert model.Section.model_fields["key"].annotation.__args__ == keys.SECTION_KEYS
    assert model.Claim.model_fields["kind"].annotation.__args__ == keys.CLAIM_KINDS
    assert str(Ref.parse("t3.withheld.*[total]")) == "t3.withheld.*[total]"


def test_the_vocabulary_is_written_only_in_keys() -> None:
    # No other engine module spells out the six section keys or the claim kinds as a
    # literal tuple/list/set: they import keys.py (the docs in kind modules may quote them).
    vocabularies = {frozenset(keys.SECTION_KEYS), frozenset(keys.CLAIM_KINDS)}
    offenders = []
    for path in ENGINE.rglob("*.py"):
        if path.name == "keys.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple | ast.List | ast.Set) and len(node.elts) >= 5:
                words = {e.value for e in node.elts if isinstance(e, ast.Constant)}
                if any(len(words & v) >= 5 for v in vocabularies):
                    offenders.append(f"{path.relative_to(ENGINE)}:{node.lineno}")
    assert not offenders, offenders
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
