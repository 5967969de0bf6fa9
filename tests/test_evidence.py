"""Evidence shows the place a finding is about, also in one-line crawler dumps.

reports/fujian/*.txt hold a whole report on one source line (line 10, ~3 000-6 000
characters); the evidence of their findings is a window around the cell, claim, section
or issue concerned, while short lines stay the whole line.
"""

from __future__ import annotations

from pathlib import Path

from gaorpt_audit.audit import audit
from gaorpt_audit.config import load_config
from gaorpt_audit.evidence import ELLIPSIS, excerpt
from gaorpt_audit.pipeline import RuleContext, audit_report, parse_file

REPO = Path(__file__).resolve().parent.parent
PINGTAN = "reports/fujian/pingtan-zone-admin-committee_{}.txt"


def _findings(rel: str):
    (result,) = audit([REPO / rel], load_config(discover=False)).results
    return result.findings


# ----------------------------------------------------------------------------- excerpt

LONG = "".join(f"{i:03d}|" for i in range(100))  # 400 characters, "042|" at 168


def test_short_text_is_returned_unchanged() -> None:
    text = "x" * 200
    assert excerpt(text, 150) is text
    assert excerpt("  行政许可 97  ", None, ["无"]) == "  行政许可 97  "


def test_window_in_the_middle_has_ellipses_on_both_sides() -> None:
    at = LONG.index("050|")
    out = excerpt(LONG, at)
    assert out.startswith(ELLIPSIS) and out.endswith(ELLIPSIS)
    # 30 characters of context before the place, the rest of the 160 after it
    assert out == ELLIPSIS + LONG[at - 30 : at + 130] + ELLIPSIS
    assert excerpt(LONG, at, before=80) == ELLIPSIS + LONG[at - 80 : at + 80] + ELLIPSIS


def test_window_at_the_start_and_at_the_end() -> None:
    start = excerpt(LONG, 3)
    assert start == LONG[:160] + ELLIPSIS
    end = excerpt(LONG, len(LONG) - 2)
    assert end == ELLIPSIS + LONG[-160:]


def test_cjk_text_is_cut_by_characters() -> None:
    text = "甲" * 150 + "（七）总计20 0 00 0 121" + "乙" * 150
    out = excerpt(text, 155)
    assert "（七）总计20 0 00 0 121" in out
    assert len(out) == 162 and out[0] == out[-1] == ELLIPSIS
    assert set(out[1:-1]) <= set("甲乙（七）总计20 1")


def test_anchor_used_when_there_is_no_offset() -> None:
    text = "甲" * 300 + "行政复议案件2件" + "乙" * 300
    out = excerpt(text, None, [None, "找不到", "行政复议"])
    assert "行政复议案件2件" in out and out.startswith(ELLIPSIS)
    # an offset outside the line counts as none
    assert "行政复议案件2件" in excerpt(text, 10_000, ["行政复议"])


def test_no_offset_and_no_anchor_found_shows_the_beginning() -> None:
    text = "标题" + "甲" * 400
    assert excerpt(text, None, ["找不到"]) == text[:160] + ELLIPSIS
    assert excerpt(text) == text[:160] + ELLIPSIS


# ----------------------------------------------------------------------------- findings


def test_pingtan_2020_bal002_evidence_shows_the_total_row() -> None:
    # source: "（六）其他处理4 0 0 0 0 0 4（七）总计20 0 00 0 121四、结转下年度…"
    # (normalised to ASCII brackets by ingest); before, the evidence was the whole
    # 5 923-character line, starting with the report title
    bal = [f for f in _findings(PINGTAN.format(2020)) if f.rule == "BAL002"]
    assert {f.location.column for f in bal} == {"natural_person", "total"}
    for f in bal:
        ev = f.evidence or ""
        assert "总计20 0 00 0 121" in ev
        assert len(ev) <= 202 and ev.startswith(ELLIPSIS) and ev.endswith(ELLIPSIS)
        assert "平潭综合实验区2020年政府信息公开" not in ev


def test_pingtan_2020_table_issue_shows_the_unreadable_row() -> None:
    (prs,) = [f for f in _findings(PINGTAN.format(2020)) if f.rule == "PRS002"]
    assert "7777166" in prs.message
    assert "规范性文件7777166" in (prs.evidence or "")
    assert len(prs.evidence or "") <= 202


def test_pingtan_2025_section_finding_shows_its_section() -> None:
    # SEC004: nothing about 考核/评议/责任追究 in 一、总体情况 — the evidence is that section
    (sec,) = [f for f in _findings(PINGTAN.format(2025)) if f.rule == "SEC004"]
    ev = sec.evidence or ""
    assert "一、总体情况 2025年" in ev and len(ev) <= 202


def _audit_2022(change) -> dict:
    """Pingtan 2022 audited with its claims changed by ``change`` (claim -> update)."""
    report = parse_file(REPO / PINGTAN.format(2022))
    changed = report.model_copy(
        update={"claims": [c.model_copy(update=change(c)) for c in report.claims]}
    )
    changed.line_text = report.line_text
    assert len(report.line_text[10]) > 3000  # the whole report is line 10
    ctx = RuleContext.build(load_config(discover=False))
    return {f.rule: f for f in audit_report(changed, "pingtan_2022", ctx).findings}


def test_pingtan_2022_cell_located_claim_rules_show_the_cell() -> None:
    # The narrative says "2022年，全区收到政府信息公开申请75件" while table 三 prints
    # "一、本年新收政府信息公开申请数量 713000074" (总计 74). The claim is scoped (全区), so by
    # default no rule compares it; with the scope dropped CON001 fires, located at the cell
    # t3.new[total]: its evidence is that row.
    found = _audit_2022(lambda c: {"scope": []})
    for code in ("CON001",):
        f = found[code]
        assert (f.location.line, f.location.row, f.location.column) == (10, "new", "total")
        ev = f.evidence or ""
        assert "本年新收政府信息公开申请数量 713000074" in ev and len(ev) <= 202


def test_pingtan_2022_claim_located_finding_shows_its_claim() -> None:
    # "共有行政诉讼案件1件、行政复议案件2件" agrees with table 四 (1 + 0): a claim_total
    # finding (CON006, located at its claim) needs another number, so the claim says 3 here
    found = _audit_2022(lambda c: {"scope": [], "value": 3} if c.kind == "litigation_count" else {})
    con = found["CON006"]
    assert con.location.line == 10
    ev = con.evidence or ""
    assert "共有行政诉讼案件1件、行政复议案件2件" in ev and len(ev) <= 202
    assert "本年新收" not in ev  # not the table


def test_short_lines_keep_the_whole_line_as_evidence() -> None:
    for f in _findings("reports/anhui/dadukou-town_2020.txt"):
        if f.location.line is not None:
            assert (
                f.evidence
                == parse_file(REPO / "reports/anhui/dadukou-town_2020.txt").line_text[
                    f.location.line
                ]
            )
