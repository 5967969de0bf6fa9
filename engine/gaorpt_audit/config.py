"""Configuration: bundled rules.toml, overridden by one user config, the first of:
``--config FILE``; ``$GAORPT_AUDIT_CONFIG``; a project's gaorpt-audit.toml,
.gaorpt-audit.toml or [tool.gaorpt-audit] in pyproject.toml found from the working
directory upwards; the user's ``$XDG_CONFIG_HOME/gaorpt-audit/config.toml``. A project
config inside an audited folder is never used (the audited must not change how they
are judged: ``cd region && gaorpt-audit run .`` ignores region/gaorpt-audit.toml)."""

from __future__ import annotations

import fnmatch
import itertools
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .excludes import DISCOVERY_KEYS, Discovery
from .model import Severity
from .resources import default_config_path, rules_dir
from .tomlfiles import TomlError, format_validation_error, read_toml

USER_FILES = ("gaorpt-audit.toml", ".gaorpt-audit.toml")
CONFIG_ENV = "GAORPT_AUDIT_CONFIG"  # a config file, used as --config is
TIMEOUT_ENV = "GAORPT_AUDIT_TIMEOUT"  # overrides [limits] timeout; --timeout overrides both


class ConfigError(Exception):
    """A broken rule or config file: one clear message with file, line and field (exit 2)."""


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RulesetSection(_M):
    version: str = "0"
    packs: list[str] = ["builtin"]
    select: list[str] = ["ALL"]
    ignore: list[str] = []


class ScoringConfig(_M):
    version: str = "1"
    formula: str = ""
    start: float = 100
    default_cap: float = 30
    caps: dict[str, float] = {}
    bands: dict[str, float] = {"A": 90, "B": 75, "C": 60}
    best_with_errors: str | None = "B"  # best grade of a report with an error finding
    # cost of a failed rule: weight x severity factor x (1 + repeat_factor x further
    # findings of the rule, counting at most repeat_max findings)
    severity_factors: dict[str, float] = {"error": 1.0, "warning": 1.0, "info": 1.0}
    repeat_factor: float = Field(default=0, ge=0)
    repeat_max: int = Field(default=1, ge=1)

    @model_validator(mode="after")
    def _bands_descend(self) -> ScoringConfig:
        # Bands from the best grade down (A 90, B 75, C 60): else a report could be
        # graded A with a score under a B's.
        for (hi, upper), (lo, lower) in itertools.pairwise(self.bands.items()):
            if upper < lower:
                raise ValueError(
                    f"bands: {hi} = {upper:g} is under {lo} = {lower:g}; list the grades "
                    "from the best down, each with a lower score than the one before"
                )
        return self

    @model_validator(mode="after")
    def _ceiling_is_a_band(self) -> ScoringConfig:
        if self.best_with_errors and self.best_with_errors not in self.bands:
            raise ValueError(
                f"best_with_errors {self.best_with_errors!r} is not one of the bands "
                f'{", ".join(self.bands)} (use "" for no ceiling)'
            )
        return self

    def describe(self) -> str:
        return f"v{self.version}: {self.formula}"


class GateConfig(_M):
    fail_on: Literal["error", "warning", "info", "never"] = "error"
    fail_under: float = Field(default=0, ge=0, le=100)
    # a file that is no annual report (a stray workbook, a notice) fails the gate
    fail_on_not_report: bool = False


class Limits(_M):
    """[limits]: what one file may cost. A file over a limit gets a PRS001 finding that
    names the limit (ingest/limits.py); the run goes on. Not part of the ruleset hash:
    they decide how much work a file may take, not what the rules say about it."""

    timeout: float = Field(default=60, ge=0)  # seconds per file (0 = none)
    memory_mb: int = Field(default=2048, ge=0)  # per worker process / PDF reader (0 = none)
    file_mb: float = Field(default=100, gt=0)  # size of an input file
    text_chars: int = Field(default=2_000_000, gt=0)  # text read from one file
    paragraphs: int = Field(default=50_000, gt=0)  # paragraphs and table rows of one file
    table_cells: int = Field(default=100_000, gt=0)  # one HTML/DOCX table, spans resolved
    tags: int = Field(default=1_000_000, gt=0)  # markup tags of an HTML page or a DOCX part
    zip_mb: float = Field(default=100, gt=0)  # DOCX: all entries, decompressed
    zip_part_mb: float = Field(default=20, gt=0)  # DOCX: one XML part, decompressed
    zip_entries: int = Field(default=10_000, gt=0)  # DOCX: entries of the archive
    pdf_pages: int = Field(default=500, gt=0)
    pdf_objects: int = Field(default=200_000, gt=0)  # indirect objects of the file
    pdf_page_objects: int = Field(default=50_000, gt=0)  # characters and graphics of a page
    # OCR of scanned pages and images (ingest/ocr.py): auto = PDF pages without a text layer
    # and images; force = every PDF page; off = none (they get PRS001). How much work a file
    # costs, like the limits above: not part of the ruleset hash.
    ocr: Literal["auto", "off", "force"] = "auto"


