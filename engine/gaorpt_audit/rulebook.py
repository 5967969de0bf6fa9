"""TOML rule files -> validated pydantic models (rules/README.md describes the language).

One rule per file, ``rules/<category>/<CODE>.toml``. Every model forbids extra fields and a
rule's check is one of a closed set of kinds. References to table cells are parsed here, so a
mistake is reported at load time with file, line and field, never later during an audit.
Nothing in a rule file is ever evaluated as code.
"""

from __future__ import annotations

import fnmatch
import re
import string
import tomllib
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)

# Canonical keys of tables 二/三/四 and their printed labels: defined once in keys.py (shared
# with the parser), re-exported here for the rule modules.
from .keys import (
    COLUMN_LABELS,  # noqa: F401 - re-exported
    ROW_LABELS,  # noqa: F401 - re-exported
    T2_COLUMNS,  # noqa: F401 - re-exported
    T2_ROWS,  # noqa: F401 - re-exported
    T3_COLUMNS,
    T3_ROWS,
    T3_ROWS_2019,  # noqa: F401 - re-exported
    T3_ROWS_2021,  # noqa: F401 - re-exported
    T4_COLUMNS,
    T4_GROUPS,
    TABLE_COLUMNS,
    TABLE_NAMES,  # noqa: F401 - re-exported
    TABLE_ROWS,
)
from .model import FormatVersion, Severity

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
Category = Literal[
    "sections", "dates", "zeros", "balance", "consistency", "format", "crossyear", "parse"
]
CODE_RE = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")

SECTION_KEYS = ("overview", "proactive", "applications", "review_litigation", "problems", "other")
SectionKey = Literal[
    "overview", "proactive", "applications", "review_litigation", "problems", "other"
]
SECTION_TITLES = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
SECTION_NUMBERS = dict(zip(SECTION_KEYS, "一二三四五六", strict=True))
TABLE_SECTION = {"二": "二", "三": "三", "四": "四"}

CLAIM_KINDS = (
    "no_applications",
    "applications_received",
    "applications_handled",
    "applications_carried_forward",
    "no_review_litigation",
    "review_count",
    "litigation_count",
    "outcome_count",
    "fee_statement",
)
ClaimKind = Literal[
    "no_applications",
    "applications_received",
    "applications_handled",
    "applications_carried_forward",
    "no_review_litigation",
    "review_count",
    "litigation_count",
    "outcome_count",
    "fee_statement",
]

# Loop domains of ``for_each`` and the variables they bind (see rules/README.md).
FOR_EACH: dict[str, dict[str, tuple[str, ...]]] = {
    "t3.columns": {"col": T3_COLUMNS},
    "t3.rows": {"row": T3_ROWS},
    "t3.cells": {"row": T3_ROWS, "col": T3_COLUMNS},
    "t4.groups": {"group": T4_GROUPS},
    "t4.columns": {"col": T4_COLUMNS},
    "t4.cells": {"group": T4_GROUPS, "col": T4_COLUMNS},
}
LOOP_VARS = ("row", "col", "group")

_REF_RE = re.compile(r"^(t2|t3|t4)\.([a-z_*][a-z0-9_.*]*)\[([a-z_*][a-z0-9_*]*)\]$")


