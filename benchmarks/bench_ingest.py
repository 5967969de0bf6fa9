"""Text ingest speed against a floor measured in the same run (DESIGN.md "Budgets").

Ingest = ``load_text`` (decode, normalise, strip chrome, build the Document) over every
reports/**/*.txt|md. Floor = read + decode + ``unicodedata.normalize("NFKC")`` over the same
files. Both are best of N passes, reported in ms per report; the ratio is what matters
(the budget says ingest + parse + rules within 3x of the floor, so ingest alone should be
well under that). Not a test: timings depend on the machine.

    .venv/bin/python benchmarks/bench_ingest.py [--repeat N] [PATH ...]
"""

from __future__ import annotations

import argparse
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from gaorpt_audit.ingest.decode import decode
from gaorpt_audit.ingest.normalize import normalize_document
from gaorpt_audit.ingest.text import load_text

ROOT = Path(__file__).resolve().parent.parent


def _files(paths: list[str]) -> list[Path]:
    roots = [Path(p) for p in paths] or [ROOT / "reports"]
    found: list[Path] = []
    for root in roots:
        if root.is_file():
            found.append(root)
        else:
            found.extend(p for p in root.rglob("*") if p.suffix in {".txt", ".md"})
    return sorted(p for p in found if p.name != "README.md")


def _best(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", help="files or folders (default: reports/)")
    parser.add_argument("--repeat", type=int, default=50, help="passes; the best one counts")
    args = parser.parse_args()
    files = _files(args.paths)
    if not files:
        raise SystemExit("no .txt/.md files found")
    n = len(files)

    def floor() -> None:
        for path in files:
            text, _ = decode(path.read_bytes())
            unicodedata.normalize("NFKC", text)

    def ingest() -> None:
        for path in files:
            load_text(path.read_bytes(), str(path), path.suffix[1:])

    def normalise_only() -> None:
        for path in files:
            normalize_document(decode(path.read_bytes())[0])

    ingest()  # warm-up: builds the OpenCC converter and the Traditional pattern once
    kb = sum(p.stat().st_size for p in files) / n / 1024
    floor_s = _best(floor, args.repeat)
    ingest_s = _best(ingest, args.repeat)
    norm_s = _best(normalise_only, args.repeat)
    print(f"{n} reports, {kb:.1f} KB each on average, best of {args.repeat}")
    print(f"floor  (read+decode+NFKC)      {floor_s / n * 1000:7.3f} ms/report")
    print(f"read+decode+normalize_document {norm_s / n * 1000:7.3f} ms/report")
    print(f"ingest (load_text)             {ingest_s / n * 1000:7.3f} ms/report")
    print(f"ratio ingest/floor             {ingest_s / floor_s:7.2f}")


if __name__ == "__main__":
    main()
