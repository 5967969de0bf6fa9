"""Every parse issue the pipeline can record is surfaced by a rule, so a report whose content
could not be read never scores clean because nothing could be checked."""

from __future__ import annotations

import typing

from gaorpt_audit.config import load_config
from gaorpt_audit.model import IssueCode
from gaorpt_audit.rulebook import rulebook_for

# Missing sections and tables are reported by the SEC rules that require them.
COVERED_BY_REQUIRED = {"section_missing": "SEC001", "table_missing": "SEC002"}


def test_every_issue_code_has_a_rule() -> None:
    rules, _ = rulebook_for(load_config(discover=False))
    surfaced = {code for r in rules if r.check.kind == "issue" for code in r.check.codes} | set(
        COVERED_BY_REQUIRED
    )
    codes = set(typing.get_args(IssueCode))
    assert codes - surfaced == set(), "issue codes no rule reports"
    assert surfaced - codes == set(), "rules name issue codes the parser never records"


def test_required_rules_exist() -> None:
    rules, _ = rulebook_for(load_config(discover=False))
    by_code = {r.code: r for r in rules}
    assert by_code["SEC001"].check.kind == "required" and by_code["SEC001"].check.sections
    assert by_code["SEC002"].check.kind == "required" and by_code["SEC002"].check.tables


def test_unreadable_file_gets_one_finding_not_a_cascade(tmp_path, monkeypatch) -> None:
    from gaorpt_audit.audit import audit

    monkeypatch.setenv("GAORPT_SOFFICE", "")  # the same message with or without LibreOffice

    legacy = tmp_path / "draft.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (result,) = audit([legacy], load_config(discover=False)).results
    assert [(f.rule, f.severity) for f in result.findings] == [("PRS001", "error")]
    assert "另存为 .docx" in result.findings[0].message
    assert result.score == 0 and result.status == "fail"
    assert result.outcomes.failed == 1 and result.outcomes.error == 0


def test_prs001_reports_exactly_the_unreadable_issues() -> None:
    from gaorpt_audit.model import UNREADABLE_ISSUES

    rules, _ = rulebook_for(load_config(discover=False))
    (prs001,) = [r for r in rules if r.code == "PRS001"]
    assert set(prs001.check.codes) == UNREADABLE_ISSUES
