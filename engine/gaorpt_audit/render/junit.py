"""``--format junit``: one testsuite per report, one testcase per rule including passes,
so CI dashboards show "37/40 rules passed" per publisher. A rule fails only with a
finding at or above the gate's ``--fail-on`` (not waived, not in the baseline): a run that
passes the gate is green in Jenkins or GitLab; findings below it go to system-out."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from ..model import SEVERITY_RANK, Finding, Outcome, ReportResult
from .base import RunView, ci_location, show_value

# Characters XML 1.0 cannot carry at all; a report may contain them.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _BAD_XML.sub("\ufffd", text)


def _failure_text(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        where = ci_location(f.location)
        lines.append(f"{f.severity.upper()} {f.rule} {where}: {f.message}")
        if f.expected is not None or f.actual is not None:
            lines.append(f"  expected {show_value(f.expected)}, actual {show_value(f.actual)}")
        if f.evidence:
            lines.append(f"  > {f.evidence}")
    return _clean("\n".join(lines))


def _outcomes(r: ReportResult) -> list[Outcome]:
    """The rule outcomes; rules seen only in findings (e.g. a parse failure) are added."""
    listed = {o.rule for o in r.outcome_list}
    extra = sorted({f.rule for f in r.findings} - listed)
    return sorted(
        [*r.outcome_list, *(Outcome(rule=c, status="failed") for c in extra)],
        key=lambda o: o.rule,
    )


def _suite(r: ReportResult, fail_on: str = "error") -> ET.Element:
    outcomes = _outcomes(r)
    by_rule: dict[str, list[Finding]] = {}
    for f in r.findings:
        by_rule.setdefault(f.rule, []).append(f)
    suite = ET.Element("testsuite", name=_clean(r.path))
    props = ET.SubElement(suite, "properties")
    for key, value in (
        ("publisher", r.publisher),
        ("year", r.year),
        ("format", r.format),
        ("score", r.score),
        ("grade", r.grade),
        ("status", r.status),
    ):
        if value is not None:
            ET.SubElement(props, "property", name=key, value=_clean(str(value)))
    counts = {"failures": 0, "errors": 0, "skipped": 0}
    for o in outcomes:
        case = ET.SubElement(suite, "testcase", name=o.rule, classname=_clean(r.path))
        findings = by_rule.get(o.rule, [])
        threshold = SEVERITY_RANK.get(fail_on, 99)  # "never": nothing fails
        open_ = [f for f in findings if not f.waived]
        live = [f for f in open_ if not f.baseline and SEVERITY_RANK[f.severity] >= threshold]
        if o.status == "failed" and open_ and not live:
            # below the gate (or already in the baseline): reported, not a failure
            ET.SubElement(case, "system-out").text = _failure_text(open_)
        elif o.status == "failed" and live:
            counts["failures"] += 1
            first = live[0]
            fail = ET.SubElement(
                case, "failure", message=_clean(first.message), type=first.severity
            )
            fail.text = _failure_text(live)
        elif o.status == "failed":  # every finding of the rule is waived
            counts["skipped"] += 1
            reason = findings[0].waiver_reason if findings else None
            ET.SubElement(case, "skipped", message=_clean(f"waived: {reason or ''}"))
        elif o.status == "error":
            counts["errors"] += 1
            ET.SubElement(case, "error", message=_clean(o.reason or "rule error"))
        elif o.status == "not_applicable":
            counts["skipped"] += 1
            ET.SubElement(case, "skipped", message=_clean(o.reason or "not applicable"))
    suite.set("tests", str(len(outcomes)))
    for key in ("failures", "errors", "skipped"):
        suite.set(key, str(counts[key]))
    return suite


def render_junit(view: RunView, out: TextIO) -> None:
    root = ET.Element("testsuites", name="gaorpt-audit")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for r in view.results:
        suite = _suite(r, view.meta.fail_on)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
        root.append(suite)
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
