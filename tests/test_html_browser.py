"""The HTML page in a real headless Chromium: rows render, report text stays text.

Skipped only when no Chromium is installed and GAORPT_REQUIRE_BROWSER is unset; CI
installs Debian's chromium with .ci/install-browser and sets the variable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_render_fixture import ALERT, render

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


def dump_dom(chromium: str, page: Path, profile: Path) -> str:
    """Load the page, let scripts (if any) run, and return the DOM as serialised."""
    try:
        done = subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
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
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

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


def test_page_renders_rows_and_shows_script_as_text(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render("html"), encoding="utf-8")
    dom = _summary(dump_dom(chromium, page, tmp_path / "profile"))
    assert dom.count("tr", "league-row") == 5
    assert dom.count("details", "report") == 5
    assert dom.count("tr", "finding") == 7
    assert dom.count("rect", "bar") == 5
    # The malicious report text is there, as text, and nothing of it ran.
    text = "".join(dom.text)
    assert f"{ALERT}示例镇人民政府" in text
    assert "<script>document.documentElement.setAttribute('data-pwned','1')</script>" in text
    assert dom.count("script") == 0
    assert dom.count("img") == 0
    html_attrs = next(a for t, a in dom.tags if t == "html")
    assert "data-pwned" not in html_attrs


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
