"""The HTML report shows where on the PDF page a finding points (issue 20): one cropped
page image per finding with a box, at most MAX_CROPS a page, each at most MAX_BYTES,
the same bytes every time, and none for a text report or a PDF that is gone."""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from PIL import Image
from typer.testing import CliRunner

from gaorpt_audit.cli import app
from gaorpt_audit.render import html_crops

HONGZE = "reports/jiangsu/huaian-hongze-district-gov_2023.pdf"
BAIBU = "reports/zhejiang/baibu-town_2020.txt"
CROP = re.compile(
    r'<div class="crop"><img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="第 (\d+) 页上的位置">'
)


def _html(*paths: str) -> str:
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        done = CliRunner().invoke(app, ["run", *paths, "-f", "html", "-q", "-j", "1"])
    finally:
        os.chdir(cwd)
    assert done.exit_code in (0, 1), done.output
    return done.stdout


def _json_boxes(path: str) -> list[tuple[str, int, list[float]]]:
    import json

    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        done = CliRunner().invoke(app, ["run", path, "-f", "json", "-q", "-j", "1"])
    finally:
        os.chdir(cwd)
    (report,) = json.loads(done.stdout)["reports"]
    return [
        (f["rule"], f["location"]["page"], f["location"]["box"])
        for f in report["findings"]
        if f["location"]["box"] is not None
    ]


def test_one_crop_per_finding_with_a_box() -> None:
    page = _html(HONGZE)
    boxed = _json_boxes(HONGZE)
    assert [(rule, pg) for rule, pg, _ in boxed] == [
        ("SEC004", 1), ("FMT002", 3), ("BAL004", 4), ("BAL006", 4), ("SEC010", 4),
    ]  # fmt: skip
    crops = CROP.findall(page)
    assert [int(pg) for _, pg in crops] == [pg for _, pg, _ in boxed]
    assert page.count("<img") == len(boxed)
    sizes = []
    for data, _ in crops:
        png = base64.b64decode(data)
        assert len(png) <= html_crops.MAX_BYTES
        sizes.append(Image.open(io.BytesIO(png)).size)
    # BAL004: the cell (202.7, 445.6)-(230.9, 472.4) of page 4 with 96 x 24 points around
    # it, at 100 dpi: 220.2 x 74.8 points -> 305.8 x 103.9, as pdfium rounds the cut edges
    assert sizes[2] == (305, 104)
    assert _html(HONGZE) == page  # the same bytes


def test_the_box_is_outlined_in_the_crop() -> None:
    (data, _) = CROP.findall(_html(HONGZE))[2]  # BAL004
    image = Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")
    # the outline runs 2 px outside the box: its left edge at (202.7 - 106.7) * 100/72 - 2
    x = round((202.7 - 106.7) * 100 / 72 - 2)
    y = round((459.0 - 421.6) * 100 / 72)  # halfway down the cell
    red = [image.getpixel((x + dx, y)) for dx in (-1, 0, 1)]
    assert any(r > 180 and g < 90 and b < 90 for r, g, b in red)


def test_no_crop_for_a_text_report() -> None:
    page = _html(BAIBU)
    assert 'class="finding"' in page and "<img" not in page


def test_no_crop_when_the_pdf_is_gone(tmp_path: Path) -> None:
    from gaorpt_audit.audit import audit
    from gaorpt_audit.config import load_config
    from gaorpt_audit.render.html import page

    copy = tmp_path / "huaian-hongze-district-gov_2023.pdf"
    shutil.copy(REPO / HONGZE, copy)
    (result,) = audit([copy], load_config(discover=False)).results
    assert page("t", _meta(), [], [result], None).count("<img") == 5
    copy.write_bytes(b"not a PDF any more")
    assert html_crops.page_crops([result]) == {}
    copy.unlink()
    assert page("t", _meta(), [], [result], None).count("<img") == 0


def test_at_most_max_crops_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_crops, "MAX_CROPS", 2)
    page = _html(HONGZE)
    assert [pg for _, pg in CROP.findall(page)] == ["1", "3"]  # the first two findings
    assert page.count("<img") == 2


def _meta():  # type: ignore[no-untyped-def]
    from gaorpt_audit.render.base import RulesetInfo, RunMeta, ToolInfo

    ruleset = RulesetInfo(version="t", hash="0" * 12, score_formula="")
    return RunMeta(tool=ToolInfo(version="0"), ruleset=ruleset)
