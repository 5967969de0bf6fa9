"""``--format sarif``: SARIF 2.1.0 mapped onto reports rather than source code.

A result's physical location is the report file and line; its logical location is the
section/table/row/column; ``partialFingerprints`` carries the finding's fingerprint so
code-scanning services track a finding across re-extractions. Waived findings are
emitted with an external suppression, so they stay visible but do not alert.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, TextIO

from ..model import Finding, ReportResult
from .base import RunView, logical_name
from .rules_meta import RuleMeta, merge

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> str:
    # Relative, forward-slash URIs; percent-encoding is left to consumers (SARIF allows
    # any URI reference and GitHub resolves it against the checkout).
    return PurePath(path).as_posix()


def _rule(meta: RuleMeta) -> dict[str, Any]:
    rule: dict[str, Any] = {"id": meta.code, "name": meta.name}
    rule["shortDescription"] = {"text": meta.summary or meta.name}
    if meta.why:
        rule["fullDescription"] = {"text": meta.why}
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
    if f.location.line is not None and f.location.line >= 1:
        region: dict[str, Any] = {"startLine": f.location.line}
        if f.evidence:
            region["snippet"] = {"text": f.evidence}
        physical["region"] = region
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
    if f.waived:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": f.waiver_reason or ""}
        ]
    if f.baseline:
        result["baselineState"] = "unchanged"
    return result


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
    out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
