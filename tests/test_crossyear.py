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
    assert xyr[2019] == {
        **dict.fromkeys(("XYR001", "XYR002", "XYR003", "XYR004", "XYR005"), "not_applicable"),
        **dict.fromkeys(("XYR006", "XYR007", "XYR008"), "passed"),
    }
    for year in range(2020, 2026):
        assert xyr[year]["XYR001"] == "passed"
        assert xyr[year]["XYR003"] == "passed"
        assert xyr[year]["XYR004"] == "passed"
        assert xyr[year]["XYR006"] == "passed"  # seven different texts
        assert xyr[year]["XYR007"] == "passed"  # one publisher: no peers
    # 2021 against 2020: the 2019 format has no 现行有效件数
    assert xyr[2021]["XYR002"] == "not_applicable"
    assert all(xyr[y]["XYR002"] == "passed" for y in range(2022, 2026))
    # promises of 五 (Y−1) not found in Y; each checked by hand in the two reports
    assert _findings(results) == [
        (2020, "XYR005", "2019年度报告提出的改进措施“继续加强督导协调工作”，本年度报告中未见提及"),
        (2020, "XYR008", PINGTAN_JIANGSU),
        (2021, "XYR005", "2020年度报告提出的改进措施“加大统筹指导力度”，本年度报告中未见提及"),
        (2022, "XYR005", "2021年度报告提出的改进措施“拓宽公开载体和渠道”，本年度报告中未见提及"),
        (2023, "XYR005", "2022年度报告提出的改进措施“丰富意见征集形式”，本年度报告中未见提及"),
        (
            2023,
            "XYR005",
            "2022年度报告提出的改进措施“加大重点领域公开信息整合归类力度”，本年度报告中未见提及",
        ),
        (2024, "XYR005", "2023年度报告提出的改进措施“拓宽政民互动渠道”，本年度报告中未见提及"),
        (2025, "XYR005", "2024年度报告提出的改进措施“加快数字化转型”，本年度报告中未见提及"),
    ]


PINGTAN_JIANGSU = (
    "提到外省地名“江苏省”（属江苏省，本发布机关在福建省），共 1 处：“转发《江苏省政府信息公开申请"
    "办理答复规范》,要求各单位认真学习,结合实际完善本单位政府信息公开申请办理工作流程,进一步提…”"
)


