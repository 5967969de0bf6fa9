"""Pure-Python evaluator of the compiled ruleset dicts: the test oracle and the backend on
Python versions where durable-rules cannot be built.

It implements exactly the subset of the durable-rules condition language that the compiler
emits: equality, ``$neq/$lt/$lte/$gt/$gte``, ``$and/$or``, ``$ex/$nex``, right-hand sides
``$m`` (same fact), ``{alias: field}`` (earlier fact), ``$add/$sub/$mul/$div``, joins of
distinct facts and ``alias$not`` negation.

Speed: each rule is translated once per process (the backend is cached per ruleset hash)
into a Python function of nested loops over pre-filtered pools, with its conditions as
straight-line code (``codegen.py``). ``_test`` below is the reference interpreter of one
condition: the generated code falls back to it for any shape it does not translate, and
tests compare the two.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from ..checks.compiler import END, Compiled
from . import Match, with_ids
from .codegen import INDEXED, build_rule, signature


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
    """Reference semantics of one condition on one fact, given the facts bound so far."""
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


_INDEXED = INDEXED
_signature = signature


class _Pools:
    """The pools of every rule step, numbered once per ruleset, filled once per report.

    A pool is every fact holding all fields of a step's signature with exactly its values
    (a dict lookup: the same ``==`` the condition would apply), in fact order. Facts are
    grouped by ``kind`` first, so each signature scans only the facts of its kind.
    """

    def __init__(self) -> None:
        self.slots: dict[tuple[tuple[str, ...], tuple[Any, ...]], int] = {}
        # fields -> kind (or _ALL) -> [(values, slot)]
        self.plan: dict[tuple[str, ...], dict[Any, list[tuple[tuple[Any, ...], int]]]] = {}
        self._order: list[Any] | None = None

    def slot(self, fields: tuple[str, ...], values: tuple[Any, ...]) -> int:
        key = (fields, values)
        if key not in self.slots:
            self.slots[key] = n = len(self.slots)
            kind = values[fields.index("kind")] if "kind" in fields else _ALL
            self.plan.setdefault(fields, {}).setdefault(kind, []).append((values, n))
        return self.slots[key]

    def fill(self, batch: list[dict[str, Any]]) -> list[Any]:
        pools: list[Any] = [()] * len(self.slots)
        by_kind: dict[Any, list[dict[str, Any]]] = {}
        for f in batch:
            k = f.get("kind", _NO_KIND)
            lst = by_kind.get(k)
            if lst is None:
                by_kind[k] = [f]
            else:
                lst.append(f)
        by_kind.pop(_NO_KIND, None)
        for fields, getter, kinds in self.order:
            for kind, wanted in kinds.items():
                source = batch if kind is _ALL else by_kind.get(kind)
                if not source:
                    continue
                if not fields:
                    for _, n in wanted:
                        pools[n] = source
                    continue
                if len(wanted) == 1:
                    # one pool of this shape: a filter, no index
                    ((values, n),) = wanted
                    hits = []
                    for f in source:
                        try:
                            if getter(f) == values:
                                hits.append(f)
                        except KeyError:
                            continue
                    pools[n] = hits
                    continue
                idx: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
                for f in source:
                    try:
                        vals = getter(f)
                    except KeyError:
                        continue
                    lst = idx.get(vals)
                    if lst is None:
                        idx[vals] = [f]
                    else:
                        lst.append(f)
                for values, n in wanted:
                    pools[n] = idx.get(values, ())
        return pools

    @property
    def order(self) -> list[tuple[tuple[str, ...], Callable[[Any], Any], dict[Any, Any]]]:
        """The plan with a C-level key getter per field tuple (a tuple, even for one field)."""
        if self._order is None or len(self._order) != len(self.plan):
            self._order = [(fields, _getter(fields), kinds) for fields, kinds in self.plan.items()]
        return self._order


def _getter(fields: tuple[str, ...]) -> Callable[[Any], Any]:
    if not fields:
        return lambda f: ()  # unused: a pool without indexed fields is the whole source
    if len(fields) == 1:
        (only,) = fields
        return lambda f: (f[only],)
    return itemgetter(*fields)


_NO_KIND = object()
_ALL = object()


class PythonBackend:
    name = "python"

    def __init__(self, compiled: Compiled) -> None:
        self.rules = []
        self.functions = []
        self.pools = _Pools()
        for rname, rdef in compiled.ruleset.items():
            if rname == END:
                continue
            steps = []
            for entry in rdef["all"]:
                ((alias, cond),) = entry.items()
                neg = alias.endswith("$not")
                steps.append((alias.removesuffix("$not"), cond, neg, signature(cond)))
            self.rules.append((rname, steps))
            slots = [self.pools.slot(*sig) for *_, sig in steps]
            self.functions.append(build_rule(rname, steps, slots, _test))

    def run(self, facts: list[dict[str, Any]], sid: str = "0") -> list[Match]:
        pools = self.pools.fill(with_ids(facts, sid))
        out: list[Match] = []
        for fn in self.functions:
            fn(pools, out)
        return sorted(set(out))

    def run_reference(self, facts: list[dict[str, Any]], sid: str = "0") -> list[Match]:
        """The interpreter over the same steps (no generated code): the oracle of the tests."""
        batch = with_ids(facts, sid)
        out: set[Match] = set()
        for rname, steps in self.rules:
            for bound in _solve(steps, 0, {}, batch):
                out.add((rname, tuple(sorted((a, f["id"]) for a, f in bound.items()))))
        return sorted(out)


def _solve(steps, i, bound, batch):  # type: ignore[no-untyped-def]
    if i == len(steps):
        yield dict(bound)
        return
    alias, cond, neg, _ = steps[i]
    used = {id(f) for f in bound.values()}
    if neg:
        if not any(id(f) not in used and _test(cond, f, bound) for f in batch):
            yield from _solve(steps, i + 1, bound, batch)
        return
    for f in batch:
        if id(f) in used or not _test(cond, f, bound):
            continue
        bound[alias] = f
        yield from _solve(steps, i + 1, bound, batch)
        del bound[alias]
