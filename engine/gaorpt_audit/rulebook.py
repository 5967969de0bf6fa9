"""TOML rule files -> validated pydantic models (rules/README.md describes the language).

One rule per file, ``rules/<category>/<CODE>.toml``. Every model forbids extra fields; a
rule's ``[check]`` is one of the registered check kinds (checks/), whose schema parses
cell references at load time, so a mistake is reported with file, line and field, never
later during an audit. Nothing in a rule file is ever evaluated as code. This module
loads, validates and selects rules; what a kind means lives in its checks/ module.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo

from .checks import REGISTRY, check_kinds, check_union, on_register
from .checks.base import COMMON_SLOTS
from .identities import IDENTITIES
from .keys import PUBLISHER_KINDS
from .model import FormatVersion, PublisherKind, Severity
from .tomlfiles import TomlError, did_you_mean, format_validation_error, line_of, read_toml

CATEGORIES = (
    "sections",
    "dates",
    "zeros",
    "balance",
    "consistency",
    "format",
    "crossyear",
    "parse",
)
Category = Literal[CATEGORIES]  # type: ignore[valid-type]
CODE_RE = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


class RuleError(Exception):
    """A broken rule, case or config file: file, line and field in one message (exit 2)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Applies(_Model):
    formats: list[FormatVersion] = list(get_args(FormatVersion))
    from_year: int | None = None
    to_year: int | None = None
    publisher_kinds: list[PublisherKind] = list(PUBLISHER_KINDS)

    def describe(self) -> str:
        """In words, for people: formats, years and publisher kinds it applies to."""
        parts = []
        if list(self.formats) != list(get_args(FormatVersion)):
            parts.append(f"formats {', '.join(self.formats)}")
        if self.from_year is not None and self.to_year is not None:
            parts.append(f"report years {self.from_year}–{self.to_year}")
        elif self.from_year is not None:
            parts.append(f"report years from {self.from_year}")
        elif self.to_year is not None:
            parts.append(f"report years up to {self.to_year}")
        if list(self.publisher_kinds) != list(PUBLISHER_KINDS):
            parts.append(f"publishers: {', '.join(self.publisher_kinds)}")
        return "; ".join(parts) or "every report"


class Rule(_Model):
    code: str
    name: str
    category: Category
    severity: Severity
    weight: float = Field(ge=0)
    summary: str = Field(min_length=1)
    why: str = Field(min_length=1)
    basis: str = Field(min_length=1)
    applies: Applies = Applies()
    identity: str | None = None  # identities.py id this rule checks (matches Cell.inferred_by)
    # false: a finding says what the tool could not check (a parse limit), not a defect of
    # the report: it is never scored and is counted as "could not check"
    defect: bool = True
    message: str = Field(min_length=1)
    check: Any  # one of the registered kinds' schemas (rebuild_schema)
    source: str | None = Field(default=None, exclude=True)  # file it came from

    @model_validator(mode="before")
    @classmethod
    def _identity_equation(cls, data: Any) -> Any:
        """An equation naming an identity takes its lhs/rhs/for_each from identities.py."""
        if not isinstance(data, dict) or not data.get("identity"):
            return data
        ident = IDENTITIES.get(data["identity"])
        if ident is None:
            raise ValueError(
                f"identity {data['identity']!r} is not defined in identities.py; known: "
                f"{', '.join(IDENTITIES)}"
            )
        check = data.get("check")
        if isinstance(check, dict) and check.get("kind") == "equation":
            defined: dict[str, Any] = {"lhs": list(ident.lhs), "rhs": list(ident.rhs)}
            if ident.for_each:
                defined["for_each"] = ident.for_each
            for k, v in check.items():
                if k in ("lhs", "rhs", "for_each") and _spelled(v) != _spelled(defined.get(k)):
                    raise ValueError(
                        f"check.{k} differs from the identity {ident.id} of identities.py "
                        f"({defined.get(k)}); leave lhs, rhs and for_each out to use it"
                    )
            data = {**data, "check": {**check, **defined}}
        return data

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not CODE_RE.match(v):
            raise ValueError(f"code {v!r} must be 2-5 capital letters and 3 digits, e.g. BAL001")
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not NAME_RE.match(v):
            raise ValueError(
                f"name {v!r} must be dotted lower-case words, e.g. balance.applications"
            )
        return v

    @model_validator(mode="after")
    def _message(self) -> Rule:
        kind = REGISTRY[self.check.kind]
        allowed = COMMON_SLOTS | kind.slot_names(self.check)
        try:
            slots = {f for _, f, _, _ in string.Formatter().parse(self.message) if f is not None}
        except ValueError as exc:
            raise ValueError(f"message: {exc} (write {{{{ and }}}} for literal braces)") from None
        what = kind.name
        if kind.unfilled is not None and kind.unfilled(self.check):
            what += f" with {_settings(self.check)}"
        bad = sorted(s for s in slots if s not in allowed)
        if bad:
            raise ValueError(
                f"message slot {{{bad[0]}}} is not defined for kind {what}; "
                f"use: {', '.join(sorted(allowed))}"
            )
        return self

    @cached_property
    def prefix(self) -> str:
        return self.code.rstrip("0123456789")


def _spelled(v: Any) -> Any:
    """A reference list as written, without spaces: to compare with an identity."""
    return [str(x).replace(" ", "") for x in v] if isinstance(v, list) else v


def _settings(check: Any) -> str:
    """The non-default settings of a check, e.g. 'per = "table"' (for messages)."""
    per = getattr(check, "per", None)
    return f'per = "{per}"' if per is not None else "these settings"


def rebuild_schema() -> None:
    """(Re)build ``Rule.check`` as the union of the registered kinds (checks.register)."""
    Rule.model_fields["check"] = FieldInfo.from_annotation(check_union())
    Rule.model_rebuild(force=True)


