"""Tests for miner.extract.mentions.schools.context: inline readings, the title's school, bodies."""

from __future__ import annotations

import pytest

from miner.extract.lexicons.school_rules import load_rules
from miner.extract.mentions.schools.context import is_generic, readings, title_owner, without_readings


def test_school_context_readings_map_back_to_the_original() -> None:
    text = "石門(mén)學(xué)校與(yǔ)青石小學(xué)。"
    found = readings(text)
    assert found is not None
    assert found.plain == "石門學校與青石小學。"
    start = found.plain.index("青石小學")
    a, b = found.span(start, start + 4)
    assert text[a:b] == "青石小學(xué)"  # the reading of the last character stays with it
    a, b = found.span(0, 4)
    assert text[a:b] == "石門(mén)學(xué)校"
    assert without_readings("玉泉小學(xué)教育集團(tuán)") == "玉泉小學教育集團"


@pytest.mark.parametrize("text", ["城南小学(东校区)开展活动", "见附件(pdf)", "第(3)条", "无括号的文本"])
def test_school_context_ascii_brackets_that_are_not_readings(text: str) -> None:
    assert readings(text) is None
    assert without_readings(text) == text


def _owner(text: str, name: str) -> str | None:
    at = text.find(name)
    return title_owner(text, [(at, at + len(name))], load_rules())


def test_school_context_title_owner() -> None:
    assert _owner("东湖小学2024学年行事历\n九月 开学", "东湖小学") == "东湖小学"
    assert _owner("首页 > 东湖小学工作总结\n一年来", "东湖小学") == "东湖小学"
    assert _owner("东湖小学\n语文教研组工作计划\n一、", "东湖小学") is None  # the line names it only
    assert _owner("东湖小学语文教研组工作计划\n一、", "东湖小学") is None  # a 教研组's document
    assert _owner("东湖小学开展活动，学生参加。\n", "东湖小学") is None  # a sentence, not a title
    assert _owner("东湖小学2024学年行事历", "东湖小学") is None  # nothing after it: no document


@pytest.mark.parametrize(("text", "owner"), [
    ("2025学年第一学期工作计划\n东湖小学\n一、本学期", "东湖小学"),  # the name under its title
    ("东湖小学\n第三周工作安排\n周一 升旗", "东湖小学"),  # the name above it
    ("通知\n东湖小学\n各位老师", None),  # no title beside the name
    ("东湖小学\n数学教研组工作总结\n本学期", None),  # the title of a 教研组 of the school
    ("东湖小学\n西岭小学来访，双方开展交流。\n", None),  # a sentence, not a title
])
def test_school_context_title_owner_on_a_line_of_its_own_beside_the_title(text: str,
                                                                            owner: str | None) -> None:
    assert _owner(text, "东湖小学") == owner


@pytest.mark.parametrize(("text", "owner"), [
    ("东湖小学：2025学年第二学期教学工作计划\n一、本学期", "东湖小学"),  # a colon parts name and title
    ("东湖小学 2025学年工作计划\n一、", "东湖小学"),  # so does a space
    ("东湖小学2025学年工作计划  发布时间：2025-02-20  阅读：35\n一、", "东湖小学"),  # the stamp after it
    ("《东湖小学2025学年工作计划》\n一、", "东湖小学"),  # the title in title marks
    ("东湖小学：本周与西岭小学开展交流，效果很好。\n一、", None),  # a sentence after the colon
    ("东湖小学 数学教研组工作计划\n一、", None),  # a 教研组's title after the space
])
def test_school_context_title_owner_parted_from_its_title(text: str, owner: str | None) -> None:
    assert _owner(text, "东湖小学") == owner


@pytest.mark.parametrize(("body", "suffix", "generic"), [
    ("参评", "学校", True), ("2016", "小学", True), ("晋江市", "小学", True), ("城区乡镇", "幼儿园", True),
    ("优秀", "学校", True), ("家庭社会和", "学校", True), ("联盟组共同体", "学校", True),
    ("和县", "中学", False), ("东湖", "小学", False), ("快乐", "幼儿园", False), ("十一", "学校", False),
    ("方召寄宿制", "学校", False), ("群星美术", "学校", False),
])
def test_school_context_describing_bodies(body: str, suffix: str, generic: bool) -> None:
    assert is_generic(body, suffix, load_rules()) is generic
