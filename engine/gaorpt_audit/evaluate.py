"""Matches -> outcomes and findings for one report.

Every (report, rule) pair ends ``passed``, ``failed``, ``not_applicable`` (with the reason:
which input is missing, or which condition did not hold) or ``error``. Applicability is
decided here, from the Report, identically for both backends; the backend only says which
compiled rules matched. Findings are frozen, carry expected/actual and a fingerprint that
depends on the rule, the report identity and the logical location (never the line).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import kinds
from .backends import Backend, Match
from .backends.compile import Compiled, Instance
from .evidence import LIMIT as EVIDENCE_LIMIT
from .evidence import excerpt
from .facts import _cell_problem, _expand, build_facts, iter_expand
from .model import (
    UNREADABLE_ISSUES,
    Finding,
    Location,
    Outcome,
    ParseIssue,
    Report,
    Severity,
)
from .rulebook import (
    COLUMN_LABELS,
    ROW_LABELS,
    SECTION_NUMBERS,
    SECTION_TITLES,
    TABLE_NAMES,
    IssueCheck,
    Ref,
    Rule,
)

OP_SYMBOLS = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
FIELD_LABELS = {
    "title": "标题",
    "publisher": "发布机关",
    "year": "报告年度",
    "period": "统计期限",
    "signed": "落款日期",
}
TABLE_CODES = {name: code for code, name in TABLE_NAMES.items()}
CROSSYEAR_REASON = (
    "cross-year checks compare consecutive reports of one publisher; their evaluation "
    "comes in a later release"
)


@dataclass
class RuleSettings:
    """Per-run overrides from the configuration."""

    severity: Mapping[str, Severity] = field(default_factory=dict)


class _Slots(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _fmt(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def report_identity(report: Report) -> str:
    if report.publisher and report.year is not None:
        return f"{report.publisher}|{report.year}"
    return report.path


def fingerprint(code: str, report: Report, logical: str) -> str:
    raw = f"{code}\x1f{report_identity(report)}\x1f{logical}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


class _Ctx:
    def __init__(self, report: Report, facts: list[dict[str, Any]]) -> None:
        self.report = report
        self.facts = facts
        self.sums: dict[str, dict[str, Any]] = {}
        self.dates: dict[str, dict[str, Any]] = {}
        self.matches: dict[str, dict[str, Any]] = {}
        self.problems: dict[tuple[Any, ...], str | None] = {}  # per report, by input
        self.memo: dict[Any, str | None] = {}  # per report: input key -> problem
        self.claims: set[tuple[str, str | None]] | None = None  # kinds.usable_claims, lazily
        # (table code, row, col) -> inferred_by of every cell holding a usable number
        self.usable: dict[tuple[str, str, str], str | None] = {}
        # One pass over the facts (later facts of a key win, as in a dict comprehension).
        usable, codes = self.usable, TABLE_CODES
        for f in facts:
            kind = f["kind"]
            if kind == "cell":
                if "value" in f:
                    tcode = codes.get(f["table"])
                    if tcode is not None:
                        usable[(tcode, f["row"], f["col"])] = f.get("inferred_by")
            elif kind == "sum":
                self.sums[f["key"]] = f
            elif kind == "date":
                self.dates[f["name"]] = f
            elif kind == "match":
                self.matches[f["key"]] = f
        # identity -> the usable cells it inferred (a rule must not use those)
        self.inferred: dict[str, set[tuple[str, str, str]]] = {}
        for key, by in usable.items():
            if by:
                self.inferred.setdefault(by, set()).add(key)

    def cell_value(self, ref: Ref) -> int | float:
        cell = self.report.tables[TABLE_NAMES[ref.table]].rows[ref.row][ref.col]
        return cell.value or 0  # only called on cells that passed cell_problem

    def cell_line(self, ref: Ref) -> int | None:
        table = self.report.tables.get(TABLE_NAMES[ref.table])
        cell = table.cell(ref.row, ref.col) if table else None
        return cell.line if cell else None

    def side(self, refs: list[Ref]) -> tuple[int | float, str]:
        tables = self.report.tables
        values = [
            tables[TABLE_NAMES[r.table]].rows[row][col].value or 0  # cells passed cell_problem
            for r in refs
            for row, col in _expand(r.table, r.row, r.col, self.report)
        ]
        total = sum(values)
        if isinstance(total, float):
            total = round(total, 6)
        return total, " + ".join(_fmt(v) for v in values)

    def problem(self, need: tuple[Any, ...], rule: Rule) -> str | None:
        kind = need[0]
        if kind == "cell":
            ref = need[1]
            key = (ref.table, ref.row, ref.col, rule.identity)
            if key not in self.problems:  # many rules read the same cells
                self.problems[key] = _cell_problem(self.report, *key)
            return self.problems[key]
        if kind == "any_cell":
            ref = need[1]
            pairs = iter_expand(ref.table, ref.row, ref.col, self.report)
            if any(
                _cell_problem(self.report, ref.table, r, c, rule.identity) is None for r, c in pairs
            ):
                return None
            name = TABLE_NAMES[ref.table]
            return (
                f"table {name} not found"
                if name not in self.report.tables
                else f"no number in {ref}"
            )
        if kind == "sum":
            f = self.sums.get(need[1])
            return None if f and "value" in f else (f or {}).get("missing", "sum not computed")
        if kind == "date":
            if need[1] in self.dates:
                return None
            return f"no valid date {need[1]} found in the report"
        if kind == "year":
            return None if self.report.year is not None else "report year unknown"
        if kind == "layout":
            table = self.report.tables.get(need[1])
            if table is None:
                return f"table {need[1]} not found"
            return (
                None if table.layout in ("2019", "2021") else f"layout of table {need[1]} unknown"
            )
        if kind == "match":
            f = self.matches.get(need[1])
            return None if f and "matched" in f else "the text to search was not found"
        if kind == "crossyear":
            return CROSSYEAR_REASON
        if kind == "claim":
            if self.claims is None:
                self.claims = kinds.usable_claims(self.report)
            return kinds.claim_problem(self.claims, need)
        if kind in kinds.NEEDS:
            return kinds.need_problem(self.report, need)
        return f"unknown input {kind}"


def _unreadable(report: Report) -> str | None:
    """The code of the issue that made the file unreadable, if any (once per report)."""
    return next((i.code for i in report.parse_issues if i.code in UNREADABLE_ISSUES), None)


_NOT_GIVEN: Any = object()


def _applies(rule: Rule, report: Report, unread: str | None = _NOT_GIVEN) -> str | None:
    if rule.category != "parse":
        # One finding (PRS001) says why an unreadable file was not checked, rather than a
        # cascade of "missing section/table/date" findings about content never read.
        if unread is _NOT_GIVEN:
            unread = _unreadable(report)
        if unread is not None:
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
    facts = build_facts(report, compiled.plan)
    try:
        matches = backend.run(facts)
        engine_error = None
    except Exception as exc:  # noqa: BLE001 - one report's engine failure is an outcome
        matches, engine_error = [], f"{backend.name} backend failed: {type(exc).__name__}: {exc}"
    fired: dict[str, list[Match]] = defaultdict(list)
    for m in matches:
        fired[m[0]].append(m)
    _, by_code, need_keys, cell_sets = _grouped(compiled)
    ctx = _Ctx(report, facts)
    unread = _unreadable(report)
    outcomes: list[Outcome] = []
    findings: list[Finding] = []
    for code in codes:
        rule = compiled.rules[code]
        reason = _applies(rule, report, unread)
        if reason:
            outcomes.append(_outcome(code, "not_applicable", reason))
            continue
        if engine_error:
            outcomes.append(_outcome(code, "error", engine_error))
            continue
        try:
            status, why, found = _rule_outcome(
                rule,
                by_code.get(code, []),
                fired,
                ctx,
                settings,
                need_keys.get(code),
                cell_sets.get(code),
            )
        except Exception as exc:  # noqa: BLE001 - a bug in one rule must not stop the report
            status, why, found = "error", f"{type(exc).__name__}: {exc}", []
        outcomes.append(_outcome(code, status, why))
        findings.extend(found)
    findings.sort(key=finding_sort_key)
    return outcomes, findings


# per instance: its single-cell input keys, and its other (need, key) pairs in order
_Fast = tuple[frozenset[tuple[str, str, str]], tuple[tuple[Any, Any], ...]]
_Grouped = tuple[
    Compiled,
    dict[str, list[Instance]],
    dict[str, list[Any]],
    dict[str, list[_Fast]],
]
_BY_CODE: dict[str, _Grouped] = {}


def _instances_by_code(compiled: Compiled) -> dict[str, list[Instance]]:
    """The compiled instances grouped by rule code, once per compiled ruleset."""
    return _grouped(compiled)[1]


def _grouped(compiled: Compiled) -> _Grouped:
    hit = _BY_CODE.get(compiled.hash)
    if hit is not None and hit[0] is compiled:
        return hit
    by_code: dict[str, list[Instance]] = defaultdict(list)
    keys: dict[str, list[Any]] = defaultdict(list)
    for inst in compiled.instances:
        by_code[inst.code].append(inst)
        rule = compiled.rules.get(inst.code)
        keys[inst.code].append(tuple(_need_key(n, rule) for n in inst.needs))
    # per instance: the (table, row, col) of its single-cell inputs, checked at once,
    # and the inputs left to check one by one when those are all usable
    cells: dict[str, list[_Fast]] = {
        code: [
            (
                frozenset(k[1] for k in inst_keys if k is not None and k[0] == "cell"),
                tuple(
                    (n, k)
                    for n, k in zip(inst.needs, inst_keys, strict=True)
                    if k is None or k[0] != "cell"
                ),
            )
            for inst, inst_keys in zip(by_code[code], code_keys, strict=True)
        ]
        for code, code_keys in keys.items()
    }
    _BY_CODE[compiled.hash] = (compiled, dict(by_code), dict(keys), cells)
    return _BY_CODE[compiled.hash]


def _need_key(need: tuple[Any, ...], rule: Rule | None) -> Any:
    """What an input's problem depends on: inputs shared by several rules are checked once.

    A single cell's key is ``("cell", (table, row, col), identity)``: the fast path looks
    the cell up among the report's usable number cells."""
    identity = rule.identity if rule else None
    if need[0] == "cell":
        ref = need[1]
        return ("cell", (ref.table, ref.row, ref.col), identity)
    if need[0] == "any_cell":
        ref = need[1]
        return ("any_cell", ref.table, ref.row, ref.col, identity)
    try:
        hash(need)
    except TypeError:
        return None  # not memoised
    return need


