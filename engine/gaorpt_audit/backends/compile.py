"""Rules -> durable-rules ruleset dicts (data only, never the DSL) plus the evaluation plan.

Every shape emitted here follows notes/durable_rules.md §8-9:
- single-fact (alpha) conditions may nest ``$and``/``$or`` freely;
- a join holds at most 16 facts; every fact after the first is a FLAT ``$and`` ending in the
  always-true join test ``{"sid": {<first alias>: "sid"}}`` (the segfault workaround);
- negation is anchored on the ``$end`` fact, which the runner asserts last;
- no ``abs``: an equation becomes two rules, ``#hi`` and ``#lo``;
- sums over globs or more than 16 cells are facts computed by facts.py (``FactPlan``).

Each check expands into *instances* (one per loop binding or listed item). An instance knows
which inputs it needs (for not_applicable), which compiled rule names mean "failed" and, for
``implies``, which rule name means "the condition held".
"""

from __future__ import annotations

import fnmatch
import hashlib
import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..facts import FactPlan, PatternSpec, SumSpec
from ..rulebook import (
    FOR_EACH,
    TABLE_COLUMNS,
    TABLE_NAMES,
    TABLE_ROWS,
    BlankCells,
    ClaimTotal,
    Compare,
    CrossYear,
    DateWindow,
    Equation,
    FormatCheck,
    Implies,
    IntegerCheck,
    IssueCheck,
    Pattern,
    Ref,
    Required,
    Rule,
    SectionOrder,
)

