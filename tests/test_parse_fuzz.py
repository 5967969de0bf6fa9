"""Fuzz the whole parse on mangled seeds: it must return a Report and never an
"internal" issue (a stage that throws). Bounded: ~50 examples, whole file well under 30 s."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gaorpt_audit.ingest import load
from gaorpt_audit.model import Report
from gaorpt_audit.parse import parse_document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [
    "guizhou/pingqiu-town_2020.txt",
    "anhui/dadukou-town_2020.txt",
    "zhejiang/baibu-town_2020.txt",
    "unknown-province/guanyuan-town_2019.txt",
    "henan/honghuaji-town_2021.txt",
    "fujian/pingtan-zone-admin-committee_2022.txt",
    "jiangsu/suqian-shuyang-county-gov_2025.md",
    "shanghai/sh-stcsm-science-commission_2024.md",
]
TEXTS = {name: (ROOT / "reports" / name).read_text(encoding="utf-8") for name in SEEDS}
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "big5", "latin-1"]


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(SEEDS))
    lines = TEXTS[name].splitlines()
    ops = draw(st.lists(st.sampled_from(["drop", "dup", "swap", "cut", "digits"]), max_size=6))
    for op in ops:
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "cut":
            lines = lines[:i]
        elif op == "digits":
            lines[i] = "".join(ch for ch in lines[i] if ch not in "\t| ")
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return name, data


@settings(
    max_examples=50,
    deadline=2000,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mangled())
def test_mangled_reports_never_break_the_parser(case: tuple[str, bytes]) -> None:
    name, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        report = parse_document(load(path))
    assert isinstance(report, Report)
    internal = [i for i in report.parse_issues if i.code == "internal"]
    assert not internal, internal
    for table in report.tables.values():
        for cells in table.rows.values():
            for cell in cells.values():
                assert cell.kind != "number" or cell.value is not None
                assert cell.kind == "number" or cell.value is None
