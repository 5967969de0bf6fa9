"""A notice and a bulletin rendered by LibreOffice (headless) to PDF: they open, and the
heading, the items and the tables' text are on the pages as written.

Skipped only when LibreOffice is not installed and GAORPT_REQUIRE_LIBREOFFICE is unset; CI
installs Debian's LibreOffice Writer with .ci/install-libreoffice and sets the variable.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from conftest import REPO

from gaorpt_audit.audit import audit
from gaorpt_audit.config import load_config
from gaorpt_audit.notices.batch import rule_facts, write_bulletin, write_notices
from gaorpt_audit.notices.settings import NoticeSettings
from gaorpt_audit.render.rules_meta import catalogue
from gaorpt_audit.rulebook import rulebook_for

SETTINGS = NoticeSettings(
    office="某某市人民政府办公室",
    doc_number="某政办函〔2026〕{n}号",
    bulletin_number="某政办〔2026〕9号",
    date="2026年3月1日",
    deadline="2026年3月31日",
    contact="张三，0000-12345678",
)


@pytest.fixture(scope="module")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("GAORPT_REQUIRE_LIBREOFFICE"):
            pytest.fail("GAORPT_REQUIRE_LIBREOFFICE is set but LibreOffice is not installed")
        pytest.skip("LibreOffice not installed (run .ci/install-libreoffice)")
    return found


def to_pdf(soffice: str, docx_path: Path, work: Path) -> Path:
    """Convert with a private LibreOffice profile (a shared one blocks parallel runs)."""
    profile = (work / "profile").as_uri()
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(work), str(docx_path)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = work / (docx_path.stem + ".pdf")
    assert done.returncode == 0 and pdf.is_file(), done.stderr[-2000:]
    return pdf


def _text(pdf: Path) -> tuple[int, str]:
    with pdfplumber.open(pdf) as doc:
        return len(doc.pages), re.sub(
            r"\s+", "", "".join(p.extract_text() or "" for p in doc.pages)
        )


def _results(paths: list[Path]):
    cfg = load_config(discover=False)
    chosen = rulebook_for(cfg).chosen
    return list(audit(paths, cfg).results), rule_facts(catalogue(cfg, chosen), chosen)


def test_notice_renders_with_its_items(soffice: str, tmp_path: Path) -> None:
    results, rules = _results([REPO / "reports/anhui/dadukou-town_2020.txt"])
    ((path, notice),), _ = write_notices(results, rules, SETTINGS, tmp_path)
    pages, text = _text(to_pdf(soffice, path, tmp_path))
    assert pages == 2
    for expected in (
        "某政办函〔2026〕1号",
        "关于大渡口镇人民政府2020年度政府信息公开工作年度报告存在问题的整改通知",
        *(f"{i.n}．{i.what}" for i in notice.items),
        "联系人及电话：张三，0000-12345678",
    ):
        assert re.sub(r"\s+", "", expected) in text, expected


def test_bulletin_renders_with_its_tables(soffice: str, tmp_path: Path) -> None:
    results, rules = _results([REPO / "reports/jiangsu"])
    made, _ = write_bulletin(results, rules, SETTINGS, tmp_path / "通报.docx", ["A", "B", "C", "D"])
    _, text = _text(to_pdf(soffice, tmp_path / "通报.docx", tmp_path))
    assert "关于最新一期政府信息公开工作年度报告核查情况的通报" in text
    for row in made.rows:
        assert f"{row.publisher}{row.year}{row.score:.1f}{row.grade}" in text
