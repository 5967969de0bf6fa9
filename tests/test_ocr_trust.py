"""OCR'd numbers are evidence (issue 20): a balance error on a table 三/四 read by OCR is a
publisher error only when the disagreeing cells were read with high confidence; a
low-confidence cell that breaks an identity is "could not check" (PRS002, not scored).

The tables are those of the 洪泽 2023 report: read from its text layer with OCR
confidences put on the cells (runs everywhere), and read by Tesseract from the scanned
fixture of tests/fixtures/ocr (skipped without Tesseract unless GAORPT_REQUIRE_TESSERACT).
In both, one cell is turned into a misread: （二）部分公开 × 自然人, printed 4, read 9.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from ocr_helpers import load_slowly

from gaorpt_audit.backends import get_backend
from gaorpt_audit.checks import compile_cached
from gaorpt_audit.evaluate import evaluate_report
from gaorpt_audit.ingest.ocr import tesseract
from gaorpt_audit.model import Document, Finding, Outcome, Report, TableBlock
from gaorpt_audit.ocrtrust import OCR_NOTE
from gaorpt_audit.parse import parse_document
from gaorpt_audit.pipeline import parse_file
from gaorpt_audit.rulebook import load_rules

REPO = Path(__file__).resolve().parent.parent
PDF = REPO / "reports/jiangsu/huaian-hongze-district-gov_2023.pdf"
SCAN = REPO / "tests/fixtures/ocr/hongze-2023-p3-4.pdf"
RULES = load_rules([REPO / "rules"])
UNCERTAIN = (
    "表三未能完整读取：“（二）部分公开 × 自然人”一格文字识别不确定（识别为 9，按各恒等式应为 4，"
    "识别置信度 {conf}）：与之相关的勾稽关系未核对，不计为报告错误；请对照原件核实该格数字"
)


def _evaluate(report: Report) -> tuple[list[Outcome], list[Finding]]:
    compiled = compile_cached(RULES)
    return evaluate_report(report, compiled, get_backend(compiled, "python"))


@cache
def _text_report() -> Report:
    return parse_file(PDF, "hongze-2023.pdf")


def _as_ocr(report: Report, conf: float, misread: float) -> Report:
    """The text-layer report as if OCR had read it: every cell of 三/四 at ``conf``, the
    cell partial[natural_person] read as 9 at ``misread``."""
    report = report.model_copy(deep=True)
    for name in ("三", "四"):
        for cells in report.tables[name].rows.values():
            for col, cell in cells.items():
                cells[col] = cell.model_copy(update={"confidence": conf})
    row = report.tables["三"].rows["partial"]
    row["natural_person"] = row["natural_person"].model_copy(
        update={"raw": "9", "value": 9, "confidence": misread}
    )
    return report


def _balance(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.category == "balance"]


def _where(findings: list[Finding]) -> list[tuple]:
    return [(f.rule, f.location.table, f.location.row, f.location.column) for f in findings]


# the report's own errors: its table 四 prints 0 as the total of 行政复议 and 复议后起诉
PRINTED = [
    ("BAL004", "四", "review", "total"),
    ("BAL006", "四", "litigation_after_review", "total"),
]
SCANNED_5 = (
    "表四未能完整读取：“复议后起诉 × 结果维持”一格文字识别不确定（识别为 5，按各恒等式应为 0，"
    "识别置信度 0.38）：与之相关的勾稽关系未核对，不计为报告错误；请对照原件核实该格数字"
)
MISREAD = [("BAL003", "三", "partial", "total"), ("BAL002", "三", "result_total", "natural_person")]


def test_text_layer_baseline_balances() -> None:
    report = _text_report()
    assert report.tables["三"].cell("partial", "natural_person").value == 4
    _, findings = _evaluate(report)
    assert _where(_balance(findings)) == PRINTED
    assert not any(OCR_NOTE in f.message for f in findings)
    assert all(c.confidence is None for r in report.tables["三"].rows.values() for c in r.values())


def test_low_confidence_misread_is_could_not_check() -> None:
    outcomes, findings = _evaluate(_as_ocr(_text_report(), 0.96, 0.42))
    assert _where(_balance(findings)) == PRINTED  # the misread is not a publisher error
    (f,) = [f for f in findings if f.rule == "PRS002"]
    assert f.message == UNCERTAIN.format(conf="0.42")
    cell = _text_report().tables["三"].cell("partial", "natural_person")
    assert (f.location.table, f.location.line, f.location.page) == ("三", cell.line, cell.page)
    # the identities through the cell are not checked; those of its other rows and
    # columns still are, and hold
    status = {o.rule: o.status for o in outcomes}
    assert status["BAL002"] == status["BAL003"] == "passed"


def test_high_confidence_imbalance_is_a_publisher_error_read_by_ocr() -> None:
    _, findings = _evaluate(_as_ocr(_text_report(), 0.96, 0.97))
    bal = _balance(findings)
    assert _where(bal) == MISREAD + PRINTED
    assert all(f.message.endswith(OCR_NOTE) for f in bal)
    assert not any(f.rule == "PRS002" for f in findings)
    s = bal[0].suggestion
    assert s is not None and s.confidence == "unique"
    assert [(c.row, c.column, c.actual, c.proposed) for c in s.cells] == [
        ("partial", "natural_person", 9, 4)
    ]


def test_low_confidence_cells_that_balance_are_trusted() -> None:
    report = _as_ocr(_text_report(), 0.96, 0.3)
    for cells in report.tables["三"].rows.values():  # table 三 all read with low confidence
        for col, cell in cells.items():
            cells[col] = cell.model_copy(update={"confidence": 0.3})
    row = report.tables["三"].rows["partial"]
    row["natural_person"] = row["natural_person"].model_copy(update={"raw": "4", "value": 4})
    _, findings = _evaluate(report)
    assert _where(_balance(findings)) == PRINTED
    assert not any(f.rule == "PRS002" for f in findings)


# --------------------------------------------------------------------------- real OCR


@pytest.fixture(scope="module")
def scanned() -> Document:
    if tesseract() is None:
        if os.environ.get("GAORPT_REQUIRE_TESSERACT"):
            pytest.fail("GAORPT_REQUIRE_TESSERACT is set but tesseract is not installed")
        pytest.skip("Tesseract not installed: apt-get install tesseract-ocr tesseract-ocr-chi-sim")
    return load_slowly(SCAN)


def _misread(doc: Document, conf: float) -> Document:
    """The OCR'd document with the cell 4 of （二）部分公开 × 自然人 read as 9 at ``conf``."""
    doc = doc.model_copy(deep=True)
    for t in doc.tables():
        assert isinstance(t, TableBlock)
        for i, row in enumerate(t.rows):
            if any("部分公开" in c for c in row):
                j = next(j for j, c in enumerate(row) if c == "4")
                t.rows[i][j] = "9"
                t.confidence[i][j] = conf
                return doc
    raise AssertionError("row （二）部分公开 not found")


