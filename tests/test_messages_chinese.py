"""Messages in one language (issue 15): every parse issue a hostile file gives (they
become PRS001/PRS004 findings) is a Chinese sentence. Left in Latin letters are only the
names users know (PDF, DOCX, .doc/.wps, UTF-8, LibreOffice, OCR), config keys and options
([limits] tags, --timeout), and a library's or the system's own words, marked as a
technical detail ("（技术细节：No /Root object! ...）").
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import hostile_inputs as h
import pytest

from gaorpt_audit.audit import audit
from gaorpt_audit.config import default_limits, load_config
from gaorpt_audit.ingest import load, load_bytes
from gaorpt_audit.ingest.limits import enforced
from gaorpt_audit.ingest.ocr import TESSERACT_ENV
from gaorpt_audit.ingest.office import SOFFICE_ENV
from gaorpt_audit.ingest.sniff import OLE2_MAGIC
from gaorpt_audit.ingest.wording import detail
from gaorpt_audit.parse import parse_document

LIMITS = default_limits().model_copy(
    update={
        "timeout": 20, "file_mb": 4, "text_chars": 200_000, "paragraphs": 4000,
        "table_cells": 2000, "tags": 20_000, "zip_mb": 2, "zip_part_mb": 1, "zip_entries": 40,
        "pdf_pages": 8, "pdf_objects": 400, "pdf_page_objects": 1500,
    }
)  # fmt: skip
TECHNICAL = re.compile(r"（技术细节：[^）]*）")
ALLOWED = re.compile(
    r"\[limits\] \w+|GAORPT_\w+|--[\w-]+|gaorpt-audit(?:\.toml)?|[\w/]+\.xml\b|\.[a-z]{2,5}\b"
    r"|libreoffice-writer-nogui|tesseract-ocr(?:-chi-sim)?|apt-get install|Debian/Ubuntu"
    r"|LibreOffice|Tesseract|utf-\d+(?:-[lb]e)?|U\+FFFD|\b(?:DOCX|PDF|HTML|OCR|RTF|OFD|ZIP"
    r"|PNG|JPEG|GIF|TIFF|Word|WPS|Excel|PowerPoint|Office|OpenDocument|UTF|GBK|GB18030|FIFO"
    r"|NUL|socket)\b"
)


def _zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in names:
            z.writestr(name, "x")
    return buf.getvalue()


def _ole2(stream: str) -> bytes:
    return OLE2_MAGIC + b"\x00" * 100 + stream.encode("utf-16-le")


BAIBU = h.BAIBU.read_bytes()
HOSTILE = {
    **{f"nothing-{name}": data for name, data in h.nothing_readable().items()},
    "empty.txt": b"",
    "self-reference.pdf": h.pdf_self_reference(),
    "rectangles.pdf": h.pdf_rectangles(3000),
    "many-pages.pdf": h.pdf_many_pages(20),
    "garbage.pdf": b"%PDF-1.4 garbage",
    "bomb.docx": h.docx_bomb("word/document.xml", 3_000_000),
    "paragraphs.docx": h.docx_empty_paragraphs(5000),
    "entries.docx": h.docx_many_entries(100),
    "table.docx": h.docx_table(100, 100),
    "damaged.docx": b"PK\x03\x04garbage",
    "spans.html": h.html_spans(50),
    "tags.html": h.html_tags(30000),
    "deep.html": h.html_deep(300),
    "big.txt": h.text_of_size(300_000),
    "lossy.txt": BAIBU[:3000] + b"\xff" + BAIBU[3000:],
    "old.doc": OLE2_MAGIC + b"\0" * 600,
    "old.rtf": b"{\\rtf1 text}",
    "locked.docx": _ole2("EncryptedPackage"),
    "old.xls": _ole2("Workbook"),
    "book.xlsx": _zip("xl/workbook.xml"),
    "slides.pptx": _zip("ppt/presentation.xml"),
    "invoice.ofd": _zip("OFD.xml", "Doc_0/Content.xml"),
    "bundle.zip": _zip("a.txt"),
    "page.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 100,
    "data.bin": bytes(range(256)) * 10,
    "no-extension": bytes(range(256)) * 10,
    "nul.txt": b"\x00" * 100,
    "pdf-named.html": h.pdf_text(["hello"]),
    "pdf-without-extension": h.pdf_text(["hello"]),
}


@pytest.fixture(autouse=True)
def _no_helpers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same messages whether or not LibreOffice and Tesseract are installed."""
    monkeypatch.setenv(SOFFICE_ENV, "")
    monkeypatch.setenv(TESSERACT_ENV, "")


def issues(name: str, data: bytes) -> list[tuple[str, str]]:
    """(code, message) of every issue reading and parsing ``data`` named ``name`` gives."""
    suffix = os.path.splitext(name)[1]
    with enforced(LIMITS):
        doc = load_bytes(data, name, suffix)
        report = parse_document(doc)
    return [(i.code, i.message) for i in report.parse_issues]


