"""Encoding detection: every supported encoding of a seed gives the same paragraphs."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaorpt_audit.ingest import load
from gaorpt_audit.ingest.decode import decode, decode_bytes
from gaorpt_audit.ingest.text import load_text

ROOT = Path(__file__).resolve().parent.parent
DADUKOU = ROOT / "reports/anhui/dadukou-town_2020.txt"  # Traditional + pinyin, GBK-encodable
PINGQIU = ROOT / "reports/guizhou/pingqiu-town_2020.txt"  # has NBSP: not GBK, only GB18030


def _paragraphs(path: Path) -> list[tuple[int, str]]:
    return [(p.line, p.text) for p in load(path).paragraphs()]


def _variants(text: str) -> dict[str, bytes]:
    return {
        "utf-8-sig": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf-16-le": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "utf-16-be": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    }


@pytest.mark.parametrize("seed", [DADUKOU, PINGQIU], ids=["dadukou", "pingqiu"])
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16-le", "utf-16-be"])
def test_bom_variants_give_same_paragraphs(tmp_path: Path, seed: Path, encoding: str) -> None:
    original = _paragraphs(seed)
    copy = tmp_path / f"copy{seed.suffix}"
    copy.write_bytes(_variants(seed.read_text(encoding="utf-8"))[encoding])
    doc = load(copy)
    assert doc.encoding == encoding
    assert [(p.line, p.text) for p in doc.paragraphs()] == original
    assert not doc.issues


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_found_by_nul_pattern(tmp_path: Path, codec: str) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(DADUKOU.read_text(encoding="utf-8").encode(codec))
    doc = load(copy)
    assert doc.encoding == codec
    assert [(p.line, p.text) for p in doc.paragraphs()] == _paragraphs(DADUKOU)


def test_gbk_copy(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(DADUKOU.read_text(encoding="utf-8").encode("gbk"))
    doc = load(copy)
    assert doc.encoding == "gbk"
    assert doc.converted_script
    assert [(p.line, p.text) for p in doc.paragraphs()] == _paragraphs(DADUKOU)
    assert not doc.issues


def test_gb18030_copy(tmp_path: Path) -> None:
    text = PINGQIU.read_text(encoding="utf-8")
    data = text.encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")  # the NBSPs need GB18030's four-byte sequences
    copy = tmp_path / "copy.txt"
    copy.write_bytes(data)
    doc = load(copy)
    assert doc.encoding == "gb18030"
    assert [(p.line, p.text) for p in doc.paragraphs()] == _paragraphs(PINGQIU)


def test_utf8_is_the_fast_common_case() -> None:
    assert decode("政府信息公开".encode()) == ("政府信息公开", "utf-8")
    assert decode(b"") == ("", "utf-8")


def test_big5_is_not_mistaken_for_gbk() -> None:
    text = (
        "本報告依據中華人民共和國政府信息公開條例編制,報告包括總體情況、主動公開政府信息情況。" * 3
    )
    decoded = decode_bytes(text.encode("big5"))
    assert decoded.encoding == "big5"
    assert decoded.text == text


def test_broken_bytes_in_utf8_are_reported(tmp_path: Path) -> None:
    data = DADUKOU.read_bytes()
    broken = data[:200] + b"\xff" + data[200:]
    doc = load_text(broken, "broken.txt", "txt")
    assert doc.encoding == "utf-8"
    assert [i.code for i in doc.issues] == ["encoding"]
    assert "U+FFFD" in doc.issues[0].message
    assert any("大渡口镇" in p.text for p in doc.paragraphs())


def test_random_bytes_give_a_document_with_an_issue() -> None:
    rng = random.Random(20240501)
    data = bytes(rng.randrange(256) for _ in range(4000))
    doc = load_text(data, "noise.txt", "txt")
    assert doc.path == "noise.txt"
    assert doc.encoding
    assert [i.code for i in doc.issues] == ["encoding"]


@pytest.mark.parametrize("data", [b"\x80", b"\x00" * 16, b"\xff\xfe", b"\xef\xbb\xbf"])
def test_degenerate_inputs_never_raise(data: bytes) -> None:
    doc = load_text(data, "odd.txt", "txt")
    assert doc.issues


def test_empty_text() -> None:
    doc = load_text(b"", "empty.txt", "txt")
    assert doc.blocks == []
    assert doc.encoding == "utf-8"
    assert [i.code for i in doc.issues] == ["empty_file"]


def test_nul_bytes_are_removed_and_reported() -> None:
    doc = load_text("一、总体情况\n\x00\x00无。\n".encode(), "nul.txt", "txt")
    assert [(p.line, p.text) for p in doc.paragraphs()] == [(1, "一、总体情况"), (2, "无。")]
    assert [i.code for i in doc.issues] == ["encoding"]


@given(st.binary(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_bytes_give_a_document(data: bytes) -> None:
    doc = load_text(data, "any.txt", "txt")
    assert doc.encoding
    lines = [p.line for p in doc.paragraphs()]
    assert lines == sorted(set(lines)) and all(n >= 1 for n in lines)
    assert all("\x00" not in p.text for p in doc.paragraphs())
