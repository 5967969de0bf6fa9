"""The compiled form every check kind builds: durable-rules ruleset dicts (data only, never
the DSL) plus, per rule, its *instances* and the fact plan.

Every shape emitted here follows notes/durable_rules.md §8-9:
- single-fact (alpha) conditions may nest ``$and``/``$or`` freely;
- a join holds at most 16 facts; every fact after the first is a FLAT ``$and`` ending in the
  always-true join test ``{"sid": {<first alias>: "sid"}}`` (the segfault workaround);
- negation is anchored on the ``$end`` fact, which the runner asserts last;
- no ``abs``: an equation becomes two rules, ``#hi`` and ``#lo``;
- sums over globs or more than 16 cells are facts computed by facts.py (``FactPlan``).

A check expands into instances (one per loop binding or listed item). An instance knows the
inputs it needs (for not_applicable), which compiled rule names mean "failed", for
``implies`` which rule name means "the condition held", and its kind's own ``spec``: the
typed data the kind's ``explain`` reads back.
"""

from __future__ import annotations

import fnmatch
import hashlib
import itertools
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..facts import FactPlan, SumSpec
from ..keys import FOR_EACH, TABLE_COLUMNS, TABLE_NAMES, TABLE_ROWS
from .refs import Ref

if TYPE_CHECKING:
    from ..rulebook import Rule

MAX_JOIN = 16
END = "$end"
NEGATE = {"eq": "$neq", "ne": "$eq", "lt": "$gte", "le": "$gt", "gt": "$lte", "ge": "$lt"}
POSITIVE = {"eq": "$eq", "ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}

Need = tuple[Any, ...]  # ("cell", Ref), ("sum", key), ("claim", kind, target), ... (inputs.py)


@dataclass
class Instance:
    code: str
    key: str  # logical location, stable across re-extraction (fingerprints)
    env: dict[str, str] = field(default_factory=dict)
    needs: tuple[Need, ...] = ()
    spec: Any = None  # the kind's own typed data for explain
    fail_names: tuple[str, ...] = ()
    when_name: str | None = None
    when_reason: str | None = None  # not_applicable reason when the condition did not hold


@dataclass
class Compiled:
    ruleset: dict[str, dict[str, Any]]
    instances: list[Instance]
    by_name: dict[str, int]  # durable rule name -> instance index
    plan: FactPlan
    rules: dict[str, Rule]
    hash: str


# --------------------------------------------------------------------------- condition helpers


def cmp(op: str, fld: str, rhs: Any) -> dict[str, Any]:
    return {fld: rhs} if op == "$eq" else {op: {fld: rhs}}


def cell_alpha(ref: Ref, skip_cols: tuple[str, ...] = ()) -> list[dict[str, Any]]:
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


def sum_alpha(key: str) -> list[dict[str, Any]]:
    return [{"kind": "sum"}, {"key": key}, {"$ex": {"value": 1}}]


def claim_alpha(kind: str, part: bool = False) -> list[dict[str, Any]]:
    """An unscoped claim of ``kind``; with ``part``, one that counts a part of the table."""
    return [{"kind": "claim"}, {"claim": kind}, {"part": True} if part else {"scoped": False}]


def join(
    parts: list[tuple[str, list[dict[str, Any]]]], negs: list[dict[str, Any]] | tuple = ()
) -> dict[str, Any]:
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


def sum_expr(terms: list[tuple[int, dict[str, Any]]]) -> Any:
    """sign*term chain as nested $add/$sub (the engine has no aggregate)."""
    expr: Any = None
    for sign, term in terms:
        if expr is None:
            expr = term if sign > 0 else {"$sub": {"$l": 0, "$r": term}}
        else:
            expr = {"$add" if sign > 0 else "$sub": {"$l": expr, "$r": term}}
    return expr if expr is not None else 0


def envs(for_each: str | None) -> list[dict[str, str]]:
    """Every binding of the loop variables of ``for_each`` (one empty binding without)."""
    if not for_each:
        return [{}]
    dom = FOR_EACH[for_each]
    names = list(dom)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*dom.values())]


def env_key(env: dict[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in env.items())


# --------------------------------------------------------------------------- builder


class Builder:
    """Collects the compiled rules, instances and fact plan of a rule set."""

    def __init__(self) -> None:
        self.ruleset: dict[str, dict[str, Any]] = {END: {"all": [{"m": {"kind": END}}]}}
        self.instances: list[Instance] = []
        self.by_name: dict[str, int] = {}
        self.plan = FactPlan()
        self._sum_keys: set[str] = set()

    def add(
        self,
        inst: Instance,
        rules: dict[str, dict[str, Any]],
        when: dict[str, Any] | None = None,
    ) -> None:
        """Register an instance: ``rules`` (suffix -> rule) each mean "failed"; ``when``, if
        given, must have matched for the instance to be checked at all."""
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

    def sum_fact(self, key: str, refs: list[Ref], identity: str | None, **extra: Any) -> str:
        """A derived fact summing ``refs`` (facts.py computes it per report), planned once
        per key; ``extra`` are further SumSpec fields (bounds; claims and cover)."""
        if key not in self._sum_keys:
            self._sum_keys.add(key)
            label = ", ".join(map(str, refs))
            spec = SumSpec(key, tuple(r.key for r in refs), identity, label, **extra)
            self.plan.sums.append(spec)
        return key

    def compiled(self, rules: list[Rule]) -> Compiled:
        ordered = sorted(rules, key=lambda r: r.code)
        return Compiled(
            ruleset=self.ruleset,
            instances=self.instances,
            by_name=self.by_name,
            plan=self.plan,
            rules={r.code: r for r in ordered},
            hash=rules_hash(ordered),
        )


def rules_hash(rules: list[Rule], extra: Any = None) -> str:
    payload = json.dumps(
        [[r.model_dump(mode="json") for r in rules], extra], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]
