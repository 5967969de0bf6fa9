"""Median PDF ingest time per page over the real PDFs in reports/ (budget: about 0.5 s).

    python benchmarks/bench_pdf.py [--repeat N] [--source pdfminer|pdfium|both]

Each PDF is loaded N times through ``gaorpt_audit.ingest.load`` (bytes -> Document with
text lines and tables); the time of each load is divided by the file's page count and the
median over all loads is printed, with the per-file medians. ``--source both`` (the
default) alternates the two page sources (GAORPT_AUDIT_PDF_SOURCE) load by load, so that
both meet the same machine load, and prints the ratio.
"""

from __future__ import annotations

import argparse
import os
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


def timed(path: Path, source: str) -> tuple[float, object]:
    from gaorpt_audit.ingest import load

    os.environ["GAORPT_AUDIT_PDF_SOURCE"] = source
    start = time.perf_counter()
    doc = load(path)
    return time.perf_counter() - start, doc


def median_ms_per_page(repeat: int, sources: list[str], show: bool = False) -> dict[str, float]:
    """Median ms per page of every load of every PDF in reports/, per source."""
    files = sorted((REPO / "reports").rglob("*.pdf"))
    if not files:
        raise SystemExit("no PDFs under reports/")
    for source in sources:  # warm-up: imports are not per-page work
        timed(files[0], source)
    per_page: dict[str, list[float]] = {s: [] for s in sources}
    for path in files:
        n = pages(path)
        times: dict[str, list[float]] = {s: [] for s in sources}
        for i in range(repeat):
            for source in sources[i % 2 :] + sources[: i % 2]:  # alternate who goes first
                seconds, doc = timed(path, source)
                assert doc.blocks, f"{path} gave no blocks: {doc.issues}"
                times[source].append(seconds / n)
        if show:
            rel = path.relative_to(REPO)
            shown = ", ".join(f"{s} {statistics.median(t) * 1000:.1f}" for s, t in times.items())
            print(f"{rel}: {n} pages, median ms/page: {shown}")
        for source in sources:
            per_page[source].extend(times[source])
    os.environ.pop("GAORPT_AUDIT_PDF_SOURCE", None)
    return {s: statistics.median(t) * 1000 for s, t in per_page.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--source", choices=["pdfminer", "pdfium", "both"], default="both")
    args = parser.parse_args()
    sources = ["pdfminer", "pdfium"] if args.source == "both" else [args.source]
    medians = median_ms_per_page(args.repeat, sources, show=True)
    count = len(sorted((REPO / "reports").rglob("*.pdf")))
    for source, median in medians.items():
        print(f"median over {count} PDFs, {source}: {median:.1f} ms per page (budget 500 ms)")
    if len(medians) == 2:
        print(f"pdfminer / pdfium: {medians['pdfminer'] / medians['pdfium']:.2f}x")


if __name__ == "__main__":
    main()
