"""A flattened row whose digits balance under no cut is an error of the report (BAL011).

The Pingtan crawler dumps print a table row's cells as one run of digits. When no way of
cutting that run (under the reader's constraints) satisfies the row identity, the printed
row does not balance whatever its boundaries were: ``digits_unbalanced``, not "unreadable".
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gaorpt_audit.parse.digits import _splits, balanced_split_exists, row_sum_ok, t4_sums_ok
from gaorpt_audit.pipeline import parse_file

REPO = Path(__file__).resolve().parent.parent
PINGTAN = sorted((REPO / "reports" / "fujian").glob("pingtan-zone-admin-committee_*.txt"))


def _every(tokens: list[str], n: int) -> list[tuple[int, ...]]:
    return list(_splits.__wrapped__(tuple(tokens), n, 10**9))  # no MAX_SOLUTIONS cut-off


@pytest.mark.parametrize(
    ("tokens", "groups", "expected"),
    [
        (["210000021"], (7,), True),  # 21 0 0 0 0 0 21 (平潭 2022 予以公开)
        (["310000021"], (7,), False),  # one digit changed: 31/3+10/… never equal 21 or 1
        (["723000075"], (7,), True),  # 72 3 0 0 0 0 75 (平潭 2022 （七）总计)
        (["723000076"], (7,), False),
        (["113000014"], (7,), True),  # two readings: 1 13 … 14 and 11 3 … 14
        (["3", "1000002"], (7,), False),  # the space keeps 3 apart: 31 is not a reading
        (["31000002"], (7,), False),  # 31? no: 3 1 0 0 0 0 02 has a leading zero
        (["00000000"], (7,), False),  # 8 zeros for 7 cells: "00" is never a number
        (["25380363300630003"], (5, 5, 5), True),  # 平潭 2025 表四
        (["25380363300630004"], (5, 5, 5), False),
        (["12"], (7,), False),  # too few digits: no reading at all
    ],
)
def test_balanced_split_exists(tokens, groups, expected):
    assert balanced_split_exists(tokens, groups) is expected


def test_balanced_split_exists_agrees_with_enumerating_every_split():
    rng = random.Random(7)
    seen = {True: 0, False: 0}
    for _ in range(600):
        groups = rng.choice([(7,), (5, 5, 5)])
        vals: list[int] = []
        for g in groups:
            xs = [rng.choice([0, 0, 0, 1, 2, 3, 5, 12, 37]) for _ in range(g - 1)]
            vals += [*xs, sum(xs)]
        digits = "".join(map(str, vals))
        if rng.random() < 0.6:  # change one digit: usually no reading balances any more
            i = rng.randrange(len(digits))
            digits = digits[:i] + str((int(digits[i]) + 1) % 10) + digits[i + 1 :]
        cut = sorted(rng.sample(range(1, len(digits)), k=rng.randint(0, 3)))
        tokens = [digits[a:b] for a, b in zip([0, *cut], [*cut, len(digits)], strict=True)]
        if len(digits) > 20 and groups != (7,):
            continue  # enumerating every 15-cell split of a long run takes too long
        ok = row_sum_ok if groups == (7,) else t4_sums_ok
        truth = any(ok(list(c)) for c in _every(tokens, sum(groups)))
        assert balanced_split_exists(tokens, groups) is truth, tokens
        seen[truth] += 1
    assert min(seen.values()) > 50  # both answers were exercised


def _parse_text(tmp_path: Path, text: str):
    path = tmp_path / "flat.txt"
    path.write_text(text, encoding="utf-8")
    return parse_file(path, "flat.txt")


def _table_issues(report) -> list[tuple[str, str | None, str | None]]:
    return [(i.code, i.table, i.row) for i in report.parse_issues if i.table in ("三", "四")]


def _pingtan_2022_with(old: str, new: str) -> str:
    text = (REPO / "reports/fujian/pingtan-zone-admin-committee_2022.txt").read_text("utf-8")
    assert text.count(old) == 1
    return text.replace(old, new)


def test_a_row_balanced_by_several_readings_stays_ambiguous(tmp_path):
    # 本年新收 713000074 -> 113000014: 1+13 and 11+3 both give 14; the column identities
    # cannot choose either (they no longer hold): a warning, no error, no invented cell
    text = _pingtan_2022_with("申请数量 713000074", "申请数量 113000014")
    report = _parse_text(tmp_path, text)
    assert _table_issues(report) == [("table_ambiguous", "三", "new")]
    assert "new" not in report.tables["三"].rows


def test_a_row_balanced_by_no_reading_is_unbalanced(tmp_path):
    text = _pingtan_2022_with("（一）予以公开 210000021", "（一）予以公开 310000021")
    report = _parse_text(tmp_path, text)
    # the row was found: it is neither "not found" (table_incomplete) nor ambiguous
    assert _table_issues(report) == [("digits_unbalanced", "三", "granted")]
    issue = next(i for i in report.parse_issues if i.code == "digits_unbalanced")
    assert "'310000021'" in issue.message and "T3-ROW" in issue.message
    assert issue.line == 10
    assert "granted" not in report.tables["三"].rows
    assert report.tables["三"].cell("partial", "total").value == 9  # the rest is read


@pytest.mark.parametrize("path", PINGTAN, ids=lambda p: p.stem)
def test_real_flattened_reports_have_no_unbalanced_digits(path):
    report = parse_file(path, str(path.relative_to(REPO)))
    assert not [i for i in report.parse_issues if i.code == "digits_unbalanced"]
    assert {"三", "四"} <= set(report.tables)


def test_flat_issue_kept_when_the_line_yields_no_table(tmp_path):
    """Table 三 read from tab rows, table 四 flattened onto one long line whose digits admit
    no balanced split: the flat reader reads no table from that line, and its finding must
    still reach the report (not be dropped, leaving only 'table missing')."""
    from gaorpt_audit.pipeline import parse_file

    src = (REPO / "reports/henan/honghuaji-town_2021.txt").read_text(encoding="utf-8")
    lines = src.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("四、政府信息公开行政复议"))
    end = next(i for i, l in enumerate(lines) if l.startswith("五、"))
    flat = (
        "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
        "未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果"
        "尚未审结总计25380363300630004"  # the Pingtan 2025 run with its last digit changed
        + "。本部分数据为本单位统计口径。"
        * 20  # a long line, as crawler dumps have
    )
    mutated = tmp_path / "honghuaji_flat_t4.txt"
    mutated.write_text("\n".join([*lines[:start], flat, *lines[end:]]) + "\n", encoding="utf-8")
    report = parse_file(mutated, str(mutated))
    assert "三" in report.tables
    codes = {(i.code, i.table) for i in report.parse_issues}
    assert ("digits_unbalanced", "四") in codes
    assert ("table_missing", "四") not in codes
