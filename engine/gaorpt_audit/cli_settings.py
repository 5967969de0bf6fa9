"""``run --show-settings``: the merged configuration, one ``key = value`` a line, each with
where its value came from (ruff's --show-settings): the bundled defaults, the user or
project file, ``--config`` / $GAORPT_AUDIT_CONFIG, the environment, or a CLI option."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from .config import TIMEOUT_ENV, Config, read_toml_table
from .excludes import DISCOVERY_KEYS
from .resources import default_config_path

DEFAULT = "default"  # the bundled rules.toml, else the built-in value


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"gate": {"fail_on": "error"}}`` -> ``{"gate.fail_on": "error"}`` (lists and
    empty tables are values)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def _effective(cfg: Config) -> dict[str, Any]:
    file = cfg.file.model_dump(mode="json")
    select, ignore = cfg.selection
    file["ruleset"]["select"] = select or ["ALL"]
    file["ruleset"]["ignore"] = ignore
    return {
        **_flatten(file),
        **_flatten({"limits": cfg.limits.model_dump(mode="json")}),
        "exclude": cfg.exclude,
        "backend": cfg.backend or "auto (durable where installed, else python)",
    }


def _origin(key: str, layer: dict[str, Any]) -> bool:
    """Whether ``layer`` sets ``key`` (or a table or list that contains it)."""
    parts = key.split(".")
    return any(".".join(parts[:n]) in layer for n in range(1, len(parts) + 1))


def settings_lines(cfg: Config, cli: dict[str, str]) -> list[str]:
    """``cli``: settings key -> the option that set it (``gate.fail_on`` -> ``--fail-on``)."""
    layers: list[tuple[str, dict[str, Any]]] = [
        (
            f"{DEFAULT} ({default_config_path().name})",
            _flatten(read_toml_table(default_config_path())),
        )
    ]
    if cfg.source:
        path = Path(cfg.source)
        user = read_toml_table(path, "gaorpt-audit" if path.name == "pyproject.toml" else None)
        if any(k in user for k in DISCOVERY_KEYS):
            user = {**user, "exclude": True}
        layers.append((f"{cfg.source_kind or 'config'} {cfg.source}", _flatten(user)))
    env = {"limits.timeout": True} if _env_set() else {}
    layers.append((f"${TIMEOUT_ENV}", env))
    values = _effective(cfg)
    width = min(max(len(k) + len(_show(v)) for k, v in values.items()) + 3, 56)
    head = [
        "# gaorpt-audit settings, each with where its value came from; later sources"
        + " override earlier ones:",
        "# default < user file < project file or --config / $GAORPT_AUDIT_CONFIG <"
        + " environment < CLI option",
    ]
    lines = []
    for key, value in sorted(values.items()):
        origin = DEFAULT
        for label, layer in layers:
            if _origin(key, layer):
                origin = label
        if key in cli:  # "+--ignore": added to what the files say
            option = cli[key]
            added = option.startswith("+")
            option = option.removeprefix("+")
            origin = f"{origin} + CLI option {option}" if added else f"CLI option {option}"
        text = f"{key} = {_show(value)}"
        lines.append(f"{text:<{width - 1}} # {origin}")
    return head + lines


def _env_set() -> bool:
    import os

    return bool(os.environ.get(TIMEOUT_ENV, "").strip())


def _show(value: Any) -> str:
    # JSON strings, numbers, lists and booleans are TOML too: a line can be copied into a file
    return json.dumps(value, ensure_ascii=False)


def show_settings(cfg: Config, cli: dict[str, str], out: TextIO) -> None:
    out.write("\n".join(settings_lines(cfg, cli)) + "\n")


def show_and_exit(
    cfg: Config,
    fail_on: str,
    fail_under: float | None,
    select: list[str] | None,
    ignore: list[str] | None,
    backend: str | None,
    timeout: float | None,
    ocr: str | None,
    given: tuple[bool, bool],
) -> None:
    """--show-settings: the merged config with the CLI's gate options, then exit 0."""
    import sys

    import typer

    gate = {"fail_on": fail_on, "fail_under": fail_under or 0}
    cfg.file.gate = cfg.file.gate.model_copy(update=gate)
    options = {
        "ruleset.select": ("--select", select),
        "ruleset.ignore": ("+--ignore", ignore),
        "backend": ("--backend", backend),
        "limits.timeout": ("--timeout", timeout),
        "limits.ocr": ("--ocr", ocr),
        "gate.fail_on": ("--fail-on", given[0] or None),
        "gate.fail_under": ("--fail-under", given[1] or None),
    }
    cli = {key: option for key, (option, value) in options.items() if value is not None}
    show_settings(cfg, cli, sys.stdout)
    raise typer.Exit(0)
