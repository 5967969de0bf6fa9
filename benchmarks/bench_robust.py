"""Hostile inputs of issue 16 at full size: time and peak RSS of `gaorpt-audit run` on each,
as ratios to a normal report of the same run (budget: one hostile file costs its own
limit, never the run).

    python benchmarks/bench_robust.py [--only NAME ...] [--kill-after S] [--max-memory-gb G]

Each input is built in a temporary folder (the DOCX bombs take a few seconds each to
deflate) and audited by a fresh `gaorpt-audit run FILE -f json -j 1` process; its wall time
and peak RSS (``wait4``, the process and its PDF reader) are printed with the PRS findings
it got and the start of the PRS001 message. ``--kill-after`` (default 150 s) and
``--max-memory-gb`` bound a run of an older version, which hangs or swells on some of them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

import hostile_inputs as h

NORMAL = {
    "normal.txt": REPO / "reports/zhejiang/baibu-town_2020.txt",
    "normal.html": REPO / "reports/shanghai/sh-municipal-gov-office_2019.html",
    "normal.docx": REPO / "tests/fixtures/docx/honghuaji-town_2021.docx",
    "normal.pdf": REPO / "reports/jiangsu/huaian-city-gov_2024.pdf",
}
# name -> (what the issue says, how to build it)
HOSTILE: dict[str, tuple[str, Callable[[], bytes]]] = {
    "self-reference.pdf": ("object 3 is `3 0 R`: hung for ever", h.pdf_self_reference),
    "rects-10k.pdf": ("10,000 rectangles on a page", lambda: h.pdf_rectangles(10_000)),
    "rects-60k.pdf": ("60,000 rectangles on a page", lambda: h.pdf_rectangles(60_000)),
    "chars-200k.pdf": ("200,000 characters on a page", lambda: h.pdf_characters(200_000)),
    "pages-5000.pdf": ("5,000 pages", lambda: h.pdf_many_pages(5000)),
    "spans.html": ("2,000 rows of rowspan=colspan=999999999", lambda: h.html_spans(2000)),
    "deep-300.html": ("300 nested <div>s before 四", lambda: h.html_deep(300)),
    "tags-100m.html": ("14 million empty elements (99 MB)", lambda: h.html_tags(14_000_000)),
    "mimetype-2g.docx": ("a 2 GB mimetype entry", lambda: h.docx_bomb("mimetype", 2 * 10**9)),
    "document-2g.docx": (
        "a 2 GB document.xml",
        lambda: h.docx_bomb("word/document.xml", 2 * 10**9),
    ),
    "styles-2g.docx": ("a 2 GB styles.xml", lambda: h.docx_bomb("word/styles.xml", 2 * 10**9)),
    "paragraphs-200m.docx": (
        "200 MB of paragraphs",
        lambda: h.docx_bomb("word/document.xml", 200 * 10**6),
    ),
    "entries-50k.docx": ("50,000 ZIP entries", lambda: h.docx_many_entries(50_000)),
    "empty-paragraphs.docx": (
        "3 million empty paragraphs (19 MB document.xml)",
        lambda: h.docx_empty_paragraphs(3_000_000),
    ),
    "text-50m.txt": ("50 MB of text", lambda: h.text_of_size(50 * 10**6)),
    "digits-5m.txt": ("a 5 MB line of digits", lambda: h.digits_line(5 * 10**6)),
    **{
        name: (f"nothing readable: {name}", lambda data=data: data)
        for name, data in h.nothing_readable().items()
    },
}


def run_one(path: Path, kill_after: float, max_memory: int | None) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, what it found) of one `run` in a fresh process."""

    def limit() -> None:
        if max_memory:
            resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))

    command = "from gaorpt_audit.cli import main; main()"
    args = [sys.executable, "-c", command, "run", str(path), "-f", "json", "-j", "1", "-q"]
    args += ["--fail-on", "never"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            args, stdout=out, stderr=err, start_new_session=True, preexec_fn=limit
        )
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > kill_after:
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                killed = True
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        rss = usage.ru_maxrss / 1024
        if killed:
            return seconds, rss, f"KILLED after {kill_after:g} s (still running)"
        out.seek(0)
        err.seek(0)
        return seconds, rss, _found(out.read(), err.read(), proc.returncode)


def _found(out: bytes, err: bytes, code: int) -> str:
    try:
        (report,) = json.loads(out)["reports"]
    except (ValueError, KeyError):
        last = err.decode(errors="replace").strip().splitlines()[-1:] or [f"exit {code}"]
        return f"no result: {last[0][:100]}"
    rules = sorted({f["rule"] for f in report["findings"] if f["rule"].startswith("PRS")})
    message = next((f["message"] for f in report["findings"] if f["rule"] == "PRS001"), "")
    score = f"{report['score']:g}/{report['grade']}"
    return f"{score} {','.join(rules) or '-'} {message[7:90]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="inputs to run (default: all)")
    parser.add_argument("--kill-after", type=float, default=150)
    parser.add_argument("--max-memory-gb", type=float, default=0)
    args = parser.parse_args()
    max_memory = int(args.max_memory_gb * (1 << 30)) or None
    names = args.only or [*NORMAL, *HOSTILE]
    from gaorpt_audit.config import Limits

    ceiling = Limits()  # the bundled [limits]: each file's time and memory are measured against
    print(f"limits: timeout {ceiling.timeout:g} s, memory_mb {ceiling.memory_mb} MB", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench_robust_") as tmp:
        folder = Path(tmp)
        base: dict[str, tuple[float, float]] = {}
        for name in [*NORMAL, *(n for n in names if n in HOSTILE)]:
            if name in NORMAL:
                path = NORMAL[name]
            else:
                path = folder / name
                build = HOSTILE[name][1]
                path.write_bytes(build())
            size = path.stat().st_size
            seconds, rss, found = run_one(path, args.kill_after, max_memory)
            if name in NORMAL:
                base[Path(name).suffix] = (seconds, rss)
            t0, r0 = base.get(Path(name).suffix, base[".txt"])
            print(
                f"{name:22} {size / 1e6:7.2f} MB {seconds:7.2f} s x{seconds / t0:5.1f} "
                f"{rss:7.0f} MB x{rss / r0:5.1f}  "
                f"t/limit {seconds / ceiling.timeout:4.2f} rss/limit {rss / ceiling.memory_mb:4.2f}  "
                f"{found}",
                flush=True,
            )
    print("\nratios: to the normal report of the same format in this run")
    for name in NORMAL:
        print(f"{name:22} {NORMAL[name].relative_to(REPO)}")
    for name in (n for n in names if n in HOSTILE):
        print(f"{name:22} {HOSTILE[name][0]}")


if __name__ == "__main__":
    main()
