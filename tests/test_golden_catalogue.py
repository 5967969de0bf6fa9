"""Golden files and the renderer fixture name only rules that exist in rules/.

A snapshot taken from a hand-built fixture keeps passing after a rule is renamed or
renumbered, so it can show rule codes and names the tool no longer has. These tests
load the catalogue and fail on any rule code (ABC123) or rule name (category.words)
in a golden file that the catalogue does not have, on a code shown with another rule's
name, and on a fixture finding whose name, category, severity or message is not what
that rule gives.

Golden files: everything under tests/snapshots/ and tests/expected/. Not scanned:
tests/fixtures/ (inputs and third-party files, such as the SARIF schema, whose text is
not ours) and the tests' own Python (rule_helpers.make_rule's TST001 is made up on
purpose, for engine tests that need a rule of their own).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from test_render_fixture import fixture_results

from gaorpt_audit.rulebook import Rule, load_rules

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
GOLDEN_DIRS = [TESTS / "snapshots", TESTS / "expected"]
CATALOGUE: dict[str, Rule] = {r.code: r for r in load_rules([REPO / "rules"])}
NAMES = {r.name: r.code for r in CATALOGUE.values()}
CATEGORIES = sorted({r.category for r in CATALOGUE.values()})

CODE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{3}[0-9]{3}(?![0-9])")
# A rule name is "<category>.<words>"; the category part keeps URLs, CSS classes and
# JavaScript (example.invalid, td.num, document.title) out of it.
NAME = re.compile(rf"(?<![A-Za-z0-9_.])(?:{'|'.join(CATEGORIES)})\.[a-z0-9_]+(?:\.[a-z0-9_]+)*")
# A name printed next to a code, with no other code in between, is that rule's name:
# "BAL001 balance.applications", "BAL001,balance.applications", '<b>BAL001</b><br><span
# class="meta">balance.applications', '"id": "BAL001",\n  "name": "balance.applications"',
# and before it: '<span title="balance.applications">BAL001</span>'. The nearer side wins.
NEXT_TO = 60


def code_name_pairs(text: str) -> list[tuple[str, str]]:
    codes = [(m.start(), m.end(), m.group()) for m in CODE.finditer(text)]
    names = [(m.start(), m.end(), m.group()) for m in NAME.finditer(text)]
    pairs = []
    for i, (start, end, code) in enumerate(codes):
        after_previous = codes[i - 1][1] if i else 0
        before_next = codes[i + 1][0] if i + 1 < len(codes) else len(text)
        gaps = [
            (start - n_end if n_end <= start else n_start - end, name)
            for n_start, n_end, name in names
            if after_previous <= n_start and n_end <= start or end <= n_start < before_next
        ]
        near = [g for g in gaps if g[0] <= NEXT_TO]
        if near:
            pairs.append((code, min(near)[1]))
    return pairs


def golden_files() -> list[Path]:
    files = sorted(p for d in GOLDEN_DIRS for p in d.rglob("*") if p.is_file())
    assert files, "no golden files found"
    return files


def plain_text(path: Path) -> str:
    """The file as text, with HTML/XML entities and Markdown backslash escapes undone."""
    text = path.read_text(encoding="utf-8")
    text = html.unescape(text)
    return re.sub(r"\\([\\`*_{}\[\]<>()#+\-.!|])", r"\1", text)


def problems_in(text: str) -> list[str]:
    """Every rule code, name and code+name pair in ``text`` that the catalogue lacks."""
    out = [f"unknown rule code {c}" for c in sorted(set(CODE.findall(text)) - set(CATALOGUE))]
    out += [f"unknown rule name {n}" for n in sorted(set(NAME.findall(text)) - set(NAMES))]
    for code, name in code_name_pairs(text):
        if code in CATALOGUE and name in NAMES and CATALOGUE[code].name != name:
            out.append(f"{code} shown as {name}, but {code} is {CATALOGUE[code].name}")
    return sorted(set(out))


def json_pairs(node: object) -> list[tuple[str, str]]:
    """(code, name) of every JSON object that names a rule: findings, SARIF rules, ranks."""
    out: list[tuple[str, str]] = []
    if isinstance(node, dict):
        code = node.get("rule", node.get("ruleId", node.get("id")))
        if isinstance(code, str) and CODE.fullmatch(code) and isinstance(node.get("name"), str):
            out.append((code, node["name"]))
        for value in node.values():
            out += json_pairs(value)
    elif isinstance(node, list):
        for value in node:
            out += json_pairs(value)
    return out


def json_documents(path: Path) -> list[object]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if path.suffix in (".json", ".sarif"):
        return [json.loads(text)]
    return []


@pytest.mark.parametrize("path", golden_files(), ids=lambda p: p.relative_to(TESTS).as_posix())
def test_golden_file_names_only_rules_of_the_catalogue(path: Path) -> None:
    problems = problems_in(plain_text(path))
    for doc in json_documents(path):
        for code, name in json_pairs(doc):
            rule = CATALOGUE.get(code)
            if rule is None or rule.name != name:
                problems.append(f"{code} is named {name!r} (catalogue: {rule and rule.name})")
    assert not problems, (
        f"{path.relative_to(REPO).as_posix()} is stale: {sorted(set(problems))}; "
        "fix tests/test_render_fixture.py, then GAORPT_UPDATE_SNAPSHOTS=1 pytest "
        "tests/test_render_snapshots.py and review the diff"
    )


def test_the_check_finds_stale_codes_names_and_pairs() -> None:
    """Control: the scan does see what it must reject, so the test above can fail."""
    assert problems_in("SEC002 sections.tables, BAL001 balance.applications") == []
    assert problems_in("::notice title=SEC002 sections.order::x") == [
        "SEC002 shown as sections.order, but SEC002 is sections.tables"
    ]
    league = '<i title="balance.outcomes">BAL002</i>×1, <i title="sections.tables">SEC002</i>'
    assert code_name_pairs(league) == [
        ("BAL002", "balance.outcomes"),
        ("SEC002", "sections.tables"),
    ]
    assert problems_in(league.replace("balance.outcomes", "balance.applications")) == [
        "BAL002 shown as balance.applications, but BAL002 is balance.outcomes"
    ]
    assert problems_in("| DAT001 dates.signed_window |") == [
        "unknown rule name dates.signed_window"
    ]
    assert problems_in("XYZ999 at line 3") == ["unknown rule code XYZ999"]
    # Markdown and HTML escapes are undone before the scan.
    page = TESTS / "snapshots" / "run.markdown.md"
    assert "\\_" in page.read_text(encoding="utf-8") and "\\_" not in plain_text(page)
    # URLs, CSS and scripts are not rule names.
    assert problems_in("example.invalid td.num document.title json.schemastore.org") == []


def test_every_snapshot_pairs_its_codes_with_names_where_it_shows_names() -> None:
    """The code+name check is not vacuous: every golden file that shows a rule name has
    that name next to its code."""
    for path in golden_files():
        text = plain_text(path)
        if NAME.search(text):
            assert code_name_pairs(text), f"{path.name}: names shown, none read with a code"


def _template(message: str) -> re.Pattern[str]:
    parts = re.split(r"\{\w+\}", message)
    return re.compile("(.+?)".join(re.escape(p) for p in parts), re.DOTALL)


@pytest.mark.parametrize(
    "finding",
    [f for r in fixture_results() for f in r.findings],
    ids=lambda f: f"{f.rule}-{f.fingerprint or f.location.line}",
)
def test_fixture_finding_is_one_the_rule_produces(finding) -> None:
    rule = CATALOGUE.get(finding.rule)
    assert rule is not None, f"{finding.rule} is not in rules/"
    assert (finding.name, finding.category, finding.severity) == (
        rule.name,
        rule.category,
        rule.severity,
    )
    assert _template(rule.message).fullmatch(finding.message), (
        f"{finding.message!r} is not what {rule.code} says: {rule.message!r}"
    )


def test_fixture_outcomes_are_rules_of_the_catalogue() -> None:
    rules = {o.rule for r in fixture_results() for o in r.outcome_list}
    assert rules <= set(CATALOGUE), sorted(rules - set(CATALOGUE))
