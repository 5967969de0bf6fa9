"""The generic driver: facts + backend matches -> outcomes and findings for one report.

Every (report, rule) pair ends ``passed``, ``failed``, ``not_applicable`` (with the reason:
which input is missing, or which condition did not hold) or ``error``. Applicability is
decided here from the facts, identically for both backends; the backend only says which
compiled rules matched, and the rule's check kind (checks/) explains each match. Nothing
here knows what a kind means.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .backends import Backend
from .checks import REGISTRY
from .checks.base import Match
from .checks.compiler import Compiled, Instance
from .checks.inputs import problem as input_problem
from .corroborate import ClaimCells
from .facts import FactBase, build_facts
from .findings import build_finding, finding_sort_key
from .model import UNREADABLE_ISSUES, Finding, Outcome, Report, Severity
from .ocrtrust import mark_findings as mark_ocr_findings
from .ocrtrust import screen as screen_ocr
from .suggestions import attach as attach_suggestions


@dataclass
class RuleSettings:
    """Per-run overrides from the configuration."""

    severity: Mapping[str, Severity] = field(default_factory=dict)


def _unreadable(report: Report) -> str | None:
    """The code of the issue that made the file unreadable, if any (once per report)."""
    return next((i.code for i in report.parse_issues if i.code in UNREADABLE_ISSUES), None)


def applies(rule: Any, report: Report, unread: str | None) -> str | None:
    """Why a rule does not apply to this report (None when it does)."""
    if rule.category != "parse" and unread is not None:
        # One finding (PRS001) says why an unreadable file was not checked, rather than a
        # cascade of "missing section/table/date" findings about content never read.
        return f"the file could not be read ({unread})"
    a = rule.applies
    if report.format not in a.formats:
        return f"format {report.format} not in {', '.join(a.formats)}"
    if a.from_year is not None or a.to_year is not None:
        if report.year is None:
            return "report year unknown"
        if a.from_year is not None and report.year < a.from_year:
            return f"report year {report.year} before {a.from_year}"
        if a.to_year is not None and report.year > a.to_year:
            return f"report year {report.year} after {a.to_year}"
    if report.publisher_kind not in a.publisher_kinds:
        return f"publisher kind {report.publisher_kind} not in {', '.join(a.publisher_kinds)}"
    return None


def evaluate_report(
    report: Report,
    compiled: Compiled,
    backend: Backend,
    codes: list[str] | None = None,
    settings: RuleSettings | None = None,
) -> tuple[list[Outcome], list[Finding]]:
    """Outcomes (one per selected rule, sorted by code) and sorted findings of one report."""
    settings = settings or RuleSettings()
    codes = sorted(codes if codes is not None else compiled.rules)
    report = screen_ocr(report)  # OCR'd tables: misread-looking cells out of the checks
    base = build_facts(report, compiled.plan)
    try:
        matches = backend.run(base.items)
        engine_error = None
    except Exception as exc:  # noqa: BLE001 - one report's engine failure is an outcome
        matches, engine_error = [], f"{backend.name} backend failed: {type(exc).__name__}: {exc}"
    fired: dict[str, list[Any]] = defaultdict(list)
    for m in matches:
        fired[m[0]].append(m)
    plan = _plan(compiled)
    run = _Run(base)
    unread = _unreadable(report)
    outcomes: list[Outcome] = []
    findings: list[Finding] = []
    for code in codes:
        rule = compiled.rules[code]
        reason = applies(rule, report, unread)
        if reason:
            outcomes.append(_outcome(code, "not_applicable", reason))
            continue
        if engine_error:
            outcomes.append(_outcome(code, "error", engine_error))
            continue
        try:
            status, why, found = _rule_outcome(rule, plan.get(code, []), fired, run, settings)
        except Exception as exc:  # noqa: BLE001 - a bug in one rule must not stop the report
            status, why, found = "error", f"{type(exc).__name__}: {exc}", []
        outcomes.append(_outcome(code, status, why))
        findings.extend(found)
    findings.sort(key=finding_sort_key)
    if findings:  # the cell to correct, on the balance findings of tables 三/四 (repair.py)
        findings = attach_suggestions(
            findings,
            report,
            lambda c: _identity(compiled, c),
            _claim_links(compiled),
            lambda c: c in compiled.rules and compiled.rules[c].check.kind == "blank_cells",
        )
        findings = mark_ocr_findings(findings, report)
    return outcomes, findings


def _identity(compiled: Compiled, code: str) -> str | None:
    rule = compiled.rules[code]
    return rule.identity if rule.check.kind == "equation" else None


_LINKS: dict[str, tuple[Compiled, tuple[ClaimCells, ...]]] = {}


def _claim_links(compiled: Compiled) -> tuple[ClaimCells, ...]:
    """The claims the consistency rules equate with cells (``claim_total`` with cells or
    targets; ``implies`` with ``value = "claim"``, op eq): the narrative's witnesses for a
    repair (corroborate.py). Once per compiled ruleset."""
    hit = _LINKS.get(compiled.hash)
    if hit is not None and hit[0] is compiled:
        return hit[1]
    links = []
    for code in sorted(compiled.rules):
        chk = compiled.rules[code].check
        if chk.kind == "claim_total" and chk.parts is None:
            groups = chk.targets.items() if chk.targets else [(None, chk.cells)]
            for target, refs in groups:
                links.append(ClaimCells(chk.claim, target, tuple(map(_ref, refs))))
        elif chk.kind == "implies" and chk.when.claim is not None and not chk.when.part:
            for c in chk.then:
                if c.ref is not None and c.value == "claim" and c.op == "eq":
                    links.append(ClaimCells(chk.when.claim, None, (_ref(c.ref),)))
    _LINKS[compiled.hash] = (compiled, tuple(links))
    return _LINKS[compiled.hash][1]


def _ref(r: Any) -> str:
    return f"{r.table}.{r.row}[{r.col}]"


# --------------------------------------------------------------------------- the plan

_Key = Any  # what an input's problem depends on (memoised per report), or None


@dataclass(frozen=True)
class _Step:
    """One instance with its inputs pre-sorted: the (table, row, col) of its single-cell
    inputs, checked at once against the usable cells, and the rest, checked one by one."""

    inst: Instance
    cells: frozenset[tuple[str, str, str]]
    others: tuple[tuple[Any, _Key], ...]
    inputs: tuple[tuple[Any, _Key], ...]  # every input, in order (the slow path)


_PLANS: dict[str, tuple[Compiled, dict[str, list[_Step]]]] = {}


def _plan(compiled: Compiled) -> dict[str, list[_Step]]:
    """The steps of every rule, once per compiled ruleset."""
    hit = _PLANS.get(compiled.hash)
    if hit is not None and hit[0] is compiled:
        return hit[1]
    plan: dict[str, list[_Step]] = defaultdict(list)
    for inst in compiled.instances:
        rule = compiled.rules.get(inst.code)
        identity = rule.identity if rule else None
        inputs = tuple((n, _need_key(n, identity)) for n in inst.needs)
        cells = frozenset(k[1] for _, k in inputs if k is not None and k[0] == "cell")
        others = tuple((n, k) for n, k in inputs if k is None or k[0] != "cell")
        plan[inst.code].append(_Step(inst, cells, others, inputs))
    _PLANS[compiled.hash] = (compiled, dict(plan))
    return _PLANS[compiled.hash][1]


def _need_key(need: tuple[Any, ...], identity: str | None) -> _Key:
    """Inputs shared by several rules are checked once per report. A single cell's key is
    ``("cell", (table, row, col), identity)``: the fast path looks it up among the
    report's usable number cells."""
    if need[0] == "cell":
        return ("cell", need[1].key, identity)
    if need[0] == "any_cell":
        return ("any_cell", *need[1].key, identity)
    try:
        hash(need)
    except TypeError:
        return None  # not memoised
    return need


