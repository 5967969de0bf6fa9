"""``--format markdown``: a summary for reviewers (PR comments, job summaries)."""

from __future__ import annotations

import re
from typing import TextIO

from ..model import ReportResult
from .base import SEVERITIES, RunView, clip, format_location, severity_counts, show_value

# Backslash-escape what Markdown/HTML would interpret; report text is data, not markup.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")


def md(value: object) -> str:
    text = " ".join(str(value).split())
    return _SPECIAL.sub(r"\\\1", text)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _report(r: ReportResult) -> list[str]:
    title = f"{md(r.path)} — {md(r.publisher or '?')} {r.year or ''}".rstrip()
    if r.status == "not_report":  # listed with why; no score, no rules
        return [f"### {title}", "", f"**not_report**: {md(r.note or '')}", ""]
    out = [
        f"### {title}",
        "",
        (
            f"Score **{r.score:.1f}**, grade **{r.grade}**, status **{r.status}**; rules: "
            f"{r.outcomes.passed} passed, {r.outcomes.failed} failed, "
            f"{r.outcomes.not_applicable} not applicable, {r.outcomes.error} error."
        ),
        "",
    ]
    if not r.findings:
        return [*out, "No findings.", ""]
    out += [
        _row(["Severity", "Rule", "Location", "Message", "Expected", "Actual", "Evidence"]),
        _row(["---"] * 7),
    ]
    for f in r.findings:
        sev = f.severity
        if f.waived:
            sev += " (waived: " + md(f.waiver_reason or "") + ")"
        elif f.baseline:
            sev += " (baseline)"
        out.append(
            _row(
                [
                    sev,
                    f"{f.rule} {md(f.name)}",
                    md(format_location(f.location)),
                    md(f.message),
                    md(show_value(f.expected)),
                    md(show_value(f.actual)),
                    md(clip(f.evidence or "", 200)),
                ]
            )
        )
    return [*out, ""]


def render_markdown(view: RunView, out: TextIO) -> None:
    meta = view.meta
    head = [
        "# gaorpt-audit report",
        "",
        (
            f"{meta.tool.name} {md(meta.tool.version)} · ruleset {md(meta.ruleset.version)} "
            f"({md(meta.ruleset.hash[:12] or 'no hash')}) · score formula: "
            f"{md(meta.ruleset.score_formula or '—')}"
        ),
        "",
        _row(["Report", "Publisher", "Year", "Score", "Grade", "Status", "E", "W", "I"]),
        _row(["---", "---", "---:", "---:", ":---:", "---", "---:", "---:", "---:"]),
    ]
    details: list[str] = ["", "## Findings", ""]
    for r in view.results:
        c = severity_counts(r)
        head.append(
            _row(
                [
                    md(r.path),
                    md(r.publisher or "?"),
                    str(r.year or "?"),
                    f"{r.score:.1f}" if r.status != "not_report" else "—",
                    r.grade,
                    r.status,
                    *(str(c[s]) for s in SEVERITIES),
                ]
            )
        )
        details += _report(r)
    s = view.summary
    sev = ", ".join(f"{s.findings_by_severity.get(k, 0)} {k}" for k in SEVERITIES)
    head += [
        "",
        (
            f"**{s.reports} report(s)**, {s.failed} failed, {s.errored} error; findings: {sev}; "
            f"{s.waived} waived, {s.baseline} in baseline."
        ),
    ]
    out.write("\n".join(head + details).rstrip("\n") + "\n")
