"""Do pdfium and pdfminer give the same Document for every PDF we hold?

    python benchmarks/compare_pdf_sources.py [PDF or folder ...]

Each PDF (by default the ones under reports/ and tests/) is read through
``gaorpt_audit.ingest.load`` once with ``GAORPT_AUDIT_PDF_SOURCE=pdfminer`` and once with
``pdfium``; the two Documents are compared field by field, the boxes (excluded from the
JSON) too. Per file: pages, identical yes/no, the first differences. Then ``gaorpt-audit run
<files> --format json`` is run under each source and the outputs compared byte for byte.
Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench_pdf import pages

REPO = Path(__file__).resolve().parent.parent
ENV = "GAORPT_AUDIT_PDF_SOURCE"


def pdfs(args: list[str]) -> list[Path]:
    roots = [Path(a) for a in args] or [REPO / "reports", REPO / "tests"]
    found = []
    for root in roots:
        found += [root] if root.is_file() else sorted(root.rglob("*.pdf"))
    return found


def plain(value: Any) -> Any:
    """A model as plain data, with the fields the JSON leaves out (boxes)."""
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        return {k: plain(getattr(value, k)) for k in fields}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def differences(a: Any, b: Any, where: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in a.keys() | b.keys():
            out += differences(a.get(k), b.get(k), f"{where}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        out = [] if len(a) == len(b) else [f"{where}: {len(a)} vs {len(b)} items"]
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            out += differences(x, y, f"{where}[{i}]")
        return out
    return [] if a == b else [f"{where}: {a!r} vs {b!r}"]


def load(path: Path, source: str) -> Any:
    from gaorpt_audit.ingest import load

    os.environ[ENV] = source
    try:
        return plain(load(path))
    finally:
        del os.environ[ENV]


def run_json(files: list[Path], source: str) -> bytes:
    code = "import sys; from gaorpt_audit.cli import main; sys.exit(main())"
    env = {**os.environ, ENV: source}
    args = [sys.executable, "-c", code, "run", *map(str, files), "--format", "json"]
    return subprocess.run(args, env=env, cwd=REPO, capture_output=True, check=False).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--show", type=int, default=5, help="differences shown per file")
    args = parser.parse_args()
    files = pdfs(args.paths)
    same_all = True
    print("| file | pages | identical | first differences |")
    print("| --- | --- | --- | --- |")
    for path in files:
        a, b = load(path, "pdfminer"), load(path, "pdfium")
        diff = differences(a, b)
        same_all &= not diff
        shown = "; ".join(d.replace("|", "/") for d in diff[: args.show])
        print(f"| {path} | {pages(path)} | {'yes' if not diff else 'no'} | {shown} |")
    unique = list({p.read_bytes(): p for p in files}.values())
    reference, fast = run_json(unique, "pdfminer"), run_json(unique, "pdfium")
    same_json = reference == fast and bool(reference)
    print(
        f"\n`gaorpt-audit run` over {len(unique)} distinct files, --format json: "
        f"{len(reference):,} vs {len(fast):,} bytes, {'identical' if same_json else 'DIFFERENT'}"
    )
    sys.exit(0 if same_all and same_json else 1)


if __name__ == "__main__":
    main()
