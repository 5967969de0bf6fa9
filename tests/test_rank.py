"""League table model: one row per publisher, sorted by score then publisher."""

from __future__ import annotations

from test_render_fixture import fixture_results, gated_results

from gaorpt_audit.model import ReportResult
from gaorpt_audit.rank import build_league, report_rows, top_rules


def test_latest_report_of_each_publisher_by_default() -> None:
    rows = build_league(fixture_results())
    assert [(r.position, r.publisher, r.year, r.score) for r in rows] == [
        (1, "大渡口镇人民政府", 2020, 100.0),
        (2, "百步镇人民政府", 2020, 84.0),  # its 2019 report (60.0) is not ranked
        (3, "<script>alert(1)</script>示例镇人民政府", 2021, 70.5),
        (4, "reports/test/unreadable_2022.pdf", 2022, 0.0),  # no publisher: ranked by path
    ]


def test_year_selects_the_reports_of_that_year() -> None:
    rows = build_league(fixture_results(), year=2019)
    assert [(r.publisher, r.score, r.grade, r.errors) for r in rows] == [
        ("百步镇人民政府", 60.0, "D", 1)
    ]
    assert build_league(fixture_results(), year=1999) == []


def test_equal_scores_share_a_position_and_sort_by_publisher() -> None:
    rows = build_league(
        [
            ReportResult(path="c.txt", publisher="丙镇", year=2023, score=90.0),
            ReportResult(path="a.txt", publisher="乙镇", year=2023, score=95.0),
            ReportResult(path="b.txt", publisher="甲镇", year=2023, score=90.0),
            ReportResult(path="d.txt", publisher="丁镇", year=2023, score=80.0),
        ]
    )
    # Python sorts publishers by code point: 丙 (U+4E19) before 甲 (U+7532).
    assert [(r.position, r.publisher) for r in rows] == [
        (1, "乙镇"),
        (2, "丙镇"),
        (2, "甲镇"),
        (4, "丁镇"),
    ]


def test_top_rules_most_severe_first_and_waivers_left_out() -> None:
    baibu = gated_results()[-1]
    assert [(t.rule, t.count) for t in top_rules(baibu)] == [
        ("BAL002", 1),
        ("SEC004", 1),
        ("SEC005", 1),
    ]
    waived = baibu.model_copy(
        update={
            "findings": [
                f.model_copy(update={"waived": True}) if f.rule == "BAL002" else f
                for f in baibu.findings
            ]
        }
    )
    assert [t.rule for t in top_rules(waived)] == ["SEC004", "SEC005"]
    row = build_league([waived])[0]
    assert (row.errors, row.warnings, row.infos, row.waived) == (0, 1, 1, 1)


def test_report_rows_keep_every_report() -> None:
    rows = report_rows(fixture_results())
    assert len(rows) == 5
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
