"""Tests for miner.parse.markup: HTML source saved as a .txt is read as text without its markup."""

from __future__ import annotations

import pytest

import miner.parse.text  # noqa: F401  (registers the reader)
from miner.parse.markup import has_markup, readable, strip_markup
from miner.parse.registry import parse
from miner.records import RawInput
from miner.settings import Settings

# An editor's HTML pasted into a text file (written for these tests after the pattern of such pages).
EDITOR_PAGE = (
    '青山教育集团三月联合教研纪实\n\n'
    '<p align="left" data-para="3"><font color="#222222" face="仿宋">3月12日上午，集团在东湖小学开展语文'
    '集体备课活动。</font></p> <p data-para="4">&nbsp;</p>'
    '<h3>下午，西湖中学的李红老师上了一节展示课&nbsp;《春》。<br /></h3><h3><br/></h3>'
    '<div>大家认为这次活动&quot;收获很大&quot;。</div>'
)


def _read(text: str) -> str:
    raw = RawInput(source="page.txt", data=text.encode("utf-8"), name="page.txt")
    return parse(raw, Settings()).text


def test_markup_editor_page_is_read_as_lines_of_text() -> None:
    text = _read(EDITOR_PAGE)
    assert "<" not in text and "&nbsp;" not in text and "data-para" not in text and "仿宋" not in text
    lines = text.split("\n")
    assert lines[0] == "青山教育集团三月联合教研纪实"
    assert "3月12日上午，集团在东湖小学开展语文集体备课活动。" in lines
    assert "下午，西湖中学的李红老师上了一节展示课\xa0《春》。" in lines
    assert '大家认为这次活动"收获很大"。' in lines
    assert "" not in lines[1:]  # the breaks of empty elements leave no blank lines


def test_markup_document_keeps_a_note_and_exact_blocks() -> None:
    raw = RawInput(source="page.txt", data=EDITOR_PAGE.encode("utf-8"), name="page.txt")
    doc = parse(raw, Settings())
    assert doc.meta.get("markup") == "html"
    assert doc.title == "青山教育集团三月联合教研纪实"
    assert all(doc.text[b.start:b.end] == b.text for b in doc.blocks)
    plain_raw = RawInput(source="p.txt", data="一、工作目标\n做好教研。\n".encode(), name="p.txt")
    plain = parse(plain_raw, Settings())
    assert "markup" not in plain.meta


@pytest.mark.parametrize("text", [
    "第3周：<第一单元>练习，比较 a<b 与 b>c 的大小",  # angle brackets that are no tags
    "孩子们笑了(>_<)，又笑了(๑><๑)",
    "课件中写了<p>标签的用法",  # one tag quoted in prose
    "研发部R&D;负责&amp;",  # one entity, one look-alike
])
def test_markup_plain_text_stays_as_written(text: str) -> None:
    assert not has_markup(text)
    assert readable(text) == (text, False)
    assert _read(text) == text


def test_markup_tables_comments_and_scripts() -> None:
    source = ("<!-- 编辑器 --><style>p {color: red}</style><table><tr><td>周次</td><td>内容</td></tr>"
              "<tr><td>第2周</td><td>教研组长会议</td></tr></table><script>var a = '<p>';</script>")
    assert strip_markup(source) == "周次\t内容\n第2周\t教研组长会议"


def test_markup_numeric_entities_and_upper_case_tags() -> None:
    source = "<P>一&#12289;计划</P><BR><P ALIGN='center'>&#x4E8C;、总结</P>"
    assert strip_markup(source) == "一、计划\n二、总结"


def test_markup_unclosed_tags_are_no_markup() -> None:
    """Twenty thousand tags that never close hold no markup and stay as written. The attribute
    pattern reads each character one way, so this returns at once; a pattern that could backtrack
    would not finish here (tests/hostile/cases.py runs 200,000 of them through `miner ingest`;
    benchmarks/hostile_bench.py times it)."""
    hostile = '<p class="' + "<span " * 20000 + "教研" * 1000
    assert readable(hostile) == (hostile, False)
