"""Tests for miner.extract.mentions.times.atoms: atoms read by line (and cached) equal a whole-text scan."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miner.extract.mentions.times.atoms import _scan, find_atoms
from miner.extract.text.fold import fold


def _key(atoms: list) -> list[tuple]:
    return [(a.kind, a.start, a.end, sorted(a.fields.items(), key=str)) for a in atoms]


@pytest.mark.parametrize("text", [
    "",
    "2023学年第一学期工作计划\n第1周：开学典礼\n第2-3周 教研组长会议（周三下午）",
    "9月\n10日 集体备课\n1、10月上旬 青年教师赛课\n29月 (a list number glued to a month)",
    "2019年9月1日—2019年9月7日\n9.1-9.7 开学准备\n\n每周二、周四下午 教研活动",
    "国庆节前夕 安全教育\n期中考试后 质量分析会\n本学期 下学期 上半年\n",
    "二〇二一年 元月 十二月中旬\r\n每学期初 每月底 双周一上午",
])
def test_timepatterns_lines_equal_whole_scan(text: str) -> None:
    folded = fold(text)
    first = find_atoms(folded)
    again = find_atoms(folded)  # now from the line cache
    assert _key(first) == _key(_scan(folded))
    assert _key(again) == _key(first)


def test_timepatterns_cached_atoms_are_fresh_objects() -> None:
    folded = fold("2022学年上学期第3周周二\n")
    one, two = find_atoms(folded), find_atoms(folded)
    assert one and all(a is not b and a.fields is not b.fields for a, b in zip(one, two, strict=True))
    one[0].fields["term"] = 99  # a caller may change its atoms: the cache must not see it
    assert find_atoms(folded)[0].fields.get("term") != 99


_ALPHABET = [*"0123456789一二三四五六七八九十〇年月日号周第学期", *"上下半旬初末底中至到-、 .\n/：:（），。",
             "学年", "学期", "期中", "期末", "寒假", "国庆节", "元旦", "每周", "上旬", "下午", "2023",
             "第一学期", "星期"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40))
def test_timepatterns_random_texts_equal_whole_scan(parts: list[str]) -> None:
    folded = fold("".join(parts))
    assert _key(find_atoms(folded)) == _key(_scan(folded))
