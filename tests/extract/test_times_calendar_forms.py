"""Time forms of school calendars and weekly arrangements written by others (test text is our own)."""

from __future__ import annotations

import datetime as dt

import pytest

from miner.extract.mentions.times.expressions import find_times
from miner.records import Period


def _period(label: str, kind: str, year: int, term: int | None = None) -> Period:
    if kind == "school_year":
        return Period(label, kind, year, dt.date(year, 9, 1), dt.date(year + 1, 8, 31))
    if kind == "term" and term == 2:
        return Period(label, kind, year, dt.date(year + 1, 2, 1), dt.date(year + 1, 7, 31), term=2)
    if kind == "term":
        return Period(label, kind, year, dt.date(year, 9, 1), dt.date(year + 1, 1, 31), term=1)
    return Period(label, kind, year, dt.date(year, 1, 1), dt.date(year, 12, 31))


SPRING = _period("2023学年第二学期", "term", 2023, term=2)
AUTUMN = _period("2022学年", "school_year", 2022)


def _found(text: str, period: Period | None = None) -> list[tuple[str, str | None]]:
    return [(e.text, e.value()) for e in find_times(text, period)]


@pytest.mark.parametrize(("text", "expected"), [
    # slash dates, month first, with a weekday in brackets, ranges with ~ and -, lists with 、
    ("3/12 植树活动", [("3/12", "2024-03-12/2024-03-12")]),
    ("04/09(二) 校外参观", [("04/09(二)", "2024-04-09/2024-04-09")]),
    ("5/13~15 体质测试", [("5/13~15", "2024-05-13/2024-05-15")]),
    ("6/3-6/7 期末复习", [("6/3-6/7", "2024-06-03/2024-06-07")]),
    ("3/18(一)~3/20(三) 画展收件", [("3/18(一)~3/20(三)", "2024-03-18/2024-03-20")]),
    ("4/25(四)、4/26(五) 期中评量", [("4/25(四)、4/26(五)", "2024-04-25/2024-04-26")]),
    # a week's row: zero-padded month-day pairs
    ("第5週 03-11 ~ 03-17", [("03-11 ~ 03-17", "2024-03-11/2024-03-17")]),
    # a make-up day names two dates
    ("4/20補4/5(五)", [("4/20", "2024-04-20/2024-04-20"), ("4/5(五)", "2024-04-05/2024-04-05")]),
])
def test_times_slash_dates_take_the_year_of_the_term(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text, SPRING)[-len(expected):] == expected


def test_times_slash_dates_read_day_first_when_a_first_number_passes_twelve() -> None:
    text = "开学 1/9\n运动会 24/10\n考试 3/11"
    assert _found(text, AUTUMN) == [("1/9", "2022-09-01/2022-09-01"), ("24/10", "2022-10-24/2022-10-24"),
                                    ("3/11", "2022-11-03/2022-11-03")]


def test_times_slash_is_not_a_fraction_or_a_path() -> None:
    assert _found("约1/3的学生参加") == []
    assert _found("见 www.example.cn/info/12/345.htm") == []


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("113學年度 第1學期行事曆", "113學年度 第1學期", "2024-09-02/2025-02-16"),
    ("112學年度第2學期", "112學年度第2學期", "2024-02-19/2024-07-14"),
    ("114學年度第 2 學期開學", "114學年度第 2 學期", "2026-02-16/2026-07-12"),
    ("2025~2026上学期第3周", "2025~2026上学期第3周", "2025-09-15/2025-09-21"),
    ("20172018学年度第一学期", "20172018学年度第一学期", "2017-09-04/2018-02-18"),
    ("2026年春季开学", "2026年春季", "2026-02-16/2026-07-12"),
])
def test_times_school_years_of_taiwan_and_glued_or_seasonal_forms(text: str, surface: str,
                                                                   value: str) -> None:
    assert _found(text) == [(surface, value)]


def test_times_hong_kong_month_headings_give_their_day_cells_a_month() -> None:
    text = "2023 Mar\n07 Tue\n家长日\n20-24 Mon-Fri\n考试周\n30-03 Thu-Mon\n复活节假期"
    assert _found(text) == [("2023 Mar", "2023-03-01/2023-03-31"), ("07 Tue", "2023-03-07/2023-03-07"),
                            ("20-24 Mon-Fri", "2023-03-20/2023-03-24"),
                            ("30-03 Thu-Mon", "2023-03-30/2023-04-03")]


