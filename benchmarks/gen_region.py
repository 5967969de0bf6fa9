"""A synthetic region of N reports made from the real text reports in reports/.

    .venv/bin/python benchmarks/gen_region.py OUT_DIR [--n 10000] [--broken 0.2] [--seed 1]

Report k copies the text report k mod M of reports/ (every layout: .txt, .md, .html, in
turn), gives it a publisher of its own (a made-up place name, with or without the
enclosing province/city, so `rank` has to match prefixed names) and a year from 2019 to
2025, and in a fraction ``--broken`` of them changes one number of a table row so the sums
no longer hold. Files land in OUT_DIR/<province>/<NNNNN>_<year>.<ext>. Deterministic
for one seed.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from _timing import REPO

TEXT = (".txt", ".md", ".html")
_SYLLABLES = "安宝昌德东丰福广海和河华吉嘉江金康兰乐临龙隆平清庆瑞山顺泰通文武西新兴阳永玉云长正中"
_KINDS = ("镇人民政府", "乡人民政府", "县人民政府", "区人民政府", "县发展和改革局", "市教育局")
_PROVINCES = ("江苏省", "浙江省", "安徽省", "福建省", "河南省", "贵州省")
_YEARS = range(2019, 2026)
_ROW_NUMBER = re.compile(r"(?<=[\t|│ >])(\d{1,4})(?=[\t|│ <]|$)", re.MULTILINE)


def sources() -> list[tuple[Path, str, int | None]]:
    """The text reports of reports/ with the publisher and year the parser reads from each."""
    from gaorpt_audit.discover import discover
    from gaorpt_audit.pipeline import parse_file

    out = []
    for item in discover([REPO / "reports"]):
        if item.path.suffix not in TEXT:
            continue
        report = parse_file(item.path, item.display)
        if report.publisher:
            out.append((item.path, report.publisher, report.year))
    return out


def place(k: int) -> str:
    """A distinct two- or three-syllable place name for every k."""
    n = len(_SYLLABLES)
    name = _SYLLABLES[k % n] + _SYLLABLES[(k // n) % n]
    return name + (_SYLLABLES[(k // n // n) % n] if k >= n * n else "")


def publisher(k: int) -> str:
    base = place(k) + _KINDS[k % len(_KINDS)]
    # One in four names carries its enclosing regions, as real reports sometimes do.
    if k % 4 == 0:
        return _PROVINCES[k % len(_PROVINCES)] + place(k + 7) + "市" + base
    return base


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def _break_one_number(text: str, rng: random.Random) -> str:
    hits = list(_ROW_NUMBER.finditer(text))
    if not hits:
        return text
    m = rng.choice(hits)
    return text[: m.start()] + str(int(m.group(1)) + rng.randint(1, 9)) + text[m.end() :]


def generate(out: Path, n: int, broken: float = 0.2, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    srcs = sources()
    texts = [(_decode(p.read_bytes()), p.suffix, pub, year) for p, pub, year in srcs]
    paths = []
    for k in range(n):
        text, suffix, pub, year = texts[k % len(texts)]
        new_year = _YEARS[rng.randrange(len(_YEARS))]
        body = text.replace(pub, publisher(k))
        if year:
            body = body.replace(f"{year}年", f"{new_year}年")
        if rng.random() < broken:
            body = _break_one_number(body, rng)
        dst = out / _PROVINCES[k % len(_PROVINCES)] / f"{k:05d}_{new_year}{suffix}"
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(body, encoding="utf-8")
        paths.append(dst)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--broken", type=float, default=0.2, help="share with one number changed")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    paths = generate(args.out, args.n, args.broken, args.seed)
    print(f"{len(paths)} reports under {args.out}")


if __name__ == "__main__":
    main()
