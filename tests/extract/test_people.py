"""Tests for miner.extract.mentions.people: names only with a cue (brackets, titles, labels, verbs)."""

from __future__ import annotations

import pytest

from miner.extract.mentions.people import find_people


@pytest.mark.parametrize(("text", "expected"), [
    ("特色课程老师：剪纸（陆红梅） 竹编（蒋子轩）", ["陆红梅", "蒋子轩"]),
    ("名师带教：数学2（钱国平 孙丽）；英语1 杜文静；物理1韩雪", ["钱国平", "孙丽", "杜文静", "韩雪"]),
    ("由张三执教，主讲人：李四", ["张三", "李四"]),
    ("请欧阳明老师作讲座", ["欧阳明"]),
    ("学校李明老师和王佩红校长出席", ["李明", "王佩红"]),
    ("执教：王明、赵丽、孙晓峰", ["王明", "赵丽", "孙晓峰"]),
    ("由区教研员陈红主讲", ["陈红"]),
    ("听取了刘建国书记的报告", ["刘建国"]),
    ("指导教师：司马青", ["司马青"]),
    ("特邀郑永和执教示范课", ["郑永和"]),
])
def test_people_found_with_cues(text: str, expected: list[str]) -> None:
    assert [p.text for p in find_people(text)] == expected


@pytest.mark.parametrize("text", [
    "全体老师参加，各位老师辛苦了",
    "任课老师、班主任共同参与",
    "（城南小学、江山小学）",
    "（试行）（高一）",
    "张校长讲话",
    "骨干老师参加开课活动",
    "王明李华周末加班",
    "年轻教师成长很快",
])
def test_people_no_name_without_cue(text: str) -> None:
    assert find_people(text) == []


def test_people_offsets_point_at_surface() -> None:
    text = "主讲人：黄晓明；由周雨执教"
    for p in find_people(text):
        assert text[p.start:p.end] == p.text


@pytest.mark.parametrize(("text", "expected"), [
    ("派出骨干教师陈思琪、吴悦执教示范活动", ["陈思琪", "吴悦"]),
    ("由张三、李四执教", ["张三", "李四"]),
    ("李明执教《桥》", ["李明"]),
    ("骨干教师执教示范课，学校开设社团", []),
])
def test_people_lists_before_teaching_verbs(text: str, expected: list[str]) -> None:
    assert [p.text for p in find_people(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("主讲：陈晓东教授、林芳副教授", ["陈晓东", "林芳"]),
    ("由城关二小高丽娟老师执教《秋天的雨》，区教研室刘建军主任作点评", ["高丽娟", "刘建军"]),
    ("由陳明華老師執教", ["陳明華"]),
])
def test_people_titles_and_traditional(text: str, expected: list[str]) -> None:
    assert [p.text for p in find_people(text)] == expected
