"""End-to-end time per text report, as a ratio to a floor measured in the same run.

    .venv/bin/python benchmarks/bench_e2e.py [--repeat 5] [--copies 1000] [--jobs 2] [--stages]

The measured path is the one ``gaorpt-audit run --format json`` takes, through the library:
``audit(paths, config)`` (ingest -> parse -> facts -> rules -> findings -> score), the gate,
and the JSON renderer writing to an in-memory buffer. Rules compile once per process, in
a warm-up run outside the timing (DESIGN.md "Budgets").

The floor is what any tool must do with the same files: read, decode, and
``unicodedata.normalize("NFKC")`` the whole text.

Then throughput: ``audit(folder, config, jobs=N)`` over a temporary folder holding
``--copies`` copies of the text reports (the pool start-up is included), and the peak RSS
of this process and of the worker processes (``resource.getrusage``).

``--stages`` prints instead where the time of one report goes: ingest (by input format),
each parse stage, and the audit of the parsed report (facts, rules, score), in ms/report.
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
from pathlib import Path

from _timing import REPO, best

from gaorpt_audit.audit import audit
from gaorpt_audit.backends import durable_available
from gaorpt_audit.config import Config, load_config
from gaorpt_audit.discover import discover
from gaorpt_audit.gate import Gate
from gaorpt_audit.ingest import load
from gaorpt_audit.model import Report
from gaorpt_audit.parse import _line_text
from gaorpt_audit.parse.claims import extract_claims
from gaorpt_audit.parse.meta import extract_meta
from gaorpt_audit.parse.sections import find_sections
from gaorpt_audit.parse.tables import extract_tables
from gaorpt_audit.pipeline import RuleContext, audit_report
from gaorpt_audit.render import RunView, get_renderer
from gaorpt_audit.render.base import RulesetInfo, RunMeta, ToolInfo
from gaorpt_audit.render.rules_meta import catalogue

TEXT = (".txt", ".md", ".html")


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


PARSE_STAGES = (find_sections, extract_tables, extract_meta, extract_claims)


def stages(paths: list[Path], cfg: Config, repeat: int) -> None:
    """Best-of-``repeat`` time of each stage, summed over ``paths``, in ms per report."""
    ctx = RuleContext.build(cfg)
    best_of: dict[str, float] = {}
    counts: dict[str, int] = {}
    for _ in range(repeat):
        total: dict[str, float] = {}
        for p in paths:
            fmt = p.suffix.lstrip(".")
            counts[fmt] = 0
            t = time.perf_counter()
            doc = load(p, str(p))
            dt = time.perf_counter() - t
            for key in ("ingest", f"ingest .{fmt}"):
                total[key] = total.get(key, 0.0) + dt
            t = time.perf_counter()
            report = Report(
                path=doc.path,
                source_format=doc.source_format,
                encoding=doc.encoding,
                parse_issues=list(doc.issues),
            )
            report.line_text = _line_text(doc)
            total["line_text"] = total.get("line_text", 0.0) + time.perf_counter() - t
            for stage in PARSE_STAGES:
                t = time.perf_counter()
                stage(doc, report)
                total[stage.__name__] = total.get(stage.__name__, 0.0) + time.perf_counter() - t
            t = time.perf_counter()
            audit_report(report, str(p), ctx)
            total["audit (facts, rules, score)"] = (
                total.get("audit (facts, rules, score)", 0.0) + time.perf_counter() - t
            )
        for k, v in total.items():
            best_of[k] = min(best_of.get(k, v), v)
    for p in paths:
        counts[p.suffix.lstrip(".")] += 1
    n = len(paths)
    print(f"{n} text reports, best of {repeat}, ms/report")
    for k, v in best_of.items():
        per = counts[k.split(".")[-1]] if k.startswith("ingest .") else n
        print(f"{k:42s} {v / per * 1000:8.3f}")
    whole = sum(v for k, v in best_of.items() if not k.startswith("ingest ."))
    print(f"{'sum of the stages':42s} {whole / n * 1000:8.3f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--copies", type=int, default=1000, help="files in the throughput folder")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--stages", action="store_true", help="time each stage instead")
    args = ap.parse_args()

    items = [i for i in discover([REPO / "reports"]) if i.path.suffix in TEXT]
    paths = [i.path for i in items]
    n = len(paths)
    backends = ["python"] + (["durable"] if durable_available() else [])
    configs = {b: load_config(discover=False, backend=b) for b in backends}
    for cfg in configs.values():
        run_json(paths, cfg)  # warm-up: compile the rules, fill caches, import lazily
    if args.stages:
        stages(paths, configs["python"], args.repeat)
        return

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