def test_scanned_tables_balance_and_carry_confidence(scanned: Document) -> None:
    report = parse_document(scanned)
    cell = report.tables["三"].cell("partial", "natural_person")
    assert cell.value == 4 and cell.confidence is not None and cell.confidence >= 0.9
    _, findings = _evaluate(report)
    # the report's own errors: the total 0 of 行政复议 read with high confidence is a
    # publisher error, said to be OCR'd; that of 复议后起诉 could as well be its "5" misread
    # (read at 0.38): could not check, not scored
    bal = _balance(findings)
    assert _where(bal) == PRINTED[:1] and all(f.message.endswith(OCR_NOTE) for f in bal)
    assert [f.message for f in findings if f.rule == "PRS002"] == [SCANNED_5]


def test_scanned_low_confidence_misread(scanned: Document) -> None:
    _, findings = _evaluate(parse_document(_misread(scanned, 0.55)))
    assert _where(_balance(findings)) == PRINTED[:1]
    (f, _) = [f for f in findings if f.rule == "PRS002"]
    assert f.message == UNCERTAIN.format(conf="0.55")
    assert f.location.page == 1  # page 1 of the scanned fixture (page 3 of the report)


def test_scanned_high_confidence_imbalance(scanned: Document) -> None:
    _, findings = _evaluate(parse_document(_misread(scanned, 0.95)))
    bal = _balance(findings)
    assert _where(bal) == MISREAD + PRINTED[:1]
    assert all(f.message.endswith(OCR_NOTE) for f in bal)
