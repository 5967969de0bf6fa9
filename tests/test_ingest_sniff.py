"""Content sniffing: files whose name lies, legacy binaries, scanned and encrypted PDFs.

Every case returns a Document with an exact issue code; none raises, none passes silently.
The PDFs are written by hand below (a few objects and a correct xref), so the tests need
no PDF writer library.
"""

from __future__ import annotations

import hashlib
import io
import random
import struct
from pathlib import Path

import docx
import pytest

from gaorpt_audit.ingest import load
from gaorpt_audit.ingest.ocr import MISSING_MESSAGE as OCR_MISSING
from gaorpt_audit.ingest.ocr import TESSERACT_ENV
from gaorpt_audit.ingest.pdf import SCANNED_MESSAGE
from gaorpt_audit.ingest.sniff import OLE2_MAGIC, sniff

HTML = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><p>一、总体情况</p><table><tr><td>规章</td><td>3</td></tr></table></body></html>"  # fmt: skip
TEXT_PAGE = b"BT /F1 12 Tf 72 720 Td (Annual report 2024) Tj ET"
IMAGE_PAGE = b"q 100 0 0 100 72 600 cm /Im1 Do Q"
PAD = bytes.fromhex(
    "28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a"
)  # the standard security handler's password padding


def rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def make_pdf(pages: list[bytes], user_password: str | None = None) -> bytes:
    """A minimal PDF; ``pages`` are content streams; RC4-40 encrypted with a password."""
    file_id = hashlib.md5(b"gaorpt-audit").digest()
    objects: dict[int, bytes] = {}
    kids = []
    n = 5
    key = b""
    encrypt = b""
    if user_password is not None:
        user = (user_password.encode() + PAD)[:32]
        owner_key = hashlib.md5((b"owner" + PAD)[:32]).digest()[:5]
        o_value = rc4(owner_key, user)
        p_value = struct.pack("<i", -44)
        key = hashlib.md5(user + o_value + p_value + file_id).digest()[:5]
        u_value = rc4(key, PAD)
        objects[4] = (
            b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <" + o_value.hex().encode()
            + b"> /U <" + u_value.hex().encode() + b"> >>"
        )  # fmt: skip
        encrypt = b" /Encrypt 4 0 R"
    for content in pages:
        page_no, stream_no = n, n + 1
        n += 2
        if key:
            obj_key = hashlib.md5(key + struct.pack("<i", stream_no)[:3] + b"\x00\x00").digest()
            content = rc4(obj_key[:10], content)
        objects[page_no] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents "
            + str(stream_no).encode() + b" 0 R /Resources << /Font << /F1 3 0 R >>"
            + b" /XObject << /Im1 " + str(n).encode() + b" 0 R >> >> >>"
        )  # fmt: skip
        objects[stream_no] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        objects[n] = (
            b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray"
            b" /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream"
        )
        kids.append(page_no)
        n += 1
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    objects[2] = b"<< /Type /Pages /Kids [" + refs + b"] /Count %d >>" % len(kids)
    objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = out.tell()
        out.write(b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n")
    size = max(objects) + 1
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for num in range(1, size):
        out.write(
            b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n"
        )
    trailer_id = b"<" + file_id.hex().encode() + b">"
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R" % size + encrypt
        + b" /ID [" + trailer_id + b" " + trailer_id + b"] >>\nstartxref\n%d\n%%%%EOF\n" % xref
    )  # fmt: skip
    return out.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def codes(path: Path) -> list[str]:
    return [i.code for i in load(path).issues]


def test_text_pdf_helper_is_readable(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "a.pdf", make_pdf([TEXT_PAGE])))
    assert doc.source_format == "pdf" and not doc.issues
    assert [(p.text, p.page) for p in doc.paragraphs()] == [("Annual report 2024", 1)]


def test_random_bytes_named_pdf(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(4096)
    doc = load(write(tmp_path, "r.pdf", data))
    assert [i.code for i in doc.issues] == ["unrecognized_content"] and not doc.blocks
    assert doc.issues[0].message == (
        "文件（扩展名为 .pdf）的内容是无法识别的二进制数据，不是 PDF 文件：文件可能已损坏，"
        "请重新下载或导出该文件"
    )


@pytest.mark.parametrize("name", ["old.doc", "old.docx", "old.wps"])
def test_ole2_legacy_word(tmp_path: Path, name: str) -> None:
    doc = load(write(tmp_path, name, OLE2_MAGIC + b"\x00" * 504 + b"W\x00o\x00r\x00d\x00"))
    assert [i.code for i in doc.issues] == ["legacy_word"] and not doc.blocks
    assert "旧版 Word/WPS 二进制文件（.doc/.wps）" in doc.issues[0].message
    # LibreOffice could not convert it, or is not installed (ingest/office.py)
    message = doc.issues[0].message
    assert "另存为 .docx 后审核" in message or "请安装 libreoffice-writer-nogui" in message


def test_encrypted_office_file(tmp_path: Path) -> None:
    data = OLE2_MAGIC + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le")
    assert codes(write(tmp_path, "x.docx", data)) == ["encrypted_office"]


def test_pdf_renamed_html_is_read_as_pdf(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "report.html", make_pdf([TEXT_PAGE])))
    assert doc.source_format == "pdf"
    assert [i.code for i in doc.issues] == ["format_mismatch"]
    assert doc.issues[0].message == (
        "文件扩展名为 .html，但实际是 PDF 文件，不是 HTML 网页：已按 PDF 文件读取"
    )
    assert doc.paragraphs()[0].text == "Annual report 2024"


