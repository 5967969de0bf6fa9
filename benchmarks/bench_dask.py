"""Local process pool vs Dask (issue 22): the PDF sample, and reports per worker-hour.

    python benchmarks/bench_dask.py [--workers 2] [--copies 4] [--repeat 2] [--no-timeout]

The sample is reports/ copied ``--copies`` times into a temporary folder (one folder per
copy): its PDFs, its text reports (.txt/.md/.html), and, when tesseract is installed, the
scanned pages of tests/fixtures/ocr/hongze-2023-p3-4.pdf (image-only: read through OCR).
Each set is audited with the local pool (``--jobs W``) and on a LocalCluster of W worker
processes, one thread each (started once; its start-up is printed apart). Printed: wall
seconds (best of --repeat, local and dask alternating), the dask/local ratio of the same run,
and reports per worker-hour (reports / (seconds x W) x 3600). The two executors' results are
compared too, and any report whose results differ is printed (only a wall-clock limit can
make them differ: a file past ``timeout`` on a loaded machine; --no-timeout lifts it). Timing is noisy on a shared machine: read the ratios.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import REPO

from gaorpt_audit.audit import audit
from gaorpt_audit.config import load_config

OCR_SAMPLE = REPO / "tests/fixtures/ocr/hongze-2023-p3-4.pdf"
TEXT = {".txt", ".md", ".html"}


def sample(root: Path, copies: int) -> dict[str, Path]:
    sets = {"text": root / "text", "pdf": root / "pdf"}
    if shutil.which("tesseract"):
        sets["ocr"] = root / "ocr"
    for n in range(copies):
        for path in sorted((REPO / "reports").rglob("*")):
            kind = "pdf" if path.suffix == ".pdf" else "text" if path.suffix in TEXT else None
            if kind is None or path.name == "README.md":
                continue
            target = sets[kind] / f"copy{n}" / path.relative_to(REPO / "reports")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        if "ocr" in sets and n % 2 == 0:  # OCR is seconds a page: half as many copies
            (sets["ocr"] / f"copy{n}").mkdir(parents=True)
            shutil.copyfile(OCR_SAMPLE, sets["ocr"] / f"copy{n}" / OCR_SAMPLE.name)
    return sets


def issues(result_json: str) -> list[str]:
    return [f"{f['rule']} {f['message'][:80]}" for f in json.loads(result_json)["findings"]][:3]


def timed(folder: Path, config, workers: int, scheduler: str | None) -> tuple[float, list]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    kind = {"executor": "dask", "scheduler": scheduler} if scheduler else {}
    results = [r.model_dump_json() for r in audit([folder], config, jobs=workers, **kind).results]
    return time.perf_counter() - start, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-timeout", action="store_true", help="no per-file time limit")
    args = parser.parse_args()
    from gaorpt_audit.executors.dask_client import local_cluster

    config = load_config(discover=False)
    if args.no_timeout:  # the per-file clock is wall time: on a loaded machine it can differ
        config.limits = config.limits.model_copy(update={"timeout": 0})
    w = args.workers
    with tempfile.TemporaryDirectory() as tmp:
        sets = sample(Path(tmp), args.copies)
        start = time.perf_counter()
        with local_cluster(w, config.limits.memory_mb) as cluster:
            print(f"LocalCluster of {w} workers started in {time.perf_counter() - start:.1f} s")
            address = cluster.scheduler_address
            for kind, folder in sets.items():
                n = sum(1 for p in folder.rglob("*") if p.is_file())
                repeat = args.repeat if kind != "ocr" else 1
                best = {"local": float("inf"), "dask": float("inf")}
                outputs = {}
                for _ in range(repeat):
                    for name, where in (("local", None), ("dask", address)):
                        seconds, outputs[name] = timed(folder, config, w, where)
                        best[name] = min(best[name], seconds)
                same = outputs["local"] == outputs["dask"]
                for a, b in zip(outputs["local"], outputs["dask"], strict=True):
                    if a != b:  # say how (a wall-clock limit is the one thing load can change)
                        print(f"  differ: {json.loads(a)['path']}: {issues(a)} vs {issues(b)}")
                rate = {k: n / (v * w) * 3600 for k, v in best.items()}
                print(
                    f"{kind}: {n} reports; local {best['local']:.1f} s, dask {best['dask']:.1f}"
                    f" s, dask/local {best['dask'] / best['local']:.2f}; reports per"
                    f" worker-hour: local {rate['local']:,.0f}, dask {rate['dask']:,.0f}"
                    f" ({'same' if same else 'DIFFERENT'} results)"
                )
    if "ocr" not in sets:
        print("ocr: skipped (tesseract not installed)")


if __name__ == "__main__":
    main()
