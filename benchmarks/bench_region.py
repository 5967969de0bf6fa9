"""One run over a synthetic region: floor, end to end per backend and --jobs, RSS, --help, rank.

    .venv/bin/python benchmarks/bench_region.py [--n 10000] [--repeat 3] [--out benchmarks/RESULTS.md]

Generates N reports (benchmarks/gen_region.py) in a temporary folder, then measures in the
same run, so the ratios hold on a loaded machine:

- the floor: read + decode + NFKC of every file (what any tool must do);
- ``gaorpt-audit run DIR --format json`` as a subprocess, ``--jobs 1`` and ``--jobs 2``,
  python and durable backends: wall time, reports/s, ratio to the floor, peak RSS of the
  process tree (``os.wait4``), and whether all outputs are byte-identical;
- ms/report of each stage (bench_e2e.stages) on a sample of the region;
- every output format on a sample, in process;
- ``gaorpt-audit --help`` (best of ``--repeat``);
- ``publishers.publisher_keys`` on max(N, 10,000) distinct names and ``gaorpt-audit rank DIR``;
- PDF ingest, median ms per page over the PDFs in reports/ (bench_pdf.py), both page sources.

It writes benchmarks/RESULTS.md (or ``--out``). Timings are wall-clock best-of-N.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import REPO, best
from bench_e2e import floor, run_json, stages
from bench_pdf import median_ms_per_page
from gen_region import generate, publisher

EXE = str(Path(sys.executable).with_name("gaorpt-audit"))


def timed_cli(args: list[str], out: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) of the process tree, exit code of ``gaorpt-audit ARGS``."""
    t = time.perf_counter()
    with open(out or os.devnull, "wb") as sink:
        proc = subprocess.Popen([EXE, *args], stdout=sink, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t
    return secs, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


# RESULTS.md below this line is notes and other benchmarks' figures, kept on a rerun
KEEP = "<!-- bench_region.py rewrites what is above this line and keeps what follows -->"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=100, help="reports for stages and formats")
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    args = ap.parse_args()

    from gaorpt_audit.backends import durable_available
    from gaorpt_audit.config import load_config
    from gaorpt_audit.publishers import publisher_keys
    from gaorpt_audit.render import FORMATS

    lines = [
        "# Benchmark results (benchmarks/bench_region.py)",
        "",
        (
            f"{args.n} synthetic reports (benchmarks/gen_region.py), best of {args.repeat} where "
            "repeated; wall-clock on a shared 2-core machine, so read the ratios, not the seconds."
        ),
        "",
    ]
    tmp = Path(tempfile.mkdtemp(prefix="gaorpt-region-"))
    try:
        region = tmp / "region"
        paths = generate(region, args.n)
        base = best(lambda: floor(paths), args.repeat)
        lines += [
            "| measure | seconds | reports/s | × floor | peak RSS MB |",
            "|---|---:|---:|---:|---:|",
            f"| floor (read + decode + NFKC) | {base:.3f} | {args.n / base:.0f} | 1.0 | |",
        ]
        backends = ["python"] + (["durable"] if durable_available() else [])
        digests = {}
        for backend in backends:
            for jobs in (1, 2):
                out = tmp / f"{backend}-{jobs}.json"
                argv = ["run", str(region), "--format", "json", "-q", "--jobs", str(jobs)]
                secs, rss, _ = timed_cli([*argv, "--backend", backend], out)
                digests[f"{backend} --jobs {jobs}"] = hashlib.sha256(out.read_bytes()).hexdigest()
                lines.append(
                    f"| run --format json, {backend}, --jobs {jobs} | {secs:.2f} | "
                    f"{args.n / secs:.0f} | {secs / base:.0f} | {rss:.0f} |"
                )
        same = len(set(digests.values())) == 1
        lines += ["", f"JSON output identical across {', '.join(digests)}: **{same}**", ""]

        secs, rss, _ = timed_cli(["rank", str(region), "-q"])
        names = [publisher(k) for k in range(max(args.n, 10_000))]
        keys_s = best(lambda: publisher_keys(names), args.repeat)
        help_s = min(timed_cli(["--help"])[0] for _ in range(args.repeat))
        pdf_ms = median_ms_per_page(max(args.repeat, 3), ["pdfium", "pdfminer"])
        lines += [
            "| other | seconds |",
            "|---|---:|",
            f"| `gaorpt-audit --help` | {help_s:.3f} |",
            f"| publisher_keys on {len(names)} distinct names | {keys_s:.3f} |",
            f"| `gaorpt-audit rank` over the region (audit included) | {secs:.2f} |",
            "",
            "| PDF ingest (reports/ PDFs), median ms per page | ms |",
            "|---|---:|",
            f"| pypdfium2 page source (the default) | {pdf_ms['pdfium']:.1f} |",
            f"| pdfminer page source (GAORPT_AUDIT_PDF_SOURCE=pdfminer) | {pdf_ms['pdfminer']:.1f} |",
            "",
        ]

        sample = paths[: args.sample]
        cfg = load_config(discover=False, backend="python")
        run_json(sample, cfg)  # warm-up
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            stages(sample, cfg, args.repeat)
        lines += ["## Stages, python backend, ms/report", "", "```", buf.getvalue().rstrip()]
        lines += ["```", "", f"## Output formats on {len(sample)} reports, --jobs 1", ""]
        lines += ["| format | ms/report |", "|---|---:|"]
        lines += [f"| {fmt} | {_format_ms(sample, fmt, 1):.2f} |" for fmt in FORMATS]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    kept = old[old.index(KEEP) :] if KEEP in old else KEEP + "\n"
    args.out.write_text("\n".join(lines) + "\n\n" + kept, encoding="utf-8")
    print("\n".join(lines))


def _format_ms(paths: list[Path], fmt: str, repeat: int) -> float:
    """Whole-run time of ``gaorpt-audit run --format FMT`` in process, ms per report."""
    from typer.testing import CliRunner

    from gaorpt_audit.cli import app

    argv = ["run", *map(str, paths), "--format", fmt, "-q", "--jobs", "1"]
    return best(lambda: CliRunner().invoke(app, argv), repeat) / len(paths) * 1000


if __name__ == "__main__":
    main()
