"""Time forms met on pages of new sites (deadlines, two-digit and ROC years, spaced ranges); our own text."""

from __future__ import annotations

import datetime as dt

import pytest

from miner.extract.mentions.times.expressions import find_times
from miner.records import Period

YEAR_2023 = Period("2023年", "calendar_year", 2023, dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def _found(text: str, period: Period | None = YEAR_2023) -> list[tuple[str, str | None]]:
    return [(e.text, e.value()) for e in find_times(text, period)]


@pytest.mark.parametrize(("text", "expected"), [
    # a deadline keeps its 前 / 之前 / 以前 / 或之前, after a weekday in brackets or a part of the month too
    ("材料请在5 月 8 日(一)前交到教务处", [("5 月 8 日(一)前", "2023-05-08/2023-05-08")]),
    ("报名表须于2023年3月6日或之前交回", [("2023年3月6日或之前", "2023-03-06/2023-03-06")]),
    ("作品在11月2日以前上交", [("11月2日以前", "2023-11-02/2023-11-02")]),
    ("操场翻修预计十月底前完工", [("十月底前", "2023-10-22/2023-10-31")]),
    ("新场馆预计6月中旬前启用", [("6月中旬前", "2023-06-11/2023-06-20")]),
    # 前 that opens another word is not a deadline's
    ("5月9日前往实验基地参观", [("5月9日", "2023-05-09/2023-05-09")]),
    ("家长于4月3日前来学校领取", [("4月3日", "2023-04-03/2023-04-03")]),
])
def test_times_deadline_keeps_its_before_word(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a year written with two digits before a season's term (before a month it is left out: 08年 is
    # read as no year, the date after it stands alone)
    ("15年秋季学期教研计划", [("15年秋季学期", None)]),
    ("08年10月12日下午，全园举行亲子运动会", [("10月12日下午", None)]),
    # a year of the Republic of China era before 年度
    ("本校105年度校园绿化成果", [("105年度", "2016-01-01/2016-12-31")]),
])
def test_times_short_year_forms(text: str, expected: list[tuple[str, str | None]]) -> None:
    found = _found(text, None)
    assert [t for t, _ in found] == [t for t, _ in expected]
    for (_, value), (_, want) in zip(found, expected, strict=True):
        if want is not None:
            assert value == want


def test_times_two_digit_year_needs_a_term() -> None:
    # a count of years (工作了12年) or a list number glued to a ROC year is not a two-digit year
    assert _found("她已在本校工作了12年，深受学生喜爱", None) == []
    assert [t for t, _ in _found("1、112年3月2日召开校务会议", None)] == ["112年3月2日"]
    assert _found("1、112年3月2日召开校务会议", None)[0][1] == "2023-03-02/2023-03-02"


def test_times_spaced_range_keeps_its_right_month() -> None:
    # a range written with spaces around every unit: the second date is whole, not its month alone
    found = _found("德育处 3 月 13 日~ 3 月 17 日 工作安排")
    assert found == [("3 月 13 日~ 3 月 17 日", "2023-03-13/2023-03-17")]


def test_times_edition_year_is_part_of_a_title() -> None:
    # 《…(2017年版)》: the year of an edition names the book, it locates nothing in time
    assert _found("组织学习《普通高中课程方案(2017年版)》的要求") == []
    assert [t for t, _ in _found("2017年版的方案在2020年作了修订")] == ["2020年"]


@pytest.mark.parametrize(("text", "expected"), [
    ("3、月初各班召开家长会", ["月初"]),
    ("月底前各组上交听课记录", ["月底"]),
    ("每月初检查教案", ["每月初"]),
    ("不忘岁月初心", []),
])
def test_times_month_start_without_a_month(text: str, expected: list[str]) -> None:
    assert [t for t, _ in _found(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a range marked at both ends, 起…止, is one expression with its closing word
    ("图书漂流自5月8日起至5月19日止，各班轮流借阅", [("5月8日起至5月19日止", "2023-05-08/2023-05-19")]),
    ("校园开放日10月9日起至13日止", [("10月9日起至13日止", "2023-10-09/2023-10-13")]),
    # without 起 a trailing 止 is not taken in
    ("报名从6月1日至6月3日止", [("6月1日至6月3日", "2023-06-01/2023-06-03")]),
])
def test_times_range_from_to_marked(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an hour written with 时, and 分 after a colon clock, stay with their day
    ("11月6日下午14时20分在报告厅集合", ["11月6日下午14时20分"]),
    ("5月4日上午9:30分开始", ["5月4日上午9:30分"]),
    ("会议定于下午3时召开", ["下午3时"]),
])
def test_times_clock_written_with_shi_or_fen(text: str, expected: list[str]) -> None:
    assert [t for t, _ in _found(text)] == expected


def test_times_term_end_before_a_quantifier() -> None:
    # 学期末 guarded like 期末考试, but a clause opened by 每 is located by it
    assert [t for t, _ in _found("学期末每个备课组上交一份案例")] == ["学期末"]
    assert _found("学期末考试安排另行通知") == []


