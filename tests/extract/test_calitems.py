"""Calendar entries (calitems.py): each dated line of a 校历 or weekly arrangement names an activity,
holidays and make-up days do not; test texts are our own, after the forms real calendars use."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from miner.extract.activities.calendar_items import (
    _Spans,
    calendar_drafts,
    calendar_entries,
    calendar_rules,
    is_fact,
)
from miner.extract.activities.detection import Detector
from miner.extract.activities.units import split_units
from miner.extract.mentions.times.expressions import find_times
from miner.extract.pipeline import extract, fold_document
from miner.extract.resources import load_resources
from miner.parse.text import text_document
from miner.records import Activity


def _entries(text: str) -> list[tuple[str, str]] | None:
    found = calendar_entries(text, find_times(text))
    return None if found is None else [(e.name, e.time.text) for e in found]


def _activities(text: str) -> list[Activity]:
    return list(extract(text_document(text, doc_id="t", source="t.txt")).activities)


TAIWAN = """丰原国民小学 113学年度第2学期行事历
週别 起讫 行事
第1週 02-10 ~ 02-16
  1. 2/11 开学日 正式上课
  2. 2/14 补上课(补2/3)
第2週 02-17 ~ 02-23
  1. 2/19 一年级视力检查 Eye check for first graders
  1. 2/21 班亲会
第3週 02-24 ~ 03-02
  1. 2/28 和平纪念日放假1天
  1. 3/1 4/20补4/5(五)
第4週 03-03 ~ 03-09
  1. 3/6 校外教学-自然科学博物馆
  1. 3/7 游泳课、视力复查
