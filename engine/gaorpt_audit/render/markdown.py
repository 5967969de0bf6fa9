"""``--format markdown``: a summary for reviewers (PR comments, job summaries)."""

from __future__ import annotations

import re
from typing import TextIO

from ..model import ReportResult
from .base import SEVERITIES, RunView, clip, format_location, severity_counts, show_value
from .labels import SEVERITY_LABEL, STATUS_LABEL, severity_totals

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
        return [f"### {title}", "", f"**非年度报告**：{md(r.note or '')}", ""]
    out = [
        f"### {title}",
        "",
        (
            f"得分 **{r.score:.1f}**，等级 **{r.grade}**，结论 **{_status(r.status)}**；规则："
            f"{r.outcomes.passed} 项通过，{r.outcomes.failed} 项未通过，"
            f"{r.outcomes.not_applicable} 项不适用，{r.outcomes.error} 项出错。"
        ),
        "",
    ]
    if not r.findings:
        return [*out, "没有发现问题。", ""]
    out += [
        _row(["级别", "规则", "位置", "问题", "应为", "实际", "证据"]),
        _row(["---"] * 7),
    ]
    for f in r.findings:
        sev = SEVERITY_LABEL.get(f.severity, f.severity)
        if f.waived:
            sev += "（已豁免：" + md(f.waiver_reason or "") + "）"
        elif f.baseline:
            sev += "（基线中已有）"
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


def _status(status: str) -> str:
    return STATUS_LABEL.get(status, status)


def render_markdown(view: RunView, out: TextIO) -> None:
    meta = view.meta
    head = [
        "# gaorpt-audit 审查结果",
        "",
        (
            f"{meta.tool.name} {md(meta.tool.version)} · 规则集 {md(meta.ruleset.version)}"
            f"（{md(meta.ruleset.hash[:12] or '无哈希')}） · 评分公式："
            f"{md(meta.ruleset.score_formula or '—')}"
        ),
        "",
        _row(["报告", "发布机关", "年度", "得分", "等级", "结论", "错误", "警告", "提示"]),
        _row(["---", "---", "---:", "---:", ":---:", "---", "---:", "---:", "---:"]),
    ]
    details: list[str] = ["", "## 问题", ""]
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
                    _status(r.status),
                    *(str(c[s]) for s in SEVERITIES),
                ]
            )
        )
        details += _report(r)
    s = view.summary
    sev = severity_totals(s.findings_by_severity)
    head += [
        "",
        (
            f"**{s.reports} 份报告**，{s.failed} 份未通过，{s.errored} 份无法审查；问题：{sev}；"
            f"已豁免 {s.waived} 条，基线中已有 {s.baseline} 条。"
        ),
    ]
    out.write("\n".join(head + details).rstrip("\n") + "\n")