class RuleError(Exception):
    """A broken rule, case or config file: file, line and field in one message (exit 2)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ref(_Model):
    """A cell reference ``t3.new[col]``: table, row key (or loop variable / glob), column."""

    table: Literal["t2", "t3", "t4"]
    row: str
    col: str

    @classmethod
    def parse(cls, text: str) -> Ref:
        m = _REF_RE.match(text.strip())
        if not m:
            raise ValueError(
                f"bad cell reference {text!r}: write table.row[column], e.g. 't3.new[total]'"
            )
        table, row, col = m.groups()
        for part, known, what in (
            (row, TABLE_ROWS[table], "row"),
            (col, TABLE_COLUMNS[table], "column"),
        ):
            if part in LOOP_VARS or "*" in part:
                if "*" in part and not fnmatch.filter(known, part):
                    raise ValueError(
                        f"{what} pattern {part!r} in {text!r} matches no {table} {what}"
                    )
                continue
            if part not in known:
                raise ValueError(
                    f"unknown {table} {what} {part!r} in {text!r}; known: {', '.join(known)}"
                )
        return cls(table=table, row=row, col=col)

    def __str__(self) -> str:
        return f"{self.table}.{self.row}[{self.col}]"

    @property
    def variables(self) -> set[str]:
        return {p for p in (self.row, self.col) if p in LOOP_VARS}

    @property
    def is_glob(self) -> bool:
        return "*" in self.row or "*" in self.col

    def bind(self, env: dict[str, str]) -> Ref:
        return Ref(
            table=self.table, row=env.get(self.row, self.row), col=env.get(self.col, self.col)
        )


def _ref(value: Any) -> Any:
    return Ref.parse(value) if isinstance(value, str) else value


RefT = Annotated[Ref, BeforeValidator(_ref)]

# --------------------------------------------------------------------------- check kinds

Op = Literal["eq", "ne", "lt", "le", "gt", "ge"]


class _Check(_Model):
    def _check_loop(self, for_each: str | None, refs: Iterable[Ref]) -> None:
        bound = set(FOR_EACH[for_each]) if for_each else set()
        for r in refs:
            unbound = r.variables - bound
            if unbound:
                raise ValueError(
                    f"{r} uses the loop variable {min(unbound)!r} but for_each "
                    f"({for_each or 'not set'}) does not bind it"
                )


ForEach = Literal["t3.columns", "t3.rows", "t3.cells", "t4.groups", "t4.columns", "t4.cells"]


class Equation(_Check):
    """sum(lhs) = sum(rhs) within ``tolerance``; lhs is what the report printed (actual)."""

    kind: Literal["equation"]
    for_each: ForEach | None = None
    lhs: list[RefT] = Field(min_length=1)
    rhs: list[RefT] = Field(min_length=1)
    tolerance: float = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _loop(self) -> Equation:
        self._check_loop(self.for_each, [*self.lhs, *self.rhs])
        return self


class Compare(_Check):
    """``left op right`` for each bound cell; a glob in ``left`` checks every matching cell."""

    kind: Literal["compare"]
    for_each: ForEach | None = None
    left: RefT
    op: Op
    right: RefT | float | int
    exclude_columns: list[str] = []  # columns a glob in ``left`` skips (e.g. 表二 本年增/减)

    @model_validator(mode="after")
    def _loop(self) -> Compare:
        refs = [self.left] + ([self.right] if isinstance(self.right, Ref) else [])
        self._check_loop(self.for_each, refs)
        for c in self.exclude_columns:
            if c not in TABLE_COLUMNS[self.left.table]:
                raise ValueError(f"exclude_columns: unknown {self.left.table} column {c!r}")
        if isinstance(self.right, Ref) and (self.right.is_glob or self.left.is_glob):
            raise ValueError("a glob (*) is allowed only when comparing with a number")
        return self


RequiredField = Literal["title", "publisher", "year", "period", "signed"]


class Required(_Check):
    """Each listed section / table / metadata field must be present (one finding per absence)."""

    kind: Literal["required"]
    sections: list[SectionKey] = []
    tables: list[Literal["二", "三", "四"]] = []
    fields: list[RequiredField] = []

    @model_validator(mode="after")
    def _some(self) -> Required:
        if not (self.sections or self.tables or self.fields):
            raise ValueError("list at least one of sections, tables, fields")
        return self


class RelDate(_Model):
    """A date relative to the report year Y: (Y + year_offset)-month-day."""

    year_offset: int = 1
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)


DateName = Literal["signed", "period.start", "period.end"]


class DateWindow(_Check):
    """A date of the report must lie in [not_before, not_after] relative to the report year."""

    kind: Literal["date_window"]
    date: DateName
    not_before: RelDate | None = None
    not_after: RelDate | None = None

    @model_validator(mode="after")
    def _some(self) -> DateWindow:
        if not (self.not_before or self.not_after):
            raise ValueError("give not_before, not_after or both")
        return self


class Condition(_Model):
    """One side of ``implies``: a claim exists / does not exist, or a cell comparison.

    ``value = "claim"`` compares the cell with the number of the claim matched in ``when``.
    """

    claim: ClaimKind | None = None
    no_claim: ClaimKind | None = None
    ref: RefT | None = None
    op: Op | None = None
    value: float | int | Literal["claim"] | None = None

    @model_validator(mode="after")
    def _shape(self) -> Condition:
        kinds = [self.claim is not None, self.no_claim is not None, self.ref is not None]
        if sum(kinds) != 1:
            raise ValueError("a condition is exactly one of: claim, no_claim, or ref + op + value")
        if self.ref is not None and (self.op is None or self.value is None):
            raise ValueError("a cell condition needs ref, op and value")
        if self.ref is None and (self.op is not None or self.value is not None):
            raise ValueError("op and value belong to a cell condition (ref)")
        if self.ref is not None and self.ref.variables:
            raise ValueError(f"{self.ref}: implies takes no loop variables; use a glob (*)")
        return self


class Implies(_Check):
    """When ``when`` holds, every condition in ``then`` must hold."""

    kind: Literal["implies"]
    when: Condition
    then: list[Condition] = Field(min_length=1)

    @model_validator(mode="after")
    def _claim_value(self) -> Implies:
        if self.when.value == "claim":
            raise ValueError('value = "claim" is allowed only in then')
        for c in self.then:
            if c.value == "claim" and self.when.claim is None:
                raise ValueError('value = "claim" needs when = { claim = ... }')
            if c.ref is not None and c.ref.is_glob and c.value == "claim":
                raise ValueError('value = "claim" needs a single cell, not a glob')
        if self.when.ref is not None and self.when.ref.is_glob:
            raise ValueError("when: a glob (*) is not allowed; name one cell")
        return self


PatternTarget = Literal[
    "text",
    "title",
    "section.overview",
    "section.proactive",
    "section.applications",
    "section.review_litigation",
    "section.problems",
    "section.other",
]


class Pattern(_Check):
    """Text must (or must not) match a regular expression (Python ``re`` syntax)."""

    kind: Literal["pattern"]
    target: PatternTarget
    must_match: str | None = None
    must_not_match: str | None = None

    @model_validator(mode="after")
    def _one(self) -> Pattern:
        given = [p for p in (self.must_match, self.must_not_match) if p is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of must_match, must_not_match")
        try:
            re.compile(given[0])
        except re.error as exc:
            raise ValueError(f"bad regular expression {given[0]!r}: {exc}") from None
        return self

    @property
    def regex(self) -> str:
        return self.must_match if self.must_match is not None else str(self.must_not_match)


class FormatCheck(_Check):
    """Each listed table uses the layout of the report year (2021 from new_format_from on)."""

    kind: Literal["format"]
    tables: list[Literal["二", "三", "四"]] = Field(min_length=1)
    new_format_from: int = 2021


class CrossYear(_Check):
    """Declared only: evaluation needs the previous year's report (a later release)."""

    kind: Literal["crossyear"]
    for_each: ForEach | None = None
    current: RefT
    previous: RefT
    tolerance: float = Field(default=0, ge=0)


