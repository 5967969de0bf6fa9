"""`rules`, `rule`, `test-rules`, `init`: inspect and test the rule packs."""

from __future__ import annotations

from typing import Annotated

import typer

from .cli_common import fail


def rules() -> None:
    """Table of the rules: code, name, category, severity, summary."""
    fail("rules is not implemented yet")


def rule(code: Annotated[str, typer.Argument(help="Rule code, e.g. BAL001.")]) -> None:
    """Everything about one rule."""
    fail("rule is not implemented yet")


def test_rules(directory: Annotated[str, typer.Argument(help="Folder of rule packs.")]) -> None:
    """Run the rule case files (*.cases.toml) of a folder."""
    fail("test-rules is not implemented yet")


def init() -> None:
    """Write a commented starter gaorpt-audit.toml."""
    fail("init is not implemented yet")
