"""The `issue` check's `per` field: one finding per table (default) or per row."""

from __future__ import annotations

from pathlib import Path

import pytest
from durable_helpers import BACKENDS
from rule_helpers import make_rule

from gaorpt_audit.backends import get_backend
from gaorpt_audit.checks import compile_rules
from gaorpt_audit.evaluate import evaluate_report
from gaorpt_audit.model import ParseIssue, Report
from gaorpt_audit.pipeline import parse_file
from gaorpt_audit.rulebook import Rule, load_rules

REPO = Path(__file__).resolve().parent.parent


def _rule(message: str, **check) -> Rule:
    return make_rule({"kind": "issue", "codes": ["digits_unbalanced"], **check}, message)


def _issue(row: str | None, line: int, table: str = "三") -> ParseIssue:
    return ParseIssue(code="digits_unbalanced", message=f"m {row}", table=table, line=line, row=row)


# Two rows on one line (a flattened dump), one of them twice, and a whole-table issue of 四.
REPORT = Report(
    path="x.txt",
    format="2021",
    parse_issues=[
        _issue("granted", 2),
        _issue("unavailable.not_held", 2),
        _issue("granted", 2),
        _issue(None, 2, "四"),
    ],
)


def _run(rule: Rule, backend: str, report: Report = REPORT):
    compiled = compile_rules([rule])
    return evaluate_report(report, compiled, get_backend(compiled, backend))[1]


@pytest.mark.parametrize("backend", BACKENDS)
def test_per_table_is_the_default_one_finding_per_table(backend):
    rule = _rule("{table}:{issue_message}")
    assert rule.check.per == "table"
    found = _run(rule, backend)
    assert [(f.message, f.location.row) for f in found] == [
        ("三:m granted", None),
        ("四:m None", None),
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_per_row_one_finding_per_distinct_row(backend):
    found = _run(_rule("{table}|{row}|{row_label}|{issue_message}", per="row"), backend)
    assert sorted((f.message, f.location.row) for f in found) == [
        ("三|granted|予以公开|m granted", "granted"),
        (
            "三|unavailable.not_held|（四）无法提供 1.本机关不掌握相关政府信息|m unavailable.not_held",
            "unavailable.not_held",
        ),
        ("四|||m None", None),
    ]
    assert len({f.fingerprint for f in found}) == 3


def test_per_row_fingerprints_differ_from_per_table_only_by_the_row():
    by_table = _run(_rule("{table}"), "python")
    by_row = _run(_rule("{table}", per="row"), "python")
    granted = next(f for f in by_row if f.location.row == "granted")
    assert granted.fingerprint != by_table[0].fingerprint


def test_row_slots_need_per_row():
    with pytest.raises(ValueError, match='not defined for kind issue with per = "table"'):
        _rule("{row_label}")
    with pytest.raises(ValueError, match="per"):
        _rule("{table}", per="cell")


@pytest.mark.parametrize("backend", BACKENDS)
def test_bal011_names_each_unbalanced_row_of_a_real_flattened_table(tmp_path, backend):
    """Pingtan 2022 table 三 (one-line crawler dump) with 予以公开 and 本机关不掌握 mutated."""
    text = (REPO / "reports/fujian/pingtan-zone-admin-committee_2022.txt").read_text("utf-8")
    for old, new in [("210000021", "310000021"), ("370000037", "370000038")]:
        assert text.count(old) == 1
        text = text.replace(old, new)
    p = tmp_path / "pingtan.txt"
    p.write_text(text, encoding="utf-8")
    report = parse_file(p, "pingtan.txt")
    rule = next(r for r in load_rules([REPO / "rules"]) if r.code == "BAL011")
    compiled = compile_rules([rule])
    found = evaluate_report(report, compiled, get_backend(compiled, backend))[1]
    assert [(f.location.row, f.message.split("的数字")[0]) for f in found] == [
        ("granted", "表三予以公开"),
        ("unavailable.not_held", "表三（四）无法提供 1.本机关不掌握相关政府信息"),
    ]
    # each finding's evidence is the part of the one-line dump around its own row
    assert "310000021" in found[0].evidence
    assert "370000038" in found[1].evidence