class IssueCheck(_Check):
    """The parser recorded none of these parse issues (parse category; one finding per issue)."""

    kind: Literal["issue"]
    codes: list[str] = Field(min_length=1)
    tables: list[Literal["二", "三", "四"]] = []  # optional: only issues recorded on these tables
    # "table": one finding per (issue code, table), the first issue wins; "row": one per
    # (issue code, table, row), located at the row, so each unbalanced row is named
    per: Literal["table", "row"] = "table"

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # the default is left out, so the ruleset hash of a pack not using per is unchanged
        out: dict[str, Any] = handler(self)
        if out.get("per") == "table":
            del out["per"]
        return out


TableName = Literal["二", "三", "四"]


class BlankCells(_Check):
    """Blank cells of a table that holds numbers elsewhere (DOMAIN.md §3.4 N-BLANK).

    One finding per table naming its blank cells; a table without any number is not
    applicable (an empty table is a parse finding, not "incomplete").
    """

    kind: Literal["blank_cells"]
    tables: list[TableName] = Field(min_length=1)


class SectionOrder(_Check):
    """The sections present appear in this order (DOMAIN.md §3.4 N-HEAD "in order").

    One finding per report, however many sections are out of place.
    """

    kind: Literal["section_order"]
    sections: list[SectionKey] = Field(default=list(SECTION_KEYS), min_length=2)


