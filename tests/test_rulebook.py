"""Rule loading: every kind of mistake gives one message with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from gaorpt_audit.rulebook import RuleError, load_rule_file, load_rules, select_rules

REPO = Path(__file__).resolve().parent.parent
# BAL001 written out (its equation in full instead of identity = "T3-BAL")
GOOD = (
    (REPO / "rules" / "balance" / "BAL001.toml")
    .read_text(encoding="utf-8")
    .replace('identity = "T3-BAL"\n', "")
    .replace(
        'kind = "equation"  # lhs, rhs, for_each: the identity in identities.py\n',
        'kind = "equation"\nfor_each = "t3.columns"\n'
        'lhs = ["t3.new[col]", "t3.carried_over[col]"]\n'
        'rhs = ["t3.result_total[col]", "t3.carried_forward[col]"]\n',
    )
)


def _write(tmp_path: Path, text: str, name: str = "BAL001.toml", folder: str = "balance") -> Path:
    d = tmp_path / folder
    d.mkdir(parents=True, exist_ok=True)
    p = d / name
    p.write_text(text, encoding="utf-8")
    return p


def _error(path: Path) -> str:
    with pytest.raises(RuleError) as exc:
        load_rule_file(path)
    return str(exc.value)


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_good_rule_loads(tmp_path):
    rule = load_rule_file(REPO / "rules" / "balance" / "BAL001.toml")
    assert rule.code == "BAL001" and rule.check.kind == "equation"
    assert str(rule.check.lhs[0]) == "t3.new[col]"  # from the identity T3-BAL
    assert rule.check.for_each == "t3.columns"
    # written out in full, the same rule (same dump, so the same ruleset hash)
    explicit = load_rule_file(
        _write(
            tmp_path, GOOD.replace('severity = "error"', 'identity = "T3-BAL"\nseverity = "error"')
        )
    )
    assert explicit.model_dump() == rule.model_dump()


def test_an_equation_that_differs_from_its_identity_is_an_error(tmp_path):
    text = GOOD.replace('severity = "error"', 'identity = "T3-SUM"\nseverity = "error"')
    msg = _error(_write(tmp_path, text))
    assert "check.lhs differs from the identity T3-SUM of identities.py" in msg


def test_an_unknown_identity_is_an_error(tmp_path):
    msg = _error(
        _write(
            tmp_path, GOOD.replace('severity = "error"', 'identity = "T9-X"\nseverity = "error"')
        )
    )
    assert "identity 'T9-X' is not defined in identities.py" in msg


def test_unknown_field(tmp_path):
    text = GOOD.replace("weight = 5", "weight = 5\nwieght = 6")
    msg = _error(_write(tmp_path, text))
    assert f"BAL001.toml:{_line(text, 'wieght')}: wieght: unknown field 'wieght'" in msg


def test_unknown_field_inside_check(tmp_path):
    text = GOOD.replace("tolerance = 0", "tolerance = 0\ntolerence = 1")
    msg = _error(_write(tmp_path, text))
    assert f":{_line(text, 'tolerence')}: check.tolerence: unknown field" in msg


def test_wrong_type(tmp_path):
    text = GOOD.replace("weight = 5", 'weight = "heavy"')
    msg = _error(_write(tmp_path, text))
    assert f":{_line(text, 'weight =')}: weight:" in msg and "number" in msg


def test_unknown_check_kind(tmp_path):
    text = GOOD.replace('kind = "equation"', 'kind = "sum"')
    msg = _error(_write(tmp_path, text))
    assert f":{_line(text, 'kind =')}: check.kind: unknown check kind 'sum'" in msg


def test_bad_regex(tmp_path):
    text = (
        GOOD.split("[check]")[0].replace("{column}：", "").replace("{lhs}", "").replace("{rhs}", "")
    )
    text = text.replace('category = "balance"', 'category = "format"')
    text += '[check]\nkind = "pattern"\ntarget = "text"\nmust_match = "未收到(申请"\n'
    msg = _error(_write(tmp_path, text, folder="format"))
    assert (
        f":{_line(text, 'must_match')}: check.must_match" in msg or "bad regular expression" in msg
    )
    assert "bad regular expression '未收到(申请'" in msg


def test_unknown_cell_reference(tmp_path):
    text = GOOD.replace("t3.carried_over[col]", "t3.carried[col]")
    msg = _error(_write(tmp_path, text))
    assert "unknown t3 row 'carried'" in msg and f":{_line(text, 'lhs =')}: check.lhs" in msg


def test_unknown_message_slot(tmp_path):
    text = GOOD.replace("{column}", "{colum}")
    msg = _error(_write(tmp_path, text))
    assert "message slot {colum} is not defined" in msg and f":{_line(text, 'message =')}:" in msg


def test_toml_syntax_error(tmp_path):
    msg = _error(_write(tmp_path, GOOD.replace("weight = 5", "weight = = 5")))
    assert f"BAL001.toml:{_line(GOOD, 'weight = 5')}: TOML syntax error" in msg


def test_code_must_match_file_name(tmp_path):
    msg = _error(_write(tmp_path, GOOD, name="BAL002.toml"))
    assert "'BAL001' must match the file name 'BAL002'" in msg


def test_duplicate_code(tmp_path):
    _write(tmp_path, GOOD)
    _write(tmp_path / "other", GOOD.replace("balance.applications", "balance.other"))
    with pytest.raises(RuleError, match="duplicate rule code BAL001"):
        load_rules([tmp_path])


def test_loop_variable_must_be_bound(tmp_path):
    msg = _error(_write(tmp_path, GOOD.replace('for_each = "t3.columns"\n', "")))
    assert "uses the loop variable 'col'" in msg


def test_unknown_selector_is_an_error():
    rules = load_rules([REPO / "rules"])
    with pytest.raises(RuleError, match="unknown rule selector 'XYZ'"):
        select_rules(rules, ["XYZ"], [])


@pytest.mark.parametrize(
    ("selector", "pick"),
    [
        ("BAL001", lambda r: r.code == "BAL001"),
        ("BAL", lambda r: r.code.startswith("BAL")),
        ("balance", lambda r: r.category == "balance"),
        ("balance.applications", lambda r: r.name == "balance.applications"),
        ("zeros", lambda r: r.category == "zeros"),
    ],
)
def test_selectors(selector, pick):
    rules = load_rules([REPO / "rules"])
    expected = {r.code for r in rules if pick(r)}
    assert expected
    assert {r.code for r in select_rules(rules, [selector], [])} == expected
    assert expected.isdisjoint({r.code for r in select_rules(rules, [], [selector])})


def test_new_rule_in_temp_dir_runs_without_python_change(tmp_path):
    """An auditor adds a rule + cases in their own pack: test-rules and audit() pick it up."""
    from typer.testing import CliRunner

    from gaorpt_audit.cli import app

    pack = tmp_path / "mypack" / "balance"
    pack.mkdir(parents=True)
    (pack / "MYB001.toml").write_text(
        """code = "MYB001"
