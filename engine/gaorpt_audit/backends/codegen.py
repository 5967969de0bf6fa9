"""Compiled rule dicts -> Python functions (the python backend's fast path).

One function per compiled rule, built once per process: nested ``for`` loops over the
pools of its facts (facts pre-selected by the scalar equality tests on identifying fields,
``signature``), the remaining tests as straight-line code with the reference semantics of
``python._test``: a missing field makes the test false, ordered comparisons never mix
strings with numbers, equality is Python ``==``. A shape this translator does not know is
evaluated by the reference interpreter, so the generated code never guesses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

INDEXED = ("kind", "table", "row", "col", "name", "key", "claim", "cell_kind")
_CMP_OPS = {"$neq": "!=", "$lt": "<", "$lte": "<=", "$gt": ">", "$gte": ">="}
_ARITH_OPS = {"$add": "+", "$sub": "-", "$mul": "*", "$div": "/"}
_MISSING = object()


def _scalar(v: Any) -> bool:
    return not isinstance(v, dict | list)


def signature(cond: dict[str, Any]) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """Scalar equality tests on identifying fields: used to index facts (no full scans)."""
    tests = cond.get("$and", [cond])
    pairs = sorted((k, v) for t in tests for k, v in t.items() if k in INDEXED and _scalar(v))
    return tuple(k for k, _ in pairs), tuple(v for _, v in pairs)


class _Unsupported(Exception):
    pass


class _Gen:
    """Emits the body of one predicate ``def p(f, <bound facts>) -> bool``: single-line
    statements only (assignments and ``if ...: return False``), so a body can also be
    inlined into a loop (``inline``)."""

    def __init__(
        self,
        consts: list[Any],
        helpers: list[str],
        bound: dict[str, str],
        fact: str = "f",
        prefix: str = "v",
    ) -> None:
        self.consts = consts
        self.helpers = helpers
        self.bound = bound  # alias -> variable name of the fact bound to it
        self.lines: list[str] = []
        self.tmp = 0
        self.f = fact  # the variable holding the fact under test
        self.prefix = prefix

    def const(self, v: Any) -> str:
        if type(v) in (str, int, bool) or v is None:
            return repr(v)
        self.consts.append(v)
        return f"_K[{len(self.consts) - 1}]"

    def var(self) -> str:
        self.tmp += 1
        return f"{self.prefix}{self.tmp}"

    def emit(self, line: str) -> None:
        self.lines.append("    " + line)

    def fail(self) -> None:
        self.emit("return False")

    def value(self, rhs: Any) -> tuple[str, str | None]:
        """Code computing a right-hand side into a name; (expr, str-ness if known)."""
        if not isinstance(rhs, dict):
            return self.const(rhs), ("str" if isinstance(rhs, str) else "other")
        if len(rhs) != 1:
            raise _Unsupported(rhs)
        ((op, arg),) = rhs.items()
        if op == "$m":
            return self.field(self.f, arg), None
        if op in _ARITH_OPS:
            if not isinstance(arg, dict) or "$l" not in arg or "$r" not in arg:
                raise _Unsupported(rhs)
            left, _ = self.value(arg["$l"])
            right, _ = self.value(arg["$r"])
            v = self.var()
            self.emit(f"{v} = {left} {_ARITH_OPS[op]} {right}")
            return v, None
        if op in self.bound:
            return self.field(self.bound[op], arg), None
        self.fail()  # an alias not bound yet: the reference raises _Missing -> False
        return "None", None

    def field(self, fact: str, name: Any) -> str:
        if not isinstance(name, str):
            raise _Unsupported(name)
        v = self.var()
        self.emit(f"{v} = {fact}.get({name!r}, _M)")
        self.emit(f"if {v} is _M: return False")
        return v

    def test(self, cond: dict[str, Any], skip: bool = False) -> None:
        """Statements that return False when ``cond`` does not hold on ``f``."""
        for key, arg in cond.items():
            if skip and key in INDEXED and _scalar(arg):
                continue  # guaranteed by the pool the fact was taken from
            if key == "$and":
                if not isinstance(arg, list):
                    raise _Unsupported(arg)
                for c in arg:
                    self.test(c)
            elif key == "$or":
                self.any_of(arg)
            elif key in ("$ex", "$nex"):
                for fld in arg:
                    op = "not in" if key == "$ex" else "in"
                    self.emit(f"if {self.const(fld)} {op} {self.f}: return False")
            elif key in _CMP_OPS:
                if not isinstance(arg, dict) or len(arg) != 1:
                    raise _Unsupported(arg)
                ((fld, rhs),) = arg.items()
                left = self.field(self.f, fld)
                right, kind = self.value(rhs)
                if kind == "str":
                    self.emit(f"if not isinstance({left}, str): return False")
                elif kind == "other":
                    self.emit(f"if isinstance({left}, str): return False")
                else:
                    self.emit(
                        f"if isinstance({left}, str) != isinstance({right}, str): return False"
                    )
                self.emit(f"if not ({left} {_CMP_OPS[key]} {right}): return False")
            elif (
                key == "sid"
                and isinstance(arg, dict)
                and len(arg) == 1
                and next(iter(arg.items()))[1] == "sid"
                and next(iter(arg)) in self.bound
            ):
                continue  # the join-on-sid workaround: every fact of a run has one sid
            elif isinstance(arg, dict):
                left = self.field(self.f, key)
                right, _ = self.value(arg)
                self.emit(f"if not ({left} == {right}): return False")
            else:
                self.emit(
                    f"if not ({self.f}.get({self.const(key)}, _M) == {self.const(arg)}): "
                    "return False"
                )

    def any_of(self, branches: Any) -> None:
        if not isinstance(branches, list):
            raise _Unsupported(branches)
        simple = [
            next(iter(b.items()))
            for b in branches
            if isinstance(b, dict) and len(b) == 1 and _scalar(next(iter(b.values())))
        ]
        fields = {k for k, _ in simple}
        if (
            branches
            and len(simple) == len(branches)
            and len(fields) == 1
            and not next(iter(fields)).startswith("$")
        ):
            (fld,) = fields
            values = ", ".join(self.const(v) for _, v in simple)
            self.emit(f"if {self.f}.get({self.const(fld)}, _M) not in ({values},): return False")
            return
        names = []
        for b in branches:
            names.append(predicate(b, self.consts, self.helpers, self.bound, skip=False))
        args = ", ".join([self.f, *self.bound.values()])
        calls = " or ".join(f"{n}({args})" for n in names) or "False"
        self.emit(f"if not ({calls}): return False")


def _const_eq(test: Any) -> bool:
    """``{field: scalar}``: a plain equality test against a constant."""
    if not isinstance(test, dict) or len(test) != 1:
        return False
    ((key, arg),) = test.items()
    return isinstance(key, str) and not key.startswith("$") and _scalar(arg)


def _tests(gen: _Gen, cond: dict[str, Any], skip: bool) -> None:
    if "$and" in cond and skip:
        for key, arg in cond.items():
            if key == "$and" and isinstance(arg, list):
                # Equality with a constant first (it cannot raise, and "fraction: true" or
                # "matched: false" rejects most facts at once); the rest in rule order, so
                # an arithmetic error happens exactly where the reference meets it.
                for t in sorted(arg, key=lambda t: not _const_eq(t)):
                    gen.test(t, skip=True)
            else:
                gen.test({key: arg})
    else:
        gen.test(cond, skip=skip)


def predicate(
    cond: dict[str, Any],
    consts: list[Any],
    helpers: list[str],
    bound: dict[str, str],
    skip: bool,
    fallback: str | None = None,
) -> str:
    """Define a predicate function in ``helpers``; return its name."""
    name = f"_p{len(helpers)}"
    slot = len(helpers)
    helpers.append("")  # reserve the name: branch predicates are defined while we generate
    params = ", ".join(["f", *bound.values()])
    gen = _Gen(consts, helpers, bound)
    try:
        _tests(gen, cond, skip)
        body = gen.lines + ["    return True"]
    except _Unsupported:
        consts.append(cond)
        mapping = ", ".join(f"{a!r}: {v}" for a, v in bound.items())
        body = [f"    return _REF(_K[{len(consts) - 1}], f, {{{mapping}}})"]
    helpers[slot] = f"def {name}({params}):\n" + "\n".join(body)
    return name


_ASSIGN = re.compile(r"\w+ = ")


def inline(
    cond: dict[str, Any],
    consts: list[Any],
    helpers: list[str],
    bound: dict[str, str],
    fact: str,
    prefix: str,
) -> list[str] | None:
    """The tests of ``cond`` on the fact in variable ``fact`` as statements for a loop body,
    ``continue`` where the predicate would return False; None when not translatable (the
    caller then calls a predicate, which may fall back to the reference)."""
    mark = (len(consts), len(helpers))
    gen = _Gen(consts, helpers, bound, fact=fact, prefix=prefix)
    try:
        _tests(gen, cond, skip=True)
    except _Unsupported:
        del consts[mark[0] :], helpers[mark[1] :]
        return None
    out = []
    for line in gen.lines:
        stmt = line.strip()
        if stmt == "return False":
            out.append("continue")
        elif stmt.startswith("if ") and stmt.endswith(": return False"):
            out.append(stmt.removesuffix("return False") + "continue")
        elif _ASSIGN.match(stmt):
            out.append(stmt)
        else:  # not a shape we emit: keep the function call
            del consts[mark[0] :], helpers[mark[1] :]
            return None
    return out


Signature = tuple[tuple[str, ...], tuple[Any, ...]]


def _disjoint(a: Signature, b: Signature) -> bool:
    """Two pools hold no common fact: an indexed field pinned to different values."""
    pinned = dict(zip(*a, strict=True))
    return any(f in pinned and pinned[f] != v for f, v in zip(*b, strict=True))


def build_rule(
    rname: str,
    steps: list[tuple[str, dict[str, Any], bool, tuple[tuple[str, ...], tuple[Any, ...]]]],
    slots: list[int],
    reference: Callable[..., bool],
) -> Callable[[list[Any], list[Any]], None]:
    """A function ``run(pools, out)`` appending ``(rname, ((alias, id), ...))`` per match;
    ``pools[slots[i]]`` holds the candidate facts of step ``i``."""
    consts: list[Any] = [rname]
    helpers: list[str] = []
    bound: dict[str, str] = {}  # positive aliases bound before the current step
    lines = ["def run(pools, out):"]
    depth = 1

    def put(line: str) -> None:
        lines.append("    " * depth + line)

    for i, (_alias, _cond, neg, _sig) in enumerate(steps):
        put(f"P{i} = pools[{slots[i]}]")
        if not neg:
            put(f"if not P{i}: return")
    sigs = {alias: sig for alias, _, neg, sig in steps if not neg}
    for i, (alias, cond, neg, sig) in enumerate(steps):
        # a fact already bound may not be bound again (unless the pools cannot share it)
        others = [v for a, v in bound.items() if not _disjoint(sig, sigs[a])]
        body = inline(cond, consts, helpers, dict(bound), f"x{i}", f"s{i}v")
        if body is None:
            pred = predicate(cond, consts, helpers, dict(bound), skip=True)
            args = ", ".join([f"x{i}", *bound.values()])
            body = [f"if not {pred}({args}): continue"]
        if others:
            body.insert(0, f"if {' or '.join(f'x{i} is {v}' for v in others)}: continue")
        put(f"for x{i} in P{i}:")
        for stmt in body:
            put(f"    {stmt}")
        if neg:
            put("    break")
            put("else:")
        else:
            bound[alias] = f"x{i}"
        depth += 1
    ids = ", ".join(f"({a!r}, {v}['id'])" for a, v in sorted(bound.items()))
    put(f"out.append((_K[0], ({ids}{',' if len(bound) == 1 else ''})))")
    source = "\n\n".join(helpers + ["\n".join(lines)])
    namespace: dict[str, Any] = {"_K": consts, "_M": _MISSING, "_REF": reference}
    exec(compile(source, f"<rule {rname}>", "exec"), namespace)  # noqa: S102 - our own code
    return namespace["run"]
