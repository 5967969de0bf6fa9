"""``--format html``: one self-contained page (no network, no script).

League table, an inline SVG score chart, and a drill-down per report with findings and
evidence. Every piece of report text goes through ``html.escape``; a Content-Security-
Policy forbids scripts and remote loads as a second line of defence.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TextIO

from ..model import Finding, ReportResult
from ..rank import LeagueRow, report_rows
from .base import SEVERITIES, RunMeta, RunView, Summary, clip, format_location, show_value

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
GRADE_COLOR = {"A": "#1a7f37", "B": "#4c9a2a", "C": "#bf8700", "D": "#cf222e"}

STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem;
color:#1f2328;max-width:72rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.grade{font-weight:bold;color:#fff;padding:0 .4rem;border-radius:3px}
.sev-error{color:#cf222e;font-weight:bold}.sev-warning{color:#9a6700;font-weight:bold}
.sev-info{color:#0969da}.waived{color:#656d76}
details{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.25rem .75rem}
summary{cursor:pointer;font-weight:600}
pre.evidence{background:#f6f8fa;padding:.25rem .5rem;margin:.25rem 0;white-space:pre-wrap}
.meta{color:#656d76;font-size:.9rem}
"""


def _grade(grade: str) -> str:
    color = GRADE_COLOR.get(grade, "#656d76")
    return f'<span class="grade" style="background:{color}">{escape(grade)}</span>'


def _anchor(path: str) -> str:
    # Stable ids from the path: only [A-Za-z0-9-], so they need no escaping.
    return "r-" + "".join(c if c.isascii() and c.isalnum() else "-" for c in path)


def league_table(rows: list[LeagueRow], anchors: set[str]) -> str:
    out = [
        (
            '<table id="league"><thead><tr><th>#</th><th>Publisher</th><th>Year</th>'
            "<th>Score</th><th>Grade</th><th>Errors</th><th>Warnings</th><th>Top failing rules</th>"
            "</tr></thead><tbody>"
        )
    ]
    for row in rows:
        name = escape(row.publisher)
        anchor = _anchor(row.path)
        if anchor in anchors:
            name = f'<a href="#{anchor}">{name}</a>'
        rules = ", ".join(
            f'<span class="sev-{escape(t.severity)}" title="{escape(t.name)}">'
            f"{escape(t.rule)}</span>×{t.count}"
            for t in row.top_rules
        )
        out.append(
            f'<tr class="league-row"><td class="num">{row.position}</td><td>{name}</td>'
            f'<td class="num">{row.year or "?"}</td><td class="num">{row.score:.1f}</td>'
            f'<td>{_grade(row.grade)}</td><td class="num">{row.errors}</td>'
            f'<td class="num">{row.warnings}</td><td>{rules}</td></tr>'
        )
    out.append("</tbody></table>")
    return "\n".join(out)


def score_chart(rows: list[LeagueRow]) -> str:
    """Horizontal bars, one per row, 0–100; plain SVG text is escaped like HTML."""
    label_w, bar_w, step = 260, 400, 22
    height = step * len(rows) + 24
    width = label_w + bar_w + 60
    parts = [
        (
            f'<svg id="score-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
            'aria-label="Scores by publisher">'
        )
    ]
    for x in (0, 25, 50, 75, 100):
        gx = label_w + bar_w * x / 100
        parts.append(
            f'<line x1="{gx:g}" y1="0" x2="{gx:g}" y2="{height - 20}" stroke="#d0d7de"/>'
            f'<text x="{gx:g}" y="{height - 6}" font-size="11" text-anchor="middle" '
            f'fill="#656d76">{x}</text>'
        )
    for i, row in enumerate(rows):
        y = i * step
        w = bar_w * max(0.0, min(row.score, 100.0)) / 100
        label = row.publisher if len(row.publisher) <= 20 else row.publisher[:19] + "…"
        if row.year:
            label += f" {row.year}"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" font-size="12" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="16" '
            f'fill="{GRADE_COLOR.get(row.grade, "#656d76")}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}" font-size="12">{row.score:.1f}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _finding_row(f: Finding) -> str:
    sev = f'<span class="sev-{escape(f.severity)}">{escape(f.severity)}</span>'
    if f.waived:
        sev += f'<br><span class="waived">waived: {escape(f.waiver_reason or "")}</span>'
    elif f.baseline:
        sev += '<br><span class="waived">baseline</span>'
    evidence = ""
    if f.evidence:
        evidence = f'<pre class="evidence">{escape(clip(f.evidence, 400))}</pre>'
        if f.location.line is not None:
            evidence = f'<div class="meta">line {f.location.line}</div>' + evidence
    return (
        f'<tr class="finding"><td>{sev}</td><td><b>{escape(f.rule)}</b><br>'
        f'<span class="meta">{escape(f.name)}</span></td>'
        f"<td>{escape(format_location(f.location))}</td>"
        f"<td>{escape(f.message)}{evidence}</td>"
        f'<td class="num">{escape(show_value(f.expected))}</td>'
        f'<td class="num">{escape(show_value(f.actual))}</td></tr>'
    )


def drill_down(r: ReportResult) -> str:
    o = r.outcomes
    head = (
        f'<details class="report" id="{_anchor(r.path)}"><summary>{escape(r.path)} — '
        f"{escape(r.publisher or '?')} {r.year or ''} · {r.score:.1f} {_grade(r.grade)} · "
        f"{escape(r.status)}</summary>"
        f'<p class="meta">format {escape(r.format)} · rules: {o.passed} passed, '
        f"{o.failed} failed, {o.not_applicable} not applicable, {o.error} error</p>"
    )
    if not r.findings:
        return head + "<p>No findings.</p></details>"
    rows = "\n".join(_finding_row(f) for f in r.findings)
    return (
        head + "<table><thead><tr><th>Severity</th><th>Rule</th><th>Location</th>"
        "<th>Message and evidence</th><th>Expected</th><th>Actual</th></tr></thead>"
        f"<tbody>\n{rows}\n</tbody></table></details>"
    )


def page(
    title: str,
    meta: RunMeta,
    rows: list[LeagueRow],
    results: Iterable[ReportResult],
    summary: Summary | None,
) -> str:
    results = list(results)
    anchors = {_anchor(r.path) for r in results}
    sev = ""
    if summary is not None:
        counts = ", ".join(f"{summary.findings_by_severity.get(k, 0)} {k}" for k in SEVERITIES)
        sev = (
            f"<p>{summary.reports} report(s), {summary.failed} failed; findings: {counts}; "
            f"{summary.waived} waived, {summary.baseline} in baseline.</p>"
        )
    ruleset = meta.ruleset
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
            f"<h1>{escape(title)}</h1>",
            (
                f'<p class="meta">{escape(meta.tool.name)} {escape(meta.tool.version)} · ruleset '
                f"{escape(ruleset.version)} {escape(ruleset.hash[:12])} · score formula: "
                f"{escape(ruleset.score_formula or '—')}</p>"
            ),
            sev,
            "<h2>League table</h2>",
            league_table(rows, anchors),
            "<h2>Scores</h2>",
            score_chart(rows),
            "<h2>Reports</h2>",
            *(drill_down(r) for r in results),
            "</body></html>",
            "",
        ]
    )


def render_html(view: RunView, out: TextIO) -> None:
    results = list(view.results)
    out.write(page("gaorpt-audit report", view.meta, report_rows(results), results, view.summary))
