"""The dashboard's tables: the filter bar, a league table per year, and each publisher's
years side by side.

A publisher is one publisher across its reports as ``rank`` decides it
(publishers.identity_keys: 洪泽区人民政府 = 淮安市洪泽区人民政府). Rows carry their grade,
problem categories and failing rules as data attributes for the inline script's filters;
without the script the tables are complete and in league order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape

from ..model import ReportResult
from ..publishers import identity_keys
from ..rank import LeagueRow
from .base import RunMeta, severity_counts
from .html_charts import sparkline
from .labels import CATEGORY_LABEL, CATEGORY_ORDER, STATUS_LABEL


@dataclass(frozen=True)
class YearScore:
    """One publisher's score in one year: from this run (with its report's anchor) or
    from the results history."""

    year: int
    score: float
    grade: str
    status: str
    anchor: str | None = None  # None: from the history


def anchor(path: str) -> str:
    # Stable ids from the path: only [A-Za-z0-9-], so they need no escaping.
    return "r-" + "".join(c if c.isascii() and c.isalnum() else "-" for c in path)


def badge(grade: str, status: str) -> str:
    """The grade, coloured by the gate's verdict (not by the letter)."""
    label = STATUS_LABEL.get(status, status)
    return f'<span class="badge st-{escape(status)}" title="{escape(label)}">{escape(grade)}</span>'


def categories(r: ReportResult) -> list[str]:
    cats = {f.category for f in r.findings if not f.waived}
    return sorted(cats, key=lambda c: (CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else 99, c))


def rules(r: ReportResult) -> list[str]:
    return sorted({f.rule for f in r.findings if not f.waived})


def filter_attrs(r: ReportResult) -> str:
    """What the filters match a row or a report on."""
    return (
        f' data-grade="{escape(r.grade)}" data-cats="{escape(" ".join(categories(r)))}"'
        f' data-rules="{escape(" ".join(rules(r)))}"'
    )


def controls(results: list[ReportResult], meta: RunMeta) -> str:
    """The filter bar; ``hidden`` until the script shows it (without the script it would be
    a row of controls that do nothing)."""
    grades = sorted({r.grade for r in results})
    cats = sorted(
        {c for r in results for c in categories(r)},
        key=lambda c: (CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else 99, c),
    )
    counts = Counter(code for r in results for code in rules(r))

    def select(fid: str, label: str, options: list[tuple[str, str]]) -> str:
        opts = "".join(f'<option value="{escape(v)}">{escape(t)}</option>' for v, t in options)
        return (
            f'<label>{label} <select id="{fid}"><option value="">全部</option>{opts}'
            "</select></label>"
        )

    rule_opts = []
    for code in sorted(counts):
        info = meta.rules.get(code)
        summary = (info.summary or "") if info else ""
        short = summary if len(summary) <= 24 else summary[:23] + "…"
        rule_opts.append((code, f"{code} {short}（{counts[code]} 份）".replace(" （", "（")))
    return (
        '<div class="controls" hidden>'
        + select("f-grade", "等级", [(g, g) for g in grades])
        + select("f-cat", "问题类别", [(c, CATEGORY_LABEL.get(c, c)) for c in cats])
        + select("f-rule", "规则", rule_opts)
        + '<label>查找 <input id="f-text" type="search" placeholder="发布机关名称"></label>'
        + '<span id="f-count" class="meta"></span></div>'
    )


HEAD = (
    ("num", "pos", "#"),
    ("text", "publisher", "发布机关"),
    ("num", "year", "年度"),
    ("num", "score", "得分"),
    ("text", "grade", "等级"),
    ("text", "status", "结论"),  # also the badge's colour: left out on a phone
    ("num", "errors", "错误"),
    ("num", "warnings", "警告"),
    ("num", "infos", "提示"),
    (None, "top", "主要问题"),
)


OPTIONAL = {"status", "infos"}  # columns a phone leaves out (class opt)


def _th(kind: str | None, key: str, label: str) -> str:
    if kind is None:
        return f"<th>{label}</th>"
    classes = ["num"] * (kind == "num") + ["opt"] * (key in OPTIONAL)
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return f'<th data-sort="{kind}" data-key="{key}"{cls}>{label}</th>'


