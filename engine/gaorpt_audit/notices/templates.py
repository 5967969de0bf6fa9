"""Document wording as data: the bundled templates/<kind>.toml, with an office's own file
laid over it key by key. Slots ``{name}`` are filled with str.format on the template text
only, so report text put into a slot is never itself read as a template."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from ..config import ConfigError
from ..tomlfiles import TomlError, read_toml

TEMPLATES = Path(__file__).resolve().parent / "templates"
KINDS = ("notice", "bulletin")


def _merge(base: dict[str, Any], over: dict[str, Any], where: str) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if key not in base:
            raise ConfigError(f"{where}: unknown key {key!r}; known: {', '.join(base)}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: {key} must be a table")
            out[key] = _merge(base[key], value, f"{where}.{key}")
        else:
            number = (int, float)
            if isinstance(base[key], number) and isinstance(value, number):
                out[key] = value  # a size of 10.5 points where the bundled one is 16
            elif type(value) is not type(base[key]):
                raise ConfigError(f"{where}: {key} must be a {type(base[key]).__name__}")
            else:
                out[key] = value
    return out


class _Plain(string.Formatter):
    """Slots are plain names: no attribute or index access into the values."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        if not field_name.isidentifier():
            raise KeyError(field_name)
        return kwargs[field_name], field_name


class Template:
    """One document kind's wording; ``text(section, key, **slots)`` fills a slot text."""

    def __init__(self, kind: str, data: dict[str, Any], source: str) -> None:
        self.kind, self.data, self.source = kind, data, source

    @classmethod
    def load(cls, kind: str, override: Path | None = None) -> Template:
        """The bundled wording of ``kind``, with ``override`` (a TOML file) laid over it."""
        try:
            _, data = read_toml(TEMPLATES / f"{kind}.toml")
            source = f"{kind}.toml"
            if override is not None:
                if not override.is_file():
                    raise ConfigError(f"{kind} template not found: {override}")
                _, over = read_toml(override)
                data = _merge(data, over, str(override))
                source = str(override)
        except TomlError as exc:
            raise ConfigError(str(exc)) from None
        return cls(kind, data, source)

    def raw(self, section: str, key: str) -> Any:
        return self.data[section][key]

    def text(self, section: str, key: str, /, **slots: Any) -> str:
        pattern = self.data[section][key]
        try:
            return _Plain().vformat(pattern, (), slots)
        except (KeyError, IndexError, ValueError) as exc:
            known = ", ".join(sorted(slots)) or "none"
            raise ConfigError(
                f"{self.source}: [{section}] {key}: cannot fill {pattern!r} ({exc}); "
                f"slots here: {known}"
            ) from None

    def placeholder(self, field: str) -> str:
        return self.text("placeholder", "text", field=self.raw("fields", field))
