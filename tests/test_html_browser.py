"""The HTML dashboard in a real headless Chromium: rows render, report text stays text,
the inline script sorts and filters, the page without script is still complete, and the
table grids of real reports mark the right cells.

Skipped only when no Chromium is installed and GAORPT_REQUIRE_BROWSER is unset; CI
installs Debian's chromium with .ci/install-browser and sets the variable.

The screenshots in docs/ (html-dashboard-1400.png, html-dashboard-390.png, html-report.png)
are taken by test_screenshots; regenerate them with
``GAORPT_UPDATE_SCREENSHOTS=1 pytest tests/test_html_browser.py -k screenshots``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO
from test_render_fixture import ALERT, render
from typer.testing import CliRunner

from gaorpt_audit.cli import app
from gaorpt_audit.render.html_style import SCRIPT

DOCS = REPO / "docs"
UPDATE_SHOTS = bool(os.environ.get("GAORPT_UPDATE_SCREENSHOTS"))
PINGTAN_2020 = "r-reports-fujian-pingtan-zone-admin-committee-2020-txt"
HONGZE_2023 = "r-reports-jiangsu-huaian-hongze-district-gov-2023-pdf"

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium() -> str | None:
    for name in (os.environ.get("GAORPT_CHROMIUM"), "chromium", "chromium-browser"):
        if name and (found := shutil.which(name)):
            return found
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    found = _chromium()
    if found is None:
        if os.environ.get("GAORPT_REQUIRE_BROWSER"):
            pytest.fail("GAORPT_REQUIRE_BROWSER is set but no chromium is installed")
        pytest.skip("chromium not installed (run .ci/install-browser)")
    return found


def dump_dom(chromium: str, page: Path, profile: Path, fragment: str = "") -> str:
    """Load the page, let scripts (if any) run, and return the DOM as serialised."""
    try:
        done = subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--dump-dom",
                page.as_uri() + fragment,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        # A page that ran alert() never finishes loading in headless mode.
        pytest.fail(f"{page.name} did not finish loading: a script (alert?) probably ran")
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class DomSummary(HTMLParser):
    """What the test needs from the dumped DOM: elements, attributes and visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        # elements whose own text is wanted, with their attributes and the ids around them
        self.cells: list[tuple[str, dict[str, str | None], str, tuple[str, ...]]] = []
        self._skip = 0
        self._open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self._ids: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("style", "script"):
            self._skip += 1
            if tag == "script":
                self.scripts.append("")
        if tag in ("td", "th", "tr", "li", "caption", "span", "p", "summary"):
            self._open.append((tag, a, []))
        if tag in ("details", "div", "table") and a.get("id"):
            self._ids.append((tag, a["id"] or ""))
        elif tag in ("details", "div", "table"):
            self._ids.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1
        if self._open and self._open[-1][0] == tag:
            t, a, parts = self._open.pop()
            text = "".join(parts)
            self.cells.append((t, a, text, tuple(i for _, i in self._ids if i)))
            if self._open:  # a child's text, set apart from its siblings'
                self._open[-1][2].append(f" {text} ")
        if tag in ("details", "div", "table") and self._ids:
            self._ids.pop()

    def handle_data(self, data: str) -> None:
        if self._skip:
            if self.scripts and self.tags and self.tags[-1][0] == "script":
                self.scripts[-1] += data
            return
        self.text.append(data)
        if self._open:
            self._open[-1][2].append(data)

    def elements(self, tag: str, cls: str | None = None, within: str | None = None) -> list:
        return [
            (a, text)
            for t, a, text, ids in self.cells
            if t == tag
            and (cls is None or cls in (a.get("class") or "").split())
            and (within is None or within in ids)
        ]

    def count(self, tag: str, cls: str | None = None) -> int:
        return sum(
            1
            for t, a in self.tags
            if t == tag and (cls is None or cls in (a.get("class") or "").split())
        )


def _summary(dom: str) -> DomSummary:
    parser = DomSummary()
    parser.feed(dom)
    return parser


def _league(dom: DomSummary) -> list[tuple[dict[str, str | None], str]]:
    return dom.elements("tr", "league-row")


