"""`issue`: parse problems (category `parse`).

`codes`: parse issue codes (e.g. `unreadable`, `unsupported_format`, `table_missing`,
`table_empty`), `tables` (optional: only issues recorded on these tables), `per`
(optional, `"table"` or `"row"`, default `"table"`).
Added because a parse failure cannot be written with the other kinds.

- `per = "table"`: one finding per (issue code, table), the first recorded issue wins;
  its logical location is `code|table`.
- `per = "row"`: one finding per (issue code, table, row), so two unbalanced rows of one
  table are two findings. The location's `row` and `column` are those of the issue, the
  logical location (fingerprint) is `code|table|row`, and the evidence is the part of the
  line around that row. An issue recorded on a whole table (no row) gives one finding with
  empty `row` and `row_label`. `row`/`row_label` in a `per = "table"` message is a load error.

```toml
[check]
kind = "issue"
codes = ["digits_unbalanced"]
per = "row"
```
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from ..facts import FactBase
from ..keys import SECTION_NUMBERS, SECTION_TITLES
from ..model import TableName
from .base import CheckModel, Explanation, Focus, Kind, Match, cell_labels
from .compiler import Builder, Instance, join


class IssueCheck(CheckModel):
    """The parser recorded none of these parse issues (parse category; one finding per issue)."""

    kind: Literal["issue"]
    codes: list[str] = Field(min_length=1)
    tables: list[TableName] = Field(
        default_factory=list
    )  # optional: only issues recorded on these tables
    per: Literal["table", "row"] = "table"

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # the default is left out, so the ruleset hash of a pack not using per is unchanged
        out: dict[str, Any] = handler(self)
        if out.get("per") == "table":
            del out["per"]
        return out


@dataclass
class Slots:
    issue: str = ""  # the issue code
    issue_message: str = ""
    table: str = ""
    line: Any = ""
    row: str = ""  # per = "row" only
    row_label: str = ""  # per = "row" only
    section: str = ""  # the section the issue is about (一..六), when it names one
    section_heading: str = ""  # that section's standard heading: 五、存在的主要问题及改进情况


ROW_SLOTS = frozenset({"row", "row_label"})
_HEADINGS = {SECTION_NUMBERS[k]: title for k, title in SECTION_TITLES.items()}


def _unfilled(chk: IssueCheck) -> frozenset[str]:
    return ROW_SLOTS if chk.per == "table" else frozenset()


def compile_check(b: Builder, rule: Any, chk: IssueCheck) -> None:
    codes = [{"code": c} for c in chk.codes]
    tests = [{"kind": "issue"}, {"$or": codes} if len(codes) > 1 else codes[0]]
    if chk.tables:
        tables = [{"table": t} for t in chk.tables]
        tests.append({"$or": tables} if len(tables) > 1 else tables[0])
    b.add(Instance(rule.code, "", spec=chk.per == "row"), {"": join([("m", tests)])})


def logical(per_row: bool, m: Match) -> str:
    """code|table, or code|table|row with per = "row": one finding each."""
    fact = m["m"]
    if per_row:
        return f"{fact['code']}|{fact.get('table')}|{fact.get('row')}"
    return f"{fact['code']}|{fact.get('table')}"


def explain(rule: Any, inst: Instance, m: Match, base: FactBase) -> Explanation:
    fact = m["m"]
    per_row = inst.spec
    issue = m.detail("m")  # the ParseIssue
    slots = Slots(
        issue=fact["code"],
        issue_message=issue.message,
        table=fact.get("table", ""),
        line=fact.get("line", ""),
        section=issue.section or "",
        section_heading=_HEADINGS.get(issue.section or "", ""),
    )
    loc = {"table": fact.get("table"), "section": fact.get("table"), "line": fact.get("line")}
    if per_row:
        labels = cell_labels(issue.row, None)
        slots.row, slots.row_label = labels.get("row", ""), labels.get("row_label", "")
        loc.update(row=issue.row, column=issue.column)
    focus = (Focus(None, issue.offset, None, anchor=False),) if issue.offset is not None else ()
    return Explanation(slots, logical(per_row, m), loc, actual=fact["code"], focus=focus)


KIND = Kind(
    "issue",
    IssueCheck,
    Slots,
    compile_check,
    explain,
    dedupe=lambda inst, m: logical(inst.spec, m),
    unfilled=_unfilled,
)
