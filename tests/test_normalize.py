"""normalize_text / normalize_document: NFKC, pinyin readings, script, artefacts."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gaorpt_audit.ingest.normalize import normalize_document, normalize_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("本報(bào)告", "本报告"),
        ("公(gōng)開(kāi)", "公开"),
        ("政府信息公開(kāi)申請(qǐng)", "政府信息公开申请"),
        # the reading of a lost character after a mis-encoded "?" (seed 001, line 8)
        ("實行“日?qǐng)?bào)告”", "实行“日??告”"),
        # an annotation glued to a Latin letter ("皖ICP備" in seed 001's footer)
        ("皖I(lǐng)CP備11005235號(hào)", "皖ICP备11005235号"),
        # untoned (neutral tone) readings go too, but only in an annotated text
        ("我們(men)的(de)報(bào)告", "我们的报告"),
    ],
)
def test_pinyin_readings_removed(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


@pytest.mark.parametrize(
    "text",
    [
        "(一)主动公开情况",
        "(七)总计",
        "网站(www.pingtan.gov.cn)下载",
        "《中华人民共和国政府信息公开条例》(国务院令第711号)",
        "平秋镇(九寨平秋)微信公众号",
        "第二十条第(一)项",
        "长度(m)",  # no toned reading anywhere: not an annotated text
        "的(de)",
        "单位(a)",
        "发布(2021)号",
    ],
)
def test_legitimate_parentheses_kept(text: str) -> None:
    assert normalize_text(text) == text


def test_fullwidth_forms_become_ascii() -> None:
    assert normalize_text("（一）本年新收１２３件；总计：４５６") == "(一)本年新收123件;总计:456"
    assert normalize_text("2020\u3000年") == "2020 年"


def test_other_compatibility_forms_normalised_like_nfkc() -> None:
    text = "\u2f00\u2f06、①件\uff08\u4e8c\uff09"  # Kangxi radicals 一 二, circled digit
    assert normalize_text(text) == unicodedata.normalize("NFKC", text)
    assert normalize_text(text) == "一二、1件(二)"


def test_artefacts_removed() -> None:
    assert normalize_text("[bookmark: _GoBack]2020年度") == "2020年度"
    assert normalize_text("政\u200b府\u200d信\ufeff息\u00ad公开") == "政府信息公开"
    assert normalize_text("0\xa0") == "0 "
    assert normalize_text("第一页\x0c第二页") == "第一页 第二页"  # no new line is made


def test_traditional_converted_and_reported() -> None:
    result = normalize_document("一、總體情況\n收到和處理政府信息公開申請情況")
    assert result.text == "一、总体情况\n收到和处理政府信息公开申请情况"
    assert result.converted_script


def test_simplified_text_untouched() -> None:
    # 乾/後/於 are also standard Simplified characters: they alone do not trigger t2s
    text = "显著提升,乾县与皇后镇,於姓"
    result = normalize_document(text)
    assert result == (text, False)


def test_only_lines_with_traditional_characters_converted() -> None:
    result = normalize_document("乾县政府\n報告")
    assert result.text == "乾县政府\n报告"
    assert result.converted_script


def test_line_count_preserved() -> None:
    text = "報(bào)告\n\n（一）\u2028第二\r\n\t\n"
    assert normalize_text(text).count("\n") == text.count("\n")


def test_empty_and_ascii() -> None:
    assert normalize_document("") == ("", False)
    assert normalize_text("abc (a) 1|2") == "abc (a) 1|2"


_MIXED = st.text(
    alphabet=st.sampled_from(
        list("報告開國总体情况（）()一二3４５ bàoqǐngde\n\r\t\u3000\xa0\u200b\u2028?[]#")
    ),
    max_size=60,
)


@given(_MIXED)
@settings(max_examples=300, deadline=None)
def test_normalize_never_raises_and_keeps_lines(text: str) -> None:
    result = normalize_text(text)
    assert result.count("\n") == text.count("\n")
    assert "\u200b" not in result and "\u3000" not in result


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_normalize_any_unicode(text: str) -> None:
    assert normalize_text(text).count("\n") == text.count("\n")
