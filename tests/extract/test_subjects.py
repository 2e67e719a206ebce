"""Tests for miner.extract.mentions.subjects: stage prefixes kept, bare subjects, no hits in other words."""

from __future__ import annotations

import re

import pytest

from miner.extract.lexicons.taxonomy import load_taxonomy
from miner.extract.mentions.subjects import find_subjects, load_subject_rules, parse_subject_rules
from miner.extract.text.regexes import longest_words, trie_alternation


def _found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.canonical) for m in find_subjects(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("第4周  梧桐学校    中小学语文\n", [("中小学语文", "语文")]),
    ("枫林学校      中小学道德与法治  ", [("中小学道德与法治", "道德与法治")]),
    ("西塘学校  中学史地 ", [("中学史地", "史地")]),
    ("初中英语教研活动在城南中学举行", [("初中英语", "英语")]),
    ("小学数学组和高中物理组联合备课", [("小学数学", "数学"), ("高中物理", "物理")]),
    ("小学科学教研活动", [("小学科学", "科学")]),
    ("大语文阅读课程", [("大语文", "语文")]),
    ("政治、历史、地理三科教师参加", [("政治", "政治"), ("历史", "历史"), ("地理", "地理")]),
    ("体育课和音乐课展示", [("体育", "体育"), ("音乐", "音乐")]),
    ("心理健康教育讲座", [("心理健康", "心理健康")]),
    ("道法、思品两科合并教研", [("道法", "道德与法治"), ("思品", "思想品德")]),
    ("九年级化学复习研讨", [("九年级化学", "化学")]),
    ("高中生物学业水平测试分析", [("高中生物", "生物")]),
    ("信息技术与通用技术学科", [("信息技术", "信息技术"), ("通用技术", "通用技术")]),
    ("语文2（张红）；生命科学1 李明", [("语文", "语文"), ("生命科学", "生命科学")]),
    ("月湖小学      艺术\n", [("艺术", "艺术")]),
    ("渭塘实验小学承办了小学数学联合教研活动", [("小学数学", "数学")]),
    ("开展了初中英语中考复习研讨会", [("初中英语", "英语")]),
    ("学前教育联合教研活动", [("学前教育", "学前教育")]),
    ("小學語文教研，初中英語組", [("小學語文", "语文"), ("初中英語", "英语")]),
])
def test_subjects_found_with_stage_prefix(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize("text", [
    "推进管理数学化与科学化",
    "区少体校运动会",
    "学生生物钟紊乱",
    "具有历史性意义的一年",
    "学校地理位置优越",
    "提高政治站位，加强政治理论学习",
    "举办校园艺术节",
    "科学合理安排作息时间",
    "更加科学规范地开展工作",
    "参观市美术馆",
    "加强文化学习",
    "组织劳动节慰问",
])
def test_subjects_not_inside_other_words(text: str) -> None:
    assert _found(text) == []


def test_subjects_school_name_is_not_a_stage_prefix() -> None:
    assert _found("江山小学数学组开课") == [("数学", "数学")]


def test_subjects_offsets_point_at_surface() -> None:
    text = "第8周 光明学校 中小学数学；12月 初中英语"
    for m in find_subjects(text):
        assert text[m.start:m.end] == m.text


def test_subjects_rules_validation() -> None:
    with pytest.raises(ValueError, match="canonical"):
        parse_subject_rules({"subject": [{"aliases": ["x"]}]})
    with pytest.raises(ValueError, match="twice"):
        parse_subject_rules({"subject": [{"canonical": "语文"}, {"canonical": "语文"}]})


_TRIE_TEXTS = [
    "中小学语文、初中数学与高中英语组联合教研，小学科学课堂展示。",
    "集团开展教研活动暨专题讲座，组织青年教师基本功比赛和课题研讨会。",
    "中学历史与社会、道德与法治、信息技术；幼儿园美术活动。",
    "初高中物理化学生物实验教学研讨",
    "",
    "ABC 123 没有任何学科的句子。",
]


@pytest.mark.parametrize("text", _TRIE_TEXTS)
def test_subjects_pattern_equals_longest_first_lists(text: str) -> None:
    """The trie-shaped subject expression finds exactly what longest-first alternations find."""
    rules = load_subject_rules()
    subject_alt = "|".join(map(re.escape, sorted(rules.by_surface, key=len, reverse=True)))
    stage_alt = "|".join(map(re.escape, rules.stages))
    plain = re.compile(rf"(?P<stage>{stage_alt})?(?P<subject>{subject_alt})")
    got = [(m.span(), m.group("stage"), m.group("subject")) for m in rules.pattern.finditer(text)]
    want = [(m.span(), m.group("stage"), m.group("subject")) for m in plain.finditer(text)]
    assert got == want


@pytest.mark.parametrize("text", _TRIE_TEXTS + ["教研教研组教研活动研讨会议", "讲座讲座讲座"])
def test_subjects_longest_words_equals_lookahead_list(text: str) -> None:
    """The taxonomy's word finder (a trie, searched on from each start + 1) finds, at every position,
    the longest word, exactly like a longest-first alternation inside a lookahead."""
    words = ["教研", "教研组", "教研活动", "研讨", "研讨会", "讲座", "专题讲座", "比赛", "基本功比赛", "会议"]
    words += list(load_taxonomy().words)
    plain = re.compile("(?=(" + "|".join(map(re.escape, sorted(set(words), key=len, reverse=True))) + "))")
    fast = longest_words(re.compile(trie_alternation(words)), text)
    assert [(m.start(), m.group()) for m in fast] == \
        [(m.start(), m.group(1)) for m in plain.finditer(text)]


@pytest.mark.parametrize(("words", "text", "expected"), [
    (["语文", "语文组", "语"], "语文组语文语", ["语文组", "语文", "语"]),
    (["数学"], "没有", []),
    ([], "语文", []),
])
def test_subjects_trie_alternation_prefers_longest(words: list[str], text: str, expected: list[str]) -> None:
    found = re.findall(f"(?:{trie_alternation(words)})", text) if words else []
    assert found == expected
