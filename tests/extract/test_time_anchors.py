"""Tests for miner.extract.mentions.times.anchors: a yearless time in a text without a period takes
the nearest year the text names, else the year of the page's stamp."""

from __future__ import annotations

import datetime as dt

import pytest

from miner.extract.lexicons.calendar import SchoolCalendar
from miner.extract.mentions.times.anchors import anchor_of, year_anchors
from miner.extract.mentions.times.expressions import find_times

D = dt.date


def _values(text: str) -> dict[str, str | None]:
    return {e.text: e.value() for e in find_times(text)}


@pytest.mark.parametrize(("text", "surface", "value"), [
    # a term named once (inside a title in 《》) dates the term weeks of a table above and below it
    ("| 周次 | 工作 |\n第2周 | 拟定《2024年秋季学期教研计划》\n第3周 | 教研组长会议",
     "第2周", "2024-09-09/2024-09-15"),
    ("| 周次 | 工作 |\n第2周 | 拟定《2024年秋季学期教研计划》\n第3周 | 教研组长会议",
     "第3周", "2024-09-16/2024-09-22"),
    # a date written in full gives its year to the dates after it
    ("2023年5月6日上午，两校举行读书节开幕式。\n5月8日，教师们进行了集体备课。",
     "5月8日", "2023-05-08/2023-05-08"),
    # the nearest year above wins over an earlier one
    ("2021年9月1日开学。\n2022年2月14日返校，2月15日上课。", "2月15日", "2022-02-15/2022-02-15"),
    # before any year: the first year below
    ("3月10日召开动员会。\n2025年3月12日举行第一次研讨。", "3月10日", "2025-03-10/2025-03-10"),
    # a page stamp gives its day to 今天 and its year to the rest
    ("城乡两校结对\n\n2022-04-12 09:30:11\n\n今天上午，两校教师一起听课。\n4月15日再次交流。",
     "今天上午", "2022-04-12/2022-04-12"),
    ("城乡两校结对\n\n2022-04-12 09:30:11\n\n今天上午，两校教师一起听课。\n4月15日再次交流。",
     "4月15日", "2022-04-15/2022-04-15"),
    # a weekly plan's dated heading dates its term week
    ("某小学第3周工作安排\n时间：2024年3月4日～3月8日\n周一 升旗仪式", "第3周", "2024-03-04/2024-03-10"),
    ("某小学第3周工作安排\n时间：2024年3月4日～3月8日\n周一 升旗仪式", "2024年3月4日～3月8日",
     "2024-03-04/2024-03-08"),
    # the page stamp's day gives the term of the weeks too
    ("第十二周工作安排\n发布时间：2023-11-17\n周二 语文教研", "第十二周", "2023-11-20/2023-11-26"),
    # a bare year a report looks back to anchors nothing while the page has a stamp
    ("两校联合教研\n2024-03-20 10:02\n自2018年以来，两校多次合作。\n3月18日，两校开展同课异构。",
     "3月18日", "2024-03-18/2024-03-18"),
])
def test_anchors_yearless_time_takes_nearest_year(text: str, surface: str, value: str) -> None:
    assert _values(text)[surface] == value


def test_anchors_one_line_text_stays_unanchored() -> None:
    """A single line (a title read on its own) is not anchored by its neighbours: `9月` before a
    school year in a title must not become a calendar month that the title's period comes from."""
    assert _values("9月工作安排（2023年）")["9月"] is None


def test_anchors_a_period_wins_over_local_years() -> None:
    from miner.records import Period
    period = Period("2021年", "calendar_year", 2021, D(2021, 1, 1), D(2021, 12, 31))
    found = {e.text: e.value() for e in find_times("2020年的回顾。\n3月5日开展活动。", period)}
    assert found["3月5日"] == "2021-03-05/2021-03-05"


@pytest.mark.parametrize(("fields", "kind", "year", "term"), [
    ({"year": 2026, "term": 2, "term_word": "春季"}, "term", 2025, 2),
    ({"year": 2025, "term": 1, "term_word": "秋季"}, "term", 2025, 1),
    ({"school_year": 2019}, "school_year", 2019, None),
    ({"year": 2022, "month": 8, "day": 27}, "calendar_year", 2022, None),  # the summer holiday
    ({"year": 2024, "month": 3, "day": 4}, "calendar_year", 2024, 2),  # dates the spring term's weeks
    ({"year": 2024, "month": 1, "day": 8}, "calendar_year", 2024, None),  # term 1 of the year before
])
def test_anchors_anchor_of_reads_the_period(fields: dict[str, object], kind: str, year: int,
                                            term: int | None) -> None:
    period = anchor_of("x", fields, SchoolCalendar())
    assert period is not None and (period.kind, period.year, period.term) == (kind, year, term)


def test_anchors_placeholders_and_spans_anchor_nothing() -> None:
    cal = SchoolCalendar()
    assert anchor_of("20xx学年", {"placeholder": True, "school_year": None}, cal) is None
    assert anchor_of("2021—2025年", {"year": 2021, "year_end": 2025}, cal) is None
    assert year_anchors([("第3周", {"week": 3})], None, cal) == [None]


@pytest.mark.parametrize(("text", "value"), [
    ("2021年上学期期中总结会", "2021-02-15/2021-07-11"),  # a calendar year's first half: spring
    ("2021年下学期", "2021-09-06/2022-02-20"),
    ("2021学年上学期", "2021-09-06/2022-02-20"),  # a school year's first term: autumn
    ("2021学年下学期", "2022-02-21/2022-07-17"),
])
def test_anchors_halves_of_a_calendar_year_and_of_a_school_year(text: str, value: str) -> None:
    assert find_times(text)[0].value() == value


@pytest.mark.parametrize(("text", "surface", "recurrence"), [
    ("学生读书会每周一期，持续一学期", "每周", "weekly"),  # one issue a week, not every Monday
    ("每周一下午召开教研组长会", "每周一下午", "weekly:mon:pm"),
])
def test_anchors_a_weekly_issue_is_no_monday(text: str, surface: str, recurrence: str) -> None:
    found = find_times(text)
    assert [(e.text, e.recurrence) for e in found] == [(surface, recurrence)]


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("某幼儿园2024春季园务计划", "2024春季", "2024-02-19/2024-07-14"),  # a year and season without 年
    ("2025秋季工作要点", "2025秋季", "2025-09-01/2026-02-15"),
])
def test_anchors_a_year_with_its_season(text: str, surface: str, value: str) -> None:
    assert _values(text)[surface] == value
