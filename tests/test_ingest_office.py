"""Legacy office files through LibreOffice (issue 20): a .doc and a .wps made from the DOCX
fixtures (tests/fixtures/office/make_office_fixtures.py) give the same tables, sections and
findings as their DOCX source; without LibreOffice each gets one PRS001 saying what to
install; a conversion over the file's time limit is stopped.

Skipped when LibreOffice is not installed unless GAORPT_REQUIRE_LIBREOFFICE is set (CI
installs it with .ci/install-libreoffice and sets the variable).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from test_docx_text_parity import table_differences

from gaorpt_audit.audit import audit
from gaorpt_audit.config import load_config
from gaorpt_audit.ingest import load
from gaorpt_audit.ingest.office import MISSING_MESSAGE, SOFFICE_ENV, soffice
from gaorpt_audit.model import ReportResult
from gaorpt_audit.pipeline import parse_file

REPO = Path(__file__).resolve().parent.parent
PAIRS = [
    ("tests/fixtures/office/guanyuan-town_2019.doc", "tests/fixtures/docx/guanyuan-town_2019.docx"),
    ("tests/fixtures/office/honghuaji-town_2021.wps", "tests/fixtures/docx/honghuaji-town_2021.docx"),
]  # fmt: skip


@pytest.fixture(scope="module")
def libreoffice() -> str:
    found = soffice()
    if found is None:
        if os.environ.get("GAORPT_REQUIRE_LIBREOFFICE"):
            pytest.fail("GAORPT_REQUIRE_LIBREOFFICE is set but soffice is not installed")
        pytest.skip("LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui")
    return found


def _audit(path: str, **limits: float) -> ReportResult:
    cfg = load_config(discover=False)
    cfg.limits = cfg.limits.model_copy(update=limits)
    (result,) = audit([REPO / path], cfg).results
    return result


def _findings(result: ReportResult) -> list[tuple[str, str, str]]:
    return [(f.rule, f.message, str(f.actual)) for f in result.findings]


@pytest.mark.parametrize(("legacy", "source"), PAIRS)
def test_legacy_file_reads_as_its_docx_source(libreoffice: str, legacy: str, source: str) -> None:
    old, new = parse_file(REPO / legacy, legacy), parse_file(REPO / source, source)
    assert old.source_format == new.source_format == "docx"
    assert sorted(old.tables) == ["三", "二", "四"]
    assert not table_differences(new, old)
    assert [(s.key, s.title, s.text) for s in old.sections] == [
        (s.key, s.title, s.text) for s in new.sections
    ]
    assert len(old.sections) == 6 and old.format == new.format != "unknown"
    a, b = _audit(legacy), _audit(source)
    assert _findings(a) == _findings(b) and a.findings
    assert (a.score, a.grade) == (b.score, b.grade)


def test_without_libreoffice_one_finding_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(SOFFICE_ENV, "")
    for legacy, _ in PAIRS:
        result = _audit(legacy)
        (finding,) = [f for f in result.findings if f.rule == "PRS001"]
        assert finding.message == (
            f"文件无法读取：本文件为旧版 Word/WPS 二进制文件（.doc/.wps），{MISSING_MESSAGE}"
        )
        assert "libreoffice-writer-nogui" in finding.message
        assert result.score == 0 and result.status == "fail"


def test_a_conversion_over_the_time_limit_is_stopped(
    libreoffice: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    monkeypatch.setenv(SOFFICE_ENV, str(slow))
    start = time.monotonic()
    result = _audit(PAIRS[0][0], timeout=0.5)
    assert time.monotonic() - start < 10
    (finding,) = [f for f in result.findings if f.rule == "PRS001"]
    assert "读取和检查此文件的用时超过上限（每个文件 0.5 秒）" in finding.message


def test_garbage_ole2_is_one_clear_finding(libreoffice: str, tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"W\x00o\x00r\x00d\x00")
    doc = load(path)
    assert [(i.code, i.message) for i in doc.issues] == [
        (
            "legacy_word",
            (
                "本文件（扩展名为 .doc）为旧版 Word/WPS 二进制文件（.doc/.wps），LibreOffice "
                "未能转换该文件（没有生成 DOCX）：请用 Word 或 WPS 将其另存为 .docx 后审核"
            ),
        )
    ]
    assert not doc.blocks


def test_profiles_of_ended_processes_are_swept(tmp_path, monkeypatch) -> None:
    """Pool workers end with os._exit (no atexit): their LibreOffice profiles are removed by
    the next process that makes one, and by the parent after the pool (audit.py)."""
    import subprocess
    import sys
    import tempfile

    from gaorpt_audit.ingest import office

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    gone = tmp_path / f"gaorpt-lo-{child.pid}-abc"
    mine = tmp_path / f"gaorpt-lo-{os.getpid()}-def"
    other = tmp_path / "gaorpt-lo-shared"  # not ours to judge: no pid in the name
    for folder in (gone, mine, other):
        (folder / "user").mkdir(parents=True)
    office.sweep()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])
