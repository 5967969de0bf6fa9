"""End-to-end time per text report, as a ratio to a floor measured in the same run.

    .venv/bin/python benchmarks/bench_e2e.py [--repeat 5] [--copies 1000] [--jobs 2]

The measured path is the one ``gaorpt-audit run --format json`` takes, through the library:
``audit(paths, config)`` (ingest -> parse -> facts -> rules -> findings -> score), the gate,
and the JSON renderer writing to an in-memory buffer. Rules compile once per process, in
a warm-up run outside the timing (DESIGN.md "Budgets").

The floor is what any tool must do with the same files: read, decode, and
``unicodedata.normalize("NFKC")`` the whole text.

Then throughput: ``audit(folder, config, jobs=N)`` over a temporary folder holding
``--copies`` copies of the text reports (the pool start-up is included), and the peak RSS
of this process and of the worker processes (``resource.getrusage``).
"""

from __future__ import annotations

import argparse
import io
import resource
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from gaorpt_audit.audit import audit
from gaorpt_audit.backends import durable_available
from gaorpt_audit.config import Config, load_config
from gaorpt_audit.discover import discover
from gaorpt_audit.gate import Gate
from gaorpt_audit.render import RunView, get_renderer
from gaorpt_audit.render.base import RulesetInfo, RunMeta, ToolInfo
from gaorpt_audit.render.rules_meta import catalogue

REPO = Path(__file__).resolve().parent.parent
TEXT = (".txt", ".md", ".html")


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def floor(paths: list[Path]) -> None:
    for p in paths:
        raw = p.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030", errors="replace")
        unicodedata.normalize("NFKC", text)


def run_json(paths: list[str | Path], cfg: Config, jobs: int = 1) -> str:
    """``gaorpt-audit run --format json PATHS``, minus argument parsing and the exit."""
    run = audit(paths, cfg, jobs=jobs)
    meta = RunMeta(
        tool=ToolInfo(version=run.tool_version),
        ruleset=RulesetInfo(
            version=run.ruleset_version, hash=run.ruleset_hash, score_formula=run.score_formula
        ),
        rules=catalogue(cfg),
    )
    gate = Gate()
    out = io.StringIO()
    get_renderer("json")(RunView(meta, (gate.apply(r) for r in run.results)), out)
    return out.getvalue()


def rss_mb(who: int) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--copies", type=int, default=1000, help="files in the throughput folder")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    items = [i for i in discover([REPO / "reports"]) if i.path.suffix in TEXT]
    paths = [i.path for i in items]
    n = len(paths)
    backends = ["python"] + (["durable"] if durable_available() else [])
    configs = {b: load_config(discover=False, backend=b) for b in backends}
    for cfg in configs.values():
        run_json(paths, cfg)  # warm-up: compile the rules, fill caches, import lazily

    base = best(lambda: floor(paths), args.repeat) / n
    print(f"{n} text reports, best of {args.repeat}")
    print(f"{'floor (read + decode + NFKC)':42s} {base * 1000:8.3f} ms/report")
    for name, cfg in configs.items():
        secs = best(lambda c=cfg: run_json(paths, c), args.repeat) / n
        print(
            f"{'end to end, JSON, ' + name:42s} {secs * 1000:8.3f} ms/report"
            f"  {secs / base:6.1f}x floor"
        )

    tmp = Path(tempfile.mkdtemp(prefix="gaorpt-bench-"))
    try:
        for k in range(args.copies):
            src = paths[k % n]
            dst = tmp / f"{k // n:04d}" / f"{k:05d}{src.suffix}"
            dst.parent.mkdir(exist_ok=True)
            shutil.copyfile(src, dst)
        for name, cfg in configs.items():
            t = time.perf_counter()
            out = run_json([tmp], cfg, jobs=args.jobs)
            secs = time.perf_counter() - t
            assert out.count('"path":') >= args.copies
            print(
                f"{f'jobs={args.jobs}, {args.copies} files, {name}':42s} "
                f"{args.copies / secs:8.0f} reports/s  ({secs:.2f} s, pool start-up included)"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"peak RSS: this process {rss_mb(resource.RUSAGE_SELF):.0f} MB, "
        f"largest worker {rss_mb(resource.RUSAGE_CHILDREN):.0f} MB"
    )


if __name__ == "__main__":
    main()