_UNSET = object()


_VALIDATE_OUTCOME = Outcome.__pydantic_validator__.validate_python


def _outcome(code: str, status: str, reason: str | None) -> Outcome:
    # The model's own validator on a dict: the same checks and the same instance as
    # Outcome(...) without the keyword packing of __init__ (0.6 vs 0.9 us; model_construct,
    # pure Python, 1.7 us; measured).
    return _VALIDATE_OUTCOME({"rule": code, "status": status, "reason": reason})


def finding_sort_key(f: Finding) -> tuple[Any, ...]:
    loc = f.location
    return (
        loc.line is None,
        loc.line or 0,
        f.rule,
        loc.table or "",
        loc.row or "",
        loc.column or "",
        f.message,
    )


def _rule_outcome(
    rule: Rule,
    instances: list[Instance],
    fired: dict[str, list[Match]],
    ctx: _Ctx,
    settings: RuleSettings,
    keys: list[Any] | None = None,
    cell_sets: list[_Fast] | None = None,
) -> tuple[str, str | None, list[Finding]]:
    reasons: list[str] = []
    evaluated = 0
    found: dict[str, Finding] = {}
    memo = ctx.memo
    usable = ctx.usable
    usable_keys = usable.keys()
    # cells the rule's own identity inferred: "usable" alone means "no problem" elsewhere
    own: Any = ctx.inferred.get(rule.identity, ()) if rule.identity else ()
    once = rule.check.kind in kinds.ONE_FINDING_PER_INSTANCE
    # issue findings: one per (issue code, table), or per (code, table, row) with
    # per = "row"; the first wins, later ones are not built
    issue_kind = isinstance(rule.check, IssueCheck)
    per_row = issue_kind and rule.check.per == "row"
    by_issue: set[str] = set()
    for k, inst in enumerate(instances):
        problem = None
        # Fast path: every single-cell input of the instance is a usable number cell, so
        # the first problem (if any) is among its other inputs.
        if (
            cell_sets is not None
            and usable_keys >= cell_sets[k][0]
            and (not own or own.isdisjoint(cell_sets[k][0]))
        ):
            pairs: Any = cell_sets[k][1]
        else:
            pairs = zip(inst.needs, keys[k] if keys else (None,) * len(inst.needs), strict=True)
        for n, key in pairs:
            if key is not None and key[0] == "cell":
                # A usable number cell has no problem unless the rule's own identity
                # inferred it (facts.cell_problem); only the rest take the slow path.
                inferred = usable.get(key[1], _UNSET)
                if inferred is not _UNSET and not (key[2] and inferred == key[2]):
                    continue
            p = memo.get(key, _UNSET) if key is not None else _UNSET
            if p is _UNSET:
                p = ctx.problem(n, rule)
                if key is not None:
                    memo[key] = p
            if p:
                problem = p
                break
        if problem:
            reasons.append(problem)
            continue
        if inst.when_name and not fired.get(inst.when_name):
            reasons.append(f"condition not met: {_describe_condition(inst.data['when'])}")
            continue
        evaluated += 1
        for name in inst.fail_names:
            for _, ids in fired.get(name, ()):
                bound = {alias: ctx.facts[i] for alias, i in ids if i < len(ctx.facts)}
                if issue_kind:
                    # the logical key _finding gives an issue: a repeat has its fingerprint
                    m = bound["m"]
                    logical = _issue_logical(m, per_row)
                    if logical in by_issue:
                        continue
                    by_issue.add(logical)
                f = _finding(rule, inst, bound, ctx, settings)
                found.setdefault(f.fingerprint, f)
                if once:
                    break  # every match of the instance gives this same finding
            else:
                continue
            break
    if found:
        return "failed", None, list(found.values())
    if evaluated:
        return "passed", None, []
    uniq = list(dict.fromkeys(reasons))
    why = "; ".join(uniq[:3]) + (f" (+{len(uniq) - 3} more)" if len(uniq) > 3 else "")
    return "not_applicable", why or "nothing to check", []


