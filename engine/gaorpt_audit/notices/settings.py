"""The office's own facts for notices and bulletins: [notices] of the user's config, then
command-line options. Nothing is invented: a fact not given is left as a visible
placeholder in the document and named on stderr (``missing``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from ..config import Config, ConfigError
from ..tomlfiles import TomlError, format_validation_error, read_toml

FACTS = ("office", "doc_number", "date", "deadline", "contact")


class NoticeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    office: str | None = None  # 发文机关
    doc_number: str | None = None  # 文号 of the notices; "{n}" is the notice's number
    bulletin_number: str | None = None  # 文号 of the bulletin
    date: str | None = None  # 发文日期, as printed
    deadline: str | None = None  # 整改期限, as printed
    contact: str | None = None  # 联系人及电话
    notice_template: str | None = None  # TOML file over the bundled notice wording
    bulletin_template: str | None = None
    # publishers expected to publish: those without a report are listed in the bulletin
    publishers: list[str] = []
    base_dir: str | None = None  # folder the template paths are relative to

    def missing(self, facts: tuple[str, ...] = FACTS) -> list[str]:
        return [f for f in facts if not (getattr(self, f) or "").strip()]

    def template_path(self, kind: str) -> Path | None:
        name = self.notice_template if kind == "notice" else self.bulletin_template
        if not name:
            return None
        path = Path(name)
        return path if path.is_absolute() or not self.base_dir else Path(self.base_dir) / path


class _File(BaseModel):
    model_config = ConfigDict(extra="ignore")
    notices: NoticeSettings = NoticeSettings()


def load_settings(config: Config | None, **options: str | None) -> NoticeSettings:
    """[notices] of the config file in use, overridden by the options given (not None).
    A bad [notices] table is a ConfigError naming file, line and field (exit 2)."""
    settings = NoticeSettings()
    source = config.source if config is not None else None
    if source:
        path = Path(source)
        try:
            text, data = read_toml(path)
        except TomlError as exc:
            raise ConfigError(str(exc)) from None
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("gaorpt-audit", {})
        try:
            settings = _File.model_validate({"notices": data.get("notices", {})}).notices
        except ValidationError as exc:
            raise ConfigError(format_validation_error(path, text, exc)) from None
        settings.base_dir = str(path.parent)
    given = {k: v for k, v in options.items() if v is not None}
    return settings.model_copy(update=given)
