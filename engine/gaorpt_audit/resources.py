"""Where the bundled rule packs and default config live.

In a wheel they are copied into ``gaorpt_audit/_bundled``; in a source checkout (editable
install, tests) they are the top-level ``rules/`` and ``rules.toml`` of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled_root() -> Path:
    bundled = _PACKAGE / "_bundled"
    if (bundled / "rules.toml").is_file():
        return bundled
    return _PACKAGE.parent.parent  # engine/gaorpt_audit -> repository root


def rules_dir() -> Path:
    return _bundled_root() / "rules"


def default_config_path() -> Path:
    return _bundled_root() / "rules.toml"