name = "mine.review_total"
category = "balance"
severity = "warning"
weight = 1
summary = "表四行政复议：总计 = 维持 + 纠正 + 其他 + 尚未审结"
why = "DOMAIN.md §3.2 T4-SUM-R"
basis = "国办公开办函〔2021〕30号 表四"
identity = "T4-SUM-R"
message = "复议总计 {lhs} ≠ {rhs_terms} = {rhs}"
[check]
kind = "equation"
lhs = ["t4.review[total]"]
rhs = ["t4.review[upheld]", "t4.review[corrected]", "t4.review[other]", "t4.review[pending]"]
""",
        encoding="utf-8",
    )
    (pack / "MYB001.cases.toml").write_text(
        """[[case]]
name = "ok"
expect = "passed"
[case.report.tables."四"]
review = [1, 1, 0, 1, 3]
[[case]]
name = "off"
expect = "failed"
[case.report.tables."四"]
review = [1, 1, 0, 1, 4]
[[case.findings]]
message = "复议总计 4 ≠ 1 + 1 + 0 + 1 = 3"
location = { table = "四", row = "review", column = "total" }
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["test-rules", str(tmp_path / "mypack")])
    assert result.exit_code == 0, result.output
    assert "4 case runs, 0 failed" in result.output or "2 case runs, 0 failed" in result.output
    broken = (pack / "MYB001.cases.toml").read_text(encoding="utf-8").replace('= 3"', '= 5"')
    (pack / "MYB001.cases.toml").write_text(broken, encoding="utf-8")
    result = CliRunner().invoke(app, ["test-rules", str(tmp_path / "mypack")])
    assert result.exit_code == 1 and "FAIL" in result.output