def test_times_bare_days_opening_a_line_take_the_month_above() -> None:
    text = "十一月\n5日 校运会\n12-14日 期中考试\n其中，20日家长开放日"
    assert _found(text, AUTUMN) == [("十一月", "2022-11-01/2022-11-30"), ("5日", "2022-11-05/2022-11-05"),
                                    ("12-14日", "2022-11-12/2022-11-14"), ("20日", "2022-11-20/2022-11-20")]


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("周四(11月3日)上午 全体教师会议", "周四(11月3日)上午", "2022-11-03/2022-11-03"),
    ("星期二（3.14）下午 教研活动", "星期二（3.14）下午", "2023-03-14/2023-03-14"),
    ("周二下午13:00 读书交流", "周二下午13:00", None),
    ("下午4: 00 在会议室集中", "下午4: 00", None),
    ("周日3月12日 植树", "周日3月12日", "2023-03-12/2023-03-12"),
    ("3月8日  星期三 下午 观摩课", "3月8日  星期三 下午", "2023-03-08/2023-03-08"),
    ("9月1日前上交计划", "9月1日前", "2022-09-01/2022-09-01"),
    ("报到：2月19日、20日", "2月19日、20日", "2023-02-19/2023-02-20"),
    ("第一周 2月21日?2月27日", "2月21日?2月27日", "2023-02-21/2023-02-27"),
])
def test_times_weekly_anchors_clock_times_and_lists(text: str, surface: str, value: str | None) -> None:
    assert (surface, value) in _found(text, AUTUMN)


@pytest.mark.parametrize(("text", "expected"), [
    ("中秋节放假一天", []),  # the holiday is the topic, a calendar fact
    ("寒假开始", []),
    ("9月29日：中秋节", [("9月29日", None)]),
    ("暑假作业展评", []),
    ("暑假期间组织教师培训", [("暑假", None)]),
    ("2024年暑假，集团组织研修", [("2024年暑假", None)]),
    ("元旦前夕举办联欢会", [("元旦前夕", None)]),
    ("本周重点：认识秋天", []),  # a weekly plan's section label
    ("本周\n重点", []),
    ("本周开展读书活动", [("本周", None)]),
    ("农历八月十五 赏月", [("农历八月十五", None)]),
    ("一年来，集团扎实推进", [("一年来", None)]),
    ("近年来，集团发展迅速", []),
    ("岁末年初，各校开展安全检查", [("岁末年初", None)]),
])
def test_times_holidays_labels_lunar_dates_and_durations(text: str, expected: list[tuple[str, None]]) -> None:
    assert _found(text) == expected


def test_times_a_page_stamp_with_its_clock_stays_furniture() -> None:
    assert _found("发布时间：2023-05-06 09:30\n正文") == []


def test_times_a_calendar_without_a_period_takes_the_school_year_it_names() -> None:
    text = "行事历\n09/15(一) 游泳课\n01/12(一) 期末评量\n注：下学期为114學年度第二學期"
    found = dict(_found(text))
    assert found["09/15(一)"] == "2025-09-15/2025-09-15"
    assert found["01/12(一)"] == "2026-01-12/2026-01-12"
    assert _found("09/15(一) 游泳课") == [("09/15(一)", None)]  # one line: no year to take


@pytest.mark.parametrize(("text", "surface", "value"), [
    # a date with the lunar date and the weekday in one bracket is one expression
    ("新生报到：9月2日(农历七月三十 星期一)上午", "9月2日(农历七月三十 星期一)上午", "2022-09-02/2022-09-02"),
    ("元宵：2月5日（农历正月十五 周日）", "2月5日（农历正月十五 周日）", "2023-02-05/2023-02-05"),
    # a bare day after a listed date keeps its weekday bracket
    ("体检：10月9日(一)、10日(二)", "10月9日(一)、10日(二)", "2022-10-09/2022-10-10"),
])
def test_times_a_date_keeps_its_bracketed_lunar_date_and_weekday(text: str, surface: str, value: str) -> None:
    assert (surface, value) in _found(text, AUTUMN)


def test_times_a_bracketed_lunar_date_alone_stays_its_own_expression() -> None:
    found = _found("开学：2月6日(农历正月十六)", AUTUMN)
    assert found == [("2月6日", "2023-02-06/2023-02-06"), ("农历正月十六", None)]


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("112.9.4 课后社团开课", "112.9.4", "2023-09-04/2023-09-04"),
    ("113/02/16 寒假结束", "113/02/16", "2024-02-16/2024-02-16"),
    ("113年3月8日(五) 校庆运动会", "113年3月8日(五)", "2024-03-08/2024-03-08"),
])
def test_times_dates_of_the_republic_of_china_era(text: str, surface: str, value: str) -> None:
    assert (surface, value) in _found(text)


