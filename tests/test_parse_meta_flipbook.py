"""Flipbook (翻页电子书) page chrome is not part of the title or the publisher (issue 13):
a page prefix such as "Page8-威海市文登区信访局" glued to the title or the signer line by
the export must not become the publisher's name.

No report of the shared corpus was published as a flipbook, so the real-report cases add
the page marker to a real title or signer line (as the export would) and require exactly
the metadata of the unmodified report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from parse_expected import ROOT, parse_lines, parse_mine

from gaorpt_audit.ingest import load
from gaorpt_audit.parse.meta import strip_page_chrome

BAIBU = ROOT / "reports" / "zhejiang" / "baibu-town_2020.txt"  # title on line 1
DADUKOU = ROOT / "reports" / "anhui" / "dadukou-town_2020.txt"  # no title; signer on line 81

TITLE = "威海市文登区信访局2023年政府信息公开工作年度报告"


@pytest.mark.parametrize(
    "printed",
    [
        "Page8-" + TITLE,
        "page 8 - " + TITLE,
        "Page8" + TITLE,
        "P8_" + TITLE,
        "第8页-" + TITLE,
        "第8页/共20页 " + TITLE,
        TITLE + "-Page8",
        "Page8-" + TITLE + " - Page8",
    ],
)
def test_page_marker_is_not_in_title_or_publisher(printed: str) -> None:
    report = parse_lines(printed, "一、总体情况", "2023年，我局……")
    assert report.title == TITLE
    assert report.publisher == "威海市文登区信访局"
    assert report.publisher_kind == "department"
    assert report.year == 2023 and report.year_source == "title"


def test_page_marker_on_the_signer_line_is_not_the_publisher() -> None:
    report = parse_lines(
        "一、总体情况",
        "2023年，本机关未收到政府信息公开申请。",
        "六、其他需要报告的事项",
        "无。",
        "Page8-威海市文登区信访局",
        "2024年1月20日",
    )
    assert report.title is None
    assert report.publisher == "威海市文登区信访局"
    assert report.publisher_kind == "department"
    assert report.signed is not None and report.signed.line == 6


@pytest.mark.parametrize(
    "name",
    ["威海市文登区信访局", "P2P网络借贷风险专项整治工作领导小组办公室", "第二页", "Pingtan"],
)
def test_names_without_a_page_marker_are_kept(name: str) -> None:
    assert strip_page_chrome(name) == name


def _with_line(src: Path, number: int, prefix: str, tmp_path: Path):
    lines = src.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = prefix + lines[number - 1]
    copy = tmp_path / src.name
    copy.write_text("\n".join(lines), encoding="utf-8")
    return parse_mine(load(copy, src.name))


def _meta(report) -> tuple:
    return (report.title, report.publisher, report.publisher_kind, report.year, report.year_source)


def test_real_title_with_a_page_prefix(tmp_path: Path) -> None:
    plain = parse_mine(load(BAIBU, BAIBU.name))
    assert _meta(plain) == (
        "百步镇人民政府2020年度政府信息公开工作年度报告",
        "百步镇人民政府",
        "government",
        2020,
        "title",
    )
    assert _meta(_with_line(BAIBU, 1, "Page1-", tmp_path)) == _meta(plain)


def test_real_signer_line_with_a_page_prefix(tmp_path: Path) -> None:
    plain = parse_mine(load(DADUKOU, DADUKOU.name))
    lines = DADUKOU.read_text(encoding="utf-8").split("\n")
    assert lines[80].strip() == "大渡口鎮(zhèn)人民政府"  # Traditional, pinyin-annotated
    paged = _with_line(DADUKOU, 81, "Page8-", tmp_path)
    assert plain.publisher == paged.publisher == "大渡口镇人民政府"
    assert _meta(paged) == _meta(plain)
    assert paged.signed == plain.signed