class _LimitsFile(_M):
    """The [limits] table of a config file, validated apart from FileConfig so that the
    ruleset hash (computed from FileConfig) does not change with the limits."""

    limits: Limits = Limits()


class FileConfig(_M):
    """The keys of rules.toml / gaorpt-audit.toml / [tool.gaorpt-audit]."""

    ruleset: RulesetSection = RulesetSection()
    severity: dict[str, Severity] = {}
    weights: dict[str, float] = {}
    per_path_ignores: dict[str, list[str]] = {}
    scoring: ScoringConfig = ScoringConfig()
    gate: GateConfig = GateConfig()


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")
    select: list[str] = []  # from the command line: replaces the file's selection
    ignore: list[str] = []  # from the command line: added to the file's ignores
    backend: str | None = None  # durable | python; None = durable where installed
    file: FileConfig = Field(default_factory=lambda: _default_file())
    limits: Limits = Field(default_factory=lambda: _default_limits())
    source: str | None = None  # the user config file used, if any
    # what kind of file it is: "--config", "$GAORPT_AUDIT_CONFIG", "project file", "user file"
    source_kind: str | None = None
    exclude: list[str] = Field(default_factory=lambda: Discovery().patterns())
    ignored: list[str] = []  # project configs left out: inside an audited folder
    base_dir: str | None = None  # folder that relative pack paths are resolved against

    def pack_dirs(self) -> list[Path]:
        base = Path(self.base_dir) if self.base_dir else Path.cwd()
        return [rules_dir() if p == "builtin" else (base / p) for p in self.file.ruleset.packs]

    @property
    def selection(self) -> tuple[list[str], list[str]]:
        select = self.select or self.file.ruleset.select
        return [s for s in select if s != "ALL"] or [], [*self.file.ruleset.ignore, *self.ignore]

    def ignored_for_path(self, path: str) -> list[str]:
        out: list[str] = []
        for pattern, selectors in self.file.per_path_ignores.items():
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(Path(path).as_posix(), pattern):
                out.extend(selectors)
        return out


def read_toml_table(path: Path, table: str | None = None) -> dict[str, Any]:
    try:
        _, data = read_toml(path)
    except TomlError as exc:
        raise ConfigError(str(exc)) from None
    if table:
        data = data.get("tool", {}).get(table, {})
    return data


def _validate(path: Path, data: dict[str, Any], prefix: tuple[str, ...] = ()) -> FileConfig:
    # [limits], [notices] and the exclude globs are validated apart (not part of the ruleset
    # hash)
    data = {k: v for k, v in data.items() if k not in ("limits", "notices", *DISCOVERY_KEYS)}
    try:
        return FileConfig.model_validate(data)
    except ValidationError as exc:
        text = path.read_text(encoding="utf-8")
        raise ConfigError(format_validation_error(path, text, exc, model=FileConfig)) from None


def _validate_limits(path: Path, data: dict[str, Any]) -> Limits:
    try:
        return _LimitsFile.model_validate({"limits": data.get("limits", {})}).limits
    except ValidationError as exc:
        text = path.read_text(encoding="utf-8")
        raise ConfigError(format_validation_error(path, text, exc, model=Limits)) from None


def _validate_discovery(path: Path, data: dict[str, Any]) -> Discovery:
    try:
        return Discovery.model_validate({k: data[k] for k in DISCOVERY_KEYS if k in data})
    except ValidationError as exc:
        text = path.read_text(encoding="utf-8")
        raise ConfigError(format_validation_error(path, text, exc, model=Discovery)) from None


def _env_timeout(limits: Limits) -> Limits:
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    if not value:
        return limits
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not seconds >= 0:  # also NaN
        raise ConfigError(f"{TIMEOUT_ENV}={value}: not a number of seconds (0 = no time limit)")
    return limits.model_copy(update={"timeout": seconds})


_DEFAULT: FileConfig | None = None
_DEFAULT_LIMITS: Limits | None = None


def _default_file() -> FileConfig:
    global _DEFAULT
    if _DEFAULT is None:
        path = default_config_path()
        _DEFAULT = _validate(path, read_toml_table(path))
    return _DEFAULT.model_copy(deep=True)