def league_table(
    caption: str, rows: list[LeagueRow], by_path: dict[str, ReportResult], tid: str
) -> str:
    cells = "".join(_th(kind, key, label) for kind, key, label in HEAD)
    out = [
        (
            f'<div class="scroll"><table id="{tid}" class="league sortable">'
            f'<caption class="meta">{escape(caption)}</caption><thead><tr>{cells}</tr></thead><tbody>'
        )
    ]
    for row in rows:
        r = by_path.get(row.path)
        name = escape(row.publisher)
        if r is not None:
            name = f'<a href="#{anchor(row.path)}">{name}</a>'
        top = "，".join(
            f'<span class="sev-{escape(t.severity)}">{escape(t.rule)}</span>×{t.count}'
            for t in row.top_rules
        )
        attrs = filter_attrs(r) if r is not None else f' data-grade="{escape(row.grade)}"'
        out.append(
            f'<tr class="league-row"{attrs}><td class="num">{row.position}</td><td class="name">{name}</td>'
            f'<td class="num">{row.year or "?"}</td><td class="num">{row.score:.1f}</td>'
            f'<td data-v="{escape(row.grade)}">{badge(row.grade, row.status)}</td>'
            f'<td class="opt">{escape(STATUS_LABEL.get(row.status, row.status))}</td>'
            f'<td class="num">{row.errors}</td><td class="num">{row.warnings}</td>'
            f'<td class="num opt">{row.infos}</td><td class="top">{top}</td></tr>'
        )
    out.append("</tbody></table></div>")
    return "\n".join(out)


# --------------------------------------------------------------------------- years


def publisher_keys(
    results: list[ReportResult], history: list[tuple[str, YearScore]] = ()
) -> dict[str, str]:
    """Printed name -> publisher key over every name of the page (the keys depend on the
    whole set: a region prefix is dropped when the shorter name is also present)."""
    return identity_keys([r.publisher for r in results if r.publisher] + [n for n, _ in history])


def series(
    results: list[ReportResult], history: list[tuple[str, YearScore]] = ()
) -> dict[str, tuple[str, dict[int, YearScore]]]:
    """Publisher key -> (name shown, year -> score): this run's reports first (the first
    by path of a year wins), then the history's years the run does not have."""
    named = [(r.publisher, r) for r in sorted(results, key=lambda r: r.path) if r.publisher]
    keys = publisher_keys(results, history)
    out: dict[str, tuple[str, dict[int, YearScore]]] = {}
    for name, r in named:
        if r.year is None:
            continue
        _, years = out.setdefault(keys[name], (name, {}))
        if r.year not in years:
            years[r.year] = YearScore(r.year, r.score, r.grade, r.status, anchor(r.path))
        latest = max(years)
        if r.year == latest:
            out[keys[name]] = (name, years)  # the latest report's spelling of the name
    for name, ys in history:
        _shown, years = out.setdefault(keys[name], (name, {}))
        years.setdefault(ys.year, ys)
    return dict(sorted(out.items(), key=lambda kv: kv[1][0]))


def years_table(data: dict[str, tuple[str, dict[int, YearScore]]], axis_start: int) -> str:
    """Each publisher's years side by side, with the change from its previous report."""
    all_years = sorted({y for _, ys in data.values() for y in ys})
    head = "".join(f'<th class="num" data-sort="num">{y}</th>' for y in all_years)
    out = [
        (
            '<div class="scroll"><table id="years" class="years sortable"><thead><tr>'
            f'<th data-sort="text">发布机关</th>{head}<th>走势</th>'
            '<th class="num" data-sort="num">较上一份</th></tr></thead><tbody>'
        )
    ]
    for name, ys in data.values():
        if len(ys) < 2:
            continue
        cells = []
        for y in all_years:
            s = ys.get(y)
            if s is None:
                cells.append('<td class="num blank" data-v="-1"></td>')
                continue
            text = f"{s.score:.1f} {badge(s.grade, s.status)}"
            if s.anchor:
                text = f'<a href="#{s.anchor}">{s.score:.1f}</a> {badge(s.grade, s.status)}'
            else:
                text += ' <span class="hist" title="来自结果历史库">历史</span>'
            cells.append(f'<td class="num" data-v="{s.score:.1f}">{text}</td>')
        points = sorted((y, s.score) for y, s in ys.items())
        (py, ps), (ly, ls) = points[-2], points[-1]
        delta = ls - ps
        change = f"{delta:+.1f}（{py}→{ly}）" if delta else f"±0（{py}→{ly}）"
        out.append(
            f'<tr class="year-row"><td>{escape(name)}</td>{"".join(cells)}'
            f"<td>{sparkline(points, axis_start)}</td>"
            f'<td class="num" data-v="{delta:.1f}">{change}</td></tr>'
        )
    out.append("</tbody></table></div>")
    return "\n".join(out)


def has_years(data: dict[str, tuple[str, dict[int, YearScore]]]) -> bool:
    return any(len(ys) >= 2 for _, ys in data.values())


def counts_cell(r: ReportResult) -> str:
    c = severity_counts(r)
    return f"错误 {c['error']} · 警告 {c['warning']} · 提示 {c['info']}"
