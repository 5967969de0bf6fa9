"""Cost of the terminal views per report: ``full`` and ``concise`` against ``jsonl`` on
the same results (the reports/ folder audited once, results rendered many times).

    python benchmarks/bench_render_full.py [--repeat N] [--width W]

Prints milliseconds per report of each format and the ratio of full to jsonl (timings
on a shared machine are noisy: compare the ratios of one run).
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

from gaorpt_audit.audit import audit
from gaorpt_audit.config import load_config
from gaorpt_audit.render import RunView, get_renderer
from gaorpt_audit.render.base import RulesetInfo, RunMeta, ToolInfo

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--width", type=int, default=120)
    ap.add_argument("paths", nargs="*", default=[str(REPO / "reports")])
    args = ap.parse_args()
    results = list(audit(args.paths, load_config(discover=False), jobs=1).results)
    meta = RunMeta(ToolInfo(version="0"), RulesetInfo(version="0", hash="0", score_formula=""))
    per_report: dict[str, float] = {}
    for fmt in ("jsonl", "concise", "full"):
        best = float("inf")
        for _ in range(args.repeat):
            out = io.StringIO()
            start = time.perf_counter()
            get_renderer(fmt)(RunView(meta, iter(results)), out)
            best = min(best, time.perf_counter() - start)
        per_report[fmt] = best / len(results) * 1000
        print(
            f"{fmt:8} {per_report[fmt]:7.3f} ms/report ({len(results)} reports, best of {args.repeat})"
        )
    print(f"full/jsonl {per_report['full'] / per_report['jsonl']:.1f}x")


if __name__ == "__main__":
    main()
