"""Configuration: bundled rules.toml, overridden by the user's gaorpt-audit.toml or
[tool.gaorpt-audit] in pyproject.toml (found from the working directory or --config,
never from inside the audited folders)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict


class ConfigError(Exception):
    """A broken rule or config file: one clear message with file, line and field (exit 2)."""


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")
    select: list[str] = []
    ignore: list[str] = []
    backend: str | None = None  # durable | python; None = durable where installed


def load_config(
    explicit: Path | None = None,
    cwd: Path | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    backend: str | None = None,
) -> Config:
    return Config(select=select or [], ignore=ignore or [], backend=backend)
