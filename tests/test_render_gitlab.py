"""``--format gitlab``: GitLab Code Quality issues on the fixture set and on reports/."""

from __future__ import annotations

import json
from pathlib import Path

from test_render_fixture import gated_results, render
from typer.testing import CliRunner

from gaorpt_audit.cli import app

REPO = Path(__file__).resolve().parent.parent
KEYS = {"description", "check_name", "fingerprint", "severity", "location", "categories"}


def test_one_issue_per_finding_not_waived() -> None:
    issues = json.loads(render("gitlab"))
    findings = [(r, f) for r in gated_results() for f in r.findings if not f.waived]
    assert len(issues) == len(findings) == 7
    for issue, (r, f) in zip(issues, findings, strict=True):
        assert set(issue) == KEYS
        assert issue["check_name"] == f.rule
        assert issue["location"] == {"path": r.path, "lines": {"begin": f.location.line or 1}}
        assert (
            issue["severity"] == {"error": "major", "warning": "minor", "info": "info"}[f.severity]
        )
    bal = next(i for i in issues if i["check_name"] == "BAL002")
    assert bal["description"].startswith("§三 · 表三 ")
    assert bal["description"].endswith("（应为 5，实为 4）")
    # a file-level finding (unreadable PDF) points at line 1
    prs001 = next(i for i in issues if i["check_name"] == "PRS001")
    assert prs001["location"]["lines"]["begin"] == 1


def test_fingerprints_unique_and_stable_on_reports() -> None:
    runner = CliRunner()
    args = ["run", str(REPO / "reports"), "-f", "gitlab", "-q"]
    first = runner.invoke(app, [*args, "-j", "1"])
    second = runner.invoke(app, [*args, "-j", "2"])
    assert first.exit_code == 1  # the gate still decides the exit code
    issues = json.loads(first.stdout)
    assert first.stdout == second.stdout
    prints = [i["fingerprint"] for i in issues]
    assert len(issues) == 93 and len(set(prints)) == 93
    assert all(len(p) == 64 and int(p, 16) >= 0 for p in prints)
    hongze = next(
        i for i in issues if i["check_name"] == "BAL004" and "hongze" in i["location"]["path"]
    )
    assert hongze["location"]["lines"]["begin"] == 84
    assert hongze["severity"] == "major"
