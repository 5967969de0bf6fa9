"""Pure-Python evaluator of the compiled ruleset dicts: the test oracle and the backend on
Python versions where durable-rules cannot be built.

It implements exactly the subset of the durable-rules condition language that the compiler
emits: equality, ``$neq/$lt/$lte/$gt/$gte``, ``$and/$or``, ``$ex/$nex``, right-hand sides
``$m`` (same fact), ``{alias: field}`` (earlier fact), ``$add/$sub/$mul/$div``, joins of
distinct facts and ``alias$not`` negation.
"""

from __future__ import annotations

from typing import Any

from . import Match, with_ids
from .compile import END, Compiled


class _Missing(Exception):
    pass


_CMP = {
    "$neq": lambda a, b: a != b,
    "$lt": lambda a, b: a < b,
    "$lte": lambda a, b: a <= b,
    "$gt": lambda a, b: a > b,
    "$gte": lambda a, b: a >= b,
}
_ARITH = {
    "$add": lambda a, b: a + b,
    "$sub": lambda a, b: a - b,
    "$mul": lambda a, b: a * b,
    "$div": lambda a, b: a / b,
}


def _get(fact: dict[str, Any], fld: str) -> Any:
    if fld not in fact:
        raise _Missing(fld)
    return fact[fld]


def _value(rhs: Any, fact: dict[str, Any], bound: dict[str, dict[str, Any]]) -> Any:
    if not isinstance(rhs, dict):
        return rhs
    ((op, arg),) = rhs.items()
    if op == "$m":
        return _get(fact, arg)
    if op in _ARITH:
        return _ARITH[op](_value(arg["$l"], fact, bound), _value(arg["$r"], fact, bound))
    if op in bound:
        return _get(bound[op], arg)
    raise _Missing(op)


def _test(cond: dict[str, Any], fact: dict[str, Any], bound: dict[str, dict[str, Any]]) -> bool:
    for key, arg in cond.items():
        if key == "$and":
            ok = all(_test(c, fact, bound) for c in arg)
        elif key == "$or":
            ok = any(_test(c, fact, bound) for c in arg)
        elif key == "$ex":
            ok = all(f in fact for f in arg)
        elif key == "$nex":
            ok = not any(f in fact for f in arg)
        elif key in _CMP:
            ((fld, rhs),) = arg.items()
            try:
                left, right = _get(fact, fld), _value(rhs, fact, bound)
            except _Missing:
                return False
            if isinstance(left, str) != isinstance(right, str):
                return False  # typed facts never compare strings with numbers
            ok = _CMP[key](left, right)
        else:
            try:
                ok = _get(fact, key) == _value(arg, fact, bound)
            except _Missing:
                return False
        if not ok:
            return False
    return True


def _kind_of(cond: dict[str, Any]) -> str | None:
    if "kind" in cond:
        return cond["kind"]
    for c in cond.get("$and", ()):
        if "kind" in c:
            return c["kind"]
    return None


class PythonBackend:
    name = "python"

    def __init__(self, compiled: Compiled) -> None:
        self.rules = []
        for rname, rdef in compiled.ruleset.items():
            if rname == END:
                continue
            steps = []
            for entry in rdef["all"]:
                ((alias, cond),) = entry.items()
                neg = alias.endswith("$not")
                steps.append((alias.removesuffix("$not"), cond, neg, _kind_of(cond)))
            self.rules.append((rname, steps))

    def run(self, facts: list[dict[str, Any]], sid: str = "0") -> list[Match]:
        batch = with_ids(facts, sid)
        by_kind: dict[str | None, list[dict[str, Any]]] = {}
        for f in batch:
            by_kind.setdefault(f.get("kind"), []).append(f)
        out: set[Match] = set()
        for rname, steps in self.rules:
            for bound in self._solve(steps, 0, {}, by_kind, batch):
                out.add((rname, tuple(sorted((a, f["id"]) for a, f in bound.items()))))
        return sorted(out)

    def _solve(self, steps, i, bound, by_kind, batch):
        if i == len(steps):
            yield dict(bound)
            return
        alias, cond, neg, kind = steps[i]
        pool = by_kind.get(kind, ()) if kind is not None else batch
        used = {id(f) for f in bound.values()}
        if neg:
            if not any(id(f) not in used and _test(cond, f, bound) for f in pool):
                yield from self._solve(steps, i + 1, bound, by_kind, batch)
            return
        for f in pool:
            if id(f) in used or not _test(cond, f, bound):
                continue
            bound[alias] = f
            yield from self._solve(steps, i + 1, bound, by_kind, batch)
            del bound[alias]
