"""Issue 19, beyond the bare repair: blank cells filled in where every identity determines
them, the narrative's explicit numbers as a second witness, and the common human slips
that explain a repair; on real reports (their text adapted where a defect is needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from repair_injection import REPO, inject

from gaorpt_audit.audit import audit
from gaorpt_audit.pipeline import parse_file
from gaorpt_audit.repair import repair_table
from gaorpt_audit.suggestions import clause, suggestion

SH2019 = REPO / "reports/shanghai/sh-municipal-gov-office_2019.html"
STCSM = REPO / "reports/shanghai/sh-stcsm-science-commission_2024.md"
PINGTAN = REPO / "reports/fujian/pingtan-zone-admin-committee_2020.txt"
SUQIAN = REPO / "reports/jiangsu/suqian-shuyang-county-gov_2025.md"


def _suggestions(path: Path) -> dict[str, list]:
    result = next(audit([path]).results)
    out: dict[str, list] = {}
    for f in result.findings:
        if f.suggestion is not None:
            out.setdefault(f.rule, []).append(f.suggestion)
    return out


def _adapted(tmp_path: Path, src: Path, *edits: tuple[str, str]) -> Path:
    text = src.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / src.name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- blank cells


def test_shanghai_2019_blank_totals_are_filled_in():
    # 上海市政府办公厅 2019 left the 总计 column blank for every outcome row, and the 科研机构
    # and 社会公益组织 columns blank throughout. Blank is not 0, but the identities force
    # them: 新收 859 = 821 + 35 + 2 + 1 leaves 0 for the two blank columns (counts are never
    # negative), and then each blank row total is its row's sum.
    (t3, t4) = _suggestions(SH2019)["ZER005"]
    filled = [(c.label, c.actual, c.proposed) for c in t3.fills if c.proposed]
    assert filled == [
        ("（一）予以公开 × 总计", None, 272),
        ("（二）部分公开 × 总计", None, 3),
        ("（三）不予公开 1.属于国家秘密 × 总计", None, 14),
        ("（三）不予公开 5.属于三类内部事务信息 × 总计", None, 5),
        ("（三）不予公开 6.属于四类过程性信息 × 总计", None, 4),
        ("（三）不予公开 8.属于行政查询事项 × 总计", None, 12),
        ("（四）无法提供 1.本机关不掌握相关政府信息 × 总计", None, 265),
        ("（四）无法提供 2.没有现成信息需要另行制作 × 总计", None, 47),
        ("（四）无法提供 3.补正后申请内容仍不明确 × 总计", None, 25),
        ("（五）不予处理 1.信访举报投诉类申请 × 总计", None, 149),
        ("（五）不予处理 2.重复申请 × 总计", None, 9),
    ]
    assert len(t3.fills) == 126  # every blank cell of 表三; 115 of them can only be 0
    assert t3.confidence == "unique" and not t3.candidates
    assert clause(t3).startswith(
        "空白单元格应填：（一）予以公开 × 总计 272、（二）部分公开 × 总计 3、"
    )
    assert clause(t3).endswith("；其余 115 个按各恒等式只能为 0")
    # 表四: 结果纠正/其他结果 of 行政复议 and 直接起诉 are 0; the blank 复议后起诉 row (its
    # total blank too) is not determined, and not filled
    assert [(c.row, c.column, c.proposed) for c in t4.fills] == [
        ("review", "corrected", 0),
        ("review", "other", 0),
        ("litigation_direct", "corrected", 0),
        ("litigation_direct", "other", 0),
    ]
    assert clause(t4) == "4 个空白单元格按各恒等式只能为 0"


def test_blank_cells_stay_unknowns_in_a_repair():
    # the same table with （七）总计 × 自然人 767 printed as 768. The 自然人 column has eight
    # blank outcome cells: one of them may hold the 1, so 新收, 上年结转 and 结转下年度 are
    # candidates as well (blank is not 0), and no blank is filled in
    t = parse_file(SH2019).tables["三"]
    bad = inject(t, "result_total", "natural_person", 768)
    (block,) = [b for b in repair_table(bad, "t3") if b.repairs]
    s = suggestion(bad, block)
    assert s.confidence == "ambiguous" and not s.fills
    assert [[(c.label, c.actual, c.proposed) for c in cand] for cand in s.candidates] == [
        [("四、结转下年度 × 自然人", 72, 71)],
        [("二、上年结转 × 自然人", 18, 19)],
        [("一、本年新收 × 自然人", 821, 822)],
        [("（七）总计 × 自然人", 768, 767)],
    ]


def test_a_single_blank_cell_is_named():
    # 上海市科委 2024 left 结转下年度 × 总计 blank: 新收 34 + 结转 2 = 35 + it
    (s,) = _suggestions(STCSM)["ZER005"]
    assert clause(s) == "空白单元格四、结转下年度 × 总计应填 1"


# --------------------------------------------------------------------------- the narrative


def test_narrative_supports_a_unique_repair(tmp_path: Path):
    # 予以公开 × 总计 9 printed as 19; the text says 同意公开答复 9 件
    path = _adapted(
        tmp_path, STCSM, ("| 0 | 0 | 0 | 0 | 0 | 9 |\n", "| 0 | 0 | 0 | 0 | 0 | 19 |\n")
    )
    got = _suggestions(path)
    assert [s.confidence for s in got["BAL002"] + got["BAL003"]] == ["unique", "unique"]
    assert clause(got["BAL003"][0]) == (
        "疑为（一）予以公开 × 总计：表中为 19，按各恒等式应为 9"
        "（疑为多写了一位数字；正文第44行称予以公开 9 件，与建议值一致）"
        "；改正后空白单元格四、结转下年度 × 总计应填 1"
    )


def test_narrative_agreeing_with_the_printed_number_lowers_confidence(tmp_path: Path):
    path = _adapted(
        tmp_path,
        STCSM,
        ("| 0 | 0 | 0 | 0 | 0 | 9 |\n", "| 0 | 0 | 0 | 0 | 0 | 19 |\n"),
        ("同意公开答复 9 件", "同意公开答复 19 件"),
    )
    (s,) = _suggestions(path)["BAL003"]
    assert s.confidence == "low"
    assert "正文第44行称予以公开 19 件，与表中原数一致；此建议存疑" in clause(s)


PINGTAN_CLAIM = "共受理政府信息公开申请21件，"


@pytest.mark.parametrize(
    ("sentence", "row", "why"),
    [
        # the text's 予以公开 1 件 is what candidate 1 proposes
        (
            "其中予以公开1件，",
            "（一）予以公开",
            "正文第10行称予以公开 1 件，与建议值一致；其他候选无正文佐证",
        ),
        # the text confirms the printed 予以公开 7: candidate 1 is out, candidate 2 is left
        (
            "其中予以公开7件，",
            "（二）部分公开",
            "正文第10行称予以公开 7 件，与表中原数一致，故不取其他候选",
        ),
        (
            "其中部分公开6件，",
            "（一）予以公开",
            "正文第10行称部分公开 6 件，与表中原数一致，故不取其他候选",
        ),
    ],
)
def test_narrative_breaks_the_pingtan_tie(tmp_path: Path, sentence: str, row: str, why: str):
    path = _adapted(tmp_path, PINGTAN, (PINGTAN_CLAIM, PINGTAN_CLAIM + sentence))
    for s in _suggestions(path)["BAL002"]:
        assert s.confidence == "unique"
        assert len(s.candidates) == 2  # both still listed in the JSON
        assert [c.label.split(" × ")[0] for c in s.cells] == [row, row]
        assert s.explanation == f"同一行两格相差相同，疑为该行多计或少计；{why}"


def test_narrative_that_fits_both_candidates_leaves_the_tie(tmp_path: Path):
    # 予以公开及部分公开 7 件 = 1 + 6 = 7 + 0: both candidates fit it
    path = _adapted(
        tmp_path, PINGTAN, (PINGTAN_CLAIM, PINGTAN_CLAIM + "其中予以公开及部分公开7件，")
    )
    assert [s.confidence for s in _suggestions(path)["BAL002"]] == ["ambiguous", "ambiguous"]


def test_the_real_pingtan_narrative_says_nothing_about_the_candidates():
    # its one number (受理 21 件) is 本年新收 × 总计, a cell no candidate changes
    got = _suggestions(PINGTAN)["BAL002"]
    assert [s.confidence for s in got] == ["ambiguous", "ambiguous"]
    assert all(s.explanation is None for s in got)


# --------------------------------------------------------------------------- human slips

SLIPS = [
    ("one digit", [("granted", "natural_person", 291)], "疑为一位数字笔误"),
    ("adjacent digits", [("granted", "natural_person", 209)], "疑为相邻两位数字颠倒"),
    ("digit dropped", [("granted", "natural_person", 29)], "疑为漏写了一位数字"),
    ("digit added", [("granted", "natural_person", 2900)], "疑为多写了一位数字"),
    (
        "transposed",
        [("granted", "natural_person", 1), ("granted", "commercial", 290)],
        "疑为两格数字填反",
    ),
    (
        "item counted twice",
        [("result_total", "natural_person", 809)],
        "多出的 99 恰等于（二）部分公开 × 自然人，疑为该项被重复计入",
    ),
    (
        "row counted twice",
        [("result_total", "natural_person", 821), ("result_total", "total", 829)],
        "多出的数恰等于（四）无法提供 1.本机关不掌握相关政府信息一行，疑为该行被重复计入（七）总计",
    ),
]


@pytest.mark.parametrize(("name", "edits", "why"), SLIPS, ids=[s[0] for s in SLIPS])
def test_common_slips_on_the_real_suqian_table(name: str, edits: list, why: str):
    # 沭阳县 2025 表三 (2021 format): 予以公开 290 / 1 / 294, 部分公开 99, 不掌握 111 / 111,
    # （七）总计 710 / 718
    table = parse_file(SUQIAN).tables["三"]
    original = {(r, c): table.cell(r, c).value for r, c, _ in edits}
    for row, col, value in edits:
        table = inject(table, row, col, value)
    (block,) = [b for b in repair_table(table, "t3") if b.repairs]
    s = suggestion(table, block)
    assert s.confidence == "unique", name
    assert {(c.row, c.column): c.proposed for c in s.cells} == original
    assert s.explanation == why
