"""The pipeline, top to bottom: ingest -> parse -> facts -> rules -> findings -> score."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .discover import Input, discover
from .ingest import load
from .model import Report
from .parse import parse_document


def parse_file(path: Path, display: str | None = None) -> Report:
    """Ingest and parse one file; never raises for bad input (issues are recorded)."""
    return parse_document(load(path, display))


def parse_all(paths: Iterable[str | Path]) -> Iterator[tuple[Input, Report]]:
    for item in discover(paths):
        yield item, parse_file(item.path, item.display)
