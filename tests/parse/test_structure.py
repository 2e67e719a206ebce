"""Tests for miner.parse.structure: lines of plain text → headings, list items, paragraphs."""

from __future__ import annotations

import pytest

from miner.parse.structure import iter_lines, numbering, split_blocks
from miner.records import Block

BODY = "本学期集团将围绕课堂教学改革开展多层次的联合教研活动，促进各成员学校共同发展。"


def _check(text: str, blocks: list[Block]) -> None:
    for b in blocks:
        assert text[b.start:b.end] == b.text


@pytest.mark.parametrize("line, level, kind", [
    ("一、指导思想", 1, "heading"),
    ("十二、其他工作", 1, "heading"),
    ("第一部分 总体目标", 1, "heading"),
    ("第三章　工作措施", 1, "heading"),
    ("（一）管理互通", 2, "heading"),
    ("(二) 教研联动", 2, "heading"),
    ("第二节 课程建设", 2, "heading"),
    ("1、集团各层面开展研讨互访活动。", 3, "list_item"),
    ("2.组织青年教师教学比武", 3, "list_item"),
    ("３．开展网络教研", 3, "list_item"),
    ("（1）语文学科", 4, "list_item"),
    ("(2)数学学科", 4, "list_item"),
    ("3)英语学科", 4, "list_item"),
    ("⑴制定计划", 4, "list_item"),
    ("①召开校长会议", 5, "list_item"),
    ("a. 语文组集体备课", 6, "list_item"),
    ("• 教研组长例会", 6, "list_item"),
])
def test_structure_numbering_levels(line: str, level: int, kind: str) -> None:
    found = numbering(line)
    assert found is not None
    assert found[:2] == (level, kind)


@pytest.mark.parametrize("line", ["1.5万元用于培训", "2019学年工作计划", "10月：", "第10周强校工程",
                                  "一起研讨", "22021年度三校开展了活动"])
def test_structure_not_numbering(line: str) -> None:
    assert numbering(line) is None


def test_structure_blocks_levels_and_offsets() -> None:
    text = "\n".join([
        "2022年实验教育集团工作计划",
        "",
        "一、指导思想",
        "\u3000\u3000" + BODY,
        "二、工作要点",
        "  （一）管理互通",
        "\t1、建立集团校长例会制度，每月召开一次。",
        "    （1）每月第一周召开。",
        "①会议由理事长学校主持。",
    ])
    blocks = split_blocks(text)
    _check(text, blocks)
    got = [(b.kind, b.level) for b in blocks]
    assert got == [("heading", 0), ("heading", 1), ("paragraph", 0), ("heading", 1), ("heading", 2),
                   ("list_item", 3), ("list_item", 4), ("list_item", 5)]
    assert blocks[2].text == BODY  # indentation by full-width spaces is not part of the block
    assert blocks[5].text.startswith("1、")


@pytest.mark.parametrize("indent", [" ", "    ", "\t", "\u3000\u3000", "\xa0 "])
def test_structure_indentation_is_stripped_exactly(indent: str) -> None:
    text = f"标题行\n{indent}一、指导思想\n{indent}{BODY}\n"
    blocks = split_blocks(text)
    _check(text, blocks)
    assert [b.text for b in blocks] == ["标题行", "一、指导思想", BODY]


def test_structure_long_numbered_line_is_a_list_item() -> None:
    text = "计划\n一、加强集团管理。本学期继续完善理事会制度，定期召开会议，研究集团发展问题。\n" + BODY
    blocks = split_blocks(text)
    assert (blocks[1].kind, blocks[1].level) == ("list_item", 1)


@pytest.mark.parametrize("lines, kinds", [
    (["学校课程建设", BODY], ["heading", "paragraph"]),
    (["9月：", "1、召开校长会议", "2、教学视导"], ["heading", "list_item", "list_item"]),
    (["主题：阅读指导课程建设", "时间：10月底"], ["paragraph", "paragraph"]),
    (["铜青桃协作型教育集团", "202112"], ["paragraph", "paragraph"]),
    (["结语", "以上是本学期的计划。"], ["paragraph", "paragraph"]),
    (["各成员学校：", "为加强集团内学校之间的交流，现将联合教研活动安排如下。"], ["paragraph", "paragraph"]),
])
def test_structure_unnumbered_headings(lines: list[str], kinds: list[str]) -> None:
    text = "\n".join(["文件标题"] + lines)
    blocks = split_blocks(text)
    assert [b.kind for b in blocks[1:]] == kinds


def test_structure_skip_and_table_spans() -> None:
    text = "标题\n浏览量:3\n3、课堂教学展示：\n时间\t学校\n第1周\t西渡学校\n" + BODY
    skip_start = text.index("浏览量")
    table_start = text.index("时间")
    table_end = text.index(BODY) - 1
    blocks = split_blocks(text, tables=[(table_start, table_end)], skip=[(skip_start, skip_start + 6)])
    _check(text, blocks)
    assert [b.text for b in blocks] == ["标题", "3、课堂教学展示：", BODY]


def test_structure_join_wrapped_lines() -> None:
    text = "标题\n本学期集团将围绕课堂教学改革开展\n多层次的联合教研活动。\n1、召开会议。"
    blocks = split_blocks(text, join_wrapped=True)
    _check(text, blocks)
    assert blocks[1].kind == "paragraph"
    assert blocks[1].text == "本学期集团将围绕课堂教学改革开展\n多层次的联合教研活动。"
    assert blocks[2].kind == "list_item"


def test_structure_iter_lines_positions() -> None:
    text = "a\n\n\t b \n"
    lines = list(iter_lines(text))
    assert [(x.text, x.start) for x in lines] == [("a", 0), ("", 2), ("b", 5), ("", 8)]
