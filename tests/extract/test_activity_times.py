"""The `when` an activity gets (miner.extract.activities.attributes): its own time, its line's, or its
weekly plan's week. Texts written in our own words after patterns seen in real documents."""

from __future__ import annotations

import datetime as dt

from miner.extract.pipeline import extract
from miner.parse.builder import DocumentBuilder

D = dt.date


def _dated(parts: list[tuple[str, str]]) -> dict[str, tuple[str | None, dt.date | None, dt.date | None]]:
    b = DocumentBuilder()
    for kind, text in parts:
        b.heading(text, 1) if kind == "h" else b.paragraph(text)
    ex = extract(b.build(doc_id="t", source="t.txt", format="txt"))
    return {a.name: (a.time_text, a.date_start, a.date_end) for a in ex.activities}


def test_activity_times_a_range_cut_by_the_clause_start_still_dates_it() -> None:
    got = _dated([("h", "2023年某小学党支部工作总结"),
                  ("p", "2、专家来校讲座，全体教师参加；3月份至6月初8名党员教师“学习身边榜样”宣讲活动、"
                        "10名学生“红色故事会”，每周一期，历时三个月；")])
    # (the whole item and its first part may both be candidates: each takes the range)
    assert {v for k, v in got.items() if "宣讲活动" in k} == {("3月份至6月初", D(2023, 3, 1), D(2023, 6, 10))}


def test_activity_times_items_of_a_weekly_plan_take_its_written_week() -> None:
    got = _dated([("h", "第6周活动安排"), ("p", "（2023学年第二学期）"),
                  ("p", "班级：大一班 日期：3月25日~3月29日"),
                  ("p", "1.本周开展主题活动《春天来了》第二周线索，上周幼儿观察了柳树发芽。"),
                  ("p", "2.每天组织幼儿进行户外体育锻炼。")])
    week = (D(2024, 3, 25), D(2024, 3, 29))
    dated = [v[1:] for k, v in got.items() if "主题活动" in k]  # (上周 in its clause says nothing)
    assert dated and all(d == week for d in dated)
    daily = [v for k, v in got.items() if "体育锻炼" in k]  # a recurrence keeps its own reading
    assert daily and all(v == ("每天", None, None) for v in daily)


def test_activity_times_a_line_holding_only_a_date_dates_the_item_below() -> None:
    got = _dated([("h", "2022学年城西小学工作行事历"), ("p", "（三）2022年10月8日"),
                  ("p", "全校秋季运动会开幕式")])
    assert [v for k, v in got.items() if "运动会" in k] == [("2022年10月8日", D(2022, 10, 8), D(2022, 10, 8))]


def test_activity_times_a_sentence_above_dates_nothing_below() -> None:
    got = _dated([("h", "2022学年城西小学工作计划"), ("p", "2022年10月8日学校召开了教代会，审议计划。"),
                  ("p", "各教研组开展集体备课活动。")])
    assert [v for k, v in got.items() if "集体备课" in k] == [(None, None, None)]
