"""The library entry point: ``audit(paths, config)`` -> scored results, one per file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .config import Config
from .model import ReportResult
from .pipeline import parse_all


@dataclass
class AuditRun:
    tool_version: str
    ruleset_version: str
    ruleset_hash: str
    score_formula: str
    results: Iterator[ReportResult]  # streamed, sorted by path


def audit(paths: Iterable[str | Path], config: Config | None = None, *, jobs: int = 1) -> AuditRun:
    config = config or Config()

    def results() -> Iterator[ReportResult]:
        for item, report in parse_all(paths):
            yield ReportResult(
                path=item.display,
                publisher=report.publisher,
                year=report.year,
                format=report.format,
                source_format=report.source_format,
                score=100.0,
                grade="A",
            )

    return AuditRun(__version__, "0", "", "", results())
