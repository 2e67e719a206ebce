"""Tests for miner.extract.mentions.times.weekplan: a weekly plan's week dates its items (our own text)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from miner.extract import extract
from miner.extract.mentions.times.expressions import find_times
from miner.extract.mentions.times.weekplan import dates_within, heading_week, on_week
from miner.parse import parse_path
from miner.records import Period

TERM = Period("2025学年第一学期", "term", 2025, dt.date(2025, 9, 1), dt.date(2026, 1, 31), term=1)

PLAN = ("第七周工作安排\n（2025学年第一学期）\n班级：大二班 日期：10月13日~10月17日\n"
        "本周重点\n1.开展主题活动《秋天的果实》，观察果实的形状和颜色。\n2.组织幼儿参观果园，学习采摘。\n"
        "周三 家长开放日，邀请家长观摩半日活动。\n")


def test_weekplan_the_heading_range_is_the_plans_week() -> None:
    week = heading_week(find_times(PLAN))
    assert week is not None and week.text == "10月13日~10月17日"


def test_weekplan_written_dates_come_before_the_term_week() -> None:
    text = "第七周（10月13日—10月17日）工作安排\n周一 升旗仪式\n"
    times = find_times(text, TERM)
    assert any(t.text == "第七周" and t.date_start is not None for t in times)
    week = heading_week(times)
    assert week is not None and week.text == "10月13日—10月17日"


@pytest.mark.parametrize("text", [
    # a calendar: a week's range on every row, not one week for the document
    "行事历\n第1周 9月1日~9月7日 开学典礼\n第2周 9月8日~9月14日 教师会议\n",
    # a week's range far down a long text is an item's time, not the document's week
    "工作总结\n" + "本学期我们认真开展教研活动。" * 30 + "\n10月13日~10月17日举行读书周。\n",
    "学校工作计划\n一、加强教研\n",  # no range at all
])
def test_weekplan_no_week_for_calendars_long_texts_or_none(text: str) -> None:
    assert heading_week(find_times(text)) is None


def test_weekplan_weekdays_take_their_day_in_the_week() -> None:
    times = find_times(PLAN)
    week = heading_week(times)
    assert week is not None
    wednesday = next(t for t in times if t.text == "周三")
    dated = on_week(wednesday, week)
    assert (dated.date_start, dated.date_end) == (dt.date(2025, 10, 15), dt.date(2025, 10, 15))
    listed = next(t for t in find_times("周一、周三、周五 户外活动") if "周一" in t.text)
    dated = on_week(listed, week)
    assert (dated.date_start, dated.date_end) == (dt.date(2025, 10, 13), dt.date(2025, 10, 17))


def test_weekplan_a_dated_time_keeps_its_own_dates() -> None:
    week = heading_week(find_times(PLAN))
    assert week is not None
    own = find_times("10月20日 秋游")[0]
    assert on_week(own, week) is own


def test_weekplan_items_without_a_time_fall_in_the_plans_week(tmp_path: Path) -> None:
    path = tmp_path / "week7.txt"
    path.write_text(PLAN, encoding="utf-8")
    result = extract(parse_path(path))
    assert result.activities
    for a in result.activities:
        assert a.date_start is not None and a.date_end is not None
        assert dt.date(2025, 10, 13) <= a.date_start <= a.date_end <= dt.date(2025, 10, 17), a


@pytest.mark.parametrize(("text", "value"), [
    # a range after 时间： is the plan's week, not a page stamp
    ("某中学第5周工作安排\n时间：2024年3月18日～3月22日\n周二 教研组活动\n", "2024-03-18/2024-03-22"),
    # dates with their weekdays in brackets make one range
    ("某中学第5周工作安排\n2024.3.18(周一)-3.22(周五)\n周二 教研组活动\n", "2024-03-18/2024-03-22"),
    # the theme's own `第二周` does not hide the written week
    ("第6周活动安排\n（2023学年第二学期）\n日期：3月25日~3月29日\n本周开展主题第二周线索\n",
     "2024-03-25/2024-03-29"),
    # 915日919: a week written with its 月 and ~ lost
    ("第3周工作计划\n（2025学年第一学期）\n日期:915日919 带班老师\n", "2025-09-15/2025-09-19"),
])
def test_weekplan_heading_week_forms(text: str, value: str) -> None:
    week = heading_week(find_times(text))
    assert week is not None and week.value() == value


def test_weekplan_an_item_wider_than_the_week_or_undated_takes_the_week() -> None:
    week = heading_week(find_times(PLAN))
    assert week is not None
    times = {t.text: t for t in find_times("十月 上周 周三 每天 10月14日 五月", TERM)}
    assert not dates_within(on_week(times["十月"], week), week)
    assert dates_within(on_week(times["五月"], week), week)  # (another month: its own time)
    assert not dates_within(on_week(times["上周"], week), week)
    assert not dates_within(on_week(times["每天"], week), week)
    assert dates_within(on_week(times["周三"], week), week)
    assert dates_within(on_week(times["10月14日"], week), week)