def test_html_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "report.txt", HTML.encode()))
    assert doc.source_format == "html" and [i.code for i in doc.issues] == ["format_mismatch"]
    assert [p.text for p in doc.paragraphs()] == ["一、总体情况"]
    assert doc.tables()[0].rows == [["规章", "3"]]


def test_docx_named_txt_is_read_as_docx(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "report.txt", docx_bytes()))
    assert doc.source_format == "docx" and [i.code for i in doc.issues] == ["format_mismatch"]
    assert [p.text for p in doc.paragraphs()] == ["一、总体情况"]


def test_plain_text_named_html(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "report.html", "一、总体情况\n全年收到申请3件。".encode()))
    assert doc.source_format == "txt" and [i.code for i in doc.issues] == ["format_mismatch"]
    assert [p.text for p in doc.paragraphs()] == ["一、总体情况", "全年收到申请3件。"]


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx", "blank.html"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    data = b"" if name.startswith("empty") else b"  \n\n "
    doc = load(write(tmp_path, name, data))
    assert [i.code for i in doc.issues] == ["empty_file"] and not doc.blocks


def test_encrypted_pdf(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "locked.pdf", make_pdf([TEXT_PAGE], user_password="secret")))
    assert [i.code for i in doc.issues] == ["encrypted_pdf"] and not doc.blocks
    assert doc.issues[0].message == "PDF 已加密，需要密码才能打开；请提供未加密的文件"


@pytest.mark.parametrize("content", [IMAGE_PAGE, b""], ids=["image-only", "blank"])
def test_pdf_without_text_layer(
    tmp_path: Path, content: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TESSERACT_ENV, "")  # no OCR: tests/test_ingest_ocr.py reads scans
    doc = load(write(tmp_path, "scan.pdf", make_pdf([content, content])))
    expected = f"{SCANNED_MESSAGE}：{OCR_MISSING}"
    assert [(i.code, i.message) for i in doc.issues] == [("scanned_pdf", expected)]
    assert not doc.blocks


def test_pdf_with_some_scanned_pages(tmp_path: Path) -> None:
    doc = load(write(tmp_path, "mixed.pdf", make_pdf([TEXT_PAGE, IMAGE_PAGE])))
    assert [(i.code, i.page) for i in doc.issues] == [("scanned_pages", 2)]
    assert [p.page for p in doc.paragraphs()] == [1]


def test_truncated_pdf(tmp_path: Path) -> None:
    data = make_pdf([TEXT_PAGE])
    doc = load(write(tmp_path, "cut.pdf", data[:60]))
    assert doc.issues and doc.issues[0].code in ("corrupt_pdf", "scanned_pdf")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "unsupported_format"),
        (b"{\\rtf1\\ansi hello}", "unsupported_format"),
    ],
    ids=["png", "rtf"],
)
def test_other_formats_named_pdf(
    tmp_path: Path, data: bytes, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # without LibreOffice and Tesseract (tests/test_ingest_office.py and test_ingest_ocr.py
    # read them with): one issue saying what to install
    monkeypatch.setenv(TESSERACT_ENV, "")
    monkeypatch.setenv("GAORPT_SOFFICE", "")
    doc = load(write(tmp_path, "x.pdf", data))
    assert [i.code for i in doc.issues] == [code] and not doc.blocks


def test_unknown_extension(tmp_path: Path) -> None:
    assert codes(write(tmp_path, "notes.csv", b"a,b\n1,2\n")) == ["unsupported_format"]
    doc = load(write(tmp_path, "download.jsp", make_pdf([TEXT_PAGE])))
    assert doc.source_format == "pdf" and [i.code for i in doc.issues] == ["format_mismatch"]


def test_sniff_kinds() -> None:
    assert sniff(b"%PDF-1.7\n").kind == "pdf"
    assert sniff(docx_bytes()).kind == "docx"
    assert sniff(HTML.encode()).kind == "html"
    assert sniff("<p>正文</p>".encode()).kind == "html"
    assert sniff("一、总体情况".encode("utf-16")).kind == "text"
    assert sniff("# 标题\n正文".encode()).kind == "text"
