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


_INDEXED = ("kind", "table", "row", "col", "name", "key", "claim")


def _signature(cond: dict[str, Any]) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """Scalar equality tests on identifying fields: used to index facts (no full scans)."""
    tests = cond.get("$and", [cond])
    pairs = sorted(
        (k, v)
        for t in tests
        for k, v in t.items()
        if k in _INDEXED and not isinstance(v, dict | list)
    )
    return tuple(k for k, _ in pairs), tuple(v for _, v in pairs)


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
                steps.append((alias.removesuffix("$not"), cond, neg, _signature(cond)))
            self.rules.append((rname, steps))

    def run(self, facts: list[dict[str, Any]], sid: str = "0") -> list[Match]:
        batch = with_ids(facts, sid)
        index: dict[tuple[str, ...], dict[tuple[Any, ...], list[dict[str, Any]]]] = {}
        out: set[Match] = set()
        for rname, steps in self.rules:
            for bound in self._solve(steps, 0, {}, index, batch):
                out.add((rname, tuple(sorted((a, f["id"]) for a, f in bound.items()))))
        return sorted(out)

    def _solve(self, steps, i, bound, index, batch):
        if i == len(steps):
            yield dict(bound)
            return
        alias, cond, neg, (fields, values) = steps[i]
        if fields not in index:  # index this report's facts once per field signature
            idx: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
            for f in batch:
                if all(x in f for x in fields):
                    idx.setdefault(tuple(f[x] for x in fields), []).append(f)
            index[fields] = idx
        pool = index[fields].get(values, ())
        used = {id(f) for f in bound.values()}
        if neg:
            if not any(id(f) not in used and _test(cond, f, bound) for f in pool):
                yield from self._solve(steps, i + 1, bound, index, batch)
            return
        for f in pool:
            if id(f) in used or not _test(cond, f, bound):
                continue
            bound[alias] = f
            yield from self._solve(steps, i + 1, bound, index, batch)
            del bound[alias]
