"""OCR of scanned reports: table 三/四 cells right against tables_truth.json, seconds a page.

    python benchmarks/bench_ocr.py [--dpi 300 150] [--engine tesseract|rapidocr]

The three corpus PDFs with text layers (../shared/corpus/real/*.pdf, truth in
tables_truth.json) are rendered to bilevel images at each resolution (with the noise and
stamp of tests/fixtures/ocr/make_ocr_fixtures.py), rebuilt as image-only PDFs and audited
with OCR forced. A cell is right when its parsed value equals the truth (blank = None).
Also printed: the text-layer parse of the same PDFs, as a baseline of the same run.
Timing is noisy on a shared machine: compare the ratio to the text-layer baseline.

``--engine rapidocr`` (needs ``pip install rapidocr-onnxruntime``) reads the table cells
with RapidOCR instead of Tesseract (the same ruling-line grid, one RapidOCR call a cell
crop, its score as the confidence); the page text stays Tesseract's.
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

from gaorpt_audit.config import default_limits
from gaorpt_audit.ingest import load_bytes, ocr
from gaorpt_audit.ingest.limits import enforced
from gaorpt_audit.parse import parse_document


def rapid_cells(image, g):
    """ocr._cell_words through RapidOCR: each inked cell crop read alone."""
    from rapidocr_onnxruntime import RapidOCR

    engine = RAPID[0] if RAPID else RAPID.append(RapidOCR()) or RAPID[0]
    out = [[] for _ in g.cells]
    for k, (r0, r1, c0, c1) in enumerate(g.cells):
        box = (round(g.xs[c0]) + 3, round(g.ys[r0]) + 3, round(g.xs[c1]) - 3, round(g.ys[r1]) - 3)
        if box[2] - box[0] < 4 or box[3] - box[1] < 4:
            continue
        crop = image.crop(box)
        if crop.getextrema()[0] >= 128:
            continue
        found, _ = engine(ocr._framed(crop).convert("RGB"))
        for n, (quad, text, conf) in enumerate(found or []):
            xs, ys = [p[0] for p in quad], [p[1] for p in quad]
            fields = ["5", "1", "1", "1", str(n + 1), "1"]
            fields += [str(int(min(xs))), str(int(min(ys))), str(int(max(xs) - min(xs)))]
            fields += [str(int(max(ys) - min(ys))), str(100 * float(conf)), text]
            out[k].append(ocr._Word(fields))
    return out


RAPID: list = []


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
    ap.add_argument("--engine", choices=["tesseract", "rapidocr"], default="tesseract")
    args = ap.parse_args()
    if args.engine == "rapidocr":
        ocr._cell_words = rapid_cells
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
            # onnxruntime reserves more address space than the reader child's memory_mb
            # allows (RLIMIT_AS): under the default the child dies and no cell is read
            lift = {"timeout": 1200, "memory_mb": 0 if args.engine == "rapidocr" else 2048}
            with enforced(default_limits().model_copy(update=lift)):
                report = parse_document(load_bytes(data, path.name, ".pdf"))
            seconds += time.monotonic() - start
            r, t, wrong = score(report, truth[path.name])
            right, total = right + r, total + t
            for w in wrong[:8]:
                print(f"  {path.name} @{dpi or 'text'}: {w}")
        label = f"{dpi} dpi OCR ({args.engine})" if dpi else "text layer"
        per_page = f", {seconds / pages:.1f} s a page" if pages else ""
        print(f"{label}: {right}/{total} cells right ({100 * right / total:.1f}%), "
              f"{seconds:.1f} s{per_page}")  # fmt: skip


if __name__ == "__main__":
    main()