def test_hongze_names_are_one_publisher_and_the_stock_rolls_forward() -> None:
    results = list(audit(HONGZE).results)
    assert [r.publisher for r in results] == ["洪泽区人民政府", "淮安市洪泽区人民政府"]
    xyr = _xyr(results)
    assert {k for k, v in xyr[2023].items() if v != "passed"} == {
        "XYR001",
        "XYR002",
        "XYR003",
        "XYR004",
        "XYR005",
    }
    assert xyr[2024] == {
        **dict.fromkeys((f"XYR00{i}" for i in range(1, 9)), "passed"),
        "XYR005": "failed",
    }
    # 2024 repeats "三是继续加强业务指导培训" word for word as a plan for 2025, and says
    # nothing else about training: a renewed promise is no follow-up (checked by hand)
    assert _findings(results) == [
        (2024, "XYR005", "2023年度报告提出的改进措施“继续加强业务指导培训”，本年度报告中未见提及")
    ]


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
    assert [x for x in _findings(results) if x[0] == 2022 and x[1] == "XYR001"] == [
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


# --------------------------------------------------------------------------- injected


def test_a_report_refiled_under_the_next_year_is_caught(tmp_path: Path) -> None:
    src = REPORTS / "fujian/pingtan-zone-admin-committee_2024.txt"
    text = src.read_text(encoding="utf-8")
    assert text.count("2024年") > 3
    refiled = tmp_path / "pingtan-zone-admin-committee_2025.txt"
    refiled.write_text(text.replace("2024年", "2025年"), encoding="utf-8")
    results = sorted(audit([src, refiled]).results, key=lambda r: r.year)
    assert [r.year for r in results] == [2024, 2025]
    found = [x for x in _findings(results) if x[1] == "XYR006"]
    assert found == [
        (
            2024,
            "XYR006",
            f"全文与本发布机关2025年度的报告（{refiled}）相同，只有年份不同：同一份报告归入了两个年度",
        ),
        (
            2025,
            "XYR006",
            f"全文与本发布机关2024年度的报告（{src}）相同，只有年份不同：同一份报告归入了两个年度",
        ),
    ]
    # one number other than a year changed: two reports
    changed = text.replace("2024年", "2025年").replace("三是", "三是3", 1)
    refiled.write_text(changed, encoding="utf-8")
    assert not [x for x in _findings(audit([src, refiled]).results) if x[1] == "XYR006"]


def test_another_publisher_reprinting_sections_is_named(tmp_path: Path) -> None:
    src = REPORTS / "fujian/pingtan-zone-admin-committee_2025.txt"
    text = src.read_text(encoding="utf-8")
    assert text.count("平潭综合实验区") >= 1
    copy = tmp_path / "other.txt"
    copy.write_text(text.replace("平潭综合实验区", "某某县").replace("我区", "我县"), "utf-8")
    hongze = REPORTS / "jiangsu/huaian-hongze-district-gov_2024.pdf"
    results = sorted(audit([src, copy, hongze]).results, key=lambda r: r.publisher)
    assert [r.publisher for r in results] == ["平潭综合实验区", "某某县", "淮安市洪泽区人民政府"]
    found = [(r.publisher, f.message) for r in results for f in r.findings if f.rule == "XYR007"]
    assert [p for p, _ in found] == ["平潭综合实验区", "平潭综合实验区", "某某县", "某某县"]
    assert found[0][1].startswith(f"第一部分与另一发布机关“某某县”2025年度报告（{copy}）")
    assert found[1][1].startswith(f"第五部分与另一发布机关“某某县”2025年度报告（{copy}）")
    assert found[2][1].startswith(f"第一部分与另一发布机关“平潭综合实验区”2025年度报告（{src}）")
    assert all("阈值 80%" in m for _, m in found)
    assert (
        next(r for r in results if r.publisher == "淮安市洪泽区人民政府").score
        == next(iter(audit([hongze]).results)).score
    )  # Hongze shares no section with either


def test_a_follow_up_written_into_the_next_year_clears_the_promise() -> None:
    # Hongze 2024 only repeats the 2023 promise of training as its own plan; a sentence
    # on training done in 2024 (section 一) is the follow-up the rule looks for
    prev = REPORTS / "jiangsu/huaian-hongze-district-gov_2023.pdf"
    cur = REPORTS / "jiangsu/huaian-hongze-district-gov_2024.pdf"
    from gaorpt_audit.carry import trim
    from gaorpt_audit.pipeline import parse_file
    from gaorpt_audit.rulebook import load_rule_file
    from gaorpt_audit.xyear import evaluate_rule

    rule = load_rule_file(REPO / "rules/crossyear/XYR005.toml")
    p, c = trim(parse_file(prev)), trim(parse_file(cur))
    outcome, found = evaluate_rule(rule, "info", c, {2023: p})
    assert outcome.status == "failed"
    assert [f.message for f in found] == [
        "2023年度报告提出的改进措施“继续加强业务指导培训”，本年度报告中未见提及"
    ]
    overview = next(s for s in c.sections if s.key == "overview")
    overview.text += "全年组织业务指导培训3次。"
    assert evaluate_rule(rule, "info", c, {2023: p})[0].status == "passed"


def test_region_gazetteer_is_data_and_complete() -> None:
    from gaorpt_audit.checks.regions import DATA, gazetteer, own_province

    gaz = gazetteer()
    provinces = {p for p in gaz.province_of.values()}
    assert len(provinces) == 34 and len(gaz.province_of) == 34 + 333
    assert DATA.suffix == ".json"
    assert own_province("淮安市洪泽区人民政府", "") == "江苏省"
    assert own_province("平潭综合实验区", "《福建省政府信息公开办法》") == "福建省"
    assert own_province("平潭综合实验区", "福建省 江苏省") is None  # a tie: unknown


def test_minhash_is_stable_across_processes_and_near_the_exact_jaccard() -> None:
    import os

    from gaorpt_audit.checks.minhash import shingle_hashes, signature, similarity
    from gaorpt_audit.pipeline import parse_file

    a = next(s.text for s in parse_file(PINGTAN[-1]).sections if s.key == "overview")
    b = a.replace("我区", "我县")
    code = (
        "import sys; from gaorpt_audit.checks.minhash import signature; "
        "print(list(signature(sys.stdin.read())))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], input=a, capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == str(list(signature(a)))  # not hash(): same in every process
    exact = len(shingle_hashes(a) & shingle_hashes(b)) / len(shingle_hashes(a) | shingle_hashes(b))
    assert abs(similarity(signature(a), signature(b)) - exact) < 0.06  # 120 bins: σ ≈ 0.02
    assert signature("政府信息公开" * 3) is None  # too few shingles to call a copy


def test_minhash_signature_is_its_definition_over_the_shingle_hashes() -> None:
    """signature() works from the CRCs with the spreading inlined (issue 17); it must be
    the one-permutation MinHash of shingle_hashes() as the module documents it."""
    from gaorpt_audit.checks.minhash import MIN_SHINGLES, PERM, shingle_hashes, signature
    from gaorpt_audit.pipeline import parse_file

    def reference(text: str) -> list[int] | None:
        hashes = shingle_hashes(text)
        if len(hashes) < MIN_SHINGLES:
            return None
        bins: list[int | None] = [None] * PERM
        for h in hashes:
            b, v = h % PERM, h // PERM
            bins[b] = v if bins[b] is None else min(bins[b], v)
        filled = [i for i, v in enumerate(bins) if v is not None]
        out = []
        for i, v in enumerate(bins):  # an empty bin: the next filled one's value (cyclic)
            nxt = next((j for j in filled if j > i), filled[0])
            out.append(v if v is not None else bins[nxt] ^ (i + 1))
        return out

    texts = [s.text for p in PINGTAN for s in parse_file(p).sections]
    sparse = "".join(chr(0x4E00 + i) for i in range(MIN_SHINGLES + 4))  # empty bins
    for text in [*texts, sparse, sparse[:-1]]:
        sig = signature(text)
        assert (None if sig is None else list(sig)) == reference(text)


def _lcs_table(a: str, b: str) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def test_the_prune_before_the_full_comparison_is_exact() -> None:
    """Issue 17: XYR003 runs difflib's full comparison (5–15 ms a pair of real sections)
    only where an exact upper bound of its ratio reaches the threshold: quick_ratio, then
    2·LCS/(len a + len b). The bit-parallel LCS equals the textbook table, and a pair the
    bounds prune never reaches the threshold."""
    import difflib
    import random

    from gaorpt_audit.checks.crosstext import lcs_length
    from gaorpt_audit.checks.crossyear import _below, _masked
    from gaorpt_audit.pipeline import parse_file

    rnd = random.Random(17)
    for _ in range(400):
        a = "".join(rnd.choice("政府信息公开年报") for _ in range(rnd.randint(0, 60)))
        b = "".join(rnd.choice("政府信息公开年报") for _ in range(rnd.randint(0, 60)))
        assert lcs_length(a, b) == _lcs_table(a, b), (a, b)
        for threshold in (0.5, 0.8):
            ratio = difflib.SequenceMatcher(None, _masked(a), _masked(b), autojunk=False).ratio()
            assert not (_below(a, b, threshold) and ratio >= threshold), (a, b, threshold)
    fujian = REPORTS / "fujian"
    cur, prev = (parse_file(fujian / f"pingtan-zone-admin-committee_{y}.txt") for y in (2023, 2022))
    a, b = (next(s.text for s in r.sections if s.key == "overview") for r in (cur, prev))
    x, y = _masked(a), _masked(b)
    assert round(difflib.SequenceMatcher(None, x, y, autojunk=False).quick_ratio(), 3) == 0.684
    assert round(2 * lcs_length(x, y) / (len(x) + len(y)), 3) == 0.341
    assert _below(a, b, 0.8) and not _below(a, a, 0.8)
    # the same characters in another order: quick_ratio 1.0 cannot rule it out, the LCS can
    backwards = a[::-1]
    assert difflib.SequenceMatcher(None, x, x[::-1], autojunk=False).quick_ratio() == 1.0
    assert _below(a, backwards, 0.8)


def _difflib_similarity(a: str, b: str) -> tuple[float, str]:
    """XYR003's measure the slow way: difflib on both texts, whatever they are."""
    import difflib
    import re

    mask = lambda t: re.sub(r"[0-9０-９]+", "#", re.sub(r"\s+", "", t))
    ratio = difflib.SequenceMatcher(None, mask(a), mask(b), autojunk=False).ratio()
    a, b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return ratio, a[m.a : m.a + m.size]


def test_xyr003_shortcuts_give_difflibs_answer():
    """A section copied with only its years changed, copied as is, and edited: the
    shortcuts of crossyear.similarity say what difflib says."""
    from gaorpt_audit.checks.crossyear import similarity

    text = (REPORTS / "fujian" / "pingtan-zone-admin-committee_2021.txt").read_text(
        encoding="utf-8"
    )[:2500]
    years_changed = text.replace("2021", "2022").replace("2020", "2021")
    edited = text[:800] + "另有新增内容。" + text[900:]
    for a, b in ((text, years_changed), (text, text), (text, edited), (text, " " + text)):
        assert similarity(a, b) == _difflib_similarity(a, b)
    assert similarity(text, years_changed)[0] == 1.0
