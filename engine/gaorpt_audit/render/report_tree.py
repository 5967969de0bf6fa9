"""`gaorpt-audit parse FILE`: the parsed Report as a rich tree, for a person checking what
the parser read (metadata, sections, every table cell, claims, parse issues)."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table as RichTable
from rich.tree import Tree

from ..model import Cell, Report, Table

_KIND_STYLE = {"number": "", "blank": "dim", "na": "yellow", "text": "magenta"}


def _cell(cell: Cell | None) -> str:
    if cell is None:
        return "[red]?[/]"  # not read: the parse issues say why
    shown = escape(cell.raw) if cell.kind != "blank" else "·"
    style = _KIND_STYLE[cell.kind]
    mark = "*" if cell.inferred_by else ""
    return f"[{style}]{shown}{mark}[/]" if style else f"{shown}{mark}"


def _rows(table: Table, node: Tree) -> None:
    """Table 二's sub-tables have different columns: one line per row reads better."""
    for row, cells in table.rows.items():
        node.add(f"{row}: " + " · ".join(f"{col} {_cell(c)}" for col, c in cells.items()))


def _table(table: Table) -> RichTable:
    columns: list[str] = []
    for cells in table.rows.values():
        columns.extend(c for c in cells if c not in columns)
    grid = RichTable(show_edge=False, pad_edge=False, box=None, header_style="bold")
    grid.add_column("row", no_wrap=True)
    for col in columns:
        grid.add_column(col, justify="right")
    for row, cells in table.rows.items():
        grid.add_row(row, *(_cell(cells.get(col)) for col in columns))
    return grid


def report_tree(report: Report) -> Tree:
    root = Tree(
        f"[bold]{escape(report.path)}[/] ({report.source_format}, {report.encoding or '-'})"
    )
    meta = root.add("[bold]metadata[/]")
    meta.add(f"title: {escape(report.title or '?')}")
    meta.add(f"publisher: {escape(report.publisher or '?')} ({report.publisher_kind})")
    meta.add(f"year: {report.year or '?'}   format: {report.format}")
    if report.period:
        p = report.period
        meta.add(f"period: {p.start} .. {p.end} (line {p.line})")
    else:
        meta.add("period: [red]not found[/]")
    if report.signed:
        s = report.signed
        valid = "" if s.valid else " [red](not a real date)[/]"
        meta.add(f"signed: {s.date or escape(s.raw)}{valid} (line {s.line})")
    else:
        meta.add("signed: [red]not found[/]")
    sections = root.add(f"[bold]sections[/] ({len(report.sections)} of 6)")
    for sec in report.sections:
        variant = " [yellow](variant)[/]" if sec.variant else ""
        page = f", page {sec.page}" if sec.page else ""
        sections.add(f"{sec.number or '—'} {escape(sec.title)}{variant}  (line {sec.line}{page})")
    tables = root.add("[bold]tables[/] (· blank, * chosen by an identity, ? not read)")
    for name in ("二", "三", "四"):
        if name in report.tables:
            t = report.tables[name]
            node = tables.add(f"表{name} (layout {t.layout}, line {t.line})")
            if name == "二":
                _rows(t, node)
            else:
                node.add(_table(t))
        else:
            tables.add(f"表{name} [red]not found[/]")
    claims = root.add(f"[bold]claims[/] ({len(report.claims)})")
    for c in report.claims:
        scope = f" [yellow]scope: {', '.join(c.scope)}[/]" if c.scope else ""
        target = f" → {c.target}" if c.target else ""
        claims.add(f"{c.kind}{target} = {c.value}  (line {c.line}){scope}: {escape(c.text)}")
    issues = root.add(f"[bold]parse issues[/] ({len(report.parse_issues)})")
    for i in report.parse_issues:
        where = " ".join(
            f"{k} {v}" for k, v in (("table", i.table), ("line", i.line), ("page", i.page)) if v
        )
        issues.add(f"[red]{i.code}[/] {escape(i.message)}" + (f"  ({where})" if where else ""))
    return root
