"""School names: an honour or standing before 学校 (优秀, 绩优, 品位) and verbs whose object is a school
word (相信, 参照, 整治, 特邀) name no school (test text is our own)."""

from __future__ import annotations

import pytest

from miner.extract.mentions.schools.finder import find_schools


def _surfaces(text: str) -> list[str]:
    return [m.text for m in find_schools(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # an honour a school holds is said with 优秀 / 绩优 / 品位 before 学校: the school is named before it
    ("东湖中学曾获评“全省阅读推广优秀学校”称号", ["东湖中学"]),
    ("本届朗读比赛评出团体绩优学校五所", []),
    ("全体教职工朝着高品位学校的目标努力", []),
    # a verb whose object is the school word: the verb is no part of a name
    ("相信实小的老师们一定能再创佳绩", []),
    ("幼儿园的作息时间参照小学执行", []),
    ("会同城管部门整治学校周边环境", []),
    ("本次培训特邀幼儿园骨干教师分享经验", []),
    # the names themselves stay whole
    ("参观了桂湖中学和南湾小学", ["桂湖中学", "南湾小学"]),
])
def test_schools_honour_or_verb_before_school_word(text: str, expected: list[str]) -> None:
    assert _surfaces(text) == expected
