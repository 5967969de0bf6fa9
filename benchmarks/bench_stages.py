"""Where the time of one report goes, stage by stage, through the real ``audit()`` path.

    .venv/bin/python benchmarks/bench_stages.py DIR [--repeat 3] [--backend python]

Every stage function is wrapped by a timer (in this process only) and the folder is
audited with ``--jobs 1`` and rendered as JSON, as ``gaorpt-audit run --format json``
does; the best of ``--repeat`` runs of each stage is printed in ms/report. Nested stages
are shown inside their parent (``evaluate_report`` holds ``build_facts``, which holds the
sums, the pattern facts and the derived facts of the enumeration kind). ``pickle`` is what
one (result, trimmed report) pair costs to send from a worker to the parent (dump + load)
once the worker has packed them (carry.py; the packing itself is in the carry line).

To compare two trees in one run, run this script with ``PYTHONPATH`` pointing at each
tree's ``engine/`` in turn (the figures are then ratios on the same loaded machine).
"""

from __future__ import annotations

import argparse
import functools
import pickle
import sys
import time
from pathlib import Path

from _timing import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

TOTALS: dict[str, float] = {}


def wrap(owner: object, name: str, label: str) -> None:
    fn = getattr(owner, name)

    @functools.wraps(fn)
    def timed(*a: object, **k: object) -> object:
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            TOTALS[label] = TOTALS.get(label, 0.0) + time.perf_counter() - t

    setattr(owner, name, timed)


def install() -> list[tuple[str, int]]:
    """Wrap the stages; returns (label, depth) in display order."""
    from gaorpt_audit import carry, evaluate, facts, parse, pipeline, sums, xyear
    from gaorpt_audit.backends import python as py_backend
    from gaorpt_audit.checks import enumeration

    order = [
        ("ingest", 0, pipeline, "load"),
        ("parse: find_sections", 0, parse, "find_sections"),
        ("parse: extract_tables", 0, parse, "extract_tables"),
        ("parse: extract_meta", 0, parse, "extract_meta"),
        ("parse: extract_claims", 0, parse, "extract_claims"),
        ("evaluate_report", 0, evaluate, "evaluate_report"),
        ("build_facts", 1, evaluate, "build_facts"),
        ("sum facts", 2, sums, "sum_facts"),
        ("pattern facts", 2, facts, "_pattern_facts"),
        ("enumeration facts", 2, enumeration.Derived, "add_facts"),
        ("backend run (python)", 1, py_backend.PythonBackend, "run"),
        ("repair suggestions", 1, evaluate, "attach_suggestions"),
        ("score_result", 0, pipeline, "score_result"),
        ("trim (for cross-year)", 0, carry, "trim"),
        ("carry: fingerprint, MinHash (+ pack in a worker)", 0, carry, "carried"),
        ("cross-year apply (parent)", 0, xyear, "apply"),
    ]
    try:
        from gaorpt_audit.backends import durable

        order.insert(11, ("backend run (durable)", 1, durable.DurableBackend, "run"))
    except Exception:  # noqa: BLE001, S110 - durable-rules not installed
        pass
    for label, _, owner, name in order:
        wrap(owner, name, label)
    return [(label, depth) for label, depth, *_ in order]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--backend", default="python")
    args = ap.parse_args()

    from gaorpt_audit import audit as audit_mod
    from gaorpt_audit.config import load_config

    labels = install()
    from bench_e2e import run_json  # after install: it imports audit()

    cfg = load_config(discover=False, backend=args.backend)
    run_json([args.folder], cfg)  # warm-up: compile, import, fill caches
    n = len(audit_mod.discover([args.folder]))
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        TOTALS.clear()
        t = time.perf_counter()
        out = run_json([args.folder], cfg)
        TOTALS["render json (all)"] = 0.0
        TOTALS["whole run"] = time.perf_counter() - t
        for k, v in TOTALS.items():
            best[k] = min(best.get(k, v), v)
    # the transport of a pool: one pair per report as a worker sends it (packed: carry.py)
    ctx = audit_mod.RuleContext.build(cfg)
    items = audit_mod.discover([args.folder])[:100]
    pairs = [audit_mod._audit(i, ctx, True, packed=True) for i in items]
    t = time.perf_counter()
    for p in pairs:
        pickle.loads(pickle.dumps(p))
    best["pickle (result, trimmed report)"] = (time.perf_counter() - t) / len(pairs) * n
    print(f"{n} reports from {args.folder}, best of {args.repeat}, ms/report, {args.backend}")
    for label, depth in labels:
        if label in best:
            print(f"{'  ' * depth}{label:{44 - 2 * depth}s} {best[label] / n * 1000:8.3f}")
    for label in ("pickle (result, trimmed report)", "whole run"):
        print(f"{label:44s} {best[label] / n * 1000:8.3f}")
    assert out.count('"path":') >= n


if __name__ == "__main__":
    main()
