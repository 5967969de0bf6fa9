"""Single-cell defects injected into the parsed tables 三/四 of every report of reports/
(issue 19): every printed number in turn, ±1, ±2, ×10 and a digit dropped; what the
repair suggests for each, counted per layout (tests/test_repair.py asserts the floors)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from gaorpt_audit.model import Table
from gaorpt_audit.pipeline import parse_file
from gaorpt_audit.repair import known_value, repair_table
from gaorpt_audit.suggestions import suggestion

REPO = Path(__file__).resolve().parent.parent
TABLES = {"三": "t3", "四": "t4"}


def defects(value: int) -> Iterator[tuple[str, int]]:
    for name, new in (("+1", value + 1), ("-1", value - 1), ("+2", value + 2), ("-2", value - 2)):
        if new >= 0:
            yield name, new
    if value:
        yield "x10", value * 10
    if value >= 10:
        yield "drop", int(str(value)[:-1])


def balanced(table: Table, tcode: str) -> bool:
    return all(not b.repairs for b in repair_table(table, tcode))


def inject(table: Table, row: str, col: str, value: int) -> Table:
    rows = {r: dict(cols) for r, cols in table.rows.items()}
    old = rows[row][col]
    rows[row][col] = old.model_copy(update={"value": value, "raw": str(value)})
    return table.model_copy(update={"rows": rows})


def measure(paths: list[Path]) -> dict[str, Counter]:
    """layout -> counts: injected, unique (correct / wrong), ambiguous (with / without the
    injected cell among the candidates), low, none, and cells changed at most."""
    out: dict[str, Counter] = {}
    for path in paths:
        report = parse_file(path)
        for name, tcode in TABLES.items():
            table = report.tables.get(name)
            if table is None or not balanced(table, tcode):
                continue
            layout = f"表{name} {table.layout}" if tcode == "t3" else "表四"
            n = out.setdefault(layout, Counter())
            n["tables"] += 1
            for row, cols in table.rows.items():
                for col, cell in cols.items():
                    v = known_value(cell)
                    if not isinstance(v, int):
                        continue
                    for _, new in defects(v):
                        _count(n, inject(table, row, col, new), tcode, (tcode, row, col), v)
    return out


def _count(n: Counter, table: Table, tcode: str, key: tuple[str, str, str], original: int) -> None:
    n["injected"] += 1
    hits = [b for b in repair_table(table, tcode) if b.repairs]
    s = suggestion(table, hits[0]) if len(hits) == 1 else None
    if len(hits) > 1:
        n["several_blocks"] += 1  # one injected cell breaks one block only
    if s is None:
        n["none"] += 1
        return
    n["max_cells"] = max(n["max_cells"], max(len(c) for c in s.candidates))
    right = [(tcode, key[1], key[2], original)]
    named = any(
        [(tcode, c.row, c.column, c.proposed) for c in cand] == right for cand in s.candidates
    )
    if s.confidence == "unique":
        n["unique_right" if named else "unique_wrong"] += 1
    else:
        n[f"{s.confidence}_named" if named else f"{s.confidence}_missed"] += 1


if __name__ == "__main__":  # python tests/repair_injection.py: print the numbers
    files = sorted(
        p
        for p in (REPO / "reports").rglob("*")
        if p.suffix in {".txt", ".md", ".html", ".pdf", ".docx"}
    )
    for layout, n in sorted(measure(files).items()):
        print(layout, dict(sorted(n.items())))
