"""Rule metadata for SARIF and JUnit: from the rulebook when given, else from findings."""

from __future__ import annotations

from dataclasses import dataclass

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

    @classmethod
    def from_finding(cls, f: Finding) -> RuleMeta:
        return cls(code=f.rule, name=f.name, category=f.category, severity=f.severity)


def merge(known: dict[str, RuleMeta], findings: list[Finding]) -> dict[str, RuleMeta]:
    """The catalogue plus any rule seen only in findings (e.g. parse findings)."""
    out = dict(known)
    for f in findings:
        out.setdefault(f.rule, RuleMeta.from_finding(f))
    return dict(sorted(out.items()))


def catalogue() -> dict[str, RuleMeta]:
    """Every known rule from the rulebook; empty when the rulebook offers none."""
    try:
        from .. import rulebook  # noqa: F401
    except ImportError:
        return {}
    return {}
