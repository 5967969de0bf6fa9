"""Cross-publisher near-duplicates (XYR007) on a generated region of N reports.

The region is benchmarks/gen_region.py's (every report a real text report of reports/
under a made-up publisher and year, so most reports have hundreds of copies: the worst
case for LSH buckets). Each file is parsed and trimmed as workers send it; then, timed:
the MinHash index of sections 一 and 五 and the XYR007 look-up of every report, and the
whole cross-year step (all XYR rules). Baseline of the same run: all-pairs comparison of
the signatures of a sample, extrapolated to N·(N−1)/2 pairs. Peak RSS from /proc. The
machine may be shared: compare ratios, not seconds.

    .venv/bin/python benchmarks/bench_peers.py [--n 10000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
import time
from pathlib import Path

from gen_region import generate

from gaorpt_audit.carry import trim
from gaorpt_audit.checks.crossrun import Peers
from gaorpt_audit.checks.minhash import similarity
from gaorpt_audit.config import Config
from gaorpt_audit.pipeline import RuleContext, audit_report, parse_file
from gaorpt_audit.publishers import identity_keys
from gaorpt_audit.xyear import cross_year


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--dir", type=Path, help="reuse (or write) the region here")
    ap.add_argument("--sample", type=int, default=400, help="all-pairs baseline sample")
    args = ap.parse_args()
    out = args.dir or Path(tempfile.mkdtemp(prefix="region-"))
    paths = sorted(p for p in out.rglob("*_*.*") if p.suffix != ".pickle") if out.is_dir() else []
    if len(paths) != args.n:
        paths = generate(out, args.n)
    ctx = RuleContext.build(Config())
    t = time.perf_counter()
    cache = out / f"pairs-{args.n}.pickle"
    if cache.is_file():  # the parse of a region takes minutes: reuse it
        pairs = pickle.loads(cache.read_bytes())
    else:
        pairs = []
        for p in paths:
            report = parse_file(p, str(p.relative_to(out)))
            pairs.append((audit_report(report, report.path, ctx), trim(report)))
        cache.write_bytes(pickle.dumps(pairs))
    parse_s = time.perf_counter() - t
    reports = [r for _, r in pairs]
    base_rss = rss_mb()
    keys = identity_keys(r.publisher or "" for r in reports)

    t = time.perf_counter()
    peers = Peers(reports, keys)
    for key in ("overview", "problems"):
        peers.index(key)
    index_s = time.perf_counter() - t
    index_rss = rss_mb() - base_rss
    t = time.perf_counter()
    flagged = 0
    for key in ("overview", "problems"):
        for r in reports:
            hits = peers.similar(r, key, 0.8, 1)
            flagged += bool(hits)
    lookup_s = time.perf_counter() - t
    peers_s = index_s + lookup_s
    peak_rss = rss_mb("VmHWM")

    t = time.perf_counter()
    results = list(cross_year(pairs, ctx))
    step_s = time.perf_counter() - t
    xyr007 = sum(any(f.rule == "XYR007" for f in res.findings) for res, _ in results)

    idx = peers.index("overview")
    sigs = [s for s in idx.signatures[: args.sample] if s is not None]
    t = time.perf_counter()
    for i, a in enumerate(sigs):
        for b in sigs[i + 1 :]:
            similarity(a, b)
    sample_pairs = len(sigs) * (len(sigs) - 1) // 2
    all_pairs_s = (time.perf_counter() - t) / max(sample_pairs, 1) * args.n * (args.n - 1)

    n = len(reports)
    print(f"{n} reports under {out}; parse + per-report rules {parse_s:.1f} s (or the cache)")
    print(f"XYR007, 2 sections: signatures + LSH index {index_s:.2f} s, look-ups {lookup_s:.2f} s")
    print(f"  together {peers_s:.2f} s ({peers_s / n * 1000:.2f} ms/report)")
    print(f"  sections with a near-duplicate of another publisher: {flagged} of {2 * n}")
    print(f"  reports with an XYR007 finding (whole step): {xyr007}")
    print(f"whole cross-year step (XYR001-XYR008): {step_s:.2f} s")
    print(f"baseline: all-pairs signature comparison, 2 sections, from {sample_pairs} pairs:")
    print(f"  {all_pairs_s:.0f} s plus the same signatures")
    print(f"  LSH look-ups {all_pairs_s / lookup_s:.0f}x faster than all-pairs")
    print(f"  whole XYR007 {(all_pairs_s + index_s) / peers_s:.0f}x faster")
    print(f"RSS after parsing {base_rss:.0f} MB (the results and trimmed reports held)")
    print(f"  the two indexes add {index_rss:.0f} MB; peak {peak_rss:.0f} MB")


if __name__ == "__main__":
    main()
