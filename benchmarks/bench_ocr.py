"""OCR of scanned reports: table 三/四 cells right against tables_truth.json, seconds a page.

    python benchmarks/bench_ocr.py [--dpi 300 150]

The three corpus PDFs with text layers (../shared/corpus/real/*.pdf, truth in
tables_truth.json) are rendered to bilevel images at each resolution (with the noise and
stamp of tests/fixtures/ocr/make_ocr_fixtures.py), rebuilt as image-only PDFs and audited
with OCR forced. A cell is right when its parsed value equals the truth (blank = None).
Also printed: the text-layer parse of the same PDFs, as a baseline of the same run.
Timing is noisy on a shared machine: compare the ratio to the text-layer baseline.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

import pypdfium2

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests/fixtures/ocr"))
CORPUS = REPO.parent / "shared/corpus"

from make_ocr_fixtures import page

from gaorpt_audit.ingest import load_bytes
from gaorpt_audit.parse import parse_document


def score(report, truth: dict) -> tuple[int, int, list[str]]:
    right = total = 0
    wrong = []
    for name in ("三", "四"):
        table = report.tables.get(name)
        for row, cols in truth.get(name, {}).items():
            for col, want in cols.items():
                total += 1
                cell = table.cell(row, col) if table else None
                got = cell.value if cell else "missing"
                if got == want:
                    right += 1
                else:
                    wrong.append(f"{name} {row}[{col}] {got!r} != {want!r}")
    return right, total, wrong


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dpi", type=int, nargs="+", default=[300, 150])
    args = ap.parse_args()
    truth = json.loads((CORPUS / "tables_truth.json").read_text())
    pdfs = sorted((CORPUS / "real").glob("*.pdf"))
    for dpi in [0, *args.dpi]:
        right = total = pages = 0
        seconds = 0.0
        for path in pdfs:
            data = path.read_bytes()
            if dpi:
                pdf = pypdfium2.PdfDocument(data)
                images = [page(pdf, i, dpi, i == 2) for i in range(len(pdf))]
                buf = io.BytesIO()
                images[0].save(buf, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
                data = buf.getvalue()
                pages += len(images)
            start = time.monotonic()
            report = parse_document(load_bytes(data, path.name, ".pdf"))
            seconds += time.monotonic() - start
            r, t, wrong = score(report, truth[path.name])
            right, total = right + r, total + t
            for w in wrong[:8]:
                print(f"  {path.name} @{dpi or 'text'}: {w}")
        label = f"{dpi} dpi OCR" if dpi else "text layer"
        per_page = f", {seconds / pages:.1f} s a page" if pages else ""
        print(f"{label}: {right}/{total} cells right ({100 * right / total:.1f}%), "
              f"{seconds:.1f} s{per_page}")  # fmt: skip


if __name__ == "__main__":
    main()
