"""The pipeline, top to bottom: ingest -> parse -> facts -> rules -> findings -> score."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import names
from .discover import Input, discover
from .ingest import load
from .model import Outcome, Report, ReportResult
from .parse import parse_document


def parse_file(path: Path, display: str | None = None) -> Report:
    """Ingest and parse one file; never raises for bad input (issues are recorded)."""
    return parse_document(load(path, display))


def parse_all(paths: Iterable[str | Path]) -> Iterator[tuple[Input, Report]]:
    for item in discover(paths):
        yield item, parse_file(item.path, item.display)


@dataclass
class RuleContext:
    """Everything a process needs to audit files: compiled rules, backend, settings."""

    config: Any  # Config
    compiled: Any  # backends.compile.Compiled
    codes: list[str]
    backend_name: str
    ruleset_hash: str
    # selected codes -> (weights, categories): depends on the rules and config only
    _score_inputs: dict[
        tuple[str, ...], tuple[dict[str, float], dict[str, str], frozenset[str]]
    ] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def build(cls, config: Any) -> RuleContext:
        from .backends import default_backend, durable_available
        from .checks import compile_cached
        from .checks.compiler import rules_hash
        from .config import ConfigError
        from .rulebook import rulebook_for

        if config.backend == "durable" and not durable_available():
            raise ConfigError("backend durable is not installed here (Python 3.13+?): use python")
        _, chosen = rulebook_for(config)
        compiled = compile_cached(chosen)
        backend = config.backend or default_backend()
        extra = config.file.model_dump(mode="json", exclude={"gate"})
        return cls(
            config=config,
            compiled=compiled,
            codes=[r.code for r in chosen],
            backend_name=backend,
            ruleset_hash=rules_hash(chosen, extra),
        )

    def score_inputs(
        self, codes: list[str]
    ) -> tuple[dict[str, float], dict[str, str], frozenset[str]]:
        """Weight and category of each selected rule, and the rules whose findings say what
        could not be checked, worked out once per selection."""
        key = tuple(codes)
        hit = self._score_inputs.get(key)
        if hit is None:
            rules, weights = self.compiled.rules, self.config.file.weights
            hit = (
                {c: weights.get(c, rules[c].weight) for c in codes},
                {c: rules[c].category for c in codes},
                frozenset(c for c in codes if not rules[c].defect),
            )
            self._score_inputs[key] = hit
        return hit

    def with_backend(self, name: str) -> RuleContext:
        return dataclasses.replace(self, backend_name=name)


def audit_report(report: Report, display: str, ctx: RuleContext) -> ReportResult:
    from .backends import get_backend
    from .evaluate import RuleSettings, evaluate_report
    from .rulebook import selector_matches

    cfg = ctx.config
    codes = ctx.codes
    reason = not_report_reason(report)
    if reason is not None:
        return not_report_result(report, display, reason, ctx)
    path_ignores = cfg.ignored_for_path(display)
    if path_ignores:
        rules = ctx.compiled.rules
        codes = [c for c in codes if not any(selector_matches(s, rules[c]) for s in path_ignores)]
    try:
        backend = get_backend(ctx.compiled, ctx.backend_name)
        outcomes, findings = evaluate_report(
            report, ctx.compiled, backend, codes, RuleSettings(severity=cfg.file.severity)
        )
    except Exception as exc:  # noqa: BLE001 - never drop a report
        outcomes = [
            Outcome(rule=c, status="error", reason=f"{type(exc).__name__}: {exc}") for c in codes
        ]
        findings = []
    if any(i.code == "internal" for i in report.parse_issues):
        outcomes, findings = _internal(outcomes, findings, ctx)
    return score_result(report, display, outcomes, findings, ctx)


INTERNAL_REASON = "解析程序内部出错，本规则未检查（请向 gaorpt-audit 维护者报告此文件）"
_REPORT_IT = "请将此文件报告给 gaorpt-audit 的维护者"


def _internal(
    outcomes: list[Outcome], findings: list[Any], ctx: RuleContext
) -> tuple[list[Outcome], list[Any]]:
    """A parser stage crashed: only the parse rules' findings (PRS003 says what crashed)
    stand; every other rule is an ``error`` outcome, not a cascade of "section missing"
    findings blamed on the publisher. The report's status is then error (exit 2)."""
    _, categories, _ = ctx.score_inputs([o.rule for o in outcomes])
    kept = [
        o
        if categories.get(o.rule) == "parse"
        else Outcome(rule=o.rule, status="error", reason=INTERNAL_REASON)
        for o in outcomes
    ]
    return kept, [f for f in findings if f.category == "parse"]


# Words every annual report on open government information uses somewhere.
_REPORT_WORDS = ("信息公开",)


def not_report_reason(report: Report) -> str | None:
    """Why the file is no annual report at all, or None: a workbook or config file (ingest
    says so), or a readable document with no report title, none of the six sections, no
    table and not a word of 信息公开 (a 春节安全生产 notice). An unreadable or crashed
    file stays a report with its PRS finding: it may well be one."""
    from .model import UNREADABLE_ISSUES

    if report.not_report:
        return report.not_report
    if any(i.code in UNREADABLE_ISSUES or i.code == "internal" for i in report.parse_issues):
        return None
    if report.title or report.sections or report.tables or not report.line_text:
        return None
    if any(w in text for text in report.line_text.values() for w in _REPORT_WORDS):
        return None
    return (
        "不是政府信息公开工作年度报告（没有报告标题、六个部分的标题和统计表，也未提及政府信息公开）"
    )


