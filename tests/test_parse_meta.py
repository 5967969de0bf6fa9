"""Metadata of every seed and real text report against hand-checked expectations."""

from __future__ import annotations

import datetime as dt

import pytest
from parse_expected import (
    EXPECTED,
    ROOT,
    diff,
    expected_id,
    parse_file,
    parse_lines,
    parse_mine,
    read_expected,
)

from gaorpt_audit.ingest import load
from gaorpt_audit.model import Document, Report
from gaorpt_audit.parse.dates import cn_int, parse_date
from gaorpt_audit.parse.meta import _title_of, publisher_kind


@pytest.mark.parametrize("path", EXPECTED, ids=expected_id)
def test_meta_matches_expected(path):
    want = read_expected(path)
    report = parse_file(want["path"])
    problems = []
    for field in ("title", "publisher", "publisher_kind", "year", "year_source"):
        problems += diff(field, want[field], getattr(report, field))
    period = report.period
    got_period = period and {
        "start": period.start and period.start.isoformat(),
        "end": period.end and period.end.isoformat(),
        "line": period.line,
    }
    problems += diff("period", want["period"], got_period)
    signed = report.signed
    got_signed = signed and {
        "date": signed.date and signed.date.isoformat(),
        "line": signed.line,
        "valid": signed.valid,
    }
    problems += diff("signed", want["signed"], got_signed)
    assert not problems, "\n".join(problems)


def test_seed_001_signed_at_the_end():
    report = parse_file("reports/anhui/dadukou-town_2020.txt")
    assert report.signed is not None
    assert report.signed.date == dt.date(2020, 1, 14)
    assert report.signed.line == 82
    assert report.signed.raw == "2020年1月14日"
    assert report.publisher == "大渡口镇人民政府"  # signer line 81, not the contact office
    assert report.title is None  # the seed prints no title line


def test_invalid_calendar_date_keeps_raw():
    report = parse_lines(
        "某镇人民政府2021年政府信息公开工作年度报告",
        "六、其他需要报告的事项",
        "无。",
        "某镇人民政府",
        "2022年2月30日",
    )
    assert report.signed is not None
    assert report.signed.valid is False
    assert report.signed.date is None
    assert report.signed.raw == "2022年2月30日"
    assert report.signed.line == 5


def test_chinese_numeral_signing_date():
    report = parse_lines(
        "某县人民政府2020年政府信息公开工作年度报告",
        "六、其他需要报告的事项",
        "无。",
        "某县人民政府",
        "二〇二一年一月二十日",
    )
    assert report.signed.date == dt.date(2021, 1, 20)
    assert report.signed.valid


def test_crawler_publication_time():
    report = parse_file("reports/fujian/pingtan-zone-admin-committee_2021.txt")
    assert report.signed.date == dt.date(2022, 2, 8)
    assert report.signed.line == 2


@pytest.mark.parametrize(
    "sentence, start, end",
    [
        ("本报告所列数据统计期限为2020年1月1日至2020年12月31日。", "2020-01-01", "2020-12-31"),
        ("本报告统计期限自2021年1月1日起至2021年12月31日止。", "2021-01-01", "2021-12-31"),
        ("本报告中使用数据统计期限为 2020 年1月1日至12 月31日。", "2020-01-01", "2020-12-31"),
        ("本报告所列数据统计期限为20191月1日至201912月31日。", "2019-01-01", "2019-12-31"),
    ],
)
def test_period_variants(sentence, start, end):
    report = parse_lines("某镇人民政府2020年政府信息公开工作年度报告", sentence)
    assert report.period.start.isoformat() == start
    assert report.period.end.isoformat() == end
    assert report.period.line == 2


def test_year_from_period_without_title():
    report = parse_lines("本报告所列数据统计期限为2022年1月1日至2022年12月31日。")
    assert report.year == 2022 and report.title is None
    assert report.year_source == "period"


# --------------------------------------------------------------------------- year evidence
# Without a title the year comes from what the text states, never from the period alone
# (the period is what DAT005/DAT006 check against the year).

_PREAMBLE = (
    "本报告依据《中华人民共和国政府信息公开条例》要求,结合{y}年某镇政府信息公开工作编制而成。"
    "本报告中使用数据统计期限为 {p} 年1月1日至12 月31日。"
)


def _no_title(preamble: str, *overview: str) -> Report:
    return parse_lines(preamble, "一、总体情况", *overview, "六、其他需要报告的事项", "无。")


