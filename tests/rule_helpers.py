"""A minimal valid rule for engine tests that need one check of their own."""

from __future__ import annotations

from typing import Any

from gaorpt_audit.rulebook import Rule


def make_rule(check: dict[str, Any], message: str = "{code}") -> Rule:
    return Rule.model_validate(
        {
            "code": "TST001",
            "name": "test.rule",
            "category": "balance",
            "severity": "error",
            "weight": 1,
            "summary": "s",
            "why": "w",
            "basis": "b",
            "message": message,
            "check": check,
        }
    )
