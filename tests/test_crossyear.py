"""Cross-year rules (XYR) on the real series of reports/, and injected breaks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, REPORTS

from gaorpt_audit.audit import audit
from gaorpt_audit.publishers import identity_keys

PINGTAN = sorted((REPORTS / "fujian").glob("pingtan-zone-admin-committee_*.txt"))
HONGZE = sorted((REPORTS / "jiangsu").glob("huaian-hongze-district-gov_*.pdf"))
SHANGHAI = [
    REPORTS / "shanghai/sh-municipal-gov-office_2019.html",
    REPORTS / "shanghai/sh-municipal-gov-office_2025.md",
]


def _xyr(results):
    out = {}
    for r in results:
        out[r.year] = {o.rule: o.status for o in r.outcome_list if o.rule.startswith("XYR")}
    return out


def _findings(results):
    return [
        (r.year, f.rule, f.message) for r in results for f in r.findings if f.rule.startswith("XYR")
    ]


def test_pingtan_carry_over_chain_matches_year_to_year() -> None:
    results = list(audit(PINGTAN).results)
    # checked by hand in the seven reports (上年结转 / 结转下年度, 总计 column)
    chain = []
    for r in results:
        assert r.publisher == "平潭综合实验区"
    from gaorpt_audit.pipeline import parse_file

    for p in PINGTAN:
        t3 = parse_file(p).tables["三"]
        chain.append(
            (t3.cell("carried_over", "total").value, t3.cell("carried_forward", "total").value)
        )
    assert chain == [(0, 0), (0, 0), (0, 1), (1, 0), (0, 0), (0, 0), (0, 6)]
    assert [cf for _, cf in chain[:-1]] == [co for co, _ in chain[1:]]  # 0,0,1,0,0,0
    xyr = _xyr(results)
    assert xyr[2019] == dict.fromkeys(("XYR001", "XYR002", "XYR003", "XYR004"), "not_applicable")
    for year in range(2020, 2026):
        assert xyr[year]["XYR001"] == "passed"
        assert xyr[year]["XYR003"] == "passed"
        assert xyr[year]["XYR004"] == "passed"
    # 2021 against 2020: the 2019 format has no 现行有效件数
    assert xyr[2021]["XYR002"] == "not_applicable"
    assert all(xyr[y]["XYR002"] == "passed" for y in range(2022, 2026))
    assert _findings(results) == []


def test_hongze_names_are_one_publisher_and_the_stock_rolls_forward() -> None:
    results = list(audit(HONGZE).results)
    assert [r.publisher for r in results] == ["洪泽区人民政府", "淮安市洪泽区人民政府"]
    xyr = _xyr(results)
    assert set(xyr[2023].values()) == {"not_applicable"}
    assert xyr[2024] == dict.fromkeys(("XYR001", "XYR002", "XYR003", "XYR004"), "passed")


def test_shanghai_2019_and_2025_miss_five_years() -> None:
    results = list(audit(SHANGHAI).results)
    assert _findings(results) == [
        (2025, "XYR004", "缺少 2020—2024 年度的报告：本发布机关的上一份报告是 2019 年度的")
    ]
    xyr = _xyr(results)
    assert xyr[2025]["XYR001"] == "not_applicable"  # 2024 is not there


def test_injected_carry_over_break_names_the_cells(tmp_path: Path) -> None:
    src = REPORTS / "fujian/pingtan-zone-admin-committee_2021.txt"
    text = src.read_text(encoding="utf-8")
    assert text.count("四、结转下年度继续办理1000001") == 1
    broken = tmp_path / "pingtan-zone-admin-committee_2021.txt"
    broken.write_text(text.replace("结转下年度继续办理1000001", "结转下年度继续办理2000002"))
    current = REPORTS / "fujian/pingtan-zone-admin-committee_2022.txt"
    results = list(audit([broken, current]).results)
    assert [x for x in _findings(results) if x[0] == 2022] == [
        (2022, "XYR001", "自然人：本年度上年结转 1 件，但2021年度报告的结转下年度为 2 件"),
        (2022, "XYR001", "总计：本年度上年结转 1 件，但2021年度报告的结转下年度为 2 件"),
    ]
    r2022 = next(r for r in results if r.year == 2022)
    alone = next(iter(audit([current]).results))
    assert r2022.score == alone.score - 3  # warning weight 2, one repeat at half
    assert r2022.findings[0].evidence is not None


def test_identity_normalises_width_script_and_suffix() -> None:
    keys = identity_keys(
        [
            "平潭综合實驗區管理委員會",
            "平潭综合实验区管委会",
            "淮安市洪泽区人民政府",
            "洪泽区 人民政府",
        ]
    )
    assert (
        keys["平潭综合實驗區管理委員會"] == keys["平潭综合实验区管委会"] == "平潭综合实验区管委会"
    )
    assert keys["淮安市洪泽区人民政府"] == keys["洪泽区 人民政府"] == "洪泽区人民政府"


def _cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from gaorpt_audit.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_jobs_one_and_two_give_the_same_bytes(fmt: str) -> None:
    paths = [str(p.relative_to(REPO)) for p in [*PINGTAN, *SHANGHAI]]
    one = _cli("run", *paths, "-f", fmt, "-j", "1", "-q")
    two = _cli("run", *paths, "-f", fmt, "-j", "2", "-q")
    assert one.returncode == two.returncode
    assert one.stdout == two.stdout
    assert "XYR004" in one.stdout