def test_page_renders_rows_and_shows_script_as_text(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render("html"), encoding="utf-8")
    dom = _summary(dump_dom(chromium, page, tmp_path / "profile"))
    assert dom.count("tr", "league-row") == 5
    assert dom.count("details", "report") == 5
    assert dom.count("tr", "finding") == 7
    assert dom.count("circle", "dot") == 4  # one per publisher (百步镇 2019 and 2020: one)
    # The malicious report text is there, as text, and nothing of it ran.
    text = "".join(dom.text)
    assert f"{ALERT}示例镇人民政府" in text
    assert "<script>document.documentElement.setAttribute('data-pwned','1')</script>" in text
    assert dom.scripts == [SCRIPT]  # the page's own script, and only it
    assert dom.count("img") == 0
    html_attrs = next(a for t, a in dom.tags if t == "html")
    assert "data-pwned" not in html_attrs
    assert html_attrs.get("class") == "js"  # the page's own script did run
    (controls,) = [a for t, a in dom.tags if t == "div" and a.get("class") == "controls"]
    assert "hidden" not in controls
    assert [text for _, text in dom.elements("span") if text.startswith("显示")] == [
        "显示 5 / 5 行"
    ]


def test_the_harness_would_see_a_script_that_ran(chromium: str, tmp_path: Path) -> None:
    """Control: an unescaped script does run and is detected, so the test above can fail."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><body><p>x</p>"
        "<script>document.documentElement.setAttribute('data-pwned','1')</script>"
        "</body></html>",
        encoding="utf-8",
    )
    dom = _summary(dump_dom(chromium, page, tmp_path / "profile"))
    assert next(a for t, a in dom.tags if t == "html").get("data-pwned") == "1"


def test_without_script_every_table_is_plain_and_complete(chromium: str, tmp_path: Path) -> None:
    """The script blocked (as by a mail client or an office's policy): the page's own CSP
    is turned to ``script-src 'none'``. (Chromium's --dump-dom needs scripting enabled, so
    switching all script off in the browser is not an option for the harness.)"""
    from gaorpt_audit.render.html_style import SCRIPT_HASH

    page = tmp_path / "report.html"
    html = render("html").replace(f"'sha256-{SCRIPT_HASH}'", "'none'")
    assert "script-src 'none'" in html
    page.write_text(html, encoding="utf-8")
    dom = _summary(dump_dom(chromium, page, tmp_path / "profile", "#grade=D"))
    assert "class" not in next(a for t, a in dom.tags if t == "html")  # the script did not run
    (controls,) = [a for t, a in dom.tags if t == "div" and a.get("class") == "controls"]
    assert "hidden" in controls  # filters that would do nothing are not shown
    rows = _league(dom)
    assert len(rows) == 5 and not any("hidden" in a for a, _ in rows)  # #grade=D ignored
    assert dom.count("button") == 0  # headers stay plain text
    # league order as written: by score within each year, the year in every row
    years = [text.split()[0] for _, text in dom.elements("caption")]
    assert years == ["2022", "2021", "2020", "2019"]


def test_filters_and_sorting_from_the_address(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render("html"), encoding="utf-8")
    dom = _summary(dump_dom(chromium, page, tmp_path / "profile", "#grade=D"))
    shown = [a.get("data-grade") for a, _ in _league(dom) if "hidden" not in a]
    assert shown and set(shown) == {"D"}
    hidden = [a.get("data-grade") for a, _ in _league(dom) if "hidden" in a]
    assert hidden and "D" not in hidden
    counts = [t for _, t in dom.elements("span") if t.startswith("显示")]
    assert counts == [f"显示 {len(shown)} / 5 行"]
    # a rule filter: only the reports with a BAL002 finding stay
    dom = _summary(dump_dom(chromium, page, tmp_path / "profile", "#rule=BAL002"))
    assert [a.get("data-rules") for a, _ in _league(dom) if "hidden" not in a] == [
        "BAL002 SEC004 SEC005"
    ]
    # sorting by score, ascending: the lowest score first in each table
    dom = _summary(dump_dom(chromium, page, tmp_path / "profile", "#sort=score"))
    for caption_rows in _tables(dom).values():
        scores = [float(t.split()[3]) for t in caption_rows]
        assert scores == sorted(scores)
    assert any(a.get("aria-sort") == "ascending" for t, a in dom.tags if t == "th")


def _tables(dom: DomSummary) -> dict[str, list[str]]:
    """League table id -> its rows' text, in the order shown."""
    out: dict[str, list[str]] = {}
    for t, a, text, ids in dom.cells:
        if t == "tr" and "league-row" in (a.get("class") or ""):
            table = next(i for i in ids if i.startswith("league-"))
            out.setdefault(table, []).append(" ".join(text.split()))
    return out


@pytest.fixture(scope="module")
def region_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dashboard of the sample region reports/ (20 real reports, 2019-2025)."""
    out = tmp_path_factory.mktemp("region") / "region.html"
    cwd = os.getcwd()
    os.chdir(REPO)  # relative paths: the page (and the screenshots) show reports/...
    try:
        result = CliRunner().invoke(app, ["run", "reports/", "-f", "html", "-q", "-o", str(out)])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 1, result.output  # the gate fails: 4 reports fail
    return out


def test_region_dashboard_on_real_reports(chromium: str, region_page: Path, tmp_path: Path) -> None:
    dom = _summary(dump_dom(chromium, region_page, tmp_path / "profile"))
    captions = [t for _, t in dom.elements("caption")]
    assert captions == [f"{y} 年度报告" for y in range(2025, 2018, -1)]
    rows = [" ".join(t.split()) for _, t in _league(dom)]
    assert len(rows) == 20
    # 平潭 appears once per year, each row saying its year
    pingtan = [r for r in rows if "平潭综合实验区" in r]
    assert sorted(r.split()[2] for r in pingtan) == [str(y) for y in range(2019, 2026)]
    # the failing B of 大渡口镇 is red, not green
    (dadukou,) = [a for a, t in _league(dom) if "大渡口镇" in t]
    assert dadukou.get("data-grade") == "B"
    badges = [a for a, t in dom.elements("span", "badge") if t == "B"]
    assert any("st-fail" in (a.get("class") or "") for a in badges)
    # years side by side: 平潭 2019-2025, 上海市人民政府办公厅 2019 and 2025, 洪泽 2023 and 2024
    years = {" ".join(t.split()).split()[0]: t for _, t in dom.elements("tr", "year-row")}
    assert set(years) == {"平潭综合实验区", "上海市人民政府办公厅", "淮安市洪泽区人民政府"}
    assert "+16.0（2023→2024）" in years["淮安市洪泽区人民政府"]
    # the score axis starts near the lowest score (洪泽区 2023: 70.0), not at 0
    assert dom.count("circle", "dot") == 12  # one per publisher
    assert "横轴从 65 分起（不是 0 分）" in "".join(dom.text)


def test_table_grid_marks_the_cells_and_the_repair(
    chromium: str, region_page: Path, tmp_path: Path
) -> None:
    dom = _summary(dump_dom(chromium, region_page, tmp_path / "profile"))
    # 平潭 2020 表三: （七）总计 20 (自然人) and 21 (总计) under rows adding to 26 and 27
    grid = f"{PINGTAN_2020}-t{ord('三')}"
    at = [t.strip() for _, t in dom.elements("td", "at", within=grid)]
    assert at == ["20", "21"]
    idents = [" ".join(t.split()) for _, t in dom.elements("li", within=grid)]
    assert len(idents) == 2
    assert idents[0].startswith("BAL002 每一列：（七）总计 = （一）至（六）各项办理结果之和")
    assert "（七）总计 × 自然人 20 = 20，但 （一）予以公开 × 自然人 6 +" in idents[0]
    assert idents[0].endswith("= 26（相差 -6）")
    # no unique repair: the candidate cells show their proposed values
    suspects = sorted(" ".join(t.split()) for _, t in dom.elements("td", "suspect", within=grid))
    assert suspects == ["6 → 0", "6 → 0", "6 → 0", "7 → 1"]
    # 洪泽 2023 表四: 行政复议 10/1/0/0 with 总计 0, the one repair 总计 → 11
    grid = f"{HONGZE_2023}-t{ord('四')}"
    suspects = [" ".join(t.split()) for _, t in dom.elements("td", "suspect", within=grid)]
    assert "0 → 11" in suspects
    texts = [" ".join(t.split()) for _, t in dom.elements("p", "suggest", within=grid)]
    assert any("行政复议 × 总计：表中为 0，按各恒等式应为 11" in t for t in texts)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _shoot(chromium: str, uri: str, out: Path, size: tuple[int, int], profile: Path) -> None:
    done = subprocess.run(
        [chromium, *FLAGS, "--hide-scrollbars", f"--user-data-dir={profile}",
         f"--window-size={size[0]},{size[1]}", f"--screenshot={out}", uri],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and out.exists(), done.stderr[-2000:]
    assert _png_size(out) == size


@pytest.mark.parametrize("width,height", [(1400, 2300), (390, 2600)])
def test_screenshots(
    chromium: str, region_page: Path, tmp_path: Path, width: int, height: int
) -> None:
    """The dashboard of reports/ at a desktop and a phone width (saved to docs/ when
    GAORPT_UPDATE_SCREENSHOTS is set)."""
    out = tmp_path / f"html-dashboard-{width}.png"
    _shoot(chromium, region_page.as_uri(), out, (width, height), tmp_path / "profile")
    if UPDATE_SHOTS:
        shutil.copyfile(out, DOCS / out.name)
    assert _png_size(DOCS / out.name)[0] == width


def _html_of(report: str, page: Path) -> Path:
    """``run REPORT -f html`` from the repository (paths in the page as users see them)."""
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(app, ["run", report, "-f", "html", "-q", "-o", str(page)])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 1, result.output  # both reports hold publisher errors
    return page


def test_screenshots_of_a_report_with_its_table_grid(chromium: str, tmp_path: Path) -> None:
    """docs/html-report.png: one report's drill-down, open, with its table 三 grid."""
    page = _html_of(
        "reports/fujian/pingtan-zone-admin-committee_2020.txt", tmp_path / "pingtan.html"
    )
    html = page.read_text(encoding="utf-8").replace("<details ", "<details open ", 1)
    page.write_text(html, encoding="utf-8")
    out = tmp_path / "html-report.png"
    _shoot(chromium, page.as_uri(), out, (1400, 2900), tmp_path / "profile")
    if UPDATE_SHOTS:
        shutil.copyfile(out, DOCS / out.name)
    assert _png_size(DOCS / out.name)[0] == 1400


def _print(chromium: str, page: Path, pdf: Path) -> Path:
    """``page`` printed to ``pdf`` by headless Chromium (the print CSS applies)."""
    done = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={pdf.parent / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and pdf.exists(), done.stderr[-2000:]
    return pdf


def test_printed_page_opens_every_report(chromium: str, region_page: Path, tmp_path: Path) -> None:
    """Print (or save as PDF): the print CSS and the beforeprint handler open every report,
    so its findings and table grids are on paper, not only the closed summaries."""
    import pdfplumber

    pdf = _print(chromium, region_page, tmp_path / "region.pdf")
    with pdfplumber.open(pdf) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
        pages = len(doc.pages)
    assert pages > 10  # 20 reports opened, not one page of summaries
    assert "表三（按报告所印）" in text and "表四（按报告所印）" in text
    assert "按各恒等式应为 11" in text  # 洪泽 2023's repair, inside a report's drill-down


def test_page_crops_show_under_the_csp(chromium: str, tmp_path: Path) -> None:
    """The cropped page images (data: PNGs) are admitted by the page's CSP: printed, the
    洪泽 2023 page carries one image per finding with a box (5), the size it was drawn at."""
    import pdfplumber

    page = _html_of("reports/jiangsu/huaian-hongze-district-gov_2023.pdf", tmp_path / "hongze.html")
    pdf = _print(chromium, page, tmp_path / "hongze.pdf")
    with pdfplumber.open(pdf) as doc:
        images = [im for p in doc.pages for im in p.images]
    assert len(images) == 5
    assert (305, 104) in {tuple(im["srcsize"]) for im in images}  # the BAL004 cell's crop
