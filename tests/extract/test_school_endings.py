"""Tests for miner.extract.mentions.schools.endings and body: template blanks, the shared left-edge memo."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from miner.extract.lexicons.school_rules import load_rules, parse_rules
from miner.extract.mentions.schools.body import left_body
from miner.extract.mentions.schools.canonical import NameParts, _Affixes, _target
from miner.extract.mentions.schools.context import is_generic
from miner.extract.mentions.schools.finder import find_schools


def _surfaces(text: str) -> list[str]:
    return [m.text for m in find_schools(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("XX市第三中学全体教师认真学习了新课标", []),
    ("本学年xx县实验小学将继续开展读书月活动", []),
    ("××镇第一小学与东山小学结成对子", ["东山小学"]),
    ("某县第五中学的老师来校听课", []),
    ("＊＊中学教导处工作要点", []),
    ("XX一中和西湖小学联合举办", ["西湖小学"]),
    ("ＸＸ区实验幼儿园工作计划", []),
])
def test_endings_template_blank_names_no_school(text: str, expected: list[str]) -> None:
    # a template essay's blank (XX, ××, 某) stands where a name goes: the ending after it names no school
    assert _surfaces(text) == expected


@pytest.mark.parametrize("text", [
    "本周二到城东小学观摩，周三赴湖畔实验学校交流",
    "三月在溪口镇中心小学召开会议",
    "与望湖城幼儿园结对",
    "在全体教师会上布置各学校的工作",
])
def test_endings_still_find_names_next_to_latin_letters(text: str) -> None:
    # (the blank needs two letters or a 某: a name after one capital or after a digit is untouched)
    assert _surfaces(text) == _surfaces("。" + text)


def _copy_of_rules():  # the shipped rules, parsed again: not the cached object
    text = resources.files("miner.data").joinpath("schools.toml").read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text))


@pytest.mark.parametrize("text", [
    "组织教师到城南实验小学听课", "二〇二四年赴和美幼儿园学习", "语文组高桥小学", "各学校要高度重视",
    "到展春园幼儿园交流", "应举镇发展小学", "全区中小学",
])
def test_body_shared_memo_gives_what_any_rules_give(text: str) -> None:
    # the left edge under the shipped rules is kept across texts; any other rules object (here an
    # equal copy) computes it afresh, and both agree
    shipped, copy = load_rules(), _copy_of_rules()
    assert copy is not shipped
    for m in shipped.suffix_re.finditer(text):
        s, ending = m.start(), m.group()
        assert left_body(text, 0, s, shipped, ending) == left_body(text, 0, s, copy, ending)
        body = text[left_body(text, 0, m.start(), shipped):m.start()]
        assert is_generic(body, m.group(), shipped) == is_generic(body, m.group(), copy)


def test_canonical_affix_index_picks_what_a_scan_picks() -> None:
    forms = ["青云中学", "苏州市吴江区青云中学", "佳诚中学", "盛泽佳诚中学", "育秀学校", "育秀实验学校",
             "城南小学", "城南实验小学", "城南第二小学",
             "城北小学", "城北实验小学", "城北中心小学", "二中", "第二中学", "凤桥中小", "凤桥中心小学"]
    parts = NameParts()
    ordered = sorted(forms, key=len)
    by_length = (ordered, [len(f) for f in ordered])
    affixes = _Affixes(ordered, (len(parts.suffix(f)[0]) for f in forms), map(len, forms))
    picked = {f: _target(f, forms, set(forms), parts, by_length, affixes) for f in forms}
    assert picked == {f: _target(f, forms, set(forms), parts, by_length) for f in forms}
    assert picked["佳诚中学"] == "盛泽佳诚中学" and picked["育秀学校"] == "育秀实验学校"
    assert picked["城南小学"] == "城南实验小学"  # (城南第二小学 is another school)
    assert picked["城北小学"] is None  # two longer forms could be meant: none is chosen


@pytest.mark.parametrize(("text", "expected"), [
    ("城关二中学生在市运会上获得团体第一", ["城关二中"]),
    ("县一小学生合唱队参加了汇演", ["县一小"]),
    ("实验二小学生到科技馆参观", ["实验二小"]),
    ("市五中学生会组织了献爱心活动", ["市五中"]),
    ("一小学生在放学路上拾到钱包", []),  # a pupil, no school: nothing names one before the numeral
    ("全镇三小学生获奖", []),
    ("全市中学生田径运动会开幕", []),
])
def test_endings_numbered_short_form_before_students(text: str, expected: list[str]) -> None:
    # 二中|学生: the students of a numbered school (中学生 is a word of its own only after no name)
    assert _surfaces(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("周三 语文组公开课育才小学 全体语文教师", ["育才小学"]),
    ("3月8日 教学工作会议红星中学 各校教导主任", ["红星中学"]),
    ("专题讲座明德小学", ["明德小学"]),
    ("数学优质课评比城关二小", ["城关二小"]),
    ("毕业班质量分析会城西中学", ["城西中学"]),
])
def test_body_event_words_of_a_flattened_row_are_not_part_of_the_name(text: str, expected: list[str]) -> None:
    # a table row flattened without separators puts the event right before the place it is held
    assert _surfaces(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("城南小学东校区和西校区的老师一起备课", ["城南小学东校区"]),
    ("城南小学北校区与南校区同时开展演练", ["城南小学北校区"]),
    ("和平校区开展活动", ["和平校区"]),  # (和平 is a name: 和 opens it)
])
def test_endings_a_joiner_before_a_side_campus_is_no_part_of_it(text: str, expected: list[str]) -> None:
    # 东校区和|西校区: 和 joins two campuses; it does not open the second one's name
    assert _surfaces(text) == expected
