"""Cell references of the rule language: ``t3.new[col]``, ``t3.withheld.*[total]``.

Parsed and checked against the canonical keys (keys.py) when a rule loads, so a typo is a
load error with file and line, never a silent not-applicable during an audit.
"""

from __future__ import annotations

import fnmatch
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict

from ..keys import LOOP_VARS, TABLE_COLUMNS, TABLE_ROWS

_REF_RE = re.compile(r"^(t2|t3|t4)\.([a-z_*][a-z0-9_.*]*)\[([a-z_*][a-z0-9_*]*)\]$")

Op = Literal["eq", "ne", "lt", "le", "gt", "ge"]
OP_SYMBOLS = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


class Ref(BaseModel):
    """A cell reference ``t3.new[col]``: table, row key (or loop variable / glob), column."""

    model_config = ConfigDict(extra="forbid", frozen=True)
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

    @property
    def key(self) -> tuple[str, str, str]:
        """(table code, row, column): how facts.py addresses a cell."""
        return (self.table, self.row, self.col)

    def bind(self, env: dict[str, str]) -> Ref:
        return Ref(
            table=self.table, row=env.get(self.row, self.row), col=env.get(self.col, self.col)
        )


def _ref(value: Any) -> Any:
    return Ref.parse(value) if isinstance(value, str) else value


RefT = Annotated[Ref, BeforeValidator(_ref)]
