"""`gaorpt-audit parse FILE`: the parsed Report as a rich tree, for a person checking what
the parser read (metadata, sections, every table cell, claims, parse issues)."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table as RichTable
from rich.tree import Tree

from ..model import Cell, Report, Table
from .labels import format_label

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
    grid.add_column("行", no_wrap=True)
    for col in columns:
        grid.add_column(col, justify="right")
    for row, cells in table.rows.items():
        grid.add_row(row, *(_cell(cells.get(col)) for col in columns))
    return grid


def report_tree(report: Report) -> Tree:
    root = Tree(
        f"[bold]{escape(report.path)}[/] ({report.source_format}, {report.encoding or '-'})"
    )
    # the words of the other views (full.py, html.py); keys (claim kinds, issue codes,
    # publisher kinds) stay as they are in the JSON
    meta = root.add("[bold]基本信息[/]")
    meta.add(f"标题：{escape(report.title or '?')}")
    meta.add(f"发布机关：{escape(report.publisher or '?')}（{report.publisher_kind}）")
    meta.add(f"年度：{report.year or '?'}   格式：{format_label(report.format)}")
    if report.period:
        p = report.period
        meta.add(f"报告期：{p.start} .. {p.end}（第 {p.line} 行）")
    else:
        meta.add("报告期：[red]未找到[/]")
    if report.signed:
        s = report.signed
        valid = "" if s.valid else " [red]（不是真实的日期）[/]"
        meta.add(f"落款：{s.date or escape(s.raw)}{valid}（第 {s.line} 行）")
    else:
        meta.add("落款：[red]未找到[/]")
    sections = root.add(f"[bold]章节[/]（6 部分中找到 {len(report.sections)} 部分）")
    for sec in report.sections:
        variant = " [yellow]（非统一写法）[/]" if sec.variant else ""
        page = f"，第 {sec.page} 页" if sec.page else ""
        sections.add(
            f"{sec.number or '—'} {escape(sec.title)}{variant}  （第 {sec.line} 行{page}）"
        )
    tables = root.add("[bold]表格[/]（· 空白，* 由恒等式选定，? 未读取）")
    for name in ("二", "三", "四"):
        if name in report.tables:
            t = report.tables[name]
            node = tables.add(f"表{name}（版式 {t.layout}，第 {t.line} 行）")
            if name == "二":
                _rows(t, node)
            else:
                node.add(_table(t))
        else:
            tables.add(f"表{name} [red]未找到[/]")
    claims = root.add(f"[bold]正文中的数字[/]（{len(report.claims)}）")
    for c in report.claims:
        scope = f" [yellow]范围：{'、'.join(c.scope)}[/]" if c.scope else ""
        target = f" → {c.target}" if c.target else ""
        claims.add(f"{c.kind}{target} = {c.value}  （第 {c.line} 行）{scope}：{escape(c.text)}")
    issues = root.add(f"[bold]解析问题[/]（{len(report.parse_issues)}）")
    for i in report.parse_issues:
        where = "，".join(
            w.format(v)
            for w, v in (("表{}", i.table), ("第 {} 行", i.line), ("第 {} 页", i.page))
            if v
        )
        issues.add(f"[red]{i.code}[/] {escape(i.message)}" + (f"  （{where}）" if where else ""))
    return root