"""


def test_calitems_taiwanese_calendar_lines_are_entries_and_facts_are_not() -> None:
    found = _entries(TAIWAN)
    assert found is not None
    names = [n for n, _ in found]
    assert names == ["一年级视力检查", "班亲会", "校外教学-自然科学博物馆", "游泳课", "视力复查"]
    assert dict(found)["班亲会"] == "2/21"


def test_calitems_calendar_entries_get_dates_in_the_extraction() -> None:
    acts = {a.name: a for a in _activities(TAIWAN)}
    assert acts["班亲会"].date_start is not None and acts["班亲会"].date_start.isoformat() == "2025-02-21"
    assert "开学日" not in " ".join(acts) and not any("放假" in name for name in acts)


def test_calitems_flattened_table_takes_the_cell_after_the_date_and_weekday() -> None:
    text = "\n".join([
        "兴华国民小学 113学年度 第1学期 行事历", "日 期 |", "星 期 |", "纪 要 |", "备 注 |",
        "9月4日 |", "三 |", "新生始业式 |", "礼堂 |",
        "9月17日 |", "二 |", "中秋节 |", "放假1日 |",
        "9月20日 |", "五 |", "防震演练 |", "8:30 操场 |",
        "10月10日 |", "四 |", "国庆日 |", "放假1日 |",
        "10月16日 |", "三 |", "三年级家长座谈会 |", "|",
    ])
    assert _entries(text) == [("新生始业式", "9月4日"), ("防震演练", "9月20日"),
                              ("三年级家长座谈会", "10月16日")]


def test_calitems_hong_kong_day_cells_and_their_entries_below() -> None:
    text = "\n".join(["学校年历", "2023 Mar", "07 Tue", "教师专业发展日", "08-10 Wed-Fri",
                      "P.1-5测验、P.6模拟试", "P.1-5测验、P.6模拟试", "13 Mon", "学校假期",
                      "24 Fri", "亲子旅行日"])
    assert _entries(text) == [("教师专业发展日", "07 Tue"), ("P.1-5测验", "08-10 Wed-Fri"),
                              ("P.6模拟试", "08-10 Wed-Fri"), ("亲子旅行日", "24 Fri")]


def test_calitems_weekday_anchors_of_a_weekly_arrangement_with_numbered_items() -> None:
    text = "\n".join([
        "城南小学第10周工作安排", "周一(11月6日)", "1、升旗仪式", "2、行政例会", "周二(11月7日)",
        "1、三年级语文公开课", "周三(11月8日)下午 全体教师政治学习",
        "周四(11月9日) 消防疏散演练",
        "周五(11月10日) 学生书法比赛", "负责人：教导处",
    ])
    assert _entries(text) == [("升旗仪式", "周一(11月6日)"), ("行政例会", "周一(11月6日)"),
                              ("三年级语文公开课", "周二(11月7日)"),
                              ("全体教师政治学习", "周三(11月8日)下午"),
                              ("消防疏散演练", "周四(11月9日)"), ("学生书法比赛", "周五(11月10日)")]


def test_calitems_a_week_cell_before_the_dates_is_the_rows_time() -> None:
    text = "\n".join(["周次", "日期", "内容", "第1周", "9.4—9.8", "开学工作检查", "第2周", "9.11—9.15",
                      "教研组长会议", "第3周", "9.18—9.22", "青年教师汇报课", "第4周", "9.25—9.29",
                      "国庆放假"])
    assert _entries(text) == [("开学工作检查", "第1周"), ("教研组长会议", "第2周"),
                              ("青年教师汇报课", "第3周")]


def test_calitems_lines_listing_dated_items_are_cut_at_their_own_dates() -> None:
    text = "\n".join(["九月", "| 1日 教师报到，3日学生报到，5日开学典礼", "| 10日教师节。", "十月",
                      "| 1-7日国庆放假", "| 12日 秋季运动会", "| 20-21日 期中考试"])
    assert _entries(text) == [("教师报到", "1日"), ("学生报到", "3日"), ("开学典礼", "5日"),
                              ("秋季运动会", "12日"), ("期中考试", "20-21日")]


def test_calitems_few_dated_lines_are_no_calendar() -> None:
    assert _entries("集团工作计划\n3月5日 召开理事会\n4月12日 教学研讨\n其余工作另行通知") is None


def test_calitems_dated_prose_is_left_to_the_prose_detector() -> None:
    text = "\n".join(["幼儿园第4周工作安排", "周一 升旗仪式", "周二 体检", "周四 家长开放日",
                      "周三为三八妇女节，各班根据孩子的年龄特点开展形式多样的庆祝活动，体会妈妈的辛苦",
                      "周五 消防演练"])
    found = _entries(text)
    assert found is not None
    assert [n for n, _ in found] == ["升旗仪式", "体检", "家长开放日", "消防演练"]


@pytest.mark.parametrize(("name", "fact"), [
    ("和平纪念日放假1天", True), ("补上课", True), ("补4/5", True), ("补考", False),
    ("学生暑假", True), ("寒假开始", True), ("暑假作业展", False), ("国际志愿者日", True),
    ("端午节", True), ("校园艺术节", False),
    ("正式上课", True), ("课后社团结束", False), ("结业式", False), ("元旦翌日", True),
    ("第4周园务计划", False),
])
def test_calitems_calendar_facts(name: str, fact: bool) -> None:
    assert is_fact(name, calendar_rules()) is fact


def test_calitems_titles_are_no_entries() -> None:
    text = "\n".join(["第4周园务计划(3月6日—3月10日)", "周一 教研活动", "周二 保育员培训",
                      "周三 家长会", "周五 卫生检查"])
    found = _entries(text)
    assert found is not None and [n for n, _ in found] == ["教研活动", "保育员培训", "家长会", "卫生检查"]


def test_calitems_a_week_line_with_clauses_is_one_entry_not_its_commas() -> None:
    text = "\n".join(["第1周：开学工作会议", "第2周：两校教务处碰头，商定听课安排",
                      "第3周：数学组联合教研，主题：单元整体设计", "第4周：青年教师汇报课、师徒结对仪式"])
    assert _entries(text) == [("开学工作会议", "第1周"), ("两校教务处碰头，商定听课安排", "第2周"),
                              ("数学组联合教研，主题：单元整体设计", "第3周"),
                              ("青年教师汇报课", "第4周"), ("师徒结对仪式", "第4周")]


def test_calitems_an_entry_without_a_trigger_leans_to_the_calendars_usual_type() -> None:
    res = load_resources()
    det = Detector(res.taxonomy)
    doc = fold_document(text_document(TAIWAN, doc_id="t", source="t.txt"))
    units = split_units(doc, res.taxonomy)
    drafts = calendar_drafts(doc.text, units, [[] for _ in units], find_times(doc.text), det)
    by_name = {d.name: d for ds in drafts for d in ds}
    assert not det.found("游泳课")  # no taxonomy word (班亲会, once such an entry, is a meeting now)
    assert [(h.code, h.strength) for h in by_name["游泳课"].hits] == [(calendar_rules().default_type, 1)]
    assert by_name["一年级视力检查"].hits == det.found("一年级视力检查")  # a taxonomy word decides


def test_calitems_an_entry_under_its_date_line_takes_that_date() -> None:
    """A calendar flattened to a date line over each entry (`2023 Mar` / `07 Tue` / the entry): the
    entry's activity is dated by the line above it, not left undated."""
    text = ("学校校历\n2023 Mar\n07 Tue\n家长教师会议\n16 Thu\n全校运动会\n21 Tue\n教师专业发展日\n"
            "2023 Apr\n18 Tue\n中文科公开课观摩\n")
    dated = {a.name: (a.date_start, a.date_end) for a in _activities(text)}
    sports, lesson = (dt.date(2023, 3, 16),) * 2, (dt.date(2023, 4, 18),) * 2
    assert any("运动会" in name and d == sports for name, d in dated.items())
    assert any("公开课" in name and d == lesson for name, d in dated.items())


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8)), max_size=8),
       st.integers(0, 45), st.integers(0, 8))
def test_calitems_spans_touch_as_a_scan_of_every_span_would(spans: list[tuple[int, int]], start: int,
                                                            width: int) -> None:
    """A unit touches a span when the span holds the unit's start or starts inside the unit: the
    look-up by bisection answers as the scan of every span does (empty and nested spans too)."""
    pairs = [(a, a + n) for a, n in spans]
    end = start + width
    want = any(a <= start < b or start <= a < end for a, b in pairs)
    assert _Spans(pairs).touch(start, end) == want