@pytest.mark.parametrize(("text", "expected"), [
    # the start of term and the days before a holiday locate what follows, as 开学前 does
    ("开学伊始，各班便完成了座位编排", ["开学伊始"]),
    ("回顾开学以来的工作，成绩明显", ["开学以来"]),
    ("放假前，各班要开展安全教育", ["放假前"]),
    # a yearly event
    ("迎来一年一度的校园艺术节", ["一年一度"]),
    # 开学时间 is the topic of a notice, not a time
    ("中小学秋季开学时间安排", []),
])
def test_times_term_start_and_holiday_words(text: str, expected: list[str]) -> None:
    assert [t for t, _ in _found(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a ROC dotted date with its weekday in brackets, alone or as a range with one weekday per day
    ("114.03.05(三) 校务会议", [("114.03.05(三)", "2025-03-05/2025-03-05")]),
    ("114.05.27~28(二)(三) 期末评量", [("114.05.27~28(二)(三)", "2025-05-27/2025-05-28")]),
])
def test_times_roc_dotted_dates_with_weekdays(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _found(text, None) == expected


def test_times_dotted_number_ending_a_line_is_no_date() -> None:
    # an outline's number over its heading, or a score ending a line, is not a date
    assert _found("2.3\n课堂常规\n") == []
    assert _found("平均分 7.5\n") == []


@pytest.mark.parametrize(("text", "expected"), [
    # days listed with 及 (and spaces after 、) are one listing, read from the first to the last
    ("新生于2023年8月21日及22日报到", [("2023年8月21日及22日", "2023-08-21/2023-08-22")]),
    ("112 年 3 月 6 日、 7 日及 8 日补考", [("112 年 3 月 6 日、 7 日及 8 日", "2023-03-06/2023-03-08")]),
])
def test_times_days_listed_with_ji(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _found(text, None) == expected


def test_times_clock_glued_to_its_day() -> None:
    assert [t for t, _ in _found("6月2日8:30~11:00 家长开放日")] == ["6月2日8:30~11:00"]


@pytest.mark.parametrize(("text", "expected"), [
    # a template's blanks for the year, as written: x, xx, xxxx, *, 20__ and their pairs
    ("x年第二学期教研计划", ["x年第二学期"]),
    ("xxxx-xxxx学年度第二学期安全工作要点", ["xxxx-xxxx学年度第二学期"]),
    ("20xx-20xx学年第二学期", ["20xx-20xx学年第二学期"]),
    ("20__年上学期班务计划", ["20__年上学期"]),
    ("XX-XX学年行事历", ["XX-XX学年"]),
    # letters of a word are no blank
    ("Max年会", []),
])
def test_times_template_blanks_for_years(text: str, expected: list[str]) -> None:
    assert [t for t, _ in _found(text, None)] == expected


def test_times_a_half_filled_template_year_is_the_year_written() -> None:
    found = find_times("2021-20xx学年德育工作计划")  # the second year left blank (it raised before)
    assert [(e.text, e.kind, e.date_start, e.date_end) for e in found] == [
        ("2021-20xx学年", "school_year", dt.date(2021, 9, 1), dt.date(2022, 8, 31))]


@pytest.mark.parametrize(("text", "expected"), [
    # a four-digit year right before a season's or half's term
    ("2018秋季学期开学典礼", [("2018秋季学期", "2018-09-03/2019-02-17")]),
    # a date whose 年 and 月 were lost, the year glued in front
    ("2021917日下午举行", [("2021917日下午", "2021-09-17/2021-09-17")]),
    # a news report's 今(N)日
    ("本校今(14)日上午举行校庆", [("今(14)日上午", None)]),
    # 中上旬, as 上中旬
    ("4月中上旬完成初赛", [("4月中上旬", "2023-04-01/2023-04-20")]),
])
def test_times_more_written_forms(text: str, expected: list[tuple[str, str | None]]) -> None:
    found = _found(text)
    assert [t for t, _ in found] == [t for t, _ in expected]
    for (_, value), (_, want) in zip(found, expected, strict=True):
        if want is not None:
            assert value == want


@pytest.mark.parametrize(("text", "expected"), [
    # a list number in the other script before a month is no month of a span
    ("三、5月底前完成验收", ["5月底前"]),
    ("2、四月—六月开展读书月", ["四月—六月"]),
    # two months listed in one script are
    ("11、12月开展期末复习", ["11、12月"]),
])
def test_times_list_number_before_a_month(text: str, expected: list[str]) -> None:
    assert [t for t, _ in _found(text)] == expected


def test_times_outline_numbers_are_no_dates() -> None:
    text = "1.1 学习新课标\n1.2 集体备课\n1.3 听课评课\n2.1 课题研究\n2.2 论文撰写\n3月8日召开教研会\n"
    assert [t for t, _ in _found(text)] == ["3月8日"]
    # a calendar's first days of two months are dates
    text = "9.1 开学典礼\n9.2 升旗仪式\n10.1 国庆放假\n10.2 国庆放假\n"
    assert [t for t, _ in _found(text)] == ["9.1", "9.2", "10.1", "10.2"]
