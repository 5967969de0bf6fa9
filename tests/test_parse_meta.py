"""Metadata of every seed and real text report against hand-checked expectations."""

from __future__ import annotations

import datetime as dt

import pytest

try:  # tests/ as rootdir-inserted folder, or as a package if it gains an __init__.py
    from parse_expected import EXPECTED, diff, expected_id, parse_file, parse_lines, read_expected
except ImportError:  # pragma: no cover
    from .parse_expected import EXPECTED, diff, expected_id, parse_file, parse_lines, read_expected

from gaorpt_audit.parse.dates import cn_int, parse_date
from gaorpt_audit.parse.meta import publisher_kind


@pytest.mark.parametrize("path", EXPECTED, ids=expected_id)
def test_meta_matches_expected(path):
    want = read_expected(path)
    report = parse_file(want["path"])
    problems = []
    for field in ("title", "publisher", "publisher_kind", "year"):
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
