"""``--format gitlab``: a GitLab Code Quality report (the JSON array ruff and sqlfluff write),
shown in merge requests and the pipeline's Code Quality tab.

One issue per finding (waived findings left out: they were reviewed). ``fingerprint`` is a
SHA-256 of the path, rule and the finding's own fingerprint (which hashes the logical
location, never the line), so GitLab tracks an issue across re-extractions of a report; a
repeat of the same finding gets its ordinal added, so every fingerprint is unique, as
GitLab requires. A finding without a line (a file-level finding) points at line 1.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO

from ..model import Finding, ReportResult
from .base import RunView, ci_location, show_value, shows_values

# GitLab's severities are info, minor, major, critical, blocker.
SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
NOT_REPORT = "not-a-report"  # check_name of a file that is no annual report (listed, info)


def _description(f: Finding) -> str:
    text = f"{f.rule} {f.message}"
    where = ci_location(f.location.model_copy(update={"line": None}))
    if where:
        text = f"{where}: {text}"
    if shows_values(f):
        text += f"（应为 {show_value(f.expected)}，实为 {show_value(f.actual)}）"
    return text


def _issue(r: ReportResult, f: Finding, seen: dict[str, int]) -> dict[str, Any]:
    key = f"{r.path}\0{f.rule}\0{f.fingerprint}"
    n = seen.get(key, 0)
    seen[key] = n + 1
    digest = hashlib.sha256((key + (f"\0{n}" if n else "")).encode("utf-8", "surrogatepass"))
    line = f.location.line if f.location.line is not None and f.location.line >= 1 else 1
    return {
        "description": _description(f),
        "check_name": f.rule,
        "fingerprint": digest.hexdigest(),
        "severity": SEVERITY.get(f.severity, "minor"),
        "location": {"path": r.path, "lines": {"begin": line}},
        "categories": ["Style"],  # Code Climate's vocabulary: a report's form and content
    }


def _not_report(r: ReportResult) -> dict[str, Any]:
    digest = hashlib.sha256(f"{r.path}\0{NOT_REPORT}".encode("utf-8", "surrogatepass"))
    return {
        "description": r.note or "",
        "check_name": NOT_REPORT,
        "fingerprint": digest.hexdigest(),
        "severity": "info",
        "location": {"path": r.path, "lines": {"begin": 1}},
        "categories": ["Style"],
    }


def render_gitlab(view: RunView, out: TextIO) -> None:
    seen: dict[str, int] = {}
    issues = []
    for r in view.results:
        if r.status == "not_report":
            issues.append(_not_report(r))
        issues += [_issue(r, f, seen) for f in r.findings if not f.waived]
    out.write(json.dumps(issues, ensure_ascii=False, indent=2) + "\n")
