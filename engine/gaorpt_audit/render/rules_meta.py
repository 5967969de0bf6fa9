"""Rule metadata for SARIF and JUnit: from the rulebook when given, else from findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Finding


@dataclass(frozen=True)
class RuleMeta:
    code: str
    name: str
    category: str
    severity: str
    summary: str | None = None
    why: str | None = None
    basis: str | None = None
    weight: float | None = None
    identity: str | None = None  # identities.py id of a balance rule (the HTML grid)

    @classmethod
    def from_finding(cls, f: Finding) -> RuleMeta:
        return cls(code=f.rule, name=f.name, category=f.category, severity=f.severity)


def merge(known: dict[str, RuleMeta], findings: list[Finding]) -> dict[str, RuleMeta]:
    """The catalogue plus any rule seen only in findings (e.g. parse findings)."""
    out = dict(known)
    for f in findings:
        out.setdefault(f.rule, RuleMeta.from_finding(f))
    return dict(sorted(out.items()))


def catalogue(config: Any, rules: list[Any] | None = None) -> dict[str, RuleMeta]:
    """The selected rules of a loaded Config, with its severity and weight overrides.

    ``rules`` are the rules chosen (``rulebook.rulebook_for(config).chosen``), given by the
    caller so that renderers do not import the rule engine; without them the catalogue is
    empty (rules come from findings).
    """
    try:
        severity = config.file.severity
        weights = config.file.weights
    except AttributeError:
        return {}
    chosen = rules or []
    return {
        r.code: RuleMeta(
            code=r.code,
            name=r.name,
            category=r.category,
            severity=severity.get(r.code, r.severity),
            summary=r.summary,
            why=r.why,
            basis=r.basis,
            weight=weights.get(r.code, r.weight),
            identity=getattr(r, "identity", None),
        )
        for r in sorted(chosen, key=lambda r: r.code)
    }
