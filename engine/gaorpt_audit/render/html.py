"""``--format html``: a region dashboard in one self-contained page (no network).

League tables (one per year, or the latest report of each publisher, saying so), charts
(html_charts), each publisher's years side by side, and a drill-down per report whose
table findings are drawn as grids (html_grid). Every piece of report text goes through
``html.escape``; the Content-Security-Policy admits only the page's own script (by hash)
and no remote load, so the page is the same offline, printed or saved as PDF.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from html import escape
from typing import TextIO

from ..model import Finding, ReportResult
from ..rank import LeagueRow, build_league, report_rows
from .base import SEVERITIES, RunMeta, RunView, Summary, format_location, show_value, shows_values
from .html_charts import (
    HeatRow,
    RuleBar,
    ScorePoint,
    axis_range,
    grade_chart,
    heat_map,
    rules_chart,
    score_chart,
)
from .html_crops import Key, crop_img, page_crops
from .html_grid import grid
from .html_league import (
    anchor,
    badge,
    categories,
    controls,
    filter_attrs,
    has_years,
    league_table,
    publisher_keys,
    series,
    years_table,
)
from .html_style import CSP, SCRIPT, STYLE
from .labels import CATEGORY_ORDER, SEVERITY_LABEL, STATUS_LABEL, format_label

TOP_RULES = 10
EVIDENCE_LIMIT = 400

League = tuple[str, list[LeagueRow]]  # (caption, rows)


def _evidence(text: str) -> str:
    """A source line as people read it: a table row (tab-separated cells) as cells, other
    text with its line breaks, clipped."""
    text = text.strip("\n")
    if len(text) > EVIDENCE_LIMIT:
        text = text[: EVIDENCE_LIMIT - 1] + "…"
    if "\t" in text and "\n" not in text:
        cells = "".join(f"<td>{escape(c.strip()) or '&#160;'}</td>" for c in text.split("\t"))
        return f'<div class="scroll"><table class="evrow"><tr>{cells}</tr></table></div>'
    return f'<div class="evidence">{escape(text)}</div>'


def _finding_row(f: Finding, grid_anchor: str | None, crop: str | None = None) -> str:
    sev = f'<span class="sev-{escape(f.severity)}">{SEVERITY_LABEL.get(f.severity, "")}</span>'
    if f.waived:
        sev += f'<br><span class="waived">已豁免：{escape(f.waiver_reason or "")}</span>'
    elif f.baseline:
        sev += '<br><span class="waived">基线中已有</span>'
    evidence = ""
    if grid_anchor is not None:
        evidence = f'<div class="meta"><a href="#{grid_anchor}">见下方表格</a></div>'
    elif f.evidence:
        evidence = _evidence(f.evidence)
    if crop is not None:
        evidence += crop_img(crop, f)
    expected = actual = ""
    if shows_values(f):
        expected, actual = escape(show_value(f.expected)), escape(show_value(f.actual))
    return (
        f'<tr class="finding" data-sev="{escape(f.severity)}"><td>{sev}</td>'
        f"<td><b>{escape(f.rule)}</b></td><td>{escape(format_location(f.location))}</td>"
        f"<td>{escape(f.message)}{evidence}</td>"
        f'<td class="val">{expected}</td><td class="val">{actual}</td></tr>'
    )


def drill_down(r: ReportResult, meta: RunMeta, crops: dict[Key, str] | None = None) -> str:
    """One report's findings; ``crops``: page images of them (html_crops), by index."""
    o = r.outcomes
    a = anchor(r.path)
    head = (
        f'<details class="report" id="{a}"{filter_attrs(r)}><summary>'
        f"{escape(r.publisher or '?')} {r.year or ''} · {r.score:.1f} {badge(r.grade, r.status)}"
        f" · {STATUS_LABEL.get(r.status, r.status)} · "
        f'<span class="meta">{escape(r.path)}</span></summary>'
        f'<p class="meta">格式 {escape(format_label(r.format))} · 规则：{o.passed} 项通过，{o.failed} 项未通过，'
        f"{o.not_applicable} 项不适用，{o.error} 项出错</p>"
    )
    if not r.findings:
        return head + "<p>没有发现问题。</p></details>"
    gridded = {
        n: [f for f in r.findings if f.category == "balance" and f.location.table == n]
        for n in r.tables
    }
    gridded = {n: fs for n, fs in gridded.items() if fs}
    crops = crops or {}
    rows = "\n".join(
        _finding_row(
            f,
            f"{a}-t{ord(f.location.table)}" if f.location.table in gridded else None,
            crops.get((r.path, i)),
        )
        for i, f in enumerate(r.findings)
    )
    identities = {code: info.identity for code, info in meta.rules.items()}
    grids = "".join(
        grid(r.tables[n], fs, identities, f"{a}-t{ord(n)}") for n, fs in gridded.items()
    )
    return (
        head + '<div class="scroll"><table class="findings"><thead><tr><th>级别</th><th>规则</th>'
        '<th>位置</th><th class="msg">问题与证据</th><th>应为</th><th>实际</th></tr></thead>'
        f"<tbody>\n{rows}\n</tbody></table></div>{grids}</details>"
    )


