"""The cross-year step on a generated region: N publishers x Y years of real report text.

Every generated report is a real Pingtan report (its parse, trimmed as workers send it)
renamed to one of N publishers and one of Y years, so sections 一/五 have real lengths.
Prints the time of the step (grouping by publisher + the four XYR rules) and, as the
baseline of the same run, the time the per-report pass takes for the same reports.
The machine may be shared: compare the ratio, not the seconds.

    python benchmarks/bench_crossyear.py [publishers] [years]
"""

from __future__ import annotations

import sys

from _timing import REPO, best

from gaorpt_audit.carry import trim
from gaorpt_audit.config import Config
from gaorpt_audit.pipeline import RuleContext, audit_report, parse_file
from gaorpt_audit.xyear import cross_year


def main() -> None:
    publishers = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    years = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    ctx = RuleContext.build(Config())
    sources = sorted((REPO / "reports/fujian").glob("pingtan-zone-admin-committee_*.txt"))
    parsed = [parse_file(p, str(p.relative_to(REPO))) for p in sources[-years:]]
    pairs = []
    for i in range(publishers):
        for y, report in enumerate(parsed):
            rep = report.model_copy(
                update={"publisher": f"第{i}号街道办事处", "path": f"r/{i}_{y}"}
            )
            rep.line_text = report.line_text
            pairs.append((audit_report(rep, rep.path, ctx), trim(rep)))
    n = len(pairs)
    sample = pairs[: years * 20]
    per_report = best(lambda: [audit_report(r, r.path, ctx) for _, r in sample], 3)
    per_report *= n / len(sample)
    step = best(lambda: list(cross_year(pairs, ctx)), 1)
    print(f"{n} reports ({publishers} publishers x {years} years)")
    print(f"per-report rules (estimated from {len(sample)}): {per_report:.2f} s")
    print(f"cross-year step: {step:.2f} s  ({step / n * 1000:.2f} ms/report)")
    print(f"ratio cross-year / per-report rules: {step / per_report:.2f}")


if __name__ == "__main__":
    main()
