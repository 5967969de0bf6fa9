"""Scanned pages and page images through Tesseract chi_sim (issue 20).

tests/fixtures/ocr/ (made by make_ocr_fixtures.py from pages 3-4 of the 洪泽 2023 PDF,
noise and a red stamp added, bilevel): an image-only PDF at 300 dpi and a PNG of page 4 at
150 dpi. Their tables 三 and 四 are compared with tests/fixtures/tables_truth.json (the
shared corpus's hand-checked truth).
Skipped without Tesseract unless GAORPT_REQUIRE_TESSERACT is set (CI installs it with
.ci/install-tesseract and sets the variable). Accuracy over the corpus and seconds a page
are measured by benchmarks/bench_ocr.py, not here.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from ocr_helpers import load_slowly

from gaorpt_audit.audit import audit
from gaorpt_audit.config import load_config
from gaorpt_audit.ingest import load
from gaorpt_audit.ingest.ocr import MISSING_MESSAGE, OFF_MESSAGE, TESSERACT_ENV, tesseract
from gaorpt_audit.ingest.pdf import SCANNED_MESSAGE
from gaorpt_audit.model import Report, ReportResult
from gaorpt_audit.parse import parse_document

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests/fixtures/ocr"
SCAN = FIXTURES / "hongze-2023-p3-4.pdf"
PNG = FIXTURES / "hongze-2023-p4-150dpi.png"
# the hand-checked truth, copied from the shared corpus so that a clean clone has it too
TRUTH = REPO / "tests/fixtures/tables_truth.json"


@pytest.fixture(scope="module")
def ocr() -> str:
    found = tesseract()
    if found is None:
        if os.environ.get("GAORPT_REQUIRE_TESSERACT"):
            pytest.fail("GAORPT_REQUIRE_TESSERACT is set but tesseract is not installed")
        pytest.skip("Tesseract not installed: apt-get install tesseract-ocr tesseract-ocr-chi-sim")
    return found


def _truth() -> dict:
    return json.loads(TRUTH.read_text())["jiangsu_2023_huaian-hongze-district-gov.pdf"]


def _wrong(report: Report, truth: dict, names: tuple[str, ...]) -> tuple[int, list[str]]:
    total, wrong = 0, []
    for name in names:
        table = report.tables.get(name)
        for row, cols in truth[name].items():
            for col, want in cols.items():
                total += 1
                cell = table.cell(row, col) if table else None
                got = cell.value if cell else "missing"
                if got != want:
                    wrong.append(f"{name} {row}[{col}] {got!r} != {want!r}")
    return total, wrong


@pytest.fixture(scope="module")
def scan(ocr: str):
    doc = load_slowly(SCAN)
    return doc, parse_document(doc)


def test_scanned_pdf_tables_against_truth(scan) -> None:
    doc, report = scan
    assert report.source_format == "pdf" and sorted(report.tables) == ["三", "二", "四"]
    total, wrong = _wrong(report, _truth(), ("三", "四"))
    # every cell right at 300 dpi, the lone "1" of （五）1. too (read alone as a line of digits)
    assert (total, wrong) == (176, [])
    assert [(i.code, i.page) for i in doc.issues] == [("scanned_pages", 1)]
    assert "已用文字识别（OCR）读取" in doc.issues[0].message


def test_ocr_cells_carry_their_confidence(scan) -> None:
    doc, _ = scan
    tables = doc.tables()
    assert tables and all(len(t.confidence) == len(t.rows) for t in tables)
    values = [c for t in tables for row in t.confidence for c in row if c is not None]
    assert values and all(0 <= c <= 1 for c in values)
    # an empty cell has no confidence; a read one has
    t = tables[-1]
    for row, conf in zip(t.rows, t.confidence, strict=True):
        assert [bool(text) for text in row] == [c is not None for c in conf]


def test_page_image_at_150_dpi(ocr: str) -> None:
    doc = load(PNG)
    report = parse_document(doc)
    assert report.source_format == "image" and "四" in report.tables
    total, wrong = _wrong(report, _truth(), ("四",))
    assert (total, wrong) == (15, [])


def _audit(path: Path, **limits: str) -> ReportResult:
    cfg = load_config(discover=False)
    cfg.limits = cfg.limits.model_copy(update=limits)
    (result,) = audit([path], cfg).results
    return result


@pytest.mark.parametrize("path", [SCAN, PNG], ids=["pdf", "png"])
def test_without_tesseract_one_finding_says_what_to_install(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TESSERACT_ENV, "")
    result = _audit(path)
    (finding,) = [f for f in result.findings if f.rule == "PRS001"]
    prefix = f"{SCANNED_MESSAGE}：" if path.suffix == ".pdf" else ""
    assert finding.message == f"文件无法读取：{prefix}{MISSING_MESSAGE}"
    assert result.score == 0


def test_ocr_off_is_one_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _audit(PNG, ocr="off")
    (finding,) = [f for f in result.findings if f.rule == "PRS001"]
    assert finding.message == f"文件无法读取：{OFF_MESSAGE}"


def test_cli_ocr_option() -> None:
    from typer.testing import CliRunner

    from gaorpt_audit.cli import app

    runner = CliRunner()
    off = runner.invoke(app, ["run", str(PNG), "--ocr", "off", "-f", "json", "-j", "1"])
    assert off.exit_code == 1
    (report,) = json.loads(off.stdout)["reports"]
    assert [f["message"] for f in report["findings"]] == [f"文件无法读取：{OFF_MESSAGE}"]
    bad = runner.invoke(app, ["run", str(PNG), "--ocr", "sometimes"])
    assert bad.exit_code == 2 and "unknown --ocr 'sometimes'" in bad.output


def test_statistics_show_ocr_time(ocr: str) -> None:
    from typer.testing import CliRunner

    from gaorpt_audit.cli import app

    done = CliRunner().invoke(app, ["run", str(PNG), "--statistics", "-j", "1"])
    assert done.exit_code == 1
    (line,) = [ln for ln in done.output.splitlines() if ln.startswith("读取用时：")]
    assert line.startswith("读取用时：文字识别（OCR） ") and line.endswith(" 秒")
    assert "LibreOffice" not in line
    # timings stay out of the machine formats (deterministic output)
    as_json = CliRunner().invoke(app, ["run", str(PNG), "-f", "json", "-j", "1"])
    assert "ingest_seconds" not in as_json.stdout and "读取用时" not in as_json.stdout


def test_ocr_findings_carry_the_box_of_their_cell(scan) -> None:
    """Issue 20: an OCR'd cell keeps its box (from the ruling lines Tesseract's page image
    shows, in PDF points) through to the finding. The fixture is pages 3-4 of the 洪泽 2023
    PDF rendered at 300 dpi: 表四 复议 总计 lies where the text layer puts it on page 4."""
    from gaorpt_audit.pipeline import RuleContext, audit_report

    _, report = scan
    ctx = RuleContext.build(load_config(discover=False))
    found = {f.rule: f.location for f in audit_report(report, str(SCAN), ctx).findings}
    bal = found["BAL004"]
    assert (bal.table, bal.row, bal.column, bal.page) == ("四", "review", "total", 2)
    assert bal.box == (202.7, 445.6, 230.9, 472.4)  # the text layer's box of that cell
    # an OCR'd text line: around the words Tesseract read (its boxes vary a little between
    # versions), within a few points of the text layer's (104.4, 481.6, 328.3, 497.5)
    sec = found["SEC010"]
    assert sec.page == 2 and sec.box is not None
    text_layer = (104.4, 481.6, 328.3, 497.5)
    assert all(abs(a - b) <= 6 for a, b in zip(sec.box, text_layer, strict=True)), sec.box