rebuild_schema()
on_register(rebuild_schema)


# --------------------------------------------------------------------------- loading


def load_rule_file(path: Path) -> Rule:
    try:
        text, data = read_toml(path)
    except TomlError as exc:
        raise RuleError(str(exc)) from None
    try:
        rule = Rule.model_validate({**data, "source": str(path)})
    except ValidationError as exc:
        raise RuleError(format_validation_error(path, text, exc, check_kinds())) from None
    if path.stem != rule.code:
        raise RuleError(
            f"{path}:{line_of(text, ('code',)) or 1}: code: {rule.code!r} must match the file name {path.stem!r}"
        )
    if path.parent.name in CATEGORIES and path.parent.name != rule.category:
        raise RuleError(
            f"{path}:{line_of(text, ('category',)) or 1}: category: {rule.category!r} but the file is in "
            f"the {path.parent.name}/ folder"
        )
    return rule


def rule_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.toml") if not p.name.endswith(".cases.toml"))


def load_rules(directories: Iterable[Path]) -> list[Rule]:
    """All rules of the given pack folders, sorted by code; duplicates are an error."""
    seen: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for directory in directories:
        if not directory.is_dir():
            raise RuleError(f"{directory}: rule pack folder not found")
        for path in rule_files(directory):
            rule = load_rule_file(path)
            if rule.code in seen:
                raise RuleError(
                    f"{path}:1: code: duplicate rule code {rule.code} (also in {seen[rule.code].source})"
                )
            if rule.name in names:
                raise RuleError(
                    f"{path}:1: name: duplicate rule name {rule.name} (also in {names[rule.name].source})"
                )
            seen[rule.code] = names[rule.name] = rule
    return [seen[c] for c in sorted(seen)]


def selector_matches(selector: str, rule: Rule) -> bool:
    """A selector is ALL, a code, a code prefix (BAL, BAL0), a category or a rule name (prefix)."""
    s = selector.strip()
    return (
        s == "ALL"
        or rule.code.startswith(s)
        or s == rule.category
        or rule.name == s
        or rule.name.startswith(s + ".")
    )


def _at(where: str, key: str, table: str | None = None) -> str:
    """``file:line: `` of ``key`` in a config file (``where``), or ``where: ``."""
    if not where:
        return ""
    path = Path(where)
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            text = ""
        quoted = re.compile(rf"[\"']{re.escape(key)}[\"']|^\s*{re.escape(key)}\s*=")
        start = 0
        if table:
            header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]")
            start = next((i for i, x in enumerate(text.splitlines()) if header.match(x)), 0)
        for i, line in enumerate(text.splitlines()[start:], start + 1):
            if quoted.search(line.split("#", 1)[0]):
                return f"{where}:{i}: "
    return f"{where}: "


def select_rules(
    rules: list[Rule], select: list[str], ignore: list[str], where: str = ""
) -> list[Rule]:
    """Apply select/ignore; a selector that matches no rule is a config error."""
    for s in [*select, *ignore]:
        if not any(selector_matches(s, r) for r in rules):
            known = [x for r in rules for x in (r.code, r.name, r.category)]
            raise RuleError(
                f"{_at(where, s)}unknown rule selector {s!r}{did_you_mean(s, known)}: not a "
                "code, code prefix, category or rule name of any loaded rule "
                "(see `gaorpt-audit rules`)"
            )
    chosen = [r for r in rules if not select or any(selector_matches(s, r) for s in select)]
    return [r for r in chosen if not any(selector_matches(s, r) for s in ignore)]


# --------------------------------------------------------------------------- a config's rules


@dataclass(frozen=True)
class Rulebook:
    """The rules of a configuration's packs (``rules``) and those it selects (``chosen``)."""

    rules: list[Rule]
    chosen: list[Rule]

    def __iter__(self) -> Any:  # rules, chosen = rulebook_for(config)
        return iter((self.rules, self.chosen))


_BOOKS: dict[tuple[str, ...], Rulebook] = {}


def rulebook_for(config: Any) -> Rulebook:
    """Load, validate and select the rules of a Config (once per configuration per
    process); a broken rule, unknown selector or unknown code in severity/weights is a
    ConfigError naming the file that holds it."""
    from .config import ConfigError
    from .resources import default_config_path

    dirs = config.pack_dirs()
    key = (config.model_dump_json(), *map(str, dirs))
    if key in _BOOKS:
        return _BOOKS[key]
    where = config.source or str(default_config_path())
    try:
        for directory in dirs:  # a pack that loads nothing would score every report 100
            if directory.is_dir() and not any(rule_files(directory)):
                raise RuleError(
                    f"{_at(where, 'packs')}ruleset.packs: {directory} holds no rule file"
                    " (*.toml): nothing would be checked"
                )
        rules = load_rules(dirs)
        # Selectors given on the command line are blamed on it, not on a config file.
        select_rules(rules, config.select, config.ignore, "--select/--ignore")
        select, ignore = config.selection
        chosen = select_rules(rules, select, ignore, where)
        for selectors in config.file.per_path_ignores.values():
            select_rules(rules, selectors, [], where)
        for code in [*config.file.severity, *config.file.weights]:
            if not any(r.code == code for r in rules):
                table = "severity" if code in config.file.severity else "weights"
                near = did_you_mean(code, [r.code for r in rules])
                raise RuleError(
                    f"{_at(where, code, table)}{table}.{code}: unknown rule code {code!r}{near}"
                )
    except RuleError as exc:
        raise ConfigError(str(exc)) from None
    _BOOKS[key] = book = Rulebook(rules, chosen)
    return book