def english(message: str) -> list[str]:
    """The Latin words of ``message`` that are not names, keys or a marked detail."""
    return re.findall(r"[A-Za-z]{3,}", ALLOWED.sub("", TECHNICAL.sub("", message)))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_issue_of_a_hostile_file_is_chinese(name: str) -> None:
    found = issues(name, HOSTILE[name])
    assert found, "each hostile file gives at least one issue"
    for code, message in found:
        assert english(message) == [], (code, message)
        assert re.search(r"[\u4e00-\u9fff]", message), (code, message)


def test_the_words_left_are_only_names_keys_and_details() -> None:
    assert english("PDF 文件已损坏，无法打开（技术细节：No /Root object!）：请重新下载") == []
    assert english("请调高 gaorpt-audit.toml 中的 [limits] tags，或使用 --timeout") == []
    assert english("the file is empty: nothing to audit") == [
        "the", "file", "empty", "nothing", "audit"
    ]  # fmt: skip
    assert english("旧版 Word/WPS 二进制文件 (named .doc)") == ["named"]


EXACT = {  # file -> its first issues, word for word
    "empty.txt": [("empty_file", "文件是空的，无可审核的内容：请检查文件是否完整下载或导出")],
    "book.xlsx": [
        (
            "unsupported_format",
            (
                "文件（扩展名为 .xlsx）是 Excel 工作簿，不是报告文档：如其中确是年度报告，"
                "请另存为 .docx 或 PDF 后审核"
            ),
        )
    ],
    "nul.txt": [
        (
            "unrecognized_content",
            (
                "文件（扩展名为 .txt）的内容是无法识别的二进制数据，不是纯文本：文件可能已损坏，"
                "请重新下载或导出该文件"
            ),
        )
    ],
    "nothing-binary16.txt": [
        ("encoding", "已删除文件中的 385 个控制字符：文件可能是二进制文件或已损坏，请核对原文件"),
        (
            "no_text",
            (
                "文件中没有可读的文字：45% 的字符是控制字符、私用区字符、未分配字符或报告中不应"
                "出现的字符（按 utf-16-le 编码读取）：文件可能是二进制数据，或其文字使用了未声明"
                "的编码；请将其另存为 UTF-8 文本后审核"
            ),
        ),
    ],
    "invoice.ofd": [
        (
            "unsupported_format",
            "文件（扩展名为 .ofd）是 OFD 版式文档，本工具无法读取：请将其导出为 PDF 或 DOCX 后审核",
        )
    ],
    "pdf-without-extension": [
        ("format_mismatch", "文件（没有扩展名）实际是 PDF 文件：已按 PDF 文件读取")
    ],
    "pdf-named.html": [
        (
            "format_mismatch",
            "文件扩展名为 .html，但实际是 PDF 文件，不是 HTML 网页：已按 PDF 文件读取",
        )
    ],
}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_exact_messages(name: str) -> None:
    expected = EXACT[name]
    assert issues(name, HOSTILE[name])[: len(expected)] == expected


def test_a_library_error_is_kept_as_a_marked_detail() -> None:
    ((code, message),) = issues("garbage.pdf", HOSTILE["garbage.pdf"])
    assert code == "corrupt_pdf"
    assert message.startswith("PDF 文件已损坏，无法打开（技术细节：")
    assert message.endswith("）：请重新下载或导出该文件")


def test_files_that_cannot_be_opened(tmp_path: Path) -> None:
    gone = load(tmp_path / "gone.txt", "gone.txt")
    assert [(i.code, i.message) for i in gone.issues] == [
        (
            "unreadable",
            (
                "无法打开文件（技术细节：No such file or directory）：请检查文件是否存在、"
                "是否有读取权限"
            ),
        )
    ]
    folder = load(tmp_path, "报告")
    assert [(i.code, i.message) for i in folder.issues] == [
        (
            "not_regular_file",
            (
                "报告 是文件夹，不是普通文件：未读取（读取它可能一直等待或没有尽头）；请将其内容"
                "保存为普通文件后审核该文件"
            ),
        )
    ]


def test_a_damaged_image_names_no_memory_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TESSERACT_ENV, "/bin/true")  # "installed": the image is opened
    data = HOSTILE["page.png"]
    assert (
        issues("page.png", data)
        == issues("page.png", data)
        == [
            (
                "unreadable",
                (
                    "图片已损坏，无法打开（技术细节：cannot identify image file <_io.BytesIO object>）："
                    "请提供完好的图片，或文字版 PDF、DOCX"
                ),
            )
        ]
    )


def test_detail_marks_foreign_words_only() -> None:
    assert detail("No /Root object!") == "（技术细节：No /Root object!）"
    assert detail("第 3 号对象引用自身") == "，第 3 号对象引用自身"
    assert detail("<_io.BytesIO object at 0x7f3a>") == "（技术细节：<_io.BytesIO object>）"
    assert detail("  ") == ""


def test_a_reader_crash_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(path: Path, display: str | None = None) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("gaorpt_audit.pipeline.parse_file", crash)
    (result,) = audit([h.BAIBU], load_config(discover=False)).results
    assert [(f.rule, f.message) for f in result.findings] == [
        (
            "PRS003",
            (
                "解析未完成：读取文件时程序出错（技术细节：RuntimeError: boom）："
                "请将此文件报告给 gaorpt-audit 的维护者"
            ),
        )
    ]
