"""Renderers of ``rank``: the league table as rich text, JSON, CSV, Markdown or HTML."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from rich.table import Table
from rich.text import Text

from ..model import ReportResult
from ..rank import LeagueRow
from .base import SCHEMA_VERSION, RunMeta
from .full import GRADE_STYLE, SEVERITY_STYLE, make_console
from .markdown import md


def _top(row: LeagueRow) -> str:
    return ", ".join(f"{t.rule}×{t.count}" for t in row.top_rules)


def league_text(rows: list[LeagueRow], year: int | None, out: TextIO) -> None:
    # the dashboard's title and column names (html_league.py)
    title = f"{year} 年度排名" if year else "各发布机关最新一份报告的排名"
    table = Table(title=title, title_justify="left")
    for col, justify in (
        ("#", "right"),
        ("发布机关", "left"),
        ("年度", "right"),
        ("得分", "right"),
        ("等级", "center"),
        ("错误", "right"),
        ("警告", "right"),
        ("主要问题", "left"),
    ):
        table.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for row in rows:
        top = Text()
        for i, t in enumerate(row.top_rules):
            if i:
                top.append(", ")
            top.append(t.rule, SEVERITY_STYLE.get(t.severity, ""))
            top.append(f"×{t.count}")
        table.add_row(
            str(row.position),
            Text(row.publisher),
            str(row.year or "?"),
            f"{row.score:.1f}",
            Text(row.grade, GRADE_STYLE.get(row.grade, "")),
            str(row.errors),
            str(row.warnings),
            top,
        )
    make_console(out).print(table)


def league_json(rows: list[LeagueRow], year: int | None, meta: RunMeta, out: TextIO) -> None:
    doc = {
        "schema_version": SCHEMA_VERSION,
        "tool": meta.tool.model_dump(),
        "ruleset": meta.ruleset.model_dump(),
        "year": year,
        "league": [
            r.model_dump(mode="json", exclude=None if r.path_bytes else {"path_bytes"})
            for r in rows
        ],
    }
    out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def league_csv(rows: list[LeagueRow], out: TextIO) -> None:
    from .csv_out import BOM, cell

    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["position", "publisher", "year", "path", "score", "grade", "errors", "warnings",
         "infos", "waived", "top_rules"]
    )  # fmt: skip
    for r in rows:
        writer.writerow(
            cell(v)
            for v in (r.position, r.publisher, r.year, r.path, r.score, r.grade, r.errors,
                      r.warnings, r.infos, r.waived, " ".join(f"{t.rule}:{t.count}" for t in r.top_rules))
        )  # fmt: skip


def league_markdown(rows: list[LeagueRow], year: int | None, out: TextIO) -> None:
    lines = [
        "# gaorpt-audit " + (f"{year} 年度排名" if year else "各发布机关最新一份报告的排名"),
        "",
        "| # | 发布机关 | 年度 | 得分 | 等级 | 错误 | 警告 | 主要问题 |",
        "| ---: | --- | ---: | ---: | :---: | ---: | ---: | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r.position} | {md(r.publisher)} | {r.year or '?'} | {r.score:.1f} | {r.grade} "
            f"| {r.errors} | {r.warnings} | {md(_top(r))} |"
        )
    out.write("\n".join(lines) + "\n")


def league_html(
    rows: list[LeagueRow],
    year: int | None,
    meta: RunMeta,
    results: list[ReportResult],
    out: TextIO,
) -> None:
    from .html import page

    if year:
        title, caption = f"{year} 年度排名", f"{year} 年度报告，每个发布机关一行"
    else:
        title = "各发布机关最新一份报告的排名"
        caption = "每个发布机关取其最新一份报告（年度见“年度”列，各行年度可能不同）"
    shown = {r.path for r in rows}
    ranked = [r for r in results if r.path in shown]
    # the years side by side see every report of the run; the rest only those ranked
    out.write(page(title, meta, [(caption, rows)], ranked, None, latest=rows, every=results))
