"""`issue`: the parser recorded none of these parse issues (category `parse`).

`codes` lists issue codes (model.IssueCode); `tables` optionally keeps only issues of
those tables. `per = "table"` (default) gives one finding per (issue code, table), the
first issue wins; `per = "row"` one per (issue code, table, row), located at the row, so
each unbalanced row of a flattened table is named (slots `row`, `row_label`).

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


ROW_SLOTS = frozenset({"row", "row_label"})


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