class _Run:
    """Per report: the facts, memoised input problems, cells inferred per identity."""

    def __init__(self, base: FactBase) -> None:
        self.base = base
        self.memo: dict[Any, str | None] = {}
        self.inferred: dict[str, set[tuple[str, str, str]]] = {}
        for key, by in base.usable.items():
            if by:
                self.inferred.setdefault(by, set()).add(key)


_UNSET = object()
_VALIDATE_OUTCOME = Outcome.__pydantic_validator__.validate_python


def _outcome(code: str, status: str, reason: str | None) -> Outcome:
    # The model's own validator on a dict: the same checks and the same instance as
    # Outcome(...) without the keyword packing of __init__ (measured faster).
    return _VALIDATE_OUTCOME({"rule": code, "status": status, "reason": reason})


def _first_problem(step: _Step, rule: Any, run: _Run, own: Any) -> str | None:
    base, memo = run.base, run.memo
    usable = base.usable
    # Fast path: every single-cell input is a usable number cell (and none was inferred
    # from the rule's own identity), so the first problem is among the other inputs.
    if usable.keys() >= step.cells and (not own or own.isdisjoint(step.cells)):
        pairs: Any = step.others
    else:
        pairs = step.inputs
    for need, key in pairs:
        if key is not None and key[0] == "cell":
            # a usable number cell has no problem unless the rule's own identity inferred it
            inferred = usable.get(key[1], _UNSET)
            if inferred is not _UNSET and not (key[2] and inferred == key[2]):
                continue
        p = memo.get(key, _UNSET) if key is not None else _UNSET
        if p is _UNSET:
            p = input_problem(base, need, rule.identity)
            if key is not None:
                memo[key] = p
        if p:
            return p  # type: ignore[return-value]
    return None


def _rule_outcome(
    rule: Any,
    steps: list[_Step],
    fired: dict[str, list[Any]],
    run: _Run,
    settings: RuleSettings,
) -> tuple[str, str | None, list[Finding]]:
    kind = REGISTRY[rule.check.kind]
    reasons: list[str] = []
    evaluated = 0
    found: dict[str, Finding] = {}
    seen: set[str] = set()  # kind.dedupe keys already explained
    severity = settings.severity.get(rule.code, rule.severity)
    own: Any = run.inferred.get(rule.identity, ()) if rule.identity else ()
    for step in steps:
        inst = step.inst
        problem = _first_problem(step, rule, run, own)
        if problem:
            reasons.append(problem)
            continue
        if inst.when_name and not fired.get(inst.when_name):
            reasons.append(inst.when_reason or "condition not met")
            continue
        evaluated += 1
        for name in inst.fail_names:
            done = False
            for _, ids in fired.get(name, ()):
                match = Match(run.base, ids)
                if kind.dedupe is not None:
                    key = kind.dedupe(inst, match)
                    if key in seen:
                        continue
                    seen.add(key)
                ex = kind.explain(rule, inst, match, run.base)
                f = build_finding(rule, severity, ex, run.base)
                found.setdefault(f.fingerprint, f)
                if kind.one_per_instance:
                    done = True  # every match of the instance gives this same finding
                    break
            if done:
                break
    if found:
        return "failed", None, list(found.values())
    if evaluated:
        return "passed", None, []
    uniq = list(dict.fromkeys(reasons))
    why = "; ".join(uniq[:3]) + (f" (+{len(uniq) - 3} more)" if len(uniq) > 3 else "")
    return "not_applicable", why or "nothing to check", []
