"""Shared by the OCR tests: loading a scan with a time limit fit for a shared CI machine."""

from __future__ import annotations

from pathlib import Path

from gaorpt_audit.config import default_limits
from gaorpt_audit.ingest import load
from gaorpt_audit.ingest.limits import enforced
from gaorpt_audit.model import Document


def load_slowly(path: Path) -> Document:
    """``load`` with a time limit for a shared CI machine: two pages of OCR take ~20 s,
    more under load, and the default per-file limit (60 s) is for users' runs."""
    with enforced(default_limits().model_copy(update={"timeout": 900})):
        return load(path)