class ClaimTotal(_Check):
    """A narrative count equals the sum of table cells (DOMAIN.md §3.4 N-COUNT).

    ``cells`` for claims without a target (e.g. litigation_count); ``targets`` maps the
    claim's ``target`` (outcome_count: granted, granted+partial, withheld …) to its cells.
    A glob is summed over the rows present; any blank/missing cell makes it not applicable.
    """

    kind: Literal["claim_total"]
    claim: ClaimKind
    cells: list[RefT] = []
    targets: dict[str, list[RefT]] = {}

    @model_validator(mode="after")
    def _shape(self) -> ClaimTotal:
        if bool(self.cells) == bool(self.targets):
            raise ValueError("give exactly one of cells, targets")
        for refs in [self.cells] if self.cells else list(self.targets.values()):
            if not refs:
                raise ValueError("every target needs at least one cell")
            for r in refs:
                if r.variables:
                    raise ValueError(f"{r}: claim_total takes no loop variables; use a glob (*)")
        return self


class IntegerCheck(_Check):
    """Every number in the matching cells is a whole number (counts: DOMAIN.md §3.1 T3-NN)."""

    kind: Literal["integer"]
    cells: list[RefT] = Field(min_length=1)

    @model_validator(mode="after")
    def _loop(self) -> IntegerCheck:
        self._check_loop(None, self.cells)
        return self


Check = Annotated[
    Equation
    | Compare
    | Required
    | DateWindow
    | Implies
    | Pattern
    | FormatCheck
    | CrossYear
    | IssueCheck
    | BlankCells
    | SectionOrder
    | ClaimTotal
    | IntegerCheck,
    Field(discriminator="kind"),
]
CHECK_KINDS = (
    "required",
    "equation",
    "compare",
    "date_window",
    "implies",
    "pattern",
    "format",
    "crossyear",
    "issue",
    "blank_cells",
    "section_order",
    "claim_total",
    "integer",
)

# Message slots every kind can use, plus the kind's own.
COMMON_SLOTS = {"code", "name", "publisher", "year", "format"}
ROW_SLOTS = {"row", "row_label"}  # of an issue check: only with per = "row"
KIND_SLOTS = {
    "equation": {
        "lhs",
        "rhs",
        "diff",
        "lhs_terms",
        "rhs_terms",
        "row",
        "col",
        "group",
        "column",
        "row_label",
        "column_label",
        "tolerance",
    },
    "compare": {
        "left",
        "right",
        "op",
        "cell",
        "row",
        "col",
        "group",
        "column",
        "row_label",
        "column_label",
    },
    "required": {"item", "label", "what"},
    "date_window": {"date", "raw", "bound", "side"},
    "implies": {
        "when",
        "cell",
        "actual",
        "expected",
        "claim_value",
        "claim_text",
        "claim_line",
        "row",
        "column",
        "row_label",
        "column_label",
    },
    "pattern": {"target", "pattern", "matched"},
    "format": {"table", "layout", "expected"},
    "crossyear": {"current", "previous", "row", "col", "column"},
    "issue": {"issue", "issue_message", "table", "line", "row", "row_label"},
    "blank_cells": {"table", "count", "cells"},
    "section_order": {"order", "expected"},
    "claim_total": {
        "claim_value",
        "claim_text",
        "claim_line",
        "target",
        "target_label",
        "actual",
        "terms",
        "diff",
    },
    "integer": {"cell", "value", "row", "col", "column", "row_label", "column_label"},
}


