"""Renderers: one module per output format, all fed a streamed ``RunView``.

``RENDERERS[name](view, out)`` writes the whole output of ``run`` to ``out``.
Human formats (full, concise) may decorate; machine formats write only their payload.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from .base import RunMeta, RunView, Summary, Tally

Renderer = Callable[[RunView, TextIO], None]

FORMATS = (
    "full",
    "concise",
    "json",
    "jsonl",
    "sarif",
    "junit",
    "github",
    "markdown",
    "csv",
    "html",
    "xlsx",
    "gitlab",
)
HUMAN_FORMATS = frozenset({"full", "concise"})
RANK_FORMATS = ("full", "json", "csv", "markdown", "html", "xlsx")
# formats written as bytes: they need -o FILE
BINARY_FORMATS = frozenset({"xlsx"})


def get_renderer(name: str) -> Renderer:
    """The renderer of a format (imported lazily: ``--help`` stays fast)."""
    if name in ("full", "concise"):
        from . import full

        return full.render_full if name == "full" else full.render_concise
    if name in ("json", "jsonl"):
        from . import json_out

        return json_out.render_json if name == "json" else json_out.render_jsonl
    module, func = {
        "sarif": ("sarif", "render_sarif"),
        "junit": ("junit", "render_junit"),
        "github": ("github", "render_github"),
        "markdown": ("markdown", "render_markdown"),
        "csv": ("csv_out", "render_csv"),
        "html": ("html", "render_html"),
        "xlsx": ("xlsx", "render_xlsx"),
        "gitlab": ("gitlab", "render_gitlab"),
    }[name]
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), func)


__all__ = ["BINARY_FORMATS", "FORMATS", "HUMAN_FORMATS", "RANK_FORMATS", "RunMeta", "RunView", "Summary", "Tally",
           "get_renderer"]  # fmt: skip