@pytest.mark.parametrize("text", ["人口增长到112.5万", "见第113页", "113年来的校史"])
def test_times_three_digit_numbers_are_not_roc_dates_without_a_month_and_day(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize("header", [
    "周次\n| 星期一\n| 星期二\n| 星期三\n| 星期四\n| 星期五\n| 星期六\n| 星期日\n| 备注\n",
    "| 周次 | 日 | 一 | 二 |\n| 星期一 | 星期二 | 星期三 | 星期四 | 星期五 | 星期六 | 星期日 |\n",
    "周一\n|\n周二\n|\n周三\n|\n周四\n|\n周五\n|\n周六\n|\n周日\n\n",  # cells parted by bar-only lines
])
def test_times_the_weekday_header_of_a_calendar_grid_is_no_time(header: str) -> None:
    found = _found(header + "| 3 | 10月5日 运动会\n", AUTUMN)
    assert found == [("10月5日", "2022-10-05/2022-10-05")]


def test_times_weekday_columns_of_a_weekly_plan_stay_times() -> None:
    # five school days heading a plan's columns locate the items under them
    found = _found("时段|周一|周二|周三|周四|周五\n上午|晨读|跳绳|手工|唱歌|大扫除")
    assert [s for s, _ in found][:5] == ["周一", "周二", "周三", "周四", "周五"]


@pytest.mark.parametrize(("text", "expected"), [
    ("12/20(五) 散学典礼(15:30离校)", [("12/20(五)", "2022-12-20/2022-12-20")]),  # the hours in brackets
    ("课后服务(16:20-17:30)照常", []),
])
def test_times_a_clock_time_in_brackets_is_a_detail_not_a_time(text: str,
                                                                 expected: list[tuple[str, str]]) -> None:
    assert _found(text, AUTUMN) == expected


def test_times_a_clock_time_of_an_item_stays() -> None:
    assert _found("周三下午14:30 教研组活动") == [("周三下午14:30", None)]


@pytest.mark.parametrize("text", [
    "学校教研组工作计划\n\n2024-05-11\n\n一、指导思想",  # the page's date under its title
    "资料下载\n页数：3页\n时间：2021-04-02\n\n正文",
    "栏目：教学管理 发布：2023-06-01 浏览：12\n正文",
])
def test_times_a_numeric_date_heading_the_page_is_its_stamp(text: str) -> None:
    assert _found(text) == []


def test_times_a_numeric_date_in_the_body_stays() -> None:
    text = "一\n二\n三\n四\n五\n六\n七\n2024-05-11\n召开家长会\n各班准备\n会后总结\n上交材料"
    assert _found(text) == [("2024-05-11", "2024-05-11/2024-05-11")]


@pytest.mark.parametrize(("text", "expected"), [
    ("新学期里，我们继续开展读书活动", ["新学期"]),
    ("新的学期伊始，全组教师制定计划", ["新的学期"]),
    ("新学年伊始，教研组重新分工", ["新学年"]),
    ("本期起，学校增设两个班", ["本期"]),
    ("讨论新学期工作计划", []),  # a modifier of the topic, not a time
    ("开展新学年工作的研讨", []),
    ("本期简报介绍三项活动", []),  # an issue of a bulletin
])
def test_times_the_current_term_said_as_new_term_or_this_issue(text: str, expected: list[str]) -> None:
    assert [s for s, _ in _found(text)] == expected


def test_times_inline_readings_stay_in_the_surface() -> None:
    found = _found("教研組進(jìn)行本學(xué)期總結(jié)，下學(xué)期再議", AUTUMN)
    assert [s for s, _ in found] == ["本學(xué)期", "下學(xué)期"]
    assert found[1][1] is not None and found[1][1].startswith("2023-02")  # the spring term after it


@pytest.mark.parametrize(("text", "expected"), [
    # two dates (or day ranges) listed with 、 at the head of a calendar's line: one listing, a span
    ("1月14-15日、1月18-19日:学期末测试", [("1月14-15日、1月18-19日", "2023-01-14/2023-01-19")]),
    ("6月30日、7月1日  学籍整理", [("6月30日、7月1日", "2023-06-30/2023-07-01")]),
    # three days of one month listed: 4月7、8、9日
    ("4月7、8、9日 春季研学", [("4月7、8、9日", "2023-04-07/2023-04-09")]),
    # a day range under a month heading keeps the part of the day written after it
    ("11月\n12-13日下午 社团展演", [("11月", "2022-11-01/2022-11-30"),
                                 ("12-13日下午", "2022-11-12/2022-11-13")]),
])
def test_calendar_forms_listings_and_day_parts(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _found(text, AUTUMN) == expected


def test_calendar_forms_dates_listed_in_a_sentence_stay_apart() -> None:
    """Inside a sentence two dates joined by 、 are two times (each may date its own item)."""
    found = _found("教研组先后于3月5日、3月19日召开两次备课会。", AUTUMN)
    assert found == [("3月5日", "2023-03-05/2023-03-05"), ("3月19日", "2023-03-19/2023-03-19")]


@pytest.mark.parametrize(("text", "expected"), [
    # two years in a row without 学年 are a school year (a calendar's title, a plan's bracket)
    ("东湖区2019-2020中学校历", [("2019-2020", "2019-09-01/2020-08-31")]),
    ("语文教研组计划(2022—2023)", [("2022—2023", "2022-09-01/2023-08-31")]),
    # two years apart are not
    ("2017-2019发展规划", []),
])
def test_calendar_forms_bare_year_pair_is_a_school_year(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


def test_calendar_forms_date_after_a_phrase_ending_in_time_is_kept() -> None:
    """`幼儿离园时间 2019年7月5日` is a time of the document near its top; `时间：2024年3月5日` a stamp."""
    text = "东山幼儿园园历\n保教人员到岗时间 2018 年 8 月 27 日,幼儿离园时间 2019 年 7 月 5 日\n"
    assert [e.text for e in find_times(text)] == ["2018 年 8 月 27 日", "2019 年 7 月 5 日"]
    assert find_times("城西小学通知\n时间：2024年3月5日\n") == []
