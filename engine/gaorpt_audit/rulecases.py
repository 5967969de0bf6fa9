"""Rule case files (``<CODE>.cases.toml``): named pass/fail cases with exact expected findings.

A case gives its report as an excerpt of report text (parsed by the real ingest + parse
pipeline), as a fixture path relative to the repository, or as a ``report`` table written
in a compact form (tables as rows of numbers in canonical column order, sections as keys),
which tests a rule independently of the parser. pytest collects every case
(tests/test_rule_cases.py) and ``gaorpt-audit test-rules DIR`` runs them for any pack.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .backends import get_backend
from .checks import compile_cached
from .evaluate import evaluate_report
from .keys import SECTION_NUMBERS, SECTION_TITLES, T3_COLUMNS, T4_COLUMNS
from .model import Cell, Claim, DatedLine, Finding, ParseIssue, Period, Report, Section, Table
from .rulebook import Rule, RuleError
from .tomlfiles import TomlError, format_validation_error, read_toml

NA_MARKS = {"—", "-", "/", "无", "－", "–", "不适用"}


class ExpectedFinding(BaseModel):
    model_config = ConfigDict(extra="forbid")
    message: str | None = None
    severity: str | None = None
    location: dict[str, Any] | None = None
    expected: Any = None
    actual: Any = None


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    expect: Literal["passed", "failed", "not_applicable"]
    reason: str | None = None  # substring of the not_applicable reason
    text: str | None = None
    text_format: Literal["txt", "md", "html"] = "txt"
    fixture: str | None = None
    report: dict[str, Any] | None = None
    # crossyear rules: the publisher's other reports (compact tables or fixture paths)
    others: list[dict[str, Any] | str] = []
    findings: list[ExpectedFinding] = []

    @model_validator(mode="after")
    def _one_input(self) -> Case:
        if sum(x is not None for x in (self.text, self.fixture, self.report)) != 1:
            raise ValueError("give exactly one of text, fixture, report")
        if self.expect == "failed" and not self.findings:
            raise ValueError("a failing case lists its exact expected findings")
        if self.expect != "failed" and self.findings:
            raise ValueError("only a failing case has findings")
        return self


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    case: list[Case] = Field(min_length=1)


@dataclass
class CaseResult:
    rule: str
    name: str
    ok: bool
    problems: list[str] = field(default_factory=list)


def load_cases(path: Path) -> list[Case]:
    try:
        text, data = read_toml(path)
    except TomlError as exc:
        raise RuleError(str(exc)) from None
    try:
        return CaseFile.model_validate(data).case
    except ValidationError as exc:
        raise RuleError(format_validation_error(path, text, exc)) from None


# --------------------------------------------------------------------------- compact reports


def _cell(value: Any, line: int | None) -> Cell:
    if isinstance(value, bool):
        return Cell(raw=str(value), kind="text", line=line)
    if isinstance(value, int | float):
        return Cell(raw=str(value), value=value, kind="number", line=line)
    if isinstance(value, dict):
        return Cell(**{"line": line, **value})
    s = str(value).strip()
    if not s:
        return Cell(raw=str(value), kind="blank", line=line)
    if s in NA_MARKS:
        return Cell(raw=s, kind="na", line=line)
    return Cell(raw=s, kind="text", line=line)


def _table(name: str, spec: dict[str, Any]) -> Table:
    spec = dict(spec)
    layout = spec.pop("layout", "unknown")
    line = spec.pop("line", None)
    labels = spec.pop("labels", [])
    columns = T4_COLUMNS if name == "四" else T3_COLUMNS
    rows: dict[str, dict[str, Cell]] = {}
    for i, (row, values) in enumerate(spec.items()):
        cline = line + i + 1 if isinstance(line, int) else None
        if isinstance(values, list):
            if len(values) != len(columns):
                raise ValueError(
                    f"table {name} row {row}: {len(values)} values, need {len(columns)}"
                )
            rows[row] = {c: _cell(v, cline) for c, v in zip(columns, values, strict=True)}
        else:
            rows[row] = {c: _cell(v, cline) for c, v in values.items()}
    return Table(name=name, layout=layout, line=line, rows=rows, labels=labels)  # type: ignore[arg-type]


def case_report(data: dict[str, Any], path: str = "case") -> Report:
    """Build a Report from the compact ``report`` table of a case."""
    d = dict(data)
    d.setdefault("path", path)
    tables = {name: _table(name, spec) for name, spec in d.pop("tables", {}).items()}
    sections = []
    for i, s in enumerate(d.pop("sections", []), 1):
        if isinstance(s, str):
            s = {"key": s}
        key = s["key"]
        sections.append(
            Section(
                number=s.get("number", SECTION_NUMBERS.get(key)),
                key=key,
                title=s.get("title", SECTION_TITLES.get(key, key)[2:]),
                line=s.get("line", i),
                text=s.get("text", ""),
            )
        )
    if "signed" in d:
        raw = d.pop("signed")
        line = d.pop("signed_line", None)
        try:
            date: dt.date | None = dt.date.fromisoformat(str(raw))
            valid = True
        except ValueError:
            date, valid = None, False
        d["signed"] = DatedLine(date=date, raw=str(raw), line=line, valid=valid)
    if "period" in d:
        start, end = d.pop("period")
        d["period"] = Period(
            start=dt.date.fromisoformat(start),
            end=dt.date.fromisoformat(end),
            raw=f"{start}..{end}",
        )
    claims = [Claim(**{"text": "", "line": 1, **c}) for c in d.pop("claims", [])]
    issues = [ParseIssue(**i) for i in d.pop("parse_issues", [])]
    lines = {int(k): v for k, v in d.pop("lines", {}).items()}
    report = Report(**d, tables=tables, sections=sections, claims=claims, parse_issues=issues)
    report.line_text = lines
    return report


def case_input(case: Case, case_file: Path, repo_root: Path) -> Report:
    from .pipeline import parse_file

    if case.report is not None:
        return case_report(case.report, f"{case_file.name}#{case.name}")
    if case.fixture is not None:
        return parse_file(repo_root / case.fixture, case.fixture)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / f"case.{case.text_format}"
        p.write_text(case.text or "", encoding="utf-8")
        return parse_file(p, f"{case_file.name}#{case.name}")


# --------------------------------------------------------------------------- running


def _compare(f: Finding, e: ExpectedFinding) -> list[str]:
    out = []
    if e.message is not None and f.message != e.message:
        out.append(f"message {f.message!r} != expected {e.message!r}")
    if e.severity is not None and f.severity != e.severity:
        out.append(f"severity {f.severity} != {e.severity}")
    if e.location is not None:
        got = f.location.model_dump()
        for k, v in e.location.items():
            if got.get(k) != v:
                out.append(f"location.{k} {got.get(k)!r} != {v!r}")
    if "expected" in e.model_fields_set and f.expected != e.expected:
        out.append(f"expected {f.expected!r} != {e.expected!r}")
    if "actual" in e.model_fields_set and f.actual != e.actual:
        out.append(f"actual {f.actual!r} != {e.actual!r}")
    return out


def run_case(
    rule: Rule, case: Case, case_file: Path, repo_root: Path, backend: str | None = None
) -> CaseResult:
    if case.fixture is not None and not (repo_root / case.fixture).is_file():
        # A missing file would be audited as an unreadable report and pass or fail for
        # the wrong reason; say what is missing instead.
        return CaseResult(
            rule.code, case.name, False, [f"fixture {case.fixture} not found in {repo_root}"]
        )
    compiled = compile_cached([rule])
    report = case_input(case, case_file, repo_root)
    outcomes, findings = evaluate_report(report, compiled, get_backend(compiled, backend))
    if rule.check.kind == "crossyear":
        outcomes, findings = _cross_year(rule, case, case_file, repo_root, report, outcomes)
    outcome = outcomes[0]
    problems = []
    if outcome.status != case.expect:
        detail = f" ({outcome.reason})" if outcome.reason else ""
        problems.append(f"outcome {outcome.status}{detail}, expected {case.expect}")
    if case.reason and case.reason not in (outcome.reason or ""):
        problems.append(f"reason {outcome.reason!r} does not contain {case.reason!r}")
    if len(findings) != len(case.findings):
        problems.append(
            f"{len(findings)} findings, expected {len(case.findings)}: "
            + "; ".join(f.message for f in findings)
        )
    else:
        for i, (f, e) in enumerate(zip(findings, case.findings, strict=True)):
            problems.extend(f"finding {i + 1}: {p}" for p in _compare(f, e))
    return CaseResult(rule.code, case.name, not problems, problems)


def _cross_year(
    rule: Rule, case: Case, case_file: Path, repo_root: Path, report: Report, outcomes: list[Any]
) -> tuple[list[Any], list[Finding]]:
    """The cross-year step of a case: its report against ``others`` (the same publisher,
    unless an other names a publisher of its own: then a peer of the run)."""
    from .carry import trim
    from .checks.inputs import CROSSYEAR_REASON
    from .pipeline import parse_file
    from .xyear import RunView, evaluate_rule, group

    if outcomes[0].reason != CROSSYEAR_REASON:
        return outcomes, []
    current = trim(report)
    run = [current]
    for i, other in enumerate(case.others):
        if isinstance(other, str):
            if not (repo_root / other).is_file():
                raise RuleError(f"{case_file}: case {case.name!r}: {other} not found")
            o = parse_file(repo_root / other, other)
        else:
            o = case_report(other, f"{case_file.name}#{case.name}#{i}")
            if o.publisher is None:
                o.publisher = report.publisher
        run.append(trim(o))
    if current.publisher is None:  # a compact case report: one publisher with its others
        current.publisher = next((o.publisher for o in run[1:] if o.publisher), None) or "case"
        for o in run[1:]:
            o.publisher = o.publisher or current.publisher
    keys, series = group(run)
    years = series.get(keys.get(current.publisher or "", ""), {})
    others = RunView(run, [], keys).others(current)
    outcome, findings = evaluate_rule(rule, rule.severity, current, years, None, others)
    return [outcome], findings


def case_file_for(rule: Rule) -> Path | None:
    if not rule.source:
        return None
    p = Path(rule.source)
    cases = p.with_name(f"{p.stem}.cases.toml")
    return cases if cases.is_file() else None
