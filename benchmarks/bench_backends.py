"""Per-report time of each rule backend on reports/, with the parse-only floor of the same run.

    .venv/bin/python benchmarks/bench_backends.py [--repeat 5]

Prints milliseconds per report (best of N): parse only (ingest + parse), facts, and
facts + rules + findings on each backend; the rules compile once, outside the timing.
"""

from __future__ import annotations

import argparse

from _timing import REPO, best

from gaorpt_audit.backends import durable_available, get_backend
from gaorpt_audit.checks import compile_rules
from gaorpt_audit.config import load_config
from gaorpt_audit.discover import discover
from gaorpt_audit.evaluate import evaluate_report
from gaorpt_audit.facts import build_facts
from gaorpt_audit.pipeline import parse_file
from gaorpt_audit.rulebook import rulebook_for


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--text-only", action="store_true", help="only .txt/.md/.html reports")
    args = ap.parse_args()
    items = discover([REPO / "reports"])
    if args.text_only:
        items = [i for i in items if i.path.suffix in (".txt", ".md", ".html")]
    cfg = load_config(discover=False)
    compiled = compile_rules(rulebook_for(cfg).chosen)
    reports = [parse_file(i.path, i.display) for i in items]
    n = len(items)
    rows = [
        (
            "parse only (floor)",
            best(lambda: [parse_file(i.path, i.display) for i in items], args.repeat),
        )
    ]
    rows.append(
        ("facts", best(lambda: [build_facts(r, compiled.plan) for r in reports], args.repeat))
    )
    names = ["python"] + (["durable"] if durable_available() else [])
    for name in names:
        backend = get_backend(compiled, name)
        rows.append(
            (
                f"facts + rules + findings: {name}",
                best(
                    lambda b=backend: [evaluate_report(r, compiled, b) for r in reports],
                    args.repeat,
                ),
            )
        )
    print(
        f"{n} reports, {len(rulebook_for(cfg).chosen)} rules, {len(compiled.ruleset)} compiled rules"
    )
    for label, secs in rows:
        print(f"{label:40s} {secs / n * 1000:8.3f} ms/report")


if __name__ == "__main__":
    main()
