"""Time forms of new sites: page stamps with the label after the date (2023-04-06 发布), a counter on
the stamp's line (点击:), a day-first date before its clock (06.04.2023 09:15); a bare 上午 or 下午
that times an item; the year of the writing said with 这 or 今 (这一年, 今学年); our own text."""

from __future__ import annotations

import pytest

from miner.extract.mentions.times.expressions import find_times


def _texts(text: str) -> list[str]:
    return [e.text for e in find_times(text, None)]


@pytest.mark.parametrize(("text", "expected"), [
    # a full date opening its line, its publishing word after it: the page's stamp
    ("春季运动会安排\n- 2023-04-06 发布于江苏\n4月20日举行开幕式", ["4月20日"]),
    ("2023年4月6日發佈 教務處\n4月20日举行开幕式", ["4月20日"]),
    ("| 2023-04-06 发布 | 12 页 |\n4月20日举行开幕式", ["4月20日"]),
    # … but a date that a sentence goes on from is a time of the text
    ("2023年4月6日发布的通知要求各校自查", ["2023年4月6日"]),
    ("市教育局于2023年4月6日发布通知", ["2023年4月6日"]),
    # a counter on the stamp's line
    ("2023年04月06日 09:15  点击:[]\n4月20日举行开幕式", ["4月20日"]),
    # a day-first date (no form the atoms read) before its clock: the stamp's clock is no time either
    ("06.04.2023  09:15\n4月20日举行开幕式", ["4月20日"]),
])
def test_times_stamp_forms_are_furniture(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_times_clock_of_an_item_stays() -> None:
    # a clock time after a day of the text (no stamp's day-first date before it) is the item's
    assert _texts("开幕式 08:30 开始") == ["08:30"]


@pytest.mark.parametrize(("text", "expected"), [
    # a bare part of the day opening the brackets after an item
    ("教职工大会(下午)\n家长开放日(上午)", ["下午", "上午"]),
    ("散学典礼(上午一至三年级、下午四至六年级)", ["上午"]),
    # … not after a day and its colon: the item is dated by the day
    ("6月30日:下午散学典礼，发放素质报告单", ["6月30日"]),
    # a kindergarten grid's row label, or the part of the day in prose, is no time of an item
    ("上午游戏 | 区域活动：建构区\n下午 活动 | 户外游戏", []),
    ("孩子们把上午做好的风筝带回家", []),
])
def test_times_bare_part_of_day_after_an_item(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the year or school year of the writing said with 这 or 今
    ("总结这一年的保育工作，收获颇多", ["这一年"]),
    ("今学年，我们继续推进课题研究", ["今学年"]),
    ("这学年即将结束，各组上交资料", ["这学年"]),
    # … not a grade (这一年级)
    ("这一年级的孩子活泼好动", []),
])
def test_times_this_year_words(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # calendars written the British way: day first with a year or a day range, a month and its year
    ("14/2/2025 农历新年假期后复课", [("14/2/2025", "2025-02-14/2025-02-14")]),
    ("3-5/6/2025 期终考试", [("3-5/6/2025", "2025-06-03/2025-06-05")]),
    ("10/2024 家长教师会周年大会", [("10/2024", "2024-10-01/2024-10-31")]),
    ("4-5/2025 全方位学习周", [("4-5/2025", "2025-04-01/2025-05-31")]),
    ("20-24/1 统一测验", [("20-24/1", None)]),
    # a fraction or a slash date without a year stays as it was read before
    ("及格率约为2/3", [("2/3", None)]),
])
def test_times_day_first_calendar_dates(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(e.text, e.value()) for e in find_times(text, None)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # two two-digit years in a row before 年度 or 学年: a school year, or a span of years
    ("24-25年度校历表", [("24-25年度", "2024-09-01/2025-08-31")]),
    ("21-23 年度学校发展计划", [("21-23 年度", "2021-01-01/2023-12-31")]),
    ("16-17学年第二学期教学安排", [("16-17学年第二学期", "2017-02-20/2017-07-16")]),
    # a score or a range of counts is no year
    ("决赛以21-19年度最佳球队", []),
])
def test_times_two_digit_year_pairs(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(e.text, e.value()) for e in find_times(text, None)] == expected
