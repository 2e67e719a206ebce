"""Tests for miner.encoding: bytes in the encodings Chinese school sites use → str."""

from __future__ import annotations

import codecs
import random

import pytest

from miner.encoding import canonical_name, charset_of, decode
from miner.errors import ParseError

SHORT = "学校"
TITLE = "育秀教育集团工作计划"
LONG = ("2019学年第一学期第10周：强校工程推进专题研讨，地点西渡学校。\n"
        "第二学期第8周，光明学校承办中小学数学联合教研活动（待定）。\n") * 3
TRADITIONAL = "學校工作計劃，教師研討活動安排。\n第一學期第三週舉行公開課。"


# Two CJK characters in BOM-less UTF-16 carry no evidence of UTF-16, so that pair is not a case.
CASES = [(text, enc) for text in (SHORT, TITLE, LONG)
         for enc in ("utf-8", "utf-8-sig", "gbk", "gb2312", "gb18030", "utf-16", "utf-16-le", "utf-16-be")
         if not (text == SHORT and enc in ("utf-16-le", "utf-16-be"))]


@pytest.mark.parametrize(("text", "encoding"), CASES)
def test_encoding_decodes_simplified_chinese(text: str, encoding: str) -> None:
    decoded, name = decode(text.encode(encoding))
    assert decoded == text


@pytest.mark.parametrize("encoding", ["big5", "utf-8", "utf-16"])
def test_encoding_decodes_traditional_chinese(encoding: str) -> None:
    decoded, name = decode(TRADITIONAL.encode(encoding))
    assert decoded == TRADITIONAL
    if encoding == "big5":
        assert name.startswith("big5")


@pytest.mark.parametrize("text", ["学校", "教师", "中学", "育秀", "通知"])
def test_encoding_short_gbk_is_not_korean_or_cyrillic(text: str) -> None:
    decoded, name = decode(text.encode("gbk"))
    assert decoded == text
    assert name == "gb18030"


@pytest.mark.parametrize("declared", ["gb2312", "GBK", "x-gbk", "GB18030"])
def test_encoding_declared_gbk_family_reads_as_gb18030(declared: str) -> None:
    data = "教育集团工作总结 𠀀".encode("gb18030")  # a character outside GBK proper
    decoded, name = decode(data, declared=declared)
    assert decoded.endswith("𠀀")
    assert name == "gb18030"


def test_encoding_declared_latin1_does_not_garble_gbk() -> None:
    decoded, _ = decode(TITLE.encode("gbk"), declared="iso-8859-1")
    assert decoded == TITLE


def test_encoding_utf8_wins_over_a_wrong_declaration() -> None:
    decoded, name = decode(LONG.encode("utf-8"), declared="gb2312")
    assert decoded == LONG and name == "utf-8"


def test_encoding_plain_ascii_and_latin() -> None:
    assert decode(b"plan 2021\n")[0] == "plan 2021\n"
    assert decode("Café menu".encode("cp1252"))[0] == "Café menu"


@pytest.mark.parametrize("data", [
    random.Random(1).randbytes(600),
    random.Random(2).randbytes(64),
    bytes(range(256)) * 4,
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    b"\x00\x01\x02\x03" * 50,
])
def test_encoding_rejects_binary_junk(data: bytes) -> None:
    with pytest.raises(ParseError) as err:
        decode(data)
    assert err.value.code == "P004"
    assert "binary data, not text" in err.value.message


@pytest.mark.parametrize("given, expected", [
    ("gb2312", "gb18030"), ("GBK", "gb18030"), ("cp936", "gb18030"), ("UTF8", "utf-8"),
    ("big5", "big5hkscs"), ("no-such-charset", None), (None, None),
])
def test_encoding_canonical_name(given: str | None, expected: str | None) -> None:
    assert canonical_name(given) == expected


@pytest.mark.parametrize("header, expected", [
    ("text/html; charset=GB2312", "GB2312"), ('text/plain;charset="utf-8"', "utf-8"), ("text/html", None),
    (None, None),
])
def test_encoding_charset_of_content_type(header: str | None, expected: str | None) -> None:
    assert charset_of(header) == expected


def test_encoding_bom_is_honoured() -> None:
    data = codecs.BOM_UTF16_BE + LONG.encode("utf-16-be")
    assert decode(data) == (LONG, "utf-16-be")
