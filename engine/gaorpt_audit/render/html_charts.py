"""The dashboard's charts as inline SVG: what a region's scores, grades, failing rules and
problem categories look like at a glance.

Scores sit on an axis that starts near the lowest score (85 and 100 must not look alike;
the caption says where the axis starts), dots not bars, since a bar cut at 80 would lie
about its length. Every text is escaped like HTML; sizes are integers or one decimal, so
the output is the same bytes on every run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

from .html_style import SEVERITY_COLOR, STATUS_COLOR
from .labels import CATEGORY_LABEL, SEVERITY_LABEL, STATUS_LABEL

MUTED = "#656d76"
GRID = "#d0d7de"


@dataclass
class ScorePoint:
    label: str
    score: float
    status: str
    earlier: list[tuple[int, float]] = field(default_factory=list)  # (year, score)


@dataclass
class RuleBar:
    rule: str
    summary: str
    severity: str
    reports: int
    findings: int


@dataclass
class HeatRow:
    label: str
    anchor: str | None
    cells: dict[str, tuple[int, str]]  # category -> (findings, worst severity)


def _svg(cid: str, width: int, height: int, label: str) -> str:
    return (
        f'<svg id="{cid}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>"
    )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def axis_range(scores: list[float]) -> tuple[int, int, int]:
    """(start, end, tick step) of a score axis that shows the spread: it starts a little
    under the lowest score, on a round tick, and ends at 100."""
    lo = min(scores, default=0.0)
    span = max(100 - lo, 1.0)
    step = next(s for s in (1, 2, 5, 10, 20, 25) if span / s <= 8)
    start = max(0, math.floor((lo - step / 2) / step) * step)
    return start, 100, step


def score_chart(points: list[ScorePoint], caption: str) -> str:
    """A dot per publisher (colour: pass/fail), earlier years as small grey rings."""
    if not points:
        return '<p class="meta">没有可显示的得分。</p>'
    scores = [p.score for p in points] + [s for p in points for _, s in p.earlier]
    start, end, step = axis_range(scores)
    label_w, plot_w, step_y, top = 175, 270, 22, 8
    height = top + step_y * len(points) + 30
    width = label_w + plot_w + 50

    def x(score: float) -> float:
        return label_w + plot_w * (max(start, min(score, end)) - start) / (end - start)

    parts = [_svg("score-chart", width, height, f"得分分布（横轴从 {start} 分起）")]
    for t in range(start, end + 1, step):
        gx = x(t)
        parts.append(
            f'<line x1="{gx:.1f}" y1="{top}" x2="{gx:.1f}" y2="{height - 22}" stroke="{GRID}"/>'
            f'<text x="{gx:.1f}" y="{height - 8}" font-size="12" text-anchor="middle" '
            f'fill="{MUTED}">{t}</text>'
        )
    for i, p in enumerate(points):
        cy = top + i * step_y + step_y / 2
        parts.append(
            f'<text x="{label_w - 8}" y="{cy + 4:.1f}" font-size="13" text-anchor="end">'
            f"{escape(p.label)}</text>"
            f'<line x1="{label_w}" y1="{cy:.1f}" x2="{x(p.score):.1f}" y2="{cy:.1f}" '
            f'stroke="{GRID}" stroke-dasharray="2 3"/>'
        )
        for year, s in p.earlier:
            parts.append(
                f'<circle class="earlier" cx="{x(s):.1f}" cy="{cy:.1f}" r="4" fill="none" '
                f'stroke="{MUTED}"><title>{year}：{s:.1f}</title></circle>'
            )
        color = STATUS_COLOR.get(p.status, MUTED)
        parts.append(
            f'<circle class="dot" cx="{x(p.score):.1f}" cy="{cy:.1f}" r="6" fill="{color}">'
            f"<title>{escape(p.label)}：{p.score:.1f}（{STATUS_LABEL.get(p.status, p.status)}）"
            f"</title></circle>"
            f'<text x="{x(p.score) + 9:.1f}" y="{cy + 4:.1f}" font-size="12">{p.score:.1f}</text>'
        )
    parts.append("</svg>")
    legend = (
        f'<p class="meta legend">{escape(caption)}横轴从 {start} 分起（不是 0 分），以显示差距。'
        f'<span style="border-color:{STATUS_COLOR["pass"]}">● 通过</span>'
        f'<span style="border-color:{STATUS_COLOR["fail"]}">● 未通过</span>'
        "<span>○ 往年得分</span></p>"
    )
    return '<div class="scroll">' + "".join(parts) + "</div>" + legend


def grade_chart(counts: dict[str, dict[str, int]]) -> str:
    """Reports per grade, each bar split into passing and failing reports."""
    grades = sorted(counts)
    if not grades:
        return '<p class="meta">没有报告。</p>'
    most = max(sum(c.values()) for c in counts.values()) or 1
    label_w, plot_w, step_y = 36, 260, 30
    height = step_y * len(grades) + 10
    width = label_w + plot_w + 120
    parts = [_svg("grade-chart", width, height, "等级分布（按是否通过着色）")]
    for i, g in enumerate(grades):
        y = 5 + i * step_y
        parts.append(
            f'<text x="{label_w - 10}" y="{y + 17}" font-size="14" font-weight="bold" '
            f'text-anchor="end">{escape(g)}</text>'
        )
        left = float(label_w)
        for status in ("pass", "fail", "error"):
            n = counts[g].get(status, 0)
            if not n:
                continue
            w = plot_w * n / most
            parts.append(
                f'<rect class="grade-bar" x="{left:.1f}" y="{y}" width="{w:.1f}" height="22" '
                f'fill="{STATUS_COLOR[status]}"><title>{escape(g)}：{n} 份'
                f"{STATUS_LABEL[status]}</title></rect>"
            )
            if w >= 18:
                parts.append(
                    f'<text x="{left + w / 2:.1f}" y="{y + 16}" font-size="13" fill="#fff" '
                    f'text-anchor="middle">{n}</text>'
                )
            left += w
        total = sum(counts[g].values())
        failed = counts[g].get("fail", 0)
        note = f"{total} 份" + (f"，{failed} 份未通过" if failed else "")
        parts.append(f'<text x="{left + 6:.1f}" y="{y + 16}" font-size="13">{note}</text>')
    parts.append("</svg>")
    legend = (
        '<p class="meta legend">每个等级一条，按审查结论着色：'
        f'<span style="background:{STATUS_COLOR["pass"]};color:#fff">通过</span>'
        f'<span style="background:{STATUS_COLOR["fail"]};color:#fff">未通过</span>'
        "等级相同的报告可能一份通过、一份未通过（有错误级问题即未通过）。</p>"
    )
    return '<div class="scroll">' + "".join(parts) + "</div>" + legend


def rules_chart(bars: list[RuleBar]) -> str:
    """The rules failed by the most reports of the region, coloured by severity."""
    if not bars:
        return '<p class="meta">没有未通过的规则。</p>'
    most = max(b.reports for b in bars) or 1
    label_w, plot_w, step_y = 66, 220, 40
    height = step_y * len(bars) + 6
    width = label_w + plot_w + 150
    parts = [_svg("rules-chart", width, height, "区域内最常见的问题（按涉及报告数）")]
    for i, b in enumerate(bars):
        y = 4 + i * step_y
        w = max(2.0, plot_w * b.reports / most)
        color = SEVERITY_COLOR.get(b.severity, MUTED)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" font-size="13" font-weight="bold" '
            f'text-anchor="end" fill="{color}">{escape(b.rule)}</text>'
            f'<rect class="rule-bar" x="{label_w}" y="{y + 2}" width="{w:.1f}" height="14" '
            f'fill="{color}"><title>{escape(b.rule)} {SEVERITY_LABEL.get(b.severity, "")}'
            f"</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + 13}" font-size="13">{b.reports} 份报告'
            f"（{b.findings} 条）</text>"
            f'<text x="{label_w}" y="{y + 30}" font-size="12" fill="{MUTED}">'
            f"{escape(_short(b.summary, 30))}</text>"
        )
    parts.append("</svg>")
    return '<div class="scroll">' + "".join(parts) + "</div>"


def _heat_fill(count: int, severity: str) -> tuple[str, str]:
    """(fill, text colour): the worst severity's colour, stronger with more findings."""
    base = SEVERITY_COLOR.get(severity, MUTED)
    opacity = {1: "55", 2: "99"}.get(count, "dd")
    return base + opacity, "#fff" if count >= 3 else "#1f2328"


