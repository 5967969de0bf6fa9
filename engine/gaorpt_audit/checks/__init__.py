"""The check kinds: one module each, listed once in ``REGISTRY``.

A kind module holds its schema, message slots, compiler and explainer (checks/base.py
says what each is). Adding a kind is one new module here plus its entry below; the rule
book builds the ``[check]`` union from this table, the compiler dispatches on it and the
evaluator explains matches through it. ``register`` adds a kind from outside the package
(a plugin, or a test's toy kind).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from . import (
    blank_cells,
    claim_total,
    compare,
    crossyear,
    date_window,
    enumeration,
    equation,
    format,
    implies,
    integer,
    issue,
    pattern,
    required,
    section_order,
)
from .base import Kind
from .compiler import Builder, Compiled, rules_hash

if TYPE_CHECKING:
    from ..rulebook import Rule

# The one registry table: kind name -> its module's KIND, in documentation order.
REGISTRY: dict[str, Kind] = {
    k.name: k
    for k in (
        required.KIND,
        equation.KIND,
        compare.KIND,
        date_window.KIND,
        implies.KIND,
        pattern.KIND,
        format.KIND,
        crossyear.KIND,
        issue.KIND,
        blank_cells.KIND,
        section_order.KIND,
        claim_total.KIND,
        integer.KIND,
        enumeration.KIND,
    )
}


_ON_REGISTER: list[Callable[[], None]] = []  # e.g. the rule book rebuilding its schema


def on_register(callback: Callable[[], None]) -> None:
    _ON_REGISTER.append(callback)


def register(kind: Kind) -> None:
    """Add a check kind (a plugin, a test's toy kind): rules may use it from then on."""
    if kind.name in REGISTRY and REGISTRY[kind.name] is not kind:
        raise ValueError(f"check kind {kind.name!r} is already registered")
    REGISTRY[kind.name] = kind
    _CACHE.clear()
    for callback in _ON_REGISTER:
        callback()


def unregister(name: str) -> None:
    """Remove a kind added with ``register`` (tests)."""
    REGISTRY.pop(name, None)
    _CACHE.clear()
    for callback in _ON_REGISTER:
        callback()


def check_kinds() -> tuple[str, ...]:
    return tuple(REGISTRY)


def check_union() -> Any:
    """The ``[check]`` table of a rule: one of the registered schemas, chosen by ``kind``."""
    schemas = tuple(k.schema for k in REGISTRY.values())
    union: Any = schemas[0]
    for s in schemas[1:]:
        union = union | s
    return Annotated[union, Field(discriminator="kind")]


def compile_rules(rules: list[Rule]) -> Compiled:
    b = Builder()
    for rule in sorted(rules, key=lambda r: r.code):
        REGISTRY[rule.check.kind].compile(b, rule, rule.check)
    return b.compiled(rules)


_CACHE: dict[str, Compiled] = {}


def compile_cached(rules: list[Rule]) -> Compiled:
    """Compile once per rule set per process (keyed by the ruleset hash)."""
    key = rules_hash(sorted(rules, key=lambda r: r.code))
    if key not in _CACHE:
        _CACHE[key] = compile_rules(rules)
    return _CACHE[key]


__all__ = [
    "REGISTRY",
    "Kind",
    "check_kinds",
    "check_union",
    "compile_cached",
    "compile_rules",
    "on_register",
    "register",
    "unregister",
]
