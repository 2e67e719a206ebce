"""Tests for miner.parse.text: the plain-text reader (encodings, structure, tables, furniture, date)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from opencc import OpenCC

import miner.parse.text  # noqa: F401  (registers the reader)
from miner.errors import ParseError
from miner.parse.builder import check_offsets
from miner.parse.registry import READERS, parse
from miner.records import Block, Document, RawInput
from miner.settings import Settings

SEEDS = Path(__file__).resolve().parents[2] / "corpora" / "seeds"

PAGE = """关于2022学年第一学期集团教研活动的安排
发布时间：2022年9月5日  来源：集团办公室  点击数：128

一、活动目的
　　为加强集团内学校之间的交流，促进教师专业成长，特制定本安排。
二、活动安排

\t时间
\t内容
\t承办学校

\t第一学期
\t第3周
\t语文   集体备课
\t东湖小学

\t
\t第7周
\t数学同课异构
\t西湖中学

三、有关要求
1、各校按时参加。
2、活动前做好准备。

    东湖教育集团
      2022年9月
Copyright 2022 东湖小学 版权所有
备案号：浙ICP备12345678号-1
"""


def _read(data: bytes, name: str = "plan.txt", content_type: str | None = None) -> Document:
    raw = RawInput(source=name, data=data, name=name, content_type=content_type)
    return READERS["txt"].read(raw, "doc", Settings())


def _tables(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.kind == "table"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "big5"])
def test_text_reads_every_encoding(encoding: str) -> None:
    source = PAGE if encoding != "big5" else OpenCC("s2tw").convert(PAGE)
    doc = _read(source.replace("\n", "\r\n").encode(encoding))
    check_offsets(doc)
    assert doc.title.endswith("的安排")
    assert len(_tables(doc)) == 1
    assert "\r" not in doc.text


def test_text_page_blocks_date_and_furniture() -> None:
    doc = _read(PAGE.encode("gbk"), content_type="text/plain; charset=GB2312")
    check_offsets(doc)
    assert doc.encoding == "gb18030"
    assert doc.title == "关于2022学年第一学期集团教研活动的安排"
    assert doc.published == dt.date(2022, 9, 5)
    assert doc.published_text == "2022年9月5日"
    furniture = doc.meta["furniture"]
    assert any("点击数" in f for f in furniture)
    assert any("Copyright" in f for f in furniture) and any("ICP" in f for f in furniture)
    for (start, end), line in zip(doc.meta["furniture_spans"], furniture, strict=True):
        assert doc.text[start:end] == line
    assert "Copyright 2022 东湖小学" in doc.text  # kept in the text, as written
    assert not any("Copyright" in b.text or "点击数" in b.text for b in doc.blocks)
    kinds = [(b.kind, b.level) for b in doc.blocks]
    assert kinds[0] == ("heading", 0)
    assert ("heading", 1) in kinds and ("list_item", 3) in kinds
    table = _tables(doc)[0]
    rows = [[c.text for c in row] for row in table.rows]
    assert rows == [["时间", "时间", "内容", "承办学校"], ["第一学期", "第3周", "语文 集体备课", "东湖小学"],
                    ["第一学期", "第7周", "数学同课异构", "西湖中学"]]
    assert table.rows[2][0].carried and table.header


def test_text_body_dates_are_not_the_page_date() -> None:
    doc = _read("集团工作计划\n一、安排\n时间：2021年10月15日 地点：东湖小学\n".encode())
    assert doc.published is None


@pytest.mark.parametrize(("text", "published"), [
    # a date alone on its line under the title, with or without a clock time: the page's date
    ("青桐小学开展读书节活动\n2023-04-21 09:15:07\n4月20日，青桐小学举行读书节开幕式。\n",
     dt.date(2023, 4, 21)),
    ("青桐小学年度工作小结\n求真务实谋发展\n2024.12.18\n一年来，学校各项工作稳步推进。\n",
     dt.date(2024, 12, 18)),
    # a dated sentence is no page date, nor a bare date far below the title (a signature)
    ("青桐小学工作计划\n2024年3月5日召开全体教师会议\n", None),
    ("青桐小学工作总结\n一、教学\n二、德育\n三、后勤\n四、安全\n2024年1月20日\n", None),
])
def test_text_a_bare_date_under_the_title_is_the_page_date(text: str, published: dt.date | None) -> None:
    doc = _read(text.encode())
    assert doc.published == published
    if published is not None:  # it is furniture, as a labelled stamp is
        assert any(published.strftime("%Y") in f for f in doc.meta["furniture"])


def test_text_binary_with_txt_name_is_refused() -> None:
    with pytest.raises(ParseError) as err:
        parse(RawInput(source="x.txt", data=bytes(range(256)) * 8, name="x.txt"), Settings())
    assert err.value.code == "P004"


@pytest.fixture(scope="module")
def seed_docs() -> dict[str, Document]:
    assert SEEDS.is_dir(), f"seed documents missing from {SEEDS}"
    return {p.stem: _read(p.read_bytes(), p.name) for p in sorted(SEEDS.glob("*.txt"))}


def test_text_seed_plan_tables(seed_docs: dict[str, Document]) -> None:
    doc = seed_docs["000_9f62288991de7d4a"]
    check_offsets(doc)
    tables = _tables(doc)
    assert len(tables) == 4 and all(t.header for t in tables)
    rows = {tuple(c.text for c in row) for t in tables for row in t.rows}
    assert ("第一学期", "第10周", "强校工程推进专题研讨", "西渡学校") in rows
    assert ("第二学期", "第8周", "光明学校 中小学数学", "待定") in rows
    assert [len(t.rows) for t in tables] == [5, 7, 3, 7]


def test_text_seed_summary_date_and_footer(seed_docs: dict[str, Document]) -> None:
    doc = seed_docs["002_34e6ba631131a9b5"]
    check_offsets(doc)
    assert doc.published_text == "2021-12-28"
    assert "苏州市吴江区青云中学" in doc.text
    assert len(doc.meta["furniture"]) == 3


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_text_csv_is_read_as_one_table(delimiter: str) -> None:
    rows = [["2022学年集团教研活动安排", "", ""], ["日期", "活动内容", "承办学校"],
            ["9月15日", "语文  联合教研", "东湖小学"], ["10月20日", "数学同课异构,第二轮", "西湖中学"]]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    raw = RawInput(source="plan.csv", data=out.getvalue().encode("gbk"), name="plan.csv")
    doc = parse(raw, Settings())
    check_offsets(doc)
    assert doc.format == "csv" and doc.title == "2022学年集团教研活动安排"
    (table,) = _tables(doc)
    assert table.header
    assert [[c.text for c in row] for row in table.rows][1:] == [
        ["9月15日", "语文 联合教研", "东湖小学"], ["10月20日", "数学同课异构,第二轮", "西湖中学"]]


@pytest.mark.parametrize("line, furniture", [
    ("日期:2021-12-28 15:52:23  浏览量:0", True),
    ("当前位置：首页 > 集团动态 > 正文", True),
    ("浏览次数：[ 35 ]", True),
    ("Copyright 2020 苏州市某某中学 All Rights Reserved", True),
    ("备案号:苏ICP备10212025号-1", True),
    ("【打印本页】【关闭窗口】", True),
    ("上一篇：关于开展读书节活动的通知", True),
    ("学生课外阅读20次以上，阅读量达到200万字。", False),
    ("主办单位：东湖小学", False),
    ("全年共开展互访活动12次，参与教师300余人次。", False),
    ("时间：10月底", False),
    ("加强知识产权和版权保护教育。", False),
])
def test_text_furniture_lines(line: str, furniture: bool) -> None:
    doc = _read(f"集团工作计划\n一、工作安排\n{line}\n二、保障措施\n".encode())
    assert (line in doc.meta["furniture"]) is furniture
    assert any(b.text == line for b in doc.blocks) is not furniture