def _describe_condition(c: Any) -> str:
    if c.claim:
        return f"the report makes no claim {c.claim}"
    if c.no_claim:
        return f"the report makes a claim {c.no_claim}"
    return f"{c.ref} {OP_SYMBOLS[c.op]} {c.value} does not hold"


def _labels(slots: dict[str, Any], row: str | None, col: str | None) -> None:
    if row:
        slots["row"] = row
        slots["row_label"] = ROW_LABELS.get(row, row)
    if col:
        slots["col"] = col
        slots["column"] = slots["column_label"] = COLUMN_LABELS.get(col, col)


def _finding(
    rule: Rule, inst: Instance, bound: dict[str, dict[str, Any]], ctx: _Ctx, settings: RuleSettings
) -> Finding:
    report = ctx.report
    slots: dict[str, Any] = _Slots(
        code=rule.code,
        name=rule.name,
        publisher=report.publisher or "",
        year=report.year if report.year is not None else "",
        format=report.format,
    )
    loc: dict[str, Any] = {}
    logical = inst.key
    expected: Any = None
    actual: Any = None
    kind = rule.check.kind
    d = inst.data
    if kind == "equation":
        lhs, lterms = ctx.side(d["lhs"])
        rhs, rterms = ctx.side(d["rhs"])
        first: Ref = d["lhs"][0]
        env = inst.env
        row = env.get("row") or env.get("group")
        if not row and len(d["lhs"]) == 1 and not first.is_glob:
            row = first.row
        col = env.get("col")
        if not col and len({r.col for r in d["lhs"]}) == 1 and "*" not in first.col:
            col = first.col
        _labels(slots, row, col)
        if "group" in env:
            slots["group"] = env["group"]
        slots.update(
            lhs=_fmt(lhs),
            rhs=_fmt(rhs),
            diff=_fmt(round(lhs - rhs, 6)),
            lhs_terms=lterms,
            rhs_terms=rterms,
            tolerance=_fmt(d["tolerance"]),
        )
        table = TABLE_NAMES[first.table]
        line = None if first.is_glob else ctx.cell_line(first)
        loc = {"section": table, "table": table, "row": row, "column": col, "line": line}
        expected, actual = rhs, lhs
    elif kind == "compare":
        left = bound["l"]
        _labels(slots, left["row"], left["col"])
        right = bound["r"]["value"] if "r" in bound else d["right"]
        cell = Ref(table=d["left"].table, row=left["row"], col=left["col"])
        slots.update(
            left=_fmt(left["value"]), right=_fmt(right), op=OP_SYMBOLS[d["op"]], cell=str(cell)
        )
        loc = {
            "section": left["table"],
            "table": left["table"],
            "row": left["row"],
            "column": left["col"],
            "line": left.get("line"),
        }
        logical = f"{inst.key}|{cell}"
        expected, actual = f"{OP_SYMBOLS[d['op']]} {_fmt(right)}", left["value"]
    elif kind == "required":
        what, item = d["what"], d["item"]
        label = {"section": SECTION_TITLES, "field": FIELD_LABELS}.get(what, {}).get(
            item, f"表{item}"
        )
        slots.update(item=item, label=label, what=what)
        if what == "section":
            loc = {"section": SECTION_NUMBERS[item]}
        elif what == "table":
            loc = {"section": item, "table": item}
        expected, actual = label, None
    elif kind == "date_window":
        m = bound["m"]
        rel = d["rel"]
        year = int(report.year or 0) + rel.year_offset
        try:
            bound_date = dt.date(year, rel.month, rel.day).isoformat()
        except ValueError:
            bound_date = f"{year:04d}-{rel.month:02d}-{rel.day:02d}"
        ymd = m["ymd"]
        date_s = f"{ymd // 10000:04d}-{ymd // 100 % 100:02d}-{ymd % 100:02d}"
        raw = report.signed.raw if d["date"] == "signed" and report.signed else ""
        if d["date"] != "signed" and report.period:
            raw = report.period.raw
        slots.update(date=date_s, raw=raw, bound=bound_date, side=d["side"])
        loc = {"line": m.get("line")}
        expected = ("≥ " if d["side"] == "not_before" else "≤ ") + bound_date
        actual = date_s
    elif kind == "implies":
        when, then = d["when"], d["then"]
        slots["when"] = _describe_condition(when).removeprefix("the report makes ")
        w = bound.get("w")
        if w and w.get("kind") == "claim":
            claim = _claim_at(report, w)
            slots.update(
                claim_value=_fmt(w.get("value", "")), claim_text=claim, claim_line=w["line"]
            )
        v = bound.get("v")
        if v and v.get("kind") == "cell":
            ref = Ref(table=then.ref.table, row=v["row"], col=v["col"])
            exp = w["value"] if then.value == "claim" and w else then.value
            _labels(slots, v["row"], v["col"])
            slots.update(cell=str(ref), actual=_fmt(v["value"]), expected=_fmt(exp))
            loc = {
                "section": v["table"],
                "table": v["table"],
                "row": v["row"],
                "column": v["col"],
                "line": v.get("line"),
            }
            expected, actual = f"{OP_SYMBOLS[then.op]} {_fmt(exp)}", v["value"]
            logical = f"{inst.key}|{ref}"
        elif v and v.get("kind") == "claim":
            loc = {"line": v["line"]}
            expected, actual = f"no claim {then.no_claim}", _claim_at(report, v)
        else:
            loc = {"line": w["line"]} if w and "line" in w else {}
            expected, actual = f"claim {then.claim}", None
    elif kind == "pattern":
        chk = d["chk"]
        f = ctx.matches.get(rule.code, {})
        slots.update(target=chk.target, pattern=chk.regex, matched=f.get("text", ""))
        if chk.target.startswith("section."):
            key = chk.target.removeprefix("section.")
            sec = next((s for s in report.sections if s.key == key), None)
            loc = {"section": SECTION_NUMBERS[key], "line": sec.line if sec else None}
        expected = f"{'matches' if chk.must_match is not None else 'does not match'} {chk.regex}"
        actual = f.get("text")
    elif kind == "format":
        m = bound["m"]
        exp = "2021" if (report.year or 0) >= d["from"] else "2019"
        slots.update(table=m["name"], layout=m["layout"], expected=exp)
        loc = {"section": m["name"], "table": m["name"], "line": m.get("line")}
        expected, actual = exp, m["layout"]
    elif kind == "issue":
        m = bound["m"]
        per_row = isinstance(rule.check, IssueCheck) and rule.check.per == "row"
        issue = _issue_of(report, m, per_row)
        slots.update(
            issue=m["code"],
            issue_message=issue.message if issue else "",
            table=m.get("table", ""),
            line=m.get("line", ""),
        )
        loc = {"table": m.get("table"), "section": m.get("table"), "line": m.get("line")}
        if per_row and issue is not None:
            _labels(slots, issue.row, None)
            loc.update(row=issue.row, column=issue.column)
        logical = _issue_logical(m, per_row)
        actual = m["code"]
    elif kind in kinds.KINDS:
        extra, loc, logical, expected, actual = kinds.finding_parts(rule, d, bound, report)
        slots.update(extra)
    line = loc.get("line")
    if line is not None and loc.get("page") is None:
        loc = {**loc, "page": report.line_page.get(line)}
    return Finding(
        rule=rule.code,
        name=rule.name,
        category=rule.category,
        severity=settings.severity.get(rule.code, rule.severity),
        message=rule.message.format_map(slots),
        location=Location(**{k: v for k, v in loc.items() if v is not None}),
        expected=expected,
        actual=actual,
        fingerprint=fingerprint(rule.code, report, logical),
        evidence=_evidence(report, line, loc, kind, bound, d),
    )


