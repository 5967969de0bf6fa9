"""pdfium (the default page source, ingest/pdfium_page.py) and pdfminer's layout give the
same Document for every real PDF: every line, cell, span, page and box, and the issues."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gaorpt_audit.ingest import load
from gaorpt_audit.ingest.pdf import SOURCE_ENV, source

REPO = Path(__file__).resolve().parent.parent
PDFS = sorted((REPO / "reports").rglob("*.pdf"))


def plain(value: Any) -> Any:
    """A model as plain data, with the fields the JSON leaves out (the boxes)."""
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        return {k: plain(getattr(value, k)) for k in fields}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def test_pdfium_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SOURCE_ENV, raising=False)
    assert source() == "pdfium"
    monkeypatch.setenv(SOURCE_ENV, "pdfminer")
    assert source() == "pdfminer"


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_same_document(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SOURCE_ENV, "pdfminer")
    reference = load(path)
    monkeypatch.setenv(SOURCE_ENV, "pdfium")
    fast = load(path)
    assert reference.tables() and reference.paragraphs()
    assert [b.box for b in fast.paragraphs()] == [b.box for b in reference.paragraphs()]
    assert plain(fast) == plain(reference)


def test_pdfium_reads_every_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """No page of the real PDFs falls back to pdfminer (else the test above proves little)."""
    from gaorpt_audit.ingest import pdf, pdfium_page

    seen: list[bool] = []
    read = pdfium_page.read_objects

    def spy(*args: Any) -> bool:
        seen.append(read(*args))
        return seen[-1]

    monkeypatch.setattr(pdfium_page, "read_objects", spy)
    monkeypatch.setattr(pdf, "isolated", lambda fn, *args: fn(*args))  # the spy sees the calls
    monkeypatch.setenv(SOURCE_ENV, "pdfium")
    for path in PDFS:
        seen.clear()
        assert load(path).blocks
        assert seen and all(seen), path.name
