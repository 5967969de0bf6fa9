"""Per-format behaviour beyond the snapshots: escaping, one-line formats, CSV cells."""

from __future__ import annotations

import csv
import io
import re

from test_render_fixture import HOSTILE_LINE, HOSTILE_ROW, XSS, fixture_meta, render

from gaorpt_audit.model import Finding, Location, ReportResult
from gaorpt_audit.render import RunView, get_renderer
from gaorpt_audit.render.csv_out import COLUMNS
from gaorpt_audit.render.github import annotation


def test_concise_is_one_line_per_finding() -> None:
    lines = render("concise").splitlines()
    assert lines[0] == (
        "reports/test/evil_2021.md:3: SEC004 "
        "总体情况中没有报告工作考核、社会评议或责任追究的结果（人民政府的报告应当包括；只写考核制度不算）"
    )
    # Report text quoted in a message is printed as it is: markup, "|" and the script.
    assert lines[1] == (
        f"reports/test/evil_2021.md:12: PRS002 表三未能完整读取：一行数值（'{HOSTILE_ROW}1000'）"
        "无法对应到模板的任何一行（行名重复或不认识），其数值未读取"
    )
    assert "reports/test/unreadable_2022.pdf: PRS001 文件无法读取" in lines[2]
    assert lines[-1] == "5 份报告中发现 7 条问题（错误 3 条，警告 2 条，提示 2 条）。"


def test_full_shows_markup_in_report_text_literally() -> None:
    text = render("full")
    assert text.count("[b]粗[/b]|竖线") == 2  # in the message and in the evidence
    assert "应为 5  实际 4" in text
    assert "57 │ （七）总计  0  0  0  0  0  0  4" in text
    assert "\x1b[" not in text  # no colour codes when not on a terminal


def test_csv_one_row_per_finding() -> None:
    rows = list(csv.DictReader(io.StringIO(render("csv").removeprefix("\ufeff"))))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 7
    bal = next(r for r in rows if r["rule"] == "BAL002")
    assert (bal["expected"], bal["actual"], bal["line"]) == ("5", "4", "57")
    prs = next(r for r in rows if r["rule"] == "PRS002")
    assert prs["evidence"] == HOSTILE_LINE  # tabs stay inside the one cell


# A hostile report whose title and one table row are spreadsheet formulas, and whose
# table 二 has a negative count; the messages are what PRS002 and BAL010 say about it.
FORMULA = '=HYPERLINK("http://example.invalid","点击")'
FORMULA_REPORT = ReportResult(
    path="reports/test/formula_2021.txt",
    publisher=FORMULA,
    year=2021,
    findings=[
        Finding(
            rule="PRS002",
            name="parse.table_unreadable",
            category="parse",
            severity="warning",
            message=(
                f"表三未能完整读取：一行数值（{FORMULA[:40]!r}）无法对应到模板的任何一行"
                "（行名重复或不认识），其数值未读取"
            ),
            location=Location(section="三", table="三", line=66),
            actual="table_row_unplaced",
            evidence=FORMULA + "\t1\t0\t0\t0\t0\t0\t1",
        ),
        Finding(
            rule="BAL010",
            name="balance.t2_non_negative",
            category="balance",
            severity="warning",
            message="表二规章/本年制发件数为 -1，不能为负",
            location=Location(section="二", table="二", row="regulations", column="issued"),
            expected="≥ 0",
            actual=-1,
            evidence="规章\n-1\t0\t0",  # a line break must not end a CSV or Markdown row
        ),
    ],
)


def _render_one(fmt: str, result: ReportResult) -> str:
    out = io.StringIO()
    get_renderer(fmt)(RunView(fixture_meta(), [result]), out)
    return out.getvalue()


def test_csv_formula_guard() -> None:
    prs, bal = csv.DictReader(io.StringIO(_render_one("csv", FORMULA_REPORT)))
    # Report text that starts like a formula is quoted so a spreadsheet shows it.
    assert prs["publisher"] == "'" + FORMULA
    assert prs["evidence"].startswith("'=HYPERLINK(")
    assert bal["actual"] == "-1"  # numbers, negative ones too, stay numbers
    assert bal["evidence"] == "规章\n-1\t0\t0"


def test_markdown_keeps_one_table_row_per_finding_across_line_breaks() -> None:
    text = _render_one("markdown", FORMULA_REPORT)
    rows = [ln for ln in text.splitlines() if ln.startswith("| 警告 |")]
    assert len(rows) == 2
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 8 for row in rows)


def test_github_annotations_escape_and_map_severity() -> None:
    lines = render("github").splitlines()
    assert len(lines) == 7
    assert [ln.split(" ", 1)[0] for ln in lines].count("::notice") == 2  # SEC005, PRS002
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
    assert r"\[b\]粗\[/b\]\|竖线\<script\>alert(1)\</script\>1000" in text
    # Each table row has as many cells as the header.
    for line in text.splitlines():
        if line.startswith(("| warning", "| info")):
            assert len(re.findall(r"(?<!\\)\|", line)) == 8


def test_html_escapes_everything_and_is_self_contained() -> None:
    from gaorpt_audit.render.html_style import CSP, SCRIPT, SCRIPT_HASH

    page = render("html")
    # one script, the page's own, admitted by its hash; report text stays text
    assert page.lower().replace("&lt;script", "").count("<script") == 1
    assert f"<script>{SCRIPT}</script>" in page
    assert f"script-src 'sha256-{SCRIPT_HASH}'" in CSP and CSP in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "onerror=" not in page.replace("onerror=&quot;", "")
    assert XSS not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing loaded from the network
    assert "Content-Security-Policy" in page
    assert page.count('class="league-row"') == 5
    assert page.count('<circle class="dot"') == 4  # one per publisher (百步镇: two years)
    assert page.count('<details class="report"') == 5


def test_csv_starts_with_a_byte_order_mark_for_excel(tmp_path) -> None:
    # Excel on a Chinese Windows desktop needs the BOM to read UTF-8 (else GBK mojibake)
    from typer.testing import CliRunner

    from gaorpt_audit.cli import app

    for command in (["run"], ["rank"]):
        target = tmp_path / f"{command[0]}.csv"
        CliRunner().invoke(
            app, [*command, "reports/zhejiang/baibu-town_2020.txt", "-f", "csv", "-o", str(target)]
        )
        data = target.read_bytes()
        assert data[:3] == b"\xef\xbb\xbf", command
        assert "百步镇人民政府" in data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows[0][0] in ("path", "position")
