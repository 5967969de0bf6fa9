"""``--format json`` and ``jsonl``: the run JSON contract of DESIGN.md "JSON output".

The JSON is streamed report by report, yet byte-identical to ``json.dumps(whole,
indent=2, ensure_ascii=False)``; the shipped JSON Schema is generated from ``RunOutput``.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict

from ..model import ReportResult
from .base import SCHEMA_VERSION, RulesetInfo, RunView, Summary, ToolInfo

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schemas" / "run.schema.json"


class RunOutput(BaseModel):
    """The whole ``--format json`` document (used for the JSON Schema and for tests)."""

    model_config = ConfigDict(extra="forbid", title="gaorpt-audit run")
    schema_version: Literal[1] = SCHEMA_VERSION
    tool: ToolInfo
    ruleset: RulesetInfo
    reports: list[ReportResult]
    summary: Summary


def run_schema() -> dict[str, Any]:
    schema = RunOutput.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    return json.dumps(run_schema(), ensure_ascii=False, indent=2) + "\n"


def _dumps(obj: Any, indent: int | None = 2) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent)


def _indent(text: str, prefix: str) -> str:
    """textwrap.indent for json.dumps output (it has no blank lines), without a Python
    call per line: the JSON of a report is thousands of lines."""
    return prefix + text.replace("\n", "\n" + prefix)


def report_dict(r: ReportResult) -> dict[str, Any]:
    """A report as JSON; ``path_bytes`` only for a name that is not UTF-8."""
    return r.model_dump(mode="json", exclude=None if r.path_bytes else {"path_bytes"})


# pydantic writes 1e-7 and 0.00001 where json.dumps writes 1e-07 and 1e-05; every other
# number, string and layout of its indented JSON is json.dumps(indent=2,
# ensure_ascii=False)'s (tests/test_render_json_fast.py). Such a float (or text that looks
# like one) sends the report the slow way. No float of a report is infinite or NaN (cells
# are parsed from digits, scores and boxes are finite), the one other difference.
_PYDANTIC_ONLY = re.compile(r"[0-9]e-[1-9][^0-9]|0\.0000[0-9]")


def report_json(r: ReportResult) -> str:
    """``_dumps(report_dict(r))``, serialised by pydantic-core: 3-4x faster."""
    try:
        text = r.model_dump_json(indent=2, exclude=None if r.path_bytes else {"path_bytes"})
    except ValueError:  # a lone surrogate (a name not UTF-8), which json.dumps passes on
        return _dumps(report_dict(r))
    return _dumps(report_dict(r)) if _PYDANTIC_ONLY.search(text) else text


def render_json(view: RunView, out: TextIO) -> None:
    meta = view.meta
    out.write("{\n")
    out.write(f'  "schema_version": {SCHEMA_VERSION},\n')
    out.write(f'  "tool": {textwrap.indent(_dumps(meta.tool.model_dump()), "  ").lstrip()},\n')
    ruleset = textwrap.indent(_dumps(meta.ruleset.model_dump()), "  ").lstrip()
    out.write(f'  "ruleset": {ruleset},\n')
    out.write('  "reports": [')
    n = 0
    for r in view.results:
        out.write(",\n" if n else "\n")
        out.write(_indent(report_json(r), "    "))
        n += 1
    out.write("\n  ],\n" if n else "],\n")
    summary = textwrap.indent(_dumps(view.summary.model_dump(mode="json")), "  ").lstrip()
    out.write(f'  "summary": {summary}\n}}\n')


def render_jsonl(view: RunView, out: TextIO) -> None:
    """One JSON object a line: a ``run`` header, one ``report`` per file, a ``summary``."""
    meta = view.meta
    head = {
        "type": "run",
        "schema_version": SCHEMA_VERSION,
        "tool": meta.tool.model_dump(),
        "ruleset": meta.ruleset.model_dump(),
    }
    out.write(_dumps(head, None) + "\n")
    out.writelines(_dumps({"type": "report", **report_dict(r)}, None) + "\n" for r in view.results)
    out.write(_dumps({"type": "summary", **view.summary.model_dump(mode="json")}, None) + "\n")


if __name__ == "__main__":  # python -m gaorpt_audit.render.json_out: regenerate the schema
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
