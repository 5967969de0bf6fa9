"""Shared helpers for the hand-checked parse expectations in tests/expected/meta/."""

from __future__ import annotations

import json
from pathlib import Path

from gaorpt_audit.ingest import load
from gaorpt_audit.model import Document, Paragraph, Report
from gaorpt_audit.parse.claims import extract_claims
from gaorpt_audit.parse.meta import extract_meta
from gaorpt_audit.parse.sections import find_sections

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_DIR = ROOT / "tests" / "expected" / "meta"
EXPECTED = sorted(EXPECTED_DIR.rglob("*.json"))


def expected_id(path: Path) -> str:
    return path.relative_to(EXPECTED_DIR / "reports").as_posix().removesuffix(".json")


def read_expected(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def parse_mine(doc: Document) -> Report:
    """Run the stages of this module set (sections -> meta -> claims) on ``doc``."""
    report = Report(path=doc.path, source_format=doc.source_format)
    find_sections(doc, report)
    extract_meta(doc, report)
    extract_claims(doc, report)
    return report


def parse_file(rel: str) -> Report:
    return parse_mine(load(ROOT / rel, display=rel))


def parse_lines(*lines: str) -> Report:
    """A synthetic text document, one Paragraph per line."""
    doc = Document(
        path="synthetic.txt",
        source_format="txt",
        blocks=[Paragraph(text=t, line=i) for i, t in enumerate(lines, 1)],
    )
    return parse_mine(doc)


def diff(label: str, want, got) -> list[str]:
    return [] if want == got else [f"{label}: expected {want!r}, got {got!r}"]