def not_report_result(report: Report, display: str, reason: str, ctx: RuleContext) -> ReportResult:
    """Listed with why, never scored, graded or ranked; no rule applies to it."""
    from . import scoring

    why = "不是年度报告"
    outcomes = [Outcome(rule=c, status="not_applicable", reason=why) for c in ctx.codes]
    return ReportResult(
        path=display,
        publisher=report.publisher,
        title=report.title,
        year=report.year,
        format=report.format,
        source_format=report.source_format,
        score=0.0,
        grade="—",
        status="not_report",
        outcomes=scoring.count(outcomes),
        outcome_list=outcomes,
        findings=[],
        note=f"{reason}：未审核、未评分，不参与排名",
    )


def score_result(
    report: Report,
    display: str,
    outcomes: list[Outcome],
    findings: list[Any],
    ctx: RuleContext,
    tables: dict[str, Any] | None = None,
) -> ReportResult:
    """The scored result of a report's outcomes and findings (also after the cross-year
    step of xyear.py has added its own)."""
    from . import scoring
    from .gate import blocks, report_status, threshold_of

    cfg = ctx.config
    codes = [o.rule for o in outcomes]
    weights, categories, unchecked = ctx.score_inputs(codes)
    value = scoring.score(outcomes, findings, categories, weights, cfg.file.scoring, unchecked)
    counts = scoring.count(outcomes)
    # the configured gate without waivers or baseline (the CLI's Gate re-applies with them)
    threshold = threshold_of(cfg.file.gate.fail_on)
    blocking = sum(blocks(f, f.fingerprint, threshold, set()) for f in findings)
    status = report_status(counts.error, blocking)
    return ReportResult(
        path=names.shown(display),  # a name that is not UTF-8: U+FFFD, its bytes kept
        path_bytes=names.raw_hex(display),
        publisher=report.publisher,
        title=report.title,
        year=report.year,
        format=report.format,
        source_format=report.source_format,
        score=value,
        grade=scoring.grade(
            value,
            cfg.file.scoring,
            has_error=any(f.severity == "error" for f in findings if not f.waived),
        ),
        status=status,
        outcomes=counts,
        outcome_list=outcomes,
        findings=findings,
        unchecked=sum(f.rule in unchecked for f in findings),
        tables=_grid_tables(report, findings) if tables is None else tables,
    )


def _grid_tables(report: Report, findings: list[Any]) -> dict[str, Any]:
    """The tables 三/四 that balance findings point at: the HTML view draws them as grids."""
    names = {f.location.table for f in findings if f.category == "balance"}
    return {n: report.tables[n] for n in sorted(names & {"三", "四"}) if n in report.tables}


def audit_file(item: Input, ctx: RuleContext) -> ReportResult:
    return audit_file_kept(item, ctx)[0]


def audit_file_kept(item: Input, ctx: RuleContext) -> tuple[ReportResult, Report]:
    """One file and its parsed report, read and checked under the configured limits
    ([limits]): past its time, or out of memory, it is one ``limit_exceeded`` issue (PRS001);
    a parser crash is an ``internal`` issue (PRS003). Never an exception, never a dropped
    file. The result carries the OCR and conversion time of the file (--statistics)."""
    from .ingest.ocr import ocr_seconds
    from .ingest.office import conversion_seconds

    before = ocr_seconds(), conversion_seconds()
    result, report = _audit_file_kept(item, ctx)
    spent = {"ocr": ocr_seconds() - before[0], "conversion": conversion_seconds() - before[1]}
    result.ingest_seconds = {k: v for k, v in spent.items() if v > 0}
    return result, report


def _audit_file_kept(item: Input, ctx: RuleContext) -> tuple[ReportResult, Report]:
    from .ingest.limits import FileTimeout, enforced, memory_message

    limits = getattr(ctx.config, "limits", None)
    if item.failure is not None:  # listed by fetch's manifest.json: never downloaded
        report = _issue_report(item, "unreadable", item.failure)
        return audit_report(report, item.display, ctx), report
    try:
        with enforced(limits) as budget:
            try:
                report = parse_file(item.path, item.display)
            except MemoryError:
                report = _issue_report(item, "limit_exceeded", memory_message(budget.limits))
            except Exception as exc:  # noqa: BLE001 - a parser crash still yields a result
                why = f"读取文件时程序出错（技术细节：{type(exc).__name__}: {exc}）"
                report = _issue_report(item, "internal", f"{why}：{_REPORT_IT}")
            return audit_report(report, item.display, ctx), report
    except FileTimeout as exc:
        report = _issue_report(item, "limit_exceeded", str(exc))
        return audit_report(report, item.display, ctx), report


def _issue_report(item: Input, code: str, message: str) -> Report:
    from .model import ParseIssue

    return Report(path=item.display, parse_issues=[ParseIssue(code=code, message=message)])
