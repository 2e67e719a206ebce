"""Tests for miner.parse.flattened: tables flattened to one cell per line are rebuilt."""

from __future__ import annotations

import pytest

from miner.parse.builder import normalise
from miner.parse.flattened import rebuild_tables
from miner.records import Block


def _rebuild(raw: str, with_empty_cells: bool = True) -> tuple[str, list[Block]]:
    empty = {i for i, line in enumerate(raw.split("\n")) if line and not line.strip()}
    return rebuild_tables(normalise(raw), empty if with_empty_cells else ())


def _rows(block: Block) -> list[list[str]]:
    return [[c.text + ("*" if c.carried else "") for c in row] for row in block.rows]


def _check(text: str, blocks: list[Block]) -> None:
    for b in blocks:
        assert text[b.start:b.end] == b.text
        for row in b.rows:
            for c in row:
                assert text[c.start:c.end] == c.text


TABBED = """三、活动安排
\t日期
\t活动内容
\t承办学校

\t上学期
\t 第2周
\t新教师  亮相课展示
\t东湖小学

\t
\t第9周
\t   青年教师   基本功比赛
\t西湖中学

\t下学期
\t第5周
\t 质量分析会
\t南山学校


四、保障措施
"""


@pytest.mark.parametrize("with_empty_cells", [True, False])
def test_flattened_tabbed_table_with_spanning_term(with_empty_cells: bool) -> None:
    text, blocks = _rebuild(TABBED, with_empty_cells)
    _check(text, blocks)
    assert len(blocks) == 1
    table = blocks[0]
    assert table.kind == "table" and table.header
    assert _rows(table) == [
        ["日期", "日期*", "活动内容", "承办学校"],
        ["上学期", "第2周", "新教师 亮相课展示", "东湖小学"],
        ["上学期*", "第9周", "青年教师 基本功比赛", "西湖中学"],
        ["下学期", "第5周", "质量分析会", "南山学校"],
    ]
    carried = table.rows[2][0]
    assert carried.carried and text[carried.start:carried.end] == "上学期"
    assert carried.start == table.rows[1][0].start  # points at the original cell
    assert "四、保障措施" in text and "三、活动安排" in text


def test_flattened_only_table_cells_change() -> None:
    text, _ = _rebuild(TABBED)
    assert text.replace(" ", "") == normalise(TABBED).replace(" ", "")


@pytest.mark.parametrize("header", [["时间", "内容", "地点", "负责人"],
                                    ["周次", "主题", "承办学校", "参加对象"]])
def test_flattened_plain_rows_with_header_words(header: list[str]) -> None:
    rows = [["3月8日", "语文集体备课", "实验小学", "王老师"],
            ["3月22日", "数学同课异构", "东湖小学", "李老师"],
            ["4月12日", "英语 教学 研讨", "西湖中学", "赵老师"]]
    body = "\n\n".join("\n".join(r) for r in [header] + rows)
    raw = "计划如下：\n\n" + body + "\n\n以上安排如有变动另行通知。\n"
    text, blocks = _rebuild(raw)
    _check(text, blocks)
    assert len(blocks) == 1 and blocks[0].header
    assert _rows(blocks[0]) == [header, *[[" ".join(c.split()) for c in r] for r in rows]]


def test_flattened_headerless_rows_with_a_typed_column() -> None:
    raw = "\n\n".join(["第3周\n语文联合教研\n东湖小学", "第6周\n数学联合教研\n西湖中学",
                       "第9周\n英语联合教研\n南山学校", "第12周\n科学联合教研\n北城小学"])
    text, blocks = _rebuild("说明\n\n" + raw + "\n")
    _check(text, blocks)
    assert len(blocks) == 1 and not blocks[0].header
    assert [r[0] for r in _rows(blocks[0])] == ["第3周", "第6周", "第9周", "第12周"]


def test_flattened_header_shorter_than_rows_spans_time_column() -> None:
    raw = ("\t学校\n\t时间\n\t内容\n\n\t东湖小学\n\t上学期\n\t第3周\n\t语文\n\n"
           "\t西湖中学\n\t下学期\n\t第4周\n\t数学\n")
    text, blocks = _rebuild(raw)
    assert _rows(blocks[0])[0] == ["学校", "时间", "时间*", "内容"]