MAX_JOIN = 16
END = "$end"
NEGATE = {"eq": "$neq", "ne": "$eq", "lt": "$gte", "le": "$gt", "gt": "$lte", "ge": "$lt"}
POSITIVE = {"eq": "$eq", "ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}

Need = tuple[Any, ...]


@dataclass
class Instance:
    code: str
    key: str  # logical location, stable across re-extraction (fingerprints)
    env: dict[str, str] = field(default_factory=dict)
    needs: tuple[Need, ...] = ()
    fail_names: tuple[str, ...] = ()
    when_name: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Compiled:
    ruleset: dict[str, dict[str, Any]]
    instances: list[Instance]
    by_name: dict[str, int]  # durable rule name -> instance index
    plan: FactPlan
    rules: dict[str, Rule]
    hash: str


# --------------------------------------------------------------------------- condition helpers


def _cmp(op: str, fld: str, rhs: Any) -> dict[str, Any]:
    return {fld: rhs} if op == "$eq" else {op: {fld: rhs}}


def _cell_alpha(ref: Ref, skip_cols: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Alpha tests selecting a usable number cell; globs become (alpha-safe) $or lists."""
    tests: list[dict[str, Any]] = [
        {"kind": "cell"},
        {"table": TABLE_NAMES[ref.table]},
        {"cell_kind": "number"},
    ]
    for fld, part, known in (("row", ref.row, TABLE_ROWS), ("col", ref.col, TABLE_COLUMNS)):
        if "*" in part:
            keys = [k for k in fnmatch.filter(known[ref.table], part) if k not in skip_cols]
            tests.append({"$or": [{fld: k} for k in keys]} if len(keys) > 1 else {fld: keys[0]})
        else:
            tests.append({fld: part})
    return tests


def _sum_alpha(key: str) -> list[dict[str, Any]]:
    return [{"kind": "sum"}, {"key": key}, {"$ex": {"value": 1}}]


def _join(parts: list[tuple[str, list[dict[str, Any]]]], negs: list[dict[str, Any]] = ()) -> dict:
    """A rule: positive facts (flat, trailing sid test after the first), then $end + negations."""
    out: list[dict[str, Any]] = []
    first = parts[0][0] if parts else None
    for i, (alias, tests) in enumerate(parts):
        tests = list(tests)
        if i > 0:
            tests.append({"sid": {first: "sid"}})
        out.append({alias: {"$and": tests} if len(tests) > 1 else tests[0]})
    if negs:
        out.append(
            {
                "e": {"kind": END}
                if not parts
                else {"$and": [{"kind": END}, {"sid": {first: "sid"}}]}
            }
        )
        for i, neg in enumerate(negs):
            out.append({f"n{i}$not": neg})
    assert len(out) - len(negs) <= MAX_JOIN, "join too large"
    return {"all": out}


def _sum_expr(terms: list[tuple[int, dict[str, Any]]]) -> Any:
    """sign*term chain as nested $add/$sub (the engine has no aggregate)."""
    expr: Any = None
    for sign, term in terms:
        if expr is None:
            expr = term if sign > 0 else {"$sub": {"$l": 0, "$r": term}}
        else:
            expr = {"$add" if sign > 0 else "$sub": {"$l": expr, "$r": term}}
    return expr if expr is not None else 0


# --------------------------------------------------------------------------- compiler


class _Builder:
    def __init__(self) -> None:
        self.ruleset: dict[str, dict[str, Any]] = {END: {"all": [{"m": {"kind": END}}]}}
        self.instances: list[Instance] = []
        self.by_name: dict[str, int] = {}
        self.plan = FactPlan()
        self._sum_keys: set[str] = set()

    def add(
        self, inst: Instance, rules: dict[str, dict[str, Any]], when: dict | None = None
    ) -> None:
        idx = len(self.instances)
        base = f"{inst.code}#{inst.key}" if inst.key else inst.code
        names = []
        for suffix, rdef in rules.items():
            name = f"{base}#{suffix}" if suffix else base
            self.ruleset[name] = rdef
            self.by_name[name] = idx
            names.append(name)
        inst.fail_names = tuple(names)
        if when is not None:
            inst.when_name = f"{base}#when"
            self.ruleset[inst.when_name] = when
            self.by_name[inst.when_name] = idx
        self.instances.append(inst)

    def sum_fact(self, key: str, refs: list[Ref], identity: str | None) -> str:
        if key not in self._sum_keys:
            self._sum_keys.add(key)
            self.plan.sums.append(SumSpec(key, tuple(refs), identity))
        return key


def _envs(for_each: str | None) -> list[dict[str, str]]:
    if not for_each:
        return [{}]
    dom = FOR_EACH[for_each]
    names = list(dom)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*dom.values())]


def _env_key(env: dict[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in env.items())


def _equation(b: _Builder, rule: Rule, chk: Equation) -> None:
    for env in _envs(chk.for_each):
        lhs = [r.bind(env) for r in chk.lhs]
        rhs = [r.bind(env) for r in chk.rhs]
        key = _env_key(env)
        direct = not any(r.is_glob for r in lhs + rhs) and len(lhs) + len(rhs) <= MAX_JOIN
        parts: list[tuple[str, list[dict[str, Any]], int]] = []  # alias, alpha tests, sign
        needs: list[Need] = []
        if direct:
            for i, r in enumerate(lhs):
                parts.append((f"l{i}", _cell_alpha(r), -1))
                needs.append(("cell", r))
            for i, r in enumerate(rhs):
                parts.append((f"r{i}", _cell_alpha(r), +1))
                needs.append(("cell", r))
        else:
            for side, refs, sign in (("lhs", lhs, -1), ("rhs", rhs, +1)):
                if len(refs) == 1 and not refs[0].is_glob:
                    parts.append((side, _cell_alpha(refs[0]), sign))
                    needs.append(("cell", refs[0]))
                else:
                    skey = b.sum_fact(f"{rule.code}#{key}#{side}", refs, rule.identity)
                    parts.append((side, _sum_alpha(skey), sign))
                    needs.append(("sum", skey))
        # The last fact carries the comparison: last = (signed sum of the others), up to tol.
        *others, (last_alias, last_tests, last_sign) = parts
        # Equation: sum(rhs) - sum(lhs) = 0; solve for the last term.
        other_terms = [(-s * last_sign, {a: "value"}) for a, _, s in others]
        expr = _sum_expr(other_terms)
        tol = chk.tolerance
        hi = {"$add": {"$l": expr, "$r": tol}} if tol else expr
        lo = {"$sub": {"$l": expr, "$r": tol}} if tol else expr
        rules = {}
        for suffix, op, bound in (("hi", "$gt", hi), ("lo", "$lt", lo)):
            ps = [(a, t) for a, t, _ in others] + [
                (last_alias, last_tests + [{op: {"value": bound}}])
            ]
            rules[suffix] = _join(ps)
        data = {"lhs": lhs, "rhs": rhs, "tolerance": tol}
        b.add(Instance(rule.code, key, env, tuple(needs), data=data), rules)


def _compare(b: _Builder, rule: Rule, chk: Compare) -> None:
    for env in _envs(chk.for_each):
        left = chk.left.bind(env)
        key = _env_key(env) or (str(left) if left.is_glob else "")
        neg = NEGATE[chk.op]
        if isinstance(chk.right, Ref):
            right = chk.right.bind(env)
            parts = [
                ("r", _cell_alpha(right)),
                ("l", _cell_alpha(left) + [_cmp(neg, "value", {"r": "value"})]),
            ]
            needs: tuple[Need, ...] = (("cell", left), ("cell", right))
            data: dict[str, Any] = {"left": left, "right": right, "op": chk.op}
        else:
            skip = tuple(chk.exclude_columns)
            parts = [("l", _cell_alpha(left, skip) + [_cmp(neg, "value", chk.right)])]
            needs = (("any_cell", left),) if left.is_glob else (("cell", left),)
            data = {"left": left, "right": chk.right, "op": chk.op}
        b.add(Instance(rule.code, key, env, needs, data=data), {"": _join(parts)})


def _required(b: _Builder, rule: Rule, chk: Required) -> None:
    items = (
        [("section", "key", s) for s in chk.sections]
        + [("table", "name", t) for t in chk.tables]
        + [("field", "name", f) for f in chk.fields]
    )
    for kind, fld, item in items:
        rdef = _join([], [{"$and": [{"kind": kind}, {fld: item}]}])
        b.add(Instance(rule.code, f"{kind}={item}", data={"what": kind, "item": item}), {"": rdef})


def _date_window(b: _Builder, rule: Rule, chk: DateWindow) -> None:
    for side, rel, op in (
        ("not_before", chk.not_before, "$lt"),
        ("not_after", chk.not_after, "$gt"),
    ):
        if rel is None:
            continue
        const = rel.year_offset * 10000 + rel.month * 100 + rel.day
        bound = {"$add": {"$l": {"$mul": {"$l": {"$m": "year"}, "$r": 10000}}, "$r": const}}
        tests = [{"kind": "date"}, {"name": chk.date}, {"$ex": {"year": 1}}, {op: {"ymd": bound}}]
        needs = (("date", chk.date), ("year",))
        data = {"date": chk.date, "side": side, "rel": rel}
        b.add(
            Instance(rule.code, f"{chk.date}.{side}", needs=needs, data=data),
            {"": _join([("m", tests)])},
        )


def _claim_alpha(kind: str) -> list[dict[str, Any]]:
    return [{"kind": "claim"}, {"claim": kind}, {"scoped": False}]


def _implies(b: _Builder, rule: Rule, chk: Implies) -> None:
    when = chk.when
    w_pos: list[tuple[str, list[dict[str, Any]]]] = []
    w_neg: list[dict[str, Any]] = []
    if when.claim:
        w_pos.append(("w", _claim_alpha(when.claim)))
    elif when.no_claim:
        w_neg.append({"$and": _claim_alpha(when.no_claim)})
    else:
        assert when.ref is not None and when.op is not None
        w_pos.append(("w", _cell_alpha(when.ref) + [_cmp(POSITIVE[when.op], "value", when.value)]))
    when_rule = _join(w_pos, w_neg)
    for i, then in enumerate(chk.then):
        pos = list(w_pos)
        neg = list(w_neg)
        needs: tuple[Need, ...] = ()
        if then.claim:
            neg.append({"$and": _claim_alpha(then.claim)})
        elif then.no_claim:
            pos.append(("v", _claim_alpha(then.no_claim)))
        else:
            assert then.ref is not None and then.op is not None
            rhs = {"w": "value"} if then.value == "claim" else then.value
            pos.append(("v", _cell_alpha(then.ref) + [_cmp(NEGATE[then.op], "value", rhs)]))
            needs = (("any_cell" if then.ref.is_glob else "cell", then.ref),)
        data = {"when": when, "then": then}
        b.add(
            Instance(rule.code, f"then{i}", needs=needs, data=data),
            {"": _join(pos, neg)},
            when=when_rule,
        )


def _pattern(b: _Builder, rule: Rule, chk: Pattern) -> None:
    key = rule.code
    b.plan.patterns.append(PatternSpec(key, chk.target, fast_regex(chk.regex)))
    bad = chk.must_match is None  # must_not_match fails when it matched
    rdef = _join([("m", [{"kind": "match"}, {"key": key}, {"matched": bad}])])
    b.add(Instance(rule.code, chk.target, needs=(("match", key),), data={"chk": chk}), {"": rdef})


def fast_regex(pattern: str) -> re.Pattern[str]:
    """``re.compile(pattern)``, prefixed with a lookahead on the characters a match can begin
    with when that set is known: ``(?=[...])(?:pattern)`` finds the same leftmost match, and
    the engine rejects most start positions on one character test (2x on the date and
    heading patterns over a whole report)."""
    plain = re.compile(pattern)
    first = _first_class(pattern) if plain.flags == re.UNICODE else None
    if first is None:
        return plain
    try:
        return re.compile(f"(?={first})(?:{pattern})")
    except re.error:
        return plain


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


class _Unknown(Exception):
    pass


def _first_class(pattern: str) -> str | None:
    """A character class holding every character a non-empty match can start with; None
    when a match can be empty or the pattern uses anything this reader does not know."""
    from re import _parser  # the standard library's own parser of ``re`` syntax

    try:
        parsed = _parser.parse(pattern)
        if _engine_prefix(parsed):
            return None
        items, nullable = _firsts(parsed)
    except (_Unknown, re.error, TypeError, ValueError):
        return None
    if nullable or not items:
        return None
    return "[" + "".join(sorted(items)) + "]"


def _engine_prefix(seq: Any) -> bool:
    """The ``re`` engine already scans for the first character itself: the pattern opens
    (inside plain groups) with a literal, a class, or alternatives that each open with a
    literal. A lookahead would only slow those down."""
    while seq and str(seq[0][0]) == "SUBPATTERN" and not any(seq[0][1][1:3]):
        seq = seq[0][1][3]
    if not seq:
        return False
    op, av = seq[0]
    if str(op) in ("LITERAL", "IN"):
        return True
    return str(op) == "BRANCH" and all(b and str(b[0][0]) == "LITERAL" for b in av[1])


def _firsts(seq: Any) -> tuple[set[str], bool]:
    """(class items a match of ``seq`` can start with, whether it can match empty)."""
    out: set[str] = set()
    for op, av in seq:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width: ignoring a test only widens the set
        if name == "LITERAL":
            out.add(_char(av))
            return out, False
        if name == "IN":
            out |= _class_items(av)
            return out, False
        if name == "BRANCH":
            nullable = False
            for branch in av[1]:
                items, empty = _firsts(branch)
                out |= items
                nullable = nullable or empty
            if not nullable:
                return out, False
        elif name == "SUBPATTERN":
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Unknown(name)
            items, empty = _firsts(sub)
            out |= items
            if not empty:
                return out, False
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = av
            items, empty = _firsts(sub)
            out |= items
            if low > 0 and not empty:
                return out, False
        else:
            raise _Unknown(name)  # ANY, NOT_LITERAL, group references, atomic groups, ...
    return out, True


def _class_items(items: Any) -> set[str]:
    out = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.add(_char(av))
        elif name == "RANGE":
            out.add(f"{_char(av[0])}-{_char(av[1])}")
        elif name == "CATEGORY" and str(av) in _CATEGORIES:
            out.add(_CATEGORIES[str(av)])
        else:
            raise _Unknown(name)  # NEGATE and the rest
    return out


def _char(code: int) -> str:
    return re.escape(chr(code))


def _format(b: _Builder, rule: Rule, chk: FormatCheck) -> None:
    for name in chk.tables:
        base = [{"kind": "table"}, {"name": name}, {"$ex": {"year": 1}}]
        rules = {
            "new": _join(
                [("m", base + [{"layout": "2019"}, {"$gte": {"year": chk.new_format_from}}])]
            ),
            "old": _join(
                [("m", base + [{"layout": "2021"}, {"$lt": {"year": chk.new_format_from}}])]
            ),
        }
        needs = (("layout", name), ("year",))
        b.add(
            Instance(
                rule.code,
                f"table={name}",
                needs=needs,
                data={"table": name, "from": chk.new_format_from},
            ),
            rules,
        )


def _crossyear(b: _Builder, rule: Rule, chk: CrossYear) -> None:
    b.add(Instance(rule.code, "", needs=(("crossyear",),), data={}), {})


def _issue(b: _Builder, rule: Rule, chk: IssueCheck) -> None:
    codes = [{"code": c} for c in chk.codes]
    tests = [{"kind": "issue"}, {"$or": codes} if len(codes) > 1 else codes[0]]
    if chk.tables:
        tables = [{"table": t} for t in chk.tables]
        tests.append({"$or": tables} if len(tables) > 1 else tables[0])
    data: dict[str, Any] = {"codes": chk.codes}
    if chk.per == "row":  # findings one per row (evaluate); the join is the same
        data["per"] = "row"
    b.add(Instance(rule.code, "", data=data), {"": _join([("m", tests)])})


_TCODE = {name: code for code, name in TABLE_NAMES.items()}


def _blank_cells(b: _Builder, rule: Rule, chk: BlankCells) -> None:
    # One match per blank cell; the evaluator folds them into one finding per table.
    for name in chk.tables:
        everything = Ref(table=_TCODE[name], row="*", col="*")  # type: ignore[arg-type]
        tests = [{"kind": "cell"}, {"table": name}, {"cell_kind": "blank"}]
        b.add(
            Instance(
                rule.code, f"table={name}", needs=(("any_cell", everything),), data={"table": name}
            ),
            {"": _join([("m", tests)])},
        )


def _section_order(b: _Builder, rule: Rule, chk: SectionOrder) -> None:
    # Every pair (earlier, later) of the required order; a swap fails one or more pairs,
    # all reported as the same finding (the evaluator gives them one logical location).
    for a, z in itertools.combinations(chk.sections, 2):
        parts = [
            ("a", [{"kind": "section"}, {"key": a}]),
            ("z", [{"kind": "section"}, {"key": z}, {"$lt": {"pos": {"a": "pos"}}}]),
        ]
        needs = (("section", a), ("section", z))
        data = {"sections": list(chk.sections)}
        b.add(Instance(rule.code, f"{a}<{z}", needs=needs, data=data), {"": _join(parts)})


def _claim_total(b: _Builder, rule: Rule, chk: ClaimTotal) -> None:
    groups: list[tuple[str | None, list[Ref]]] = (
        [(t, list(refs)) for t, refs in chk.targets.items()] if chk.targets else [(None, chk.cells)]
    )
    for target, refs in groups:
        key = f"target={target}" if target is not None else "claim"
        skey = b.sum_fact(f"{rule.code}#{key}", refs, rule.identity)
        w = _claim_alpha(chk.claim) + [{"$ex": {"value": 1}}]
        if target is not None:
            w.append({"target": target})
        v = _sum_alpha(skey) + [{"$neq": {"value": {"w": "value"}}}]
        needs = (("claim", chk.claim, target), ("sum", skey))
        data = {"claim": chk.claim, "target": target, "refs": refs}
        b.add(Instance(rule.code, key, needs=needs, data=data), {"": _join([("w", w), ("v", v)])})


def _integer(b: _Builder, rule: Rule, chk: IntegerCheck) -> None:
    for ref in chk.cells:
        tests = _cell_alpha(ref) + [{"fraction": True}]
        needs = (("any_cell" if ref.is_glob else "cell", ref),)
        b.add(
            Instance(rule.code, str(ref), needs=needs, data={"cells": ref}),
            {"": _join([("m", tests)])},
        )


_KINDS = {
    "equation": _equation,
    "compare": _compare,
    "required": _required,
    "date_window": _date_window,
    "implies": _implies,
    "pattern": _pattern,
    "format": _format,
    "crossyear": _crossyear,
    "issue": _issue,
    "blank_cells": _blank_cells,
    "section_order": _section_order,
    "claim_total": _claim_total,
    "integer": _integer,
}


def rules_hash(rules: list[Rule], extra: Any = None) -> str:
    payload = json.dumps(
        [[r.model_dump(mode="json") for r in rules], extra], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def compile_rules(rules: list[Rule]) -> Compiled:
    b = _Builder()
    for rule in sorted(rules, key=lambda r: r.code):
        _KINDS[rule.check.kind](b, rule, rule.check)  # type: ignore[operator]
    return Compiled(
        ruleset=b.ruleset,
        instances=b.instances,
        by_name=b.by_name,
        plan=b.plan,
        rules={r.code: r for r in rules},
        hash=rules_hash(sorted(rules, key=lambda r: r.code)),
    )


_CACHE: dict[str, Compiled] = {}


def compile_cached(rules: list[Rule]) -> Compiled:
    """Compile once per rule set per process (keyed by the ruleset hash)."""
    key = rules_hash(sorted(rules, key=lambda r: r.code))
    if key not in _CACHE:
        _CACHE[key] = compile_rules(rules)
    return _CACHE[key]
