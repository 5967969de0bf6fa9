"""Per-format behaviour beyond the snapshots: escaping, one-line formats, CSV cells."""

from __future__ import annotations

import csv
import io
import re

from test_render_fixture import ALERT, XSS, render

from gaorpt_audit.model import Finding, Location, ReportResult
from gaorpt_audit.render.csv_out import COLUMNS
from gaorpt_audit.render.github import annotation


def test_concise_is_one_line_per_finding() -> None:
    lines = render("concise").splitlines()
    assert lines[:2] == [
        f"reports/test/evil_2021.md:3: SEC002 标题含有 {ALERT} 与 [bold]markup[/bold] | 竖线",
        (
            'reports/test/evil_2021.md:12: ZER001 =HYPERLINK("http://example.invalid","点击") '
            "& *星号* _下划线_"
        ),
    ]
    assert "reports/test/unreadable_2022.pdf: PRS001 无法读取" in lines[2]
    assert lines[-1] == "Found 7 finding(s) (3 error, 2 warning, 2 info) in 5 report(s)."


def test_full_shows_markup_in_report_text_literally() -> None:
    text = render("full")
    assert "[bold]markup[/bold]" in text
    assert "expected 5  actual 4" in text
    assert "57 │ （七）总计  0  0  0  0  0  0  4" in text
    assert "\x1b[" not in text  # no colour codes when not on a terminal


def test_csv_one_row_per_finding_and_formula_guard() -> None:
    rows = list(csv.DictReader(io.StringIO(render("csv"))))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 7
    zer = next(r for r in rows if r["rule"] == "ZER001" and "evil" in r["path"])
    assert zer["message"].startswith("'=HYPERLINK(")  # not run by a spreadsheet
    assert zer["actual"] == "-1"  # numbers, negative ones too, stay numbers
    assert zer["evidence"] == "多行\n证据"


def test_github_annotations_escape_and_map_severity() -> None:
    lines = render("github").splitlines()
    assert len(lines) == 7
    assert [ln.split(" ", 1)[0] for ln in lines].count("::notice") == 2
    r = ReportResult(path="a,b:c.txt")
    f = Finding(
        rule="X001",
        name="x",
        category="x",
        severity="warning",
        message="50% done\nnext",
        location=Location(line=3),
    )
    assert annotation(r, f) == "::warning file=a%2Cb%3Ac.txt,line=3,title=X001 x::50%25 done%0Anext"


def test_markdown_escapes_report_text() -> None:
    text = render("markdown")
    assert "<script>" not in text
    assert r"\<script\>alert(1)\</script\>示例镇人民政府" in text
    assert r"\[bold\]markup\[/bold\] \| 竖线" in text
    # Each table row has as many cells as the header.
    for line in text.splitlines():
        if line.startswith(("| warning", "| info")):
            assert len(re.findall(r"(?<!\\)\|", line)) == 8


def test_html_escapes_everything_and_is_self_contained() -> None:
    page = render("html")
    assert "<script" not in page.lower().replace("&lt;script", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "onerror=" not in page.replace("onerror=&quot;", "")
    assert XSS not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing loaded from the network
    assert "Content-Security-Policy" in page
    assert page.count('class="league-row"') == 5
    assert page.count('<rect class="bar"') == 5
    assert page.count('<details class="report"') == 5
