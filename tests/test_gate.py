"""The CI gate: thresholds, --fail-under, baseline fingerprints, waivers."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from test_render_fixture import fixture_results

from gaorpt_audit.gate import (
    FailOn,
    Gate,
    GateError,
    Waiver,
    fingerprint,
    load_baseline,
    load_waivers,
    write_baseline,
)
from gaorpt_audit.model import Finding, Location

TODAY = dt.date(2025, 6, 1)


def _run(gate: Gate) -> list:
    return [gate.apply(r) for r in fixture_results()]


@pytest.mark.parametrize(
    ("fail_on", "blocking", "code"),
    [
        (FailOn.error, 3, 1),
        (FailOn.warning, 5, 1),
        (FailOn.info, 7, 1),
        (FailOn.never, 0, 0),
    ],
)
def test_threshold_counts_findings_at_or_above(fail_on: FailOn, blocking: int, code: int) -> None:
    gate = Gate(fail_on)
    _run(gate)
    assert gate.blocking == blocking
    assert gate.exit_code() == code


def test_clean_report_passes_the_gate() -> None:
    gate = Gate(FailOn.info)
    clean = next(r for r in fixture_results() if r.status == "pass")
    gate.apply(clean)
    assert gate.exit_code() == 0 and gate.reasons() == []


def test_fail_under_names_each_report_under_the_score() -> None:
    gate = Gate(FailOn.never, fail_under=65)
    _run(gate)
    assert gate.exit_code() == 1
    assert gate.reasons() == [
        "reports/test/unreadable_2022.pdf: score 0 is under --fail-under",
        "reports/zhejiang/baibu-town_2019.txt: score 60 is under --fail-under",
    ]
    assert Gate(FailOn.never, fail_under=0).exit_code() == 0


def test_fingerprint_ignores_line_numbers() -> None:
    base = {
        "rule": "BAL001",
        "name": "n",
        "category": "balance",
        "severity": "error",
        "message": "m",
    }
    a = Finding(**base, location=Location(table="三", row="new", column="total", line=10))
    b = Finding(**base, location=Location(table="三", row="new", column="total", line=99))
    c = Finding(**base, location=Location(table="三", row="new", column="research", line=10))
    assert fingerprint("x.txt", a) == fingerprint("x.txt", b)
    assert fingerprint("x.txt", a) != fingerprint("x.txt", c)
    assert fingerprint("x.txt", a) != fingerprint("y.txt", a)


def test_baseline_round_trip_fails_only_on_new_findings(tmp_path) -> None:
    first = Gate()
    _run(first)
    path = tmp_path / "baseline.json"
    write_baseline(path, first.known)
    known = load_baseline(path)
    assert len(known) == 7
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1

    again = Gate(baseline=known)
    results = _run(again)
    assert again.exit_code() == 0
    assert all(f.baseline for r in results for f in r.findings)

    # A finding not in the baseline (same rule, another cell) fails the gate.
    results = fixture_results()
    baibu = results[-1]
    extra = baibu.findings[1].model_copy(
        update={"fingerprint": "", "location": Location(table="三", row="new", column="research")}
    )
    baibu = baibu.model_copy(update={"findings": [*baibu.findings, extra]})
    gate = Gate(baseline=known)
    for r in [*results[:-1], baibu]:
        gate.apply(r)
    assert gate.blocking == 1 and gate.exit_code() == 1
    assert gate.reasons() == ["1 finding(s) at or above --fail-on error not in the baseline"]


def test_broken_baseline_is_a_gate_error(tmp_path) -> None:
    bad = tmp_path / "b.json"
    bad.write_text('{"nope": 1}', encoding="utf-8")
    with pytest.raises(GateError, match="not a gaorpt-audit baseline"):
        load_baseline(bad)
    with pytest.raises(GateError, match="cannot read baseline"):
        load_baseline(tmp_path / "missing.json")


def test_waivers_are_counted_apart_and_do_not_fail(tmp_path) -> None:
    path = tmp_path / "waivers.toml"
    path.write_text(
        """
[[waiver]]
rule = "BAL002"
files = "reports/zhejiang/*"
reason = "表三已在更正公告中更正"
expires = 2026-01-01

[[waiver]]
rule = "DAT*"
files = "reports/zhejiang/baibu-town_2019.txt"
reason = "2019 年落款日期经批准延后"

[[waiver]]
rule = "PRS001"
files = "reports/test/unreadable_2022.pdf"
reason = "扫描件，已要求重新提供"
expires = 2024-12-31

[[waiver]]
rule = "SEC001"
reason = "never used"
""",
        encoding="utf-8",
    )
    gate = Gate(FailOn.error, waivers=load_waivers(path), today=TODAY)
    results = _run(gate)
    waived = [(r.path, f.rule) for r in results for f in r.findings if f.waived]
    assert waived == [
        ("reports/zhejiang/baibu-town_2019.txt", "DAT002"),
        ("reports/zhejiang/baibu-town_2020.txt", "BAL002"),
    ]
    bal = next(f for f in results[-1].findings if f.rule == "BAL002")
    assert bal.waiver_reason == "表三已在更正公告中更正"
    # The expired PRS001 waiver no longer applies: the unreadable file still fails.
    assert gate.blocking == 1 and gate.exit_code() == 1
    assert gate.warnings() == [
        (
            "waiver for PRS001 on 'reports/test/unreadable_2022.pdf' expired on 2024-12-31 "
            "(扫描件，已要求重新提供)"
        ),
        "waiver for SEC001 on '*' matched no finding (never used)",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[waiver]]\nrule = 'X'\n", "waiver.0.reason: Field required"),
        ("[[waiver]]\nrule = 'X'\nreason = 'r'\nwho = 1\n", "waiver.0.who: Extra inputs"),
        ("[[waiver]\n", "invalid TOML"),
        ("[[waiver]]\nrule='X'\nreason='r'\nexpires='soon'\n", "waiver.0.expires"),
    ],
)
def test_bad_waivers_file_is_a_gate_error(tmp_path, text: str, message: str) -> None:
    path = tmp_path / "waivers.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GateError, match=message):
        load_waivers(path)


def test_rule_errors_are_internal_errors() -> None:
    r = fixture_results()[0]
    broken = r.model_copy(update={"outcomes": r.outcomes.model_copy(update={"error": 1})})
    gate = Gate(FailOn.never)
    gate.apply(broken)
    assert gate.exit_code() == 2


def test_waiver_matches_globs() -> None:
    w = Waiver(rule="BAL*", files="reports/**/baibu-*", reason="r")
    f = Finding(rule="BAL002", name="n", category="c", severity="error", message="m")
    assert w.matches("reports/zhejiang/baibu-town_2020.txt", f)
    assert not w.matches("reports/anhui/dadukou-town_2020.txt", f)


def test_report_status_follows_the_gate() -> None:
    status = {r.path: r.status for r in _run(Gate(FailOn.error))}
    assert status == {
        "reports/anhui/dadukou-town_2020.txt": "pass",
        "reports/test/evil_2021.md": "pass",  # two warnings: under --fail-on error
        "reports/test/unreadable_2022.pdf": "error",  # left as the engine set it
        "reports/zhejiang/baibu-town_2019.txt": "fail",
        "reports/zhejiang/baibu-town_2020.txt": "fail",
    }
    assert _run(Gate(FailOn.warning))[1].status == "fail"
    waived = Gate(waivers=[Waiver(rule="DAT002", reason="r")], today=TODAY)
    assert _run(waived)[3].status == "pass"