def heat_map(rows: list[HeatRow], categories: list[str], caption: str) -> str:
    """Publisher × category: findings per cell, coloured by the worst severity in it."""
    if not rows or not categories:
        return '<p class="meta">没有问题可显示。</p>'
    label_w, cell_w, cell_h, head = 170, 58, 24, 26
    width = label_w + cell_w * len(categories) + 4
    height = head + cell_h * len(rows) + 4
    parts = [_svg("heat-map", width, height, "各发布机关 × 问题类别（单元格为问题条数）")]
    for j, cat in enumerate(categories):
        cx = label_w + j * cell_w + cell_w / 2
        parts.append(
            f'<text x="{cx:.1f}" y="{head - 9}" font-size="13" text-anchor="middle">'
            f"{escape(CATEGORY_LABEL.get(cat, cat))}</text>"
        )
    for i, row in enumerate(rows):
        y = head + i * cell_h
        label = escape(_short(row.label, 16))
        if row.anchor:
            label = f'<a href="#{row.anchor}">{label}</a>'
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" font-size="13" text-anchor="end">{label}</text>'
        )
        for j, cat in enumerate(categories):
            x = label_w + j * cell_w
            count, severity = row.cells.get(cat, (0, ""))
            if not count:
                parts.append(
                    f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                    f'fill="#f6f8fa"/>'
                )
                continue
            fill, ink = _heat_fill(count, severity)
            parts.append(
                f'<rect class="heat" x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" '
                f'height="{cell_h - 2}" fill="{fill}"><title>{escape(row.label)} · '
                f"{escape(CATEGORY_LABEL.get(cat, cat))}：{count} 条，最重为"
                f"{SEVERITY_LABEL.get(severity, severity)}</title></rect>"
                f'<text x="{x + cell_w / 2:.1f}" y="{y + 15}" font-size="13" fill="{ink}" '
                f'text-anchor="middle">{count}</text>'
            )
    parts.append("</svg>")
    legend = (
        f'<p class="meta legend">{escape(caption)}颜色为该类最重的问题：'
        + "".join(
            f'<span style="background:{SEVERITY_COLOR[s]}55">{SEVERITY_LABEL[s]}</span>'
            for s in ("error", "warning", "info")
        )
        + "颜色越深，条数越多。</p>"
    )
    return '<div class="scroll">' + "".join(parts) + "</div>" + legend


def sparkline(points: list[tuple[int, float]], start: int) -> str:
    """A publisher's scores over the years, on the same axis start as the score chart."""
    if len(points) < 2:
        return ""
    w, h, pad = 120, 28, 4
    years = [y for y, _ in points]
    y0, y1 = min(years), max(years)

    def xy(year: int, score: float) -> str:
        px = pad + (w - 2 * pad) * (year - y0) / max(1, y1 - y0)
        py = pad + (h - 2 * pad) * (100 - max(start, score)) / max(1, 100 - start)
        return f"{px:.1f},{py:.1f}"

    line = " ".join(xy(y, s) for y, s in points)
    dots = "".join(
        f'<circle cx="{xy(y, s).split(",")[0]}" cy="{xy(y, s).split(",")[1]}" r="2" '
        f'fill="{MUTED}"><title>{y}：{s:.1f}</title></circle>'
        for y, s in points
    )
    return (
        f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" role="img" aria-label="历年得分">'
        f'<polyline points="{line}" fill="none" stroke="{MUTED}"/>{dots}</svg>'
    )
