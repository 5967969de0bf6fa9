"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

Waived and baseline findings are left out: an annotation asks someone to act.
"""

from __future__ import annotations

from typing import TextIO

from ..model import Finding, ReportResult
from .base import RunView, ci_location, printable, show_value, shows_values

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    # Workflow-command escaping (actions/toolkit): message data, then properties; control
    # characters and undecodable bytes escaped first (the log is shown in a terminal).
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(r: ReportResult, f: Finding) -> str:
    props = [f"file={_prop(r.path)}"]
    if f.location.line is not None:
        props.append(f"line={f.location.line}")
    props.append(f"title={_prop(f'{f.rule} {f.name}')}")
    message = f.message
    where = ci_location(f.location.model_copy(update={"line": None}))
    if where:
        message = f"{where}: {message}"
    if shows_values(f):
        message += f" (expected {show_value(f.expected)}, actual {show_value(f.actual)})"
    return f"::{COMMAND.get(f.severity, 'warning')} {','.join(props)}::{_data(message)}"


def render_github(view: RunView, out: TextIO) -> None:
    for r in view.results:
        if r.status == "not_report":
            title = _prop("not an annual report")
            out.write(f"::notice file={_prop(r.path)},title={title}::{_data(r.note or '')}\n")
        for f in r.findings:
            if not (f.waived or f.baseline):
                out.write(annotation(r, f) + "\n")
