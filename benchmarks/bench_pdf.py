"""Median PDF ingest time per page over the real PDFs in reports/ (budget: about 0.5 s).

    python benchmarks/bench_pdf.py [--repeat N]

Each PDF is loaded N times through ``gaorpt_audit.ingest.load`` (bytes -> Document with
text lines and tables); the time of each load is divided by the file's page count and the
median over all loads is printed, with the per-file medians.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def pages(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from gaorpt_audit.ingest import load

    files = sorted((REPO / "reports").rglob("*.pdf"))
    if not files:
        raise SystemExit("no PDFs under reports/")
    load(files[0])  # warm-up: imports of pdfplumber/pdfminer are not per-page work
    per_page: list[float] = []
    for path in files:
        n = pages(path)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            doc = load(path)
            times.append((time.perf_counter() - start) / n)
        assert doc.blocks, f"{path} gave no blocks: {doc.issues}"
        per_page.extend(times)
        rel = path.relative_to(REPO)
        print(f"{rel}: {n} pages, median {statistics.median(times) * 1000:.1f} ms/page")
    median = statistics.median(per_page)
    print(f"median over {len(files)} PDFs: {median * 1000:.1f} ms per page (budget 500 ms)")


if __name__ == "__main__":
    main()
