"""``--format sarif``: SARIF 2.1.0 mapped onto reports rather than source code.

A result's physical location is the report file and line (every result has a region:
a table finding without a line of its own has the table's first line, a finding about the
whole file line 1); its logical location is the section/table/row/column;
``partialFingerprints`` carries the finding's fingerprint so code-scanning services track
a finding across re-extractions. Waived findings are emitted with an external
suppression, so they stay visible but do not alert. Every rule has ``help`` (text and
Markdown) and a ``helpUri`` to its entry in docs/rules.md. A balance finding whose repair
names cells at known places of a text report (.txt/.md) carries SARIF ``fixes``: the
printed value replaced by the proposed one (one fix per candidate repair).
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from ..model import CellChange, Finding, ReportResult
from ..suggestions import clause
from .base import RunView, logical_name
from .rules_meta import RuleMeta, merge

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
# The project's Documentation URL ([project.urls] in pyproject.toml; a test keeps them
# equal): a rule's helpUri is its entry in the generated rule catalogue.
DOCS_URL = "https://example.invalid/gaorpt-audit/docs/"
RULES_PAGE = DOCS_URL + "rules.md"
FIXABLE_SOURCES = ("txt", "md")  # a line and column of these are the file's own


def _uri(path: str) -> str:
    """A URI reference for a report path: relative paths stay relative (code scanning
    resolves them against the checkout), absolute ones become file: URIs; spaces, line
    breaks, control characters, quotes and non-ASCII are percent-encoded (UTF-8), and the
    undecodable bytes of a file name (surrogateescape) as the bytes they stand for."""
    posix = PurePath(path).as_posix()
    encoded = quote(posix, safe="/-._~!$&()*+,;=:@", errors="surrogateescape")
    if posix.startswith("/"):
        return "file://" + encoded
    if ":" in encoded.split("/", 1)[0]:  # "a:b.txt" would read as a URI scheme
        encoded = "./" + encoded
    return encoded


def rule_anchor(code: str) -> str:
    """The anchor of a rule's row in docs/rules.md (docgen writes ``<a id="bal001">``)."""
    return code.lower()


def _help(meta: RuleMeta, uri: str) -> dict[str, str]:
    parts = [meta.summary or meta.name]
    if meta.why:
        parts.append(meta.why)
    if meta.basis:
        parts.append(f"依据：{meta.basis}")
    text = "\n\n".join(parts)
    markdown = "\n\n".join([f"**{meta.code}** `{meta.name}`", *parts, f"[规则说明]({uri})"])
    return {"text": text, "markdown": markdown}


def _rule(meta: RuleMeta) -> dict[str, Any]:
    rule: dict[str, Any] = {"id": meta.code, "name": meta.name}
    rule["shortDescription"] = {"text": meta.summary or meta.name}
    if meta.why:
        rule["fullDescription"] = {"text": meta.why}
    uri = f"{RULES_PAGE}#{rule_anchor(meta.code)}"
    rule["helpUri"] = uri
    rule["help"] = _help(meta, uri)
    rule["defaultConfiguration"] = {"level": LEVEL.get(meta.severity, "warning")}
    props: dict[str, Any] = {"tags": [meta.category]}
    if meta.basis:
        props["basis"] = meta.basis
    if meta.weight is not None:
        props["weight"] = meta.weight
    rule["properties"] = props
    return rule


def _message(f: Finding) -> str:
    text = f.message
    if f.expected is not None or f.actual is not None:
        text += f" (expected {f.expected}, actual {f.actual})"
    return text


def _result(r: ReportResult, f: Finding, index: dict[str, int]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(r.path)}}
    line = f.location.line if f.location.line is not None and f.location.line >= 1 else None
    region: dict[str, Any] = {"startLine": line or 1}  # no line: about the whole file
    if f.evidence and line is not None:
        region["snippet"] = {"text": f.evidence}
    physical["region"] = region
    if f.location.page is not None:  # a PDF page: no SARIF region says it, a property bag does
        page: dict[str, Any] = {"page": f.location.page}
        if f.location.box is not None:
            page["box"] = list(f.location.box)
        physical["properties"] = page
    location: dict[str, Any] = {"physicalLocation": physical}
    name = logical_name(f.location)
    if name:
        leaf = f.location.column or f.location.row or f.location.table or f.location.section
        location["logicalLocations"] = [
            {"name": str(leaf), "fullyQualifiedName": name, "kind": "element"}
        ]
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": LEVEL.get(f.severity, "warning"),
        "message": {"text": _message(f)},
        "locations": [location],
        "partialFingerprints": {"gaorptFingerprint/v1": f.fingerprint},
        "properties": {
            "category": f.category,
            "publisher": r.publisher,
            "year": r.year,
            "expected": f.expected,
            "actual": f.actual,
        },
    }
    fixes = _fixes(r, f)
    if fixes:
        result["fixes"] = fixes
    if f.waived:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": f.waiver_reason or ""}
        ]
    if f.baseline:
        result["baselineState"] = "unchanged"
    return result


def _replacement(c: CellChange) -> dict[str, Any] | None:
    if c.line is None or c.line < 1 or c.offset is None or not c.raw:
        return None
    start = c.offset + 1  # SARIF columns are 1-based (unicodeCodePoints, as Python's str)
    return {
        "deletedRegion": {
            "startLine": c.line,
            "startColumn": start,
            "endColumn": start + len(c.raw),
        },
        "insertedContent": {"text": str(c.proposed)},
    }


def _fixes(r: ReportResult, f: Finding) -> list[dict[str, Any]]:
    """One fix per candidate repair whose every cell sits at a known place in the file."""
    s = f.suggestion
    if s is None or r.source_format not in FIXABLE_SOURCES:
        return []
    out = []
    for cells in s.candidates or ([s.cells] if s.cells else []):
        replacements = [_replacement(c) for c in cells]
        if not replacements or None in replacements:
            continue
        described = s.model_copy(update={"candidates": [cells]})
        out.append(
            {
                "description": {"text": clause(described)},
                "artifactChanges": [
                    {"artifactLocation": {"uri": _uri(r.path)}, "replacements": replacements}
                ],
            }
        )
    return out


def _not_report(r: ReportResult) -> dict[str, Any]:
    return {
        "level": "note",
        "message": {"text": r.note or ""},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}],
        "descriptor": {"id": "not-a-report"},
    }


def render_sarif(view: RunView, out: TextIO) -> None:
    results = list(view.results)
    findings = [f for r in results for f in r.findings]
    rules = merge(view.meta.rules, findings)
    index = {code: i for i, code in enumerate(rules)}
    meta = view.meta
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": meta.tool.name,
                        "version": meta.tool.version,
                        "rules": [_rule(m) for m in rules.values()],
                        "properties": {
                            "ruleset": meta.ruleset.model_dump(),
                        },
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(r, f, index) for r in results for f in r.findings],
                "properties": {"summary": view.summary.model_dump(mode="json")},
            }
        ],
    }
    skipped = [_not_report(r) for r in results if r.status == "not_report"]
    if skipped:  # files that are no annual report: notifications (no rule ran on them)
        run = doc["runs"][0]
        invocation = {"executionSuccessful": True, "toolExecutionNotifications": skipped}
        doc["runs"][0] = {"tool": run["tool"], "invocations": [invocation], **run}
    out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
