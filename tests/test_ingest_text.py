"""Text and Markdown reports -> Document: clean paragraphs that keep their source lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gaorpt_audit.ingest import load
from gaorpt_audit.ingest.chrome import strip_chrome
from gaorpt_audit.ingest.normalize import normalize_text

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
DADUKOU = REPORTS / "anhui/dadukou-town_2020.txt"
PINGTAN_2021 = REPORTS / "fujian/pingtan-zone-admin-committee_2021.txt"
SH_OFFICE_MD = REPORTS / "shanghai/sh-municipal-gov-office_2025.md"
PINGQIU = REPORTS / "guizhou/pingqiu-town_2020.txt"
TEXT_REPORTS = sorted(
    p for p in REPORTS.rglob("*") if p.suffix in {".txt", ".md"} and p.name != "README.md"
)

TONED_IN_BRACKETS = re.compile(r"[(（][^()（）]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][^()（）]*[)）]")
TONED_LETTER = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
TRADITIONAL = "報開國條號鎮總體處請況關發務實進時結強對規數"


def _source_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


# --------------------------------------------------------------------------- seed 001


def test_seed_001_is_clean_simplified_chinese() -> None:
    raw = DADUKOU.read_text(encoding="utf-8")
    assert TONED_IN_BRACKETS.search(raw) and all(c in raw for c in TRADITIONAL)

    doc = load(DADUKOU)
    text = "\n".join(p.text for p in doc.paragraphs())
    assert doc.encoding == "utf-8"
    assert doc.converted_script is True
    assert not TONED_IN_BRACKETS.search(text)
    assert not TONED_LETTER.search(text)  # no reading left, not even after a lost "("
    assert not [c for c in TRADITIONAL if c in text]
    for phrase in ("政府信息公开", "大渡口镇", "总体情况", "收到和处理政府信息公开申请情况"):
        assert phrase in text
    # legitimate brackets of the same file survive
    assert "(国务院令第 711 号)" in text
    assert "(国办公开办函〔2019〕60 号)" in text


def test_seed_001_lines_and_footer() -> None:
    doc = load(DADUKOU)
    by_line = {p.line: p.text for p in doc.paragraphs()}
    assert by_line[2] == "一、总体情况"
    assert by_line[4] == "(一)主动公开情况"
    assert by_line[26] == "第二十条第(一)项 | |||"
    assert by_line[81] == "大渡口镇人民政府"
    assert by_line[82] == "2020年1月14日"
    # the government website footer (copyright, 主办单位, 公网安备, IPv6 notice) is gone
    assert max(by_line) == 82
    assert len(_source_lines(DADUKOU)) == 86


# --------------------------------------------------------------------------- chrome


def test_pingtan_2021_breadcrumb_and_share_bar_removed() -> None:
    doc = load(PINGTAN_2021)
    by_line = {p.line: p.text for p in doc.paragraphs()}
    # archiver metadata kept (the parser reads the publication date), bookkeeping dropped
    assert by_line[1] == "标题: 平潭综合实验区2021年度政府信息公开工作年度报告"
    assert by_line[2] == "发布时间: 2022-02-08 16:34"
    assert by_line[6].startswith("原文链接: https://www.pingtan.gov.cn/")
    assert sorted(by_line) == [1, 2, 3, 4, 5, 6, 10]
    body = by_line[10]
    assert body.startswith(
        "平潭综合实验区2021年度政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》"
    )
    for chrome in (
        "当前位置",
        "首页",
        "微信 微博",
        "QQ空间",
        "全真版",
        "文字版",
        "相关链接",
        "-->",
        "附件下载",
    ):
        assert chrome not in body
    assert body.endswith("六、其他需要报告的事项2021年,无收取信息处理费情况。")
    assert "根据《中华人民共和国政府信息公开条例》" in _source_lines(PINGTAN_2021)[9]


def test_markdown_page_footers_removed() -> None:
    doc = load(SH_OFFICE_MD)
    source = _source_lines(SH_OFFICE_MD)
    kept = {p.line for p in doc.paragraphs()}
    dropped = {i for i, line in enumerate(source, 1) if line.strip() and i not in kept}
    assert dropped == {1, 23, 48, 72, 93, 163, 197, 216}
    assert {source[i - 1] for i in dropped - {1}} == {f"— {n} —" for n in range(1, 8)}
    assert source[0] == "正文"


@pytest.mark.parametrize("path", TEXT_REPORTS, ids=lambda p: p.name)
def test_kept_lines_keep_their_source_line_numbers(path: Path) -> None:
    source = _source_lines(path)
    doc = load(path)
    assert doc.paragraphs(), path
    lines = [p.line for p in doc.paragraphs()]
    assert lines == sorted(set(lines))
    for p in doc.paragraphs():
        expected = normalize_text(source[p.line - 1])
        if p.text != expected:  # chrome cut out of the line: the rest is from that line
            assert all(piece in expected for piece in p.text.split(" ")), (p.line, p.text)


def test_tab_only_lines_are_kept_as_empty_cells() -> None:
    source = _source_lines(PINGQIU)
    tab_lines = [i for i, line in enumerate(source, 1) if line.strip() == "" and line]
    assert tab_lines
    by_line = {p.line: p.text for p in load(PINGQIU).paragraphs()}
    assert all(i in by_line for i in tab_lines)
    empty_lines = [i for i, line in enumerate(source, 1) if line == ""]
    assert not any(i in by_line for i in empty_lines)


def test_bookmark_removed_from_pingqiu() -> None:
    assert "[bookmark: _GoBack]" in _source_lines(PINGQIU)[5]
    by_line = {p.line: p.text for p in load(PINGQIU).paragraphs()}
    assert by_line[6].startswith("2020年度我镇主动公开政府信息300余条。")


# --------------------------------------------------------------------------- strip_chrome


@pytest.mark.parametrize(
    "line",
    [
        "【字体:大 中 小】 【打印本页】 【关闭窗口】",
        "— 3 —",
        "- 4 -",
        "第 2 页 共 9 页",
        "==================== 正文 ====================",
        "Copyright © 2025 某某县人民政府 All rights reserved.",
        "主办单位:某某县人民政府办公室 承办单位:某某县政务信息中心",
        "微信 微博 QQ空间",
        "您现在的位置:首页 > 政务公开 > 年报",
        "附件下载",
        "版权所有:某某县人民政府  技术支持:某某网络公司",
        "京ICP备05070218号 京公网安备11010202000001号",
        "网站标识码:3417210002",
    ],
)
def test_pure_chrome_lines_dropped(line: str) -> None:
    assert strip_chrome(normalize_text(line)) is None


@pytest.mark.parametrize(
    "line",
    [
        "我镇在微信公众号“古渡鎏金”中开设“每日通报”栏目",
        "- 1.丰富公开内容。",
        "(三)政府信息管理情况。",
        "第二十条第(一)项",
        "本年度报告电子版可在上海市人民政府门户网站(www.shanghai.gov.cn)下载。",
        "\t0",
        "\t",
        "3 | 0 | 1",
        "(三)完成政府网站ICP备案信息变更,网站标识码已公开。",
        "具体内容详见相关链接",
        "政策文件可在附件下载",
        "我局尊重版权所有人的合法权益。",
    ],
)
def test_report_lines_kept(line: str) -> None:
    assert strip_chrome(line) == line


def test_archiver_lines_only_dropped_at_the_top() -> None:
    assert strip_chrome("本地目录: zwgk/x", head=True) is None
    assert strip_chrome("本地目录: zwgk/x", head=False) == "本地目录: zwgk/x"
    assert strip_chrome("标题: 平潭综合实验区2021年度政府信息公开工作年度报告", head=True)