def test_title_year_beats_every_other_statement():
    report = parse_lines(
        "某镇人民政府2020年政府信息公开工作年度报告",
        _PREAMBLE.format(y=2019, p=2021),
        "一、总体情况",
        "2019年，我镇未收到政府信息公开申请。",
    )
    assert (report.year, report.year_source) == (2020, "title")


def test_preamble_phrase_beats_the_period():
    # the injected defect: a 2020 report whose period says 2021
    report = _no_title(_PREAMBLE.format(y=2020, p=2021))
    assert (report.year, report.year_source) == (2020, "preamble")
    assert report.period.start == dt.date(2021, 1, 1)


def test_preamble_year_du_phrase():
    report = _no_title("现将本镇2020年度政府信息公开工作年度报告公布如下。")
    assert (report.year, report.year_source) == (2020, "preamble")


def test_cited_document_year_is_not_the_report_year():
    # 《…2021年政务公开工作要点…》 names the notice's year, not the report's
    report = _no_title(
        "根据《国务院办公厅关于印发2021年政务公开工作要点的通知》要求编制本报告。"
        "本报告中使用数据统计期限为2020年1月1日至12月31日。"
    )
    assert (report.year, report.year_source) == (2020, "period")


def test_narrative_majority_beats_the_period():
    report = _no_title(
        "本报告中使用数据统计期限为2021年1月1日至12月31日。",
        "2020年，我镇坚持以公开为常态。",
        "（二）依申请公开情况。2020年，我镇未收到政府信息公开申请。",
    )
    assert (report.year, report.year_source) == (2020, "narrative")


def test_a_date_at_a_sentence_start_is_not_a_year_statement():
    report = _no_title(
        "本报告中使用数据统计期限为2021年1月1日至12月31日。",
        "2020年3月1日起，我镇实行新的公开目录。",
    )
    assert (report.year, report.year_source) == (2021, "period")


@pytest.mark.parametrize(
    "preamble, overview",
    [
        # the preamble and the overview disagree
        (_PREAMBLE.format(y=2020, p=2021), ["2021年，我镇坚持公开。", "2021年，我镇未收到申请。"]),
        # the preamble names two years
        (
            "结合2020年某镇政府信息公开工作及2019年度报告编制。统计期限为2021年1月1日至12月31日。",
            [],
        ),
        # no majority among the narrative mentions
        (
            "统计期限为2021年1月1日至12月31日。",
            ["2020年，我镇坚持公开。", "2019年，我镇开始公开。"],
        ),
    ],
)
def test_conflicting_statements_keep_the_period_year(preamble, overview):
    report = _no_title(preamble, *overview)
    assert (report.year, report.year_source) == (2021, "period")


def test_conflicting_statements_without_a_period_give_no_year():
    report = _no_title("结合2020年某镇政府信息公开工作编制。", "2021年，我镇坚持公开。")
    assert report.year is None and report.year_source is None


def _without_title(rel: str) -> Document:
    """The source with its title line(s) blanked, as if the title were never printed."""
    doc = load(ROOT / rel, display=rel)
    paras = doc.paragraphs()
    for i, p in enumerate(paras[:30]):
        nxt = paras[i + 1].text if i + 1 < len(paras) else ""
        if _title_of(p.text):
            p.text = ""
        elif _title_of(p.text + nxt):
            p.text = paras[i + 1].text = ""
    return doc


@pytest.mark.parametrize("path", EXPECTED, ids=expected_id)
def test_year_stated_without_the_title(path):
    # every real report still states its year in its preamble or overview: without the
    # title line the text (not the period) gives the same year
    want = read_expected(path)
    report = parse_mine(_without_title(want["path"]))
    assert report.title is None
    assert report.year == want["year"]
    assert report.year_source in ("preamble", "narrative")


@pytest.mark.parametrize(
    "name, kind",
    [
        ("平秋镇人民政府", "government"),
        ("淮安市人民政府", "government"),
        ("上海市人民政府办公厅", "department"),
        ("上海市科委", "department"),
        ("沭阳县发展和改革局", "department"),
        ("某某街道办事处", "government"),
        ("某某经济开发区管委会", "government"),
        ("平潭综合实验区", "government"),
        (None, "unknown"),
    ],
)
def test_publisher_kind(name, kind):
    assert publisher_kind(name) == kind


def test_date_helpers():
    assert cn_int("三十一") == 31 and cn_int("十二") == 12 and cn_int("二〇二一") == 2021
    assert parse_date("2021年2月29日").valid is False
    assert parse_date("发布时间: 2022-02-08 16:34").date == dt.date(2022, 2, 8)
