"""Per-file limits (issue 16): every hostile input of the issue, built small with the
limit set low, gives exactly the PRS findings it should, and the run goes on.

The inputs come from hostile_inputs.py (shared with benchmarks/bench_robust.py, which
builds them at the sizes of the issue).
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import hostile_inputs as h
import pytest

from gaorpt_audit.audit import audit
from gaorpt_audit.config import Limits, load_config
from gaorpt_audit.ingest import load, sniff
from gaorpt_audit.ingest.limits import LimitExceeded, enforced, isolated
from gaorpt_audit.model import ReportResult

REPO = Path(__file__).resolve().parent.parent


def audit_one(path: Path, **limits: float) -> ReportResult:
    cfg = load_config(discover=False)
    cfg.limits = cfg.limits.model_copy(update=limits)
    (result,) = audit([path], cfg).results
    return result


def prs(result: ReportResult) -> list[str]:
    return sorted({f.rule for f in result.findings if f.rule.startswith("PRS")})


def unreadable(result: ReportResult) -> str:
    """The PRS001 message of a result that has exactly the PRS001 finding (and scores 0)."""
    (finding,) = [f for f in result.findings if f.rule == "PRS001"]
    assert result.score == 0 and result.grade == "D" and result.status == "fail"
    return finding.message


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- nothing in

NOTHING = {  # file -> the PRS findings it must get: never a clean score
    "nul.txt": ["PRS001"],
    "zero-pages.pdf": ["PRS001"],
    "binary16.txt": ["PRS001", "PRS004"],  # PRS004: the control characters removed
    "esc.txt": ["PRS001"],
    "bom16-utf8.txt": ["PRS001", "PRS004"],  # PRS004: bytes that are not UTF-16
}


@pytest.mark.parametrize("name", sorted(NOTHING))
def test_nothing_readable_is_prs001_never_a_score(tmp_path: Path, name: str) -> None:
    result = audit_one(write(tmp_path, name, h.nothing_readable()[name]))
    assert prs(result) == NOTHING[name]
    assert [f.rule for f in result.findings if not f.rule.startswith("PRS")] == []
    unreadable(result)


def test_utf8_behind_a_utf16_mark_says_how_to_fix_it(tmp_path: Path) -> None:
    result = audit_one(write(tmp_path, "r.txt", h.utf16_bom_utf8_body()))
    assert unreadable(result) == (
        "文件无法读取：文件中没有可读的文字：65% 的字符是控制字符、私用区字符、未分配字符或报告中"
        "不应出现的字符：文件以 UTF-16 字节顺序标记开头，其余内容却是 UTF-8 编码，按该标记读取的"
        "软件只能显示乱码；请将其另存为不带字节顺序标记的 UTF-8 文本后审核"
    )


def test_a_stray_nul_leaves_a_report_a_report(tmp_path: Path) -> None:
    """Found by tests/test_robustness.py: one NUL byte in the first 4 KB made a whole
    report "unrecognised binary content" (PRS001, 0 points)."""
    data = h.BAIBU.read_bytes()
    damaged = write(tmp_path, "r.txt", data[:3000] + b"\x00" + data[3000:])
    result = audit_one(damaged)
    assert prs(result) == ["PRS004"]  # the control character removed, said as info
    assert (result.score, result.publisher) == (audit_one(h.BAIBU).score, "百步镇人民政府")
    padded = write(tmp_path, "p.txt", data[:3000] + b"\x00" * 64 + data[3000:])
    assert "的内容是无法识别的二进制数据，不是纯文本" in unreadable(audit_one(padded))


# --------------------------------------------------------------------------- sizes


def test_file_size(tmp_path: Path) -> None:
    result = audit_one(write(tmp_path, "r.txt", h.text_of_size(5000)), file_mb=0.001)
    assert "文件大小为 5.0 KB，超过上限（每个文件 0.001 MB）" in unreadable(result)
    assert "[limits] file_mb" in unreadable(result)


def test_text_and_paragraphs_of_a_text_file(tmp_path: Path) -> None:
    path = write(tmp_path, "r.txt", h.digits_line(20_000))
    assert "[limits] text_chars" in unreadable(audit_one(path, text_chars=10_000))
    lines = write(tmp_path, "lines.txt", b"1\n" * 500)
    assert "文件含 500 个段落和表格行，超过上限（100 个）" in unreadable(
        audit_one(lines, paragraphs=100)
    )


def test_limits_do_not_touch_a_report_under_them(tmp_path: Path) -> None:
    path = REPO / "reports/zhejiang/baibu-town_2020.txt"
    assert audit_one(path, text_chars=30_000, paragraphs=500) == audit_one(path)


# --------------------------------------------------------------------------- HTML


def test_html_spans_are_capped_per_table(tmp_path: Path) -> None:
    path = write(tmp_path, "spans.html", h.html_spans(200))
    message = unreadable(audit_one(path, table_cells=1000))
    assert (
        "网页的第 1 个表格的单元格数（行数 × 列数，合并单元格展开后计）超过上限（每个表格 1,000 个单元格）"
        in message
    )
    assert "[limits] table_cells" in message
    ragged = b"<table><tr>" + b"<td>1</td>" * 600 + b"</tr>" + b"<tr><td>1</td></tr>" * 5
    page = write(tmp_path, "ragged.html", b"<html><body><p>r</p>" + ragged + b"</table></body>")
    message = unreadable(audit_one(page, table_cells=1000))
    assert "网页的第 1 个表格（6 行 × 600 列）的单元格数" in message


def test_html_nested_deeper_than_libxml2_reads_is_read_whole(tmp_path: Path) -> None:
    flat = audit_one(write(tmp_path, "flat.html", h.html_deep(0)))
    deep = audit_one(write(tmp_path, "deep.html", h.html_deep(300)))
    assert deep.model_dump(exclude={"path"}) == flat.model_dump(exclude={"path"})
    assert "SEC001" not in {f.rule for f in deep.findings}  # 四-六 are there


def test_html_too_deep_even_flattened_is_reported(tmp_path: Path) -> None:
    tables = "<table><tr><td>" * 300 + "x" + "</td></tr></table>" * 300
    page = f"<html><body><p>report</p>{tables}<p>四、after</p></body></html>"
    message = unreadable(audit_one(write(tmp_path, "t.html", page.encode())))
    assert "网页元素的嵌套超过 256 层（去掉 <div>/<span> 容器后仍是如此）" in message


def test_html_paragraphs_and_tags(tmp_path: Path) -> None:
    page = write(tmp_path, "p.html", b"<html><body>" + b"<p>1</p>" * 300 + b"</body></html>")
    assert "[limits] paragraphs" in unreadable(audit_one(page, paragraphs=100))
    message = unreadable(audit_one(page, tags=500))
    assert (
        "网页含 604 个标记标签，超过上限（500 个）：如需审核此文件，请调高 gaorpt-audit.toml 中的 [limits] tags"
        in message
    )


# --------------------------------------------------------------------------- DOCX


@pytest.mark.parametrize(
    ("part", "size", "limits", "expected"),
    [
        ("mimetype", 3_000_000, {"zip_mb": 1}, "DOCX 压缩包解压后为 3.0 MB，超过上限（1 MB）"),
        (
            "word/styles.xml",
            3_000_000,
            {"zip_part_mb": 1},
            "DOCX 部件 word/styles.xml 解压后为 3.0 MB，超过上限（每个部件 1 MB）",
        ),
        (
            "word/document.xml",
            3_000_000,
            {"zip_part_mb": 1},
            "DOCX 部件 word/document.xml 解压后为 3.0 MB",
        ),
        ("word/document.xml", 50_000, {"paragraphs": 100}, "[limits] paragraphs"),
    ],
)
def test_docx_bombs(tmp_path: Path, part: str, size: int, limits: dict, expected: str) -> None:
    path = write(tmp_path, "bomb.docx", h.docx_bomb(part, size))
    assert expected in unreadable(audit_one(path, **limits))


def test_docx_entries_and_table_cells(tmp_path: Path) -> None:
    entries = write(tmp_path, "entries.docx", h.docx_many_entries(50))
    assert "[limits] zip_entries" in unreadable(audit_one(entries, zip_entries=20))
    table = write(tmp_path, "table.docx", h.docx_table(40, 40))
    assert "DOCX 的第 1 个表格（40 行 × 40 列）的单元格数" in unreadable(
        audit_one(table, table_cells=1000)
    )
    message = unreadable(audit_one(table, tags=5000))
    assert "DOCX 部件 word/document.xml 含 12,893 个标记标签，超过上限（5,000 个）" in message


def test_sniff_reads_only_the_start_of_mimetype(monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    def read(self: zipfile.ZipFile, name: str, pwd: bytes | None = None) -> bytes:
        raise AssertionError(f"read the whole of {name}")

    monkeypatch.setattr(zipfile.ZipFile, "read", read)
    assert sniff(h.docx_bomb("mimetype", 1_000_000)).kind == "docx"


# --------------------------------------------------------------------------- PDF


def test_pdf_object_that_refers_to_itself(tmp_path: Path) -> None:
    message = unreadable(audit_one(write(tmp_path, "self.pdf", h.pdf_self_reference())))
    assert message == (
        "文件无法读取：PDF 文件已损坏，无法打开，第 3 号对象引用自身（3 0 R -> 3 0 R）："
        "请重新下载或导出该文件"
    )


@pytest.mark.parametrize(
    ("data", "limits", "expected"),
    [
        (h.pdf_many_pages(30), {"pdf_pages": 10}, "PDF 的页数超过上限（10 页）"),
        (h.pdf_many_pages(3), {"pdf_objects": 5}, "PDF 含 9 个对象，超过上限（5 个）"),
        (
            h.pdf_rectangles(300),
            {"pdf_page_objects": 100},
            "PDF 第 1 页的字符和图形数超过上限（每页 100 个）",
        ),
        (h.pdf_characters(2000), {"pdf_page_objects": 1000}, "[limits] pdf_page_objects"),
    ],
    ids=["pages", "objects", "rectangles", "characters"],
)
def test_pdf_limits(tmp_path: Path, data: bytes, limits: dict, expected: str) -> None:
    assert expected in unreadable(audit_one(write(tmp_path, "r.pdf", data), **limits))


def test_a_small_pdf_under_the_limits_is_read(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "r.pdf", h.pdf_text()))
    assert [b.text for b in doc.paragraphs()][:1] == ["Annual report 2020"]


def test_a_pdf_reader_that_hangs_is_killed_at_the_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gaorpt_audit.ingest.pdf._load_pdf", h.hang_in_c)
    start = time.monotonic()
    message = unreadable(audit_one(write(tmp_path, "r.pdf", h.pdf_text()), timeout=0.5))
    assert time.monotonic() - start < 10  # not the 30 s of the hang: it was killed
    assert "读取和检查此文件的用时超过上限（每个文件 0.5 秒）" in message
    assert "--timeout" in message and "GAORPT_AUDIT_TIMEOUT" in message


def test_a_python_loop_is_stopped_at_the_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def spin(path: Path, display: str | None = None) -> None:
        while True:
            pass

    monkeypatch.setattr("gaorpt_audit.pipeline.parse_file", spin)
    message = unreadable(audit_one(write(tmp_path, "r.txt", b"x"), timeout=0.3))
    assert "读取和检查此文件的用时超过上限（每个文件 0.3 秒）" in message
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # the timer is off again


def test_memory_of_an_isolated_reader_is_capped() -> None:
    def allocate() -> int:
        return len(bytearray(1 << 30))

    with (
        enforced(Limits(memory_mb=100)),
        pytest.raises(LimitExceeded, match="读取此文件所需的内存超过上限（100 MB）"),
    ):
        isolated(allocate)
    with enforced(Limits(memory_mb=0)):
        assert isolated(len, b"abc") == 3


def test_helpers_get_the_same_time_inside_and_outside_a_file_clock() -> None:
    """Budget.remaining() is what isolated() (PDF), LibreOffice and Tesseract are given:
    outside ``enforced`` (a direct ``ingest.load``) the whole timeout, never unbounded."""
    import contextvars

    from gaorpt_audit.ingest import limits as lim

    assert lim.Budget(Limits(timeout=7)).remaining() == 7
    assert lim.Budget(Limits(timeout=0)).remaining() is None
    with pytest.raises(lim.FileTimeout):
        lim.Budget(Limits(timeout=7), deadline=time.monotonic() - 1).remaining()
    with enforced(Limits(timeout=30)) as budget:
        assert 29 < budget.remaining() <= 30

    def outside() -> None:  # no file clock: only the budget's timeout bounds the child
        lim._CURRENT.set(lim.Budget(Limits(timeout=0.5)))
        start = time.monotonic()
        with pytest.raises(lim.FileTimeout, match="每个文件 0.5 秒"):
            isolated(h.hang_in_c, b"", "r.pdf")
        assert time.monotonic() - start < 10

    contextvars.copy_context().run(outside)


# --------------------------------------------------------------------------- the run goes on


def test_a_folder_of_bombs_is_listed_whole_and_in_order(tmp_path: Path) -> None:
    files = {
        "a-spans.html": h.html_spans(200),
        "b-self.pdf": h.pdf_self_reference(),
        "c-bomb.docx": h.docx_bomb("mimetype", 3_000_000),
        **h.nothing_readable(),
    }
    for name, data in files.items():
        write(tmp_path, name, data)
    good = write(tmp_path, "z-good.txt", h.BAIBU.read_bytes())
    cfg = load_config(discover=False)
    cfg.limits = cfg.limits.model_copy(update={"table_cells": 1000, "zip_mb": 1})
    serial = list(audit([tmp_path], cfg, jobs=1).results)
    pooled = list(audit([tmp_path], cfg, jobs=2).results)
    assert [r.path for r in serial] == sorted(str(tmp_path / n) for n in [*files, good.name])
    assert pooled == serial
    by_name = {Path(r.path).name: r for r in serial}
    assert {n: prs(by_name[n])[:1] for n in files} == {n: ["PRS001"] for n in files}
    assert by_name[good.name].publisher == "百步镇人民政府"
    assert "PRS001" not in prs(by_name[good.name])


def test_nothing_readable_ranks_below_every_real_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: each of these scored 92/B and `rank` put it above real reports."""
    import json

    from typer.testing import CliRunner

    from gaorpt_audit.cli import app

    monkeypatch.chdir(tmp_path)
    for name, data in h.nothing_readable().items():
        write(tmp_path, name, data)
    write(tmp_path, "baibu_2020.txt", h.BAIBU.read_bytes())
    result = CliRunner().invoke(app, ["rank", ".", "-f", "json", "-j", "1"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["league"]
    assert (rows[0]["publisher"], rows[0]["score"]) == ("百步镇人民政府", 95.0)
    assert sorted(r["path"] for r in rows[1:]) == sorted(h.nothing_readable())
    assert {(r["score"], r["grade"], r["position"]) for r in rows[1:]} == {(0.0, "D", 2)}


def test_an_alarm_swallowed_by_the_code_comes_again() -> None:
    """The robustness suite caught a 5 s file running 34 s: its FileTimeout was raised in a
    garbage-collector callback, where Python prints and drops exceptions. The alarm repeats
    until the file's block ends, so the next one stops it."""
    import time

    from gaorpt_audit.config import default_limits
    from gaorpt_audit.ingest.limits import FileTimeout, enforced

    limits = default_limits().model_copy(update={"timeout": 0.2})
    start = time.monotonic()
    swallowed = False
    with pytest.raises(FileTimeout), enforced(limits):
        try:
            while time.monotonic() - start < 5:
                time.sleep(0.01)
        except FileTimeout:  # dropped, as a gc callback or a __del__ would drop it
            swallowed = True
        while time.monotonic() - start < 5:
            time.sleep(0.01)
    assert swallowed and time.monotonic() - start < 2
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # and nothing left running