# --------------------------------------------------------------------------- charts


def _rule_bars(results: list[ReportResult], meta: RunMeta) -> list[RuleBar]:
    reports: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    first: dict[str, Finding] = {}
    for r in results:
        active = [f for f in r.findings if not f.waived]
        reports.update({f.rule for f in active})
        findings.update(f.rule for f in active)
        for f in active:
            first.setdefault(f.rule, f)
    ordered = sorted(reports, key=lambda c: (-reports[c], -findings[c], c))[:TOP_RULES]
    out = []
    for code in ordered:
        info = meta.rules.get(code)
        summary = (info.summary if info else None) or first[code].message
        out.append(RuleBar(code, summary, first[code].severity, reports[code], findings[code]))
    return out


def _heat(
    latest: list[LeagueRow], by_path: dict[str, ReportResult]
) -> tuple[list[HeatRow], list[str]]:
    rank = {s: i for i, s in enumerate(SEVERITIES[::-1])}
    rows, seen = [], set()
    for row in latest:
        r = by_path.get(row.path)
        cells: dict[str, tuple[int, str]] = {}
        if r is not None:
            for f in r.findings:
                if f.waived:
                    continue
                n, worst = cells.get(f.category, (0, "info"))
                cells[f.category] = (n + 1, max(worst, f.severity, key=rank.__getitem__))
            seen.update(categories(r))
        label = f"{row.publisher} {row.year or ''}".strip()
        rows.append(HeatRow(label, anchor(row.path) if r is not None else None, cells))
    cats = sorted(seen, key=lambda c: (CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else 99, c))
    return rows, cats


def _points(latest: list[LeagueRow], years: dict, keys: dict[str, str]) -> list[ScorePoint]:
    past = {key: ys for key, (_, ys) in years.items()}
    out = []
    for row in latest:
        ys = past.get(keys.get(row.publisher, ""), {})
        earlier = sorted((y, s.score) for y, s in ys.items() if y != row.year)
        name = row.publisher if len(row.publisher) <= 10 else row.publisher[:9] + "…"
        label = f"{name} {row.year or ''}".strip()
        out.append(ScorePoint(label, row.score, row.status, earlier))
    return out


def _kpis(results: list[ReportResult], summary: Summary | None, keys: dict[str, str]) -> str:
    publishers = len({keys.get(r.publisher, r.path) if r.publisher else r.path for r in results})
    failed = sum(r.status == "fail" for r in results)
    errored = sum(r.status == "error" for r in results)
    sev = Counter(f.severity for r in results for f in r.findings if not f.waived)
    items = [("报告", len(results)), ("发布机关", publishers), ("未通过", failed)]
    if errored:
        items.append(("无法审查", errored))
    items += [(SEVERITY_LABEL[s], sev[s]) for s in SEVERITIES]
    if summary is not None and (summary.waived or summary.baseline):
        items += [("已豁免", summary.waived), ("基线中已有", summary.baseline)]
    return (
        '<div class="kpis">'
        + "".join(f'<div class="kpi"><b>{n}</b>{label}</div>' for label, n in items)
        + "</div>"
    )


