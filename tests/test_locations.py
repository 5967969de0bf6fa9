"""Findings point where a reader can look: PDF findings name the page, table findings the
table, row and column, and every located finding shows its source line."""

from __future__ import annotations

from pathlib import Path

from gaorpt_audit.audit import audit
from gaorpt_audit.config import load_config

REPO = Path(__file__).resolve().parent.parent


def _findings(rel: str):
    (result,) = audit([REPO / rel], load_config(discover=False)).results
    return {f.rule: f for f in result.findings}


def test_pdf_findings_carry_the_page() -> None:
    found = _findings("reports/jiangsu/huaian-hongze-district-gov_2023.pdf")
    # 表四 复议 总计 0 under non-zero parts (a publisher error), printed on page 4
    bal = found["BAL004"].location
    assert (bal.table, bal.row, bal.column, bal.page) == ("四", "review", "total", 4)
    assert found["SEC004"].location.page == 1
    assert "0" in (found["BAL004"].evidence or "")


def test_text_findings_have_no_page_but_a_line_and_evidence() -> None:
    found = _findings("reports/anhui/dadukou-town_2020.txt")
    dat = found["DAT002"]
    assert dat.location.page is None and dat.location.line == 82
    assert "2020年1月14日" in (dat.evidence or "")