@pytest.mark.parametrize("raw", [
    # paragraphs separated by blank lines
    "一、指导思想\n\n以立德树人为根本任务，推进集团化办学。\n\n二、工作目标\n\n提升各校教育教学质量，促进均衡发展。\n",
    # short lines in pairs without any typed column or header
    "春风\n杨柳\n\n夏雨\n荷花\n\n秋月\n桂花\n\n冬雪\n梅花\n",
    # a calendar of numbered items
    "9月：\n\n1、召开校长会议\n\n2、教学视导\n\n10月：\n\n1、联合教研\n2、青年教师比武\n",
    # a signature block
    "铜青桃协作型教育集团\n\n202112\n",
    # groups of unequal length without a header
    "第1周\n开学工作\n\n第2周\n教研组会议\n备课组会议\n集体备课\n\n第3周\n",
])
def test_flattened_leaves_paragraphs_alone(raw: str) -> None:
    text, blocks = _rebuild(raw)
    assert blocks == []
    assert text == normalise(raw)


def test_flattened_two_tables_in_one_run_are_split_at_the_second_header() -> None:
    raw = ("\t时间\n\t主题\n\n\t第1周\n\t开学研讨\n\n\t第5周\n\t质量分析\n\n"
           "\t日期\n\t学校\n\n\t3月\n\t东湖小学\n\n\t4月\n\t西湖中学\n")
    text, blocks = _rebuild(raw)
    _check(text, blocks)
    assert [_rows(b)[0] for b in blocks] == [["时间", "主题"], ["日期", "学校"]]
    assert [len(b.rows) for b in blocks] == [3, 3]


def test_flattened_trailing_empty_cells_are_not_carried() -> None:
    raw = ("\t时间\n\t学校\n\t具体内容\n\n\t第一学期\n\t10月\n\t东湖小学\n\t\n\n"
           "\t\n\t11月\n\t西湖中学\n\t\n\n\t第二学期\n\t3月\n\t南山学校\n\t\n")
    for flag in (True, False):
        text, blocks = _rebuild(raw, flag)
        _check(text, blocks)
        assert _rows(blocks[0])[1:] == [["第一学期", "10月", "东湖小学", ""],
                                        ["第一学期*", "11月", "西湖中学", ""],
                                        ["第二学期", "3月", "南山学校", ""]]


def test_flattened_tab_separated_rows() -> None:
    raw = ("安排如下：\n时间\t内容\t地点\n3月5日\t语文  集体备课\t东湖小学\n"
           "3月19日\t数学研讨\t西湖中学\n\n其他说明。\n")
    text, blocks = _rebuild(raw)
    _check(text, blocks)
    assert len(blocks) == 1 and blocks[0].header
    assert _rows(blocks[0]) == [["时间", "内容", "地点"], ["3月5日", "语文 集体备课", "东湖小学"],
                                ["3月19日", "数学研讨", "西湖中学"]]
    assert text.startswith("安排如下：\n时间\t内容\t地点\n") and text.endswith("其他说明。\n")


@pytest.mark.parametrize("raw", [
    "10月：\n1、教学视导   东湖小学\n2、联合教研   西湖中学  语文  第8周\n3、毕业班研讨  南山学校 第7周\n",
    "名单\t张三\n地点\t东湖小学\n",  # two rows without a header
    "第1周\t开学\n第2周\t教研\t备课\n第3周\t研讨\n",  # uneven rows
])
def test_flattened_rows_need_tabs_and_an_even_shape(raw: str) -> None:
    assert _rebuild(raw)[1] == []


def test_flattened_numbered_rows_without_tabs() -> None:
    groups = [["序号", "时间", "活动名称", "参与学校"], ["1", "9月6日", "开学工作会议", "东湖小学、西湖中学"],
              ["2", "9月20日", "同步课堂启动仪式", "南山学校"], ["3", "10月12日", "送教下乡活动", "北城小学"]]
    raw = "一、主要活动统计\n\n" + "\n\n".join("\n".join(g) for g in groups) + "\n\n二、主要成效\n"
    text, blocks = _rebuild(raw)
    _check(text, blocks)
    assert len(blocks) == 1 and blocks[0].header
    assert _rows(blocks[0]) == groups