def _default_limits() -> Limits:
    """The bundled [limits] (rules.toml), without the environment's override."""
    global _DEFAULT_LIMITS
    if _DEFAULT_LIMITS is None:
        path = default_config_path()
        _DEFAULT_LIMITS = _validate_limits(path, read_toml_table(path))
    return _DEFAULT_LIMITS.model_copy()


def default_limits() -> Limits:
    """The limits when no configuration was loaded (library calls, ``parse``)."""
    return _default_limits()


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def find_user_config(cwd: Path) -> tuple[Path, str | None] | None:
    """gaorpt-audit.toml, .gaorpt-audit.toml or a pyproject.toml with [tool.gaorpt-audit],
    searched from the working directory upwards (never from the audited folders)."""
    return next(iter(_project_configs(cwd)), None)


def _project_configs(cwd: Path) -> list[tuple[Path, str | None]]:
    """Every project config from ``cwd`` upwards, nearest first (one per folder)."""
    out: list[tuple[Path, str | None]] = []
    for folder in [cwd, *cwd.parents]:
        for name in USER_FILES:
            if (folder / name).is_file():
                out.append((folder / name, None))
                break
        else:
            py = folder / "pyproject.toml"
            if py.is_file() and "gaorpt-audit" in read_toml_table(py).get("tool", {}):
                out.append((py, "gaorpt-audit"))
    return out


def user_config_path() -> Path:
    """The user's own config: $XDG_CONFIG_HOME/gaorpt-audit/config.toml (~/.config/...)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "gaorpt-audit" / "config.toml"


def _inside(path: Path, folders: list[Path]) -> bool:
    return any(f == path.parent or f in path.parents for f in folders)


def _explicit(path: Path, what: str) -> tuple[Path, str | None]:
    if path.is_dir():
        raise ConfigError(f"{what} {path} is a folder: give the config file itself")
    if not path.is_file():
        raise ConfigError(f"config file not found: {path} ({what})")
    return path, "gaorpt-audit" if path.name == "pyproject.toml" else None


def _choose(
    explicit: Path | None, cwd: Path, audited: list[Path]
) -> tuple[tuple[Path, str | None] | None, list[str]]:
    """The user config to use and the project configs left out (inside audited folders)."""
    if explicit is not None:
        return _explicit(explicit, "--config"), []
    env = os.environ.get(CONFIG_ENV, "").strip()
    if env:
        return _explicit(Path(env), CONFIG_ENV), []
    ignored: list[str] = []
    for found in _project_configs(cwd):
        if not _inside(found[0].resolve(), audited):
            return found, ignored
        ignored.append(str(found[0]))
    user = user_config_path()
    return ((user, None) if user.is_file() else None), ignored


def load_config(
    explicit: Path | None = None,
    cwd: Path | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    backend: str | None = None,
    *,
    discover: bool = True,
    audited: list[str] | None = None,
) -> Config:
    """The effective configuration; raises ConfigError (exit 2) with file, line and field.
    Its rules are loaded by ``rulebook.rulebook_for(config)``."""
    if backend not in (None, "durable", "python"):
        raise ConfigError(f"unknown backend {backend!r}: use durable or python")
    found: tuple[Path, str | None] | None = None
    ignored: list[str] = []
    if explicit is not None or discover:
        folders = [Path(p).resolve() for p in audited or () if Path(p).is_dir()]
        found, ignored = _choose(explicit, (cwd or Path.cwd()).resolve(), folders)
    default_path = default_config_path()
    data = read_toml_table(default_path)
    source = None
    base_dir = None
    if found:
        path, table = found
        user = read_toml_table(path, table)
        file_cfg = _validate(path, user)  # errors point at the user's file
        _validate_limits(path, user)
        _validate_discovery(path, user)
        del file_cfg
        data = _merge(data, user)
        source, base_dir = str(path), str(path.parent)
    where = Path(source) if source else default_path
    return Config(
        select=select or [],
        ignore=ignore or [],
        backend=backend,
        file=_validate(where, data),
        limits=_env_timeout(_validate_limits(where, data)),
        source=source,
        source_kind=source_kind(found[0], explicit) if found else None,
        exclude=_validate_discovery(where, data).patterns(),
        ignored=ignored,
        base_dir=base_dir,
    )


def source_kind(path: Path, explicit: Path | None) -> str:
    """Where the user config came from, in the words of ``--show-settings``."""
    if explicit is not None:
        return "--config"
    if os.environ.get(CONFIG_ENV, "").strip():
        return f"${CONFIG_ENV}"
    return "user file" if path == user_config_path() else "project file"