class Applies(_Model):
    formats: list[FormatVersion] = ["2019", "2021", "unknown"]
    from_year: int | None = None
    to_year: int | None = None
    publisher_kinds: list[Literal["government", "department", "unknown"]] = [
        "government",
        "department",
        "unknown",
    ]


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
    identity: str | None = None  # DOMAIN.md §3 id this rule checks (matches Cell.inferred_by)
    message: str = Field(min_length=1)
    check: Check
    source: str | None = Field(default=None, exclude=True)  # file it came from

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
        allowed = COMMON_SLOTS | KIND_SLOTS[self.check.kind]
        try:
            slots = {f for _, f, _, _ in string.Formatter().parse(self.message) if f is not None}
        except ValueError as exc:
            raise ValueError(f"message: {exc} (write {{{{ and }}}} for literal braces)") from None
        kind = self.check.kind
        if isinstance(self.check, IssueCheck) and self.check.per == "table":
            allowed -= ROW_SLOTS  # one finding per table has no single row to name
            kind += ' with per = "table"'
        bad = sorted(s for s in slots if s not in allowed)
        if bad:
            raise ValueError(
                f"message slot {{{bad[0]}}} is not defined for kind {kind}; "
                f"use: {', '.join(sorted(allowed))}"
            )
        return self

    @cached_property
    def prefix(self) -> str:
        return self.code.rstrip("0123456789")


# --------------------------------------------------------------------------- loading


def _line_of(text: str, loc: tuple[Any, ...]) -> int | None:
    """tomllib gives no positions for keys: find the line of a field path by searching the text."""
    lines = text.splitlines()
    start = 0
    keys = [str(p) for p in loc if isinstance(p, str)]
    if not keys:
        return None
    # A table header like [check] or [[case]] narrows the search.
    for i, line in enumerate(lines):
        if re.match(rf"^\s*\[\[?\s*{re.escape(keys[0])}\s*\]\]?\s*$", line):
            start = i
            break
    candidates = list(reversed(keys))
    for key in candidates:
        pat = re.compile(rf'(^|[\s{{,])"?{re.escape(key)}"?\s*=')
        for i in range(start, len(lines)):
            if pat.search(lines[i]):
                return i + 1
    return start + 1 if start else None


def format_validation_error(path: Path | str, text: str, exc: ValidationError) -> str:
    """One clear message: file:line: field: what is wrong."""
    err = exc.errors()[0]
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in CHECK_KINDS))
    msg = err["msg"].removeprefix("Value error, ")
    if not loc and msg.startswith("message"):
        loc = ("message",)  # raised by the rule-level validator
    if err["type"] == "extra_forbidden":
        msg = f"unknown field {loc[-1]!r}"
    elif err["type"] == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag")
        msg = f"unknown check kind {tag!r}; use one of: {', '.join(CHECK_KINDS)}"
        loc = (*loc, "kind")
    elif err["type"] == "missing":
        msg = "required field is missing"
    field = ".".join(str(p) for p in loc) or "(file)"
    line = _line_of(text, loc) if err["type"] != "missing" else _line_of(text, loc[:-1])
    where = f"{path}:{line}" if line else str(path)
    extra = f" ({len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    return f"{where}: {field}: {msg}{extra}"


def read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read: {exc}") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        where = f"{path}:{m.group(1)}" if m else str(path)
        raise RuleError(f"{where}: TOML syntax error: {exc}") from None


def load_rule_file(path: Path) -> Rule:
    text, data = read_toml(path)
    try:
        rule = Rule.model_validate({**data, "source": str(path)})
    except ValidationError as exc:
        raise RuleError(format_validation_error(path, text, exc)) from None
    if path.stem != rule.code:
        raise RuleError(
            f"{path}:{_line_of(text, ('code',)) or 1}: code: {rule.code!r} must match the file name {path.stem!r}"
        )
    if path.parent.name in CATEGORIES and path.parent.name != rule.category:
        raise RuleError(
            f"{path}:{_line_of(text, ('category',)) or 1}: category: {rule.category!r} but the file is in "
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


def select_rules(
    rules: list[Rule], select: list[str], ignore: list[str], where: str = ""
) -> list[Rule]:
    """Apply select/ignore; a selector that matches no rule is a config error."""
    for s in [*select, *ignore]:
        if not any(selector_matches(s, r) for r in rules):
            raise RuleError(
                f"{where + ': ' if where else ''}unknown rule selector {s!r}: not a code, code "
                "prefix, category or rule name of any loaded rule (see `gaorpt-audit rules`)"
            )
    chosen = [r for r in rules if not select or any(selector_matches(s, r) for s in select)]
    return [r for r in chosen if not any(selector_matches(s, r) for s in ignore)]