def page(
    title: str,
    meta: RunMeta,
    leagues: list[League],
    results: Iterable[ReportResult],
    summary: Summary | None,
    latest: list[LeagueRow] | None = None,
    every: list[ReportResult] | None = None,
) -> str:
    """The whole page. ``latest``: one row per publisher for the charts (default: the
    latest report of each); ``every``: the reports whose years are set side by side
    (default: ``results``)."""
    results = sorted(results, key=lambda r: (r.publisher or r.path, r.year or 0, r.path))
    by_path = {r.path: r for r in results}
    latest = latest if latest is not None else build_league(results)
    every = every if every is not None else results
    years = series(every, meta.history)
    keys = publisher_keys(every, meta.history)
    start = axis_range([r.score for r in results] + [s.score for _, s in meta.history])[0]
    grades: dict[str, dict[str, int]] = defaultdict(dict)
    for r in results:
        grades[r.grade][r.status] = grades[r.grade].get(r.status, 0) + 1
    heat_rows, cats = _heat(latest, by_path)
    ruleset = meta.ruleset
    body = [
        f"<h1>{escape(title)}</h1>",
        (
            f'<p class="meta">{escape(meta.tool.name)} {escape(meta.tool.version)} · 规则集 '
            f"{escape(ruleset.version)} {escape(ruleset.hash[:12])} · 计分：{escape(ruleset.score_formula or '—')}"
            f" · 未通过：有{SEVERITY_LABEL.get(meta.fail_on, meta.fail_on)}级问题</p>"
        ),
        _kpis(results, summary, keys),
        '<h2 id="charts">总览</h2><div class="cards">',
        '<div class="card"><h3>得分分布</h3>'
        + score_chart(_points(latest, years, keys), "每个发布机关一行，实心点为最新一份报告。")
        + "</div>",
        '<div class="card"><h3>等级分布</h3>' + grade_chart(dict(grades)) + "</div>",
        '<div class="card"><h3>最常见的问题</h3>'
        + rules_chart(_rule_bars(results, meta))
        + "</div>",
        '<div class="card"><h3>发布机关 × 问题类别</h3>'
        + heat_map(heat_rows, cats, "每个发布机关一行（其最新一份报告）。")
        + "</div>",
        "</div>",
        '<h2 id="league">排名</h2>',
        controls(results, meta),
        *(league_table(cap, rows, by_path, f"league-{i}") for i, (cap, rows) in enumerate(leagues)),
    ]
    if has_years(years):
        body += ['<h2 id="years-head">历年对比</h2>', years_table(years, start)]
    crops = page_crops(results)
    body += ['<h2 id="reports">各报告详情</h2>', *(drill_down(r, meta, crops) for r in results)]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="zh-CN"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
            *body,
            f"<script>{SCRIPT}</script>",
            "</body></html>",
            "",
        ]
    )


def run_leagues(results: list[ReportResult]) -> list[League]:
    """A run's reports as one league table per year, latest year first (every report is
    listed: two of one publisher and year both appear)."""
    by_year: dict[int | None, list[ReportResult]] = defaultdict(list)
    for r in results:
        by_year[r.year].append(r)
    ordered = sorted(by_year, key=lambda y: -(y or 0))
    return [(f"{y} 年度报告" if y else "年度不明的报告", report_rows(by_year[y])) for y in ordered]


def render_html(view: RunView, out: TextIO) -> None:
    results = list(view.results)
    title = "政府信息公开工作年度报告审查"
    out.write(page(title, view.meta, run_leagues(results), results, view.summary))