def _evidence(
    report: Report,
    line: int | None,
    loc: dict[str, Any],
    kind: str,
    bound: dict[str, dict[str, Any]],
    d: dict[str, Any],
) -> str | None:
    """The source line of the finding; of a long line (a one-line crawler dump), the part
    around the cell, claim, section, date or issue the finding is about."""
    text = report.line_text.get(line) if line is not None else None
    if text is None or len(text) <= EVIDENCE_LIMIT:
        return text
    offset, anchors = _place(report, line, loc, kind, bound, d)
    return excerpt(text, offset, anchors)


def _place(
    report: Report,
    line: int | None,
    loc: dict[str, Any],
    kind: str,
    bound: dict[str, dict[str, Any]],
    d: dict[str, Any],
) -> tuple[int | None, list[str | None]]:
    """(offset within ``line``, fallback anchor strings) of what a finding is about.

    An object's offset counts only when it sits on the finding's line (a claim_total
    finding is located at its claim, while the table cell may be elsewhere)."""
    anchors: list[str | None] = []
    name, row, col = loc.get("table"), loc.get("row"), loc.get("column")
    # claim_total is located at its claim; implies at its cell ("then" a cell), at the
    # claim it forbids ("then" no claim), else at its "when" claim
    claim_fact = None
    if kind == "claim_total":
        claim_fact = bound.get("w")
    elif kind == "implies":
        v = bound.get("v") or {}
        claim_fact = v if v.get("kind") == "claim" else None if v else bound.get("w")
    if claim_fact is not None and claim_fact.get("kind") == "claim":
        for c in report.claims:
            if c.line == line and c.kind == claim_fact.get("claim"):
                if c.offset is not None:
                    return c.offset, [c.text]
                anchors.append(c.text)
    if kind == "issue":
        issue = _issue_of(report, bound["m"], d.get("per") == "row")
        if issue is not None and issue.offset is not None:
            return issue.offset, anchors
    table = report.tables.get(name) if name else None
    if table is not None:
        cells = table.rows.get(row, {}) if row else {}
        cell = cells.get(col) if col else None
        if cell is None and cells:
            cell = next(iter(cells.values()))
        if cell is None and not row:  # the table as a whole: its first cell
            cell = next((c for cols in table.rows.values() for c in cols.values()), None)
        if cell is not None and cell.line == line and cell.offset is not None:
            return cell.offset, anchors
        if row:
            anchors.append(ROW_LABELS.get(row))
    if kind == "date_window":
        dated = report.signed if d.get("date") == "signed" else report.period
        if dated is not None and dated.line == line:
            if dated.offset is not None:
                return dated.offset, [dated.raw]
            anchors.append(dated.raw)
    if kind == "section_order":
        sec = kinds.misplaced_section(report, d["sections"])
        if sec is not None and sec.line == line and sec.offset is not None:
            return sec.offset, [sec.title]
    number = loc.get("section")
    for sec in report.sections:
        if sec.line == line and number and SECTION_NUMBERS.get(sec.key) == number:
            if sec.offset is not None:
                return sec.offset, [sec.title]
            anchors.append(sec.title)
    return None, anchors


def _issue_logical(m: dict[str, Any], per_row: bool) -> str:
    """The logical location of an issue finding (fingerprint): code|table, or
    code|table|row with per = "row"."""
    if per_row:
        return f"{m['code']}|{m.get('table')}|{m.get('row')}"
    return f"{m['code']}|{m.get('table')}"


def _issue_of(report: Report, m: dict[str, Any], per_row: bool) -> ParseIssue | None:
    """The first parse issue an issue fact stands for (with per = "row", of its row too:
    several rows of a flattened table share one line)."""
    code, line, table, row = m["code"], m.get("line"), m.get("table"), m.get("row")
    for i in report.parse_issues:
        if i.code == code and i.line == line and i.table == table:
            if per_row and i.row != row:
                continue
            return i
    return None


def _claim_at(report: Report, fact: dict[str, Any]) -> str:
    for c in report.claims:
        if c.line == fact.get("line") and c.kind == fact.get("claim"):
            return c.text
    return ""
