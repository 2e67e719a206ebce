"""Tests for miner.extract.text.segment: lazy jieba word boundaries equal those of the whole text."""

from __future__ import annotations

import random

import jieba
import pytest

from miner.extract.text.segment import Boundaries


def _all_cuts(text: str) -> set[int]:
    cuts, pos = {0}, 0
    for word in jieba.lcut(text, HMM=False):
        pos += len(word)
        cuts.add(pos)
    return cuts


@pytest.mark.parametrize("text", [
    "",
    "语文",
    "集团语文教研活动在城东小学举行。",
    "2023学年第一学期第7周，初中数学组开展同课异构；小学英语组听课评课。",
    "一、工作目标\n（一）加强教研\n\t高中物理、化学、生物学科联合教研\r\n期末复习研讨",
    "Science课程 STEM+科创 3.5节/周 a-b_c%d#e&f",
    "鳳城實驗小學　數學組　　公開課",
    "  \n\n  ",
])
def test_segment_boundaries_match_whole_text(text: str) -> None:
    expected = _all_cuts(text)
    found = Boundaries(text)
    for pos in range(-2, len(text) + 3):
        assert (pos in found) == (pos in expected), (text, pos)


def test_segment_boundaries_random_mixtures() -> None:
    rng = random.Random(7)
    pieces = ["学校", "语文", "数学组", "教研", "活动", "，", "。", " ", "\n", "\r\n", "\t", "a", "B1",
              ".", "-", "%", "第", "周", "小学", "中学生", "、", "“", "”", "（", "）", "2024", "年"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 25)))
        expected = _all_cuts(text)
        found = Boundaries(text)
        assert {p for p in range(len(text) + 1) if p in found} == expected, text


def test_segment_boundaries_ignore_non_integers() -> None:
    found = Boundaries("语文教研")
    assert "语" not in found
    assert 0 in found and 4 in found
