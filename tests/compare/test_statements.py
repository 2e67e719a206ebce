"""Tests for miner.compare.statements: cancellations (未能, 取消, 暂缓) and postponements (推迟至)."""

from __future__ import annotations

import datetime as dt

import pytest

from miner.compare.statements import cancellations, inside, redate, with_names
from miner.extract import find_period
from miner.records import Activity

TEXT = ("本学期共开展联合教研5次。原定第11周的学科视导，因台风停课未能开展。"
        "小学数学联片教研推迟至5月下旬在城南小学举行。体育学科因新桥中学操场改造，暂缓举行。"
        "期末质量分析会如期召开。")


def test_statements_find_what_did_not_happen() -> None:
    found = cancellations(TEXT, "s")
    assert [s.evidence for s in found] == ["原定第11周的学科视导，因台风停课未能开展",
                                           "体育学科因新桥中学操场改造，暂缓举行"]
    assert all(s.mood == "reported" and TEXT[s.start:s.end] == s.evidence for s in found)


@pytest.mark.parametrize("sentence", [
    "原定4月的送教活动未能如期举行，推迟至5月下旬进行。",
    "读书节活动如期举行。",
    "不取消任何一项常规检查。",
])
def test_statements_moved_or_held_is_not_cancelled(sentence: str) -> None:
    assert cancellations(sentence, "s") == ()


def test_statements_activity_read_from_a_cancellation_is_not_a_report() -> None:
    found = cancellations(TEXT, "s")
    at = TEXT.index("学科视导")
    read = Activity("s", "A2", "inspection", "学科视导", at, at + 4, "reported", name="学科视导")
    at = TEXT.index("期末")
    held = Activity("s", "A3", "quality_analysis", "期末质量分析会", at, at + 7, "reported")
    assert inside(read, found) and not inside(held, found)


def test_statements_name_the_plan_schools_and_subjects() -> None:
    plan = Activity("p", "A8", "joint_research", "学科联合教研", 0, 6, "planned", schools=("新桥中学",),
                    subjects=("体育",))
    named = with_names(cancellations(TEXT, "s"), [plan])
    assert named[1].schools == ("新桥中学",) and named[1].subjects == ("体育",)
    assert named[0].schools == ()


def test_statements_postponed_activity_gets_the_date_it_took_place() -> None:
    period = find_period("2024学年第二学期", "")
    at = TEXT.index("小学数学联片教研")
    report = Activity("s", "A4", "joint_research", "小学数学联片教研", at, at + 8, "reported",
                      date_start=dt.date(2025, 4, 11), date_end=dt.date(2025, 4, 20), time_text="4月中旬")
    (moved,), notes = redate([report], TEXT, period)
    assert (moved.date_start, moved.date_end) == (dt.date(2025, 5, 21), dt.date(2025, 5, 31))
    assert "推迟至5月下旬" in notes["A4"] and "4月中旬" in notes["A4"]
