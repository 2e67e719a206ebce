"""Tests for miner.compare.align: scores, one-to-one assignment, statuses and reasons."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from miner.compare.align import DATE_TIE_COST, _date_cost, align, gap_days, level_alike, same_name
from miner.compare.features import FEATURES, pair_features
from miner.compare.model import load_matcher
from miner.records import Activity
from miner.settings import CompareSettings

D = dt.date


def act(aid: str, name: str, type_: str, mood: str = "planned", start: dt.date | None = None,
        end: dt.date | None = None, schools: tuple[str, ...] = (), subjects: tuple[str, ...] = (),
        recurrence: str | None = None) -> Activity:
    return Activity(doc_id="plan" if mood == "planned" else "summary", activity_id=aid, type=type_,
                    evidence=name, start=0, end=len(name), mood=mood, name=name, date_start=start,
                    date_end=end or start, schools=schools, subjects=subjects, recurrence=recurrence)


def _dated(rng: random.Random, k: int, mood: str) -> Activity:
    """An activity with no date, one day, or an interval (sometimes ending before it starts)."""
    start = None if rng.random() < 0.2 else D(2023, 9, 1) + dt.timedelta(days=rng.randint(0, 400))
    end = start and (None if rng.random() < 0.3 else start + dt.timedelta(days=rng.randint(-3, 40)))
    return Activity(doc_id=mood, activity_id=f"A{k}", type="other", evidence="x", start=0, end=1, mood=mood,
                    date_start=start, date_end=end)


def test_align_date_cost_is_gap_days_for_every_pair() -> None:
    rng = random.Random(4)
    plans = [_dated(rng, k, "planned") for k in range(40)]
    reports = [_dated(rng, k, "reported") for k in range(30)]
    cost = _date_cost(plans, reports)
    for i, p in enumerate(plans):
        for j, r in enumerate(reports):
            gap = gap_days(p, r)
            assert cost[i, j] == (0.0 if gap is None else DATE_TIE_COST * min(abs(gap), 365) / 365)
    assert (cost > 0).sum() > 500 and _date_cost([], reports).shape == (0, 30)


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("城东实验", "城东实验学校", True),
    ("城东", "城东实验学校", True),
    ("语文", "中小学语文", True),
    ("西渡学校", "光明学校", False),
    ("", "光明学校", False),
])
def test_align_same_name_containment(a: str, b: str, expected: bool) -> None:
    assert same_name(a, b) is expected


def test_align_gap_days_signed() -> None:
    plan = act("A1", "教研活动", "joint_research", start=D(2023, 10, 1), end=D(2023, 10, 31))
    assert gap_days(plan, act("A1", "x", "joint_research", "reported", D(2023, 10, 15))) == 0
    assert gap_days(plan, act("A1", "x", "joint_research", "reported", D(2023, 11, 20))) == 20
    assert gap_days(plan, act("A1", "x", "joint_research", "reported", D(2023, 9, 21))) == -10


@pytest.mark.parametrize(("report_day", "status", "shift"), [
    (D(2023, 10, 18), "done", 0),
    (D(2023, 11, 3), "done", 3),
    (D(2023, 12, 5), "shifted", 35),
    (D(2023, 9, 1), "shifted", -30),
])
def test_align_status_by_tolerance(report_day: dt.date, status: str, shift: int) -> None:
    plans = [act("A1", "大单元教学专题研讨", "seminar", start=D(2023, 10, 1), end=D(2023, 10, 31),
                 schools=("城东实验学校",))]
    reports = [act("A1", "大单元教学研讨活动", "seminar", "reported", report_day, schools=("城东实验",))]
    matches, _ = align(plans, reports, CompareSettings(tolerance_days=14))
    assert [(m.status, m.shift_days) for m in matches] == [(status, shift)]
    assert "school 城东实验学校" in matches[0].reasons and "type seminar" in matches[0].reasons


def test_align_one_to_one_prefers_best_pairs() -> None:
    plans = [act("A1", "语文联合教研活动", "joint_research", start=D(2023, 10, 9), subjects=("语文",),
                 schools=("梅溪小学",)),
             act("A2", "数学联合教研活动", "joint_research", start=D(2023, 11, 6), subjects=("数学",),
                 schools=("枫林中学",))]
    reports = [act("A1", "数学教研联动", "joint_research", "reported", D(2023, 11, 8), subjects=("数学",),
                   schools=("枫林",)),
               act("A2", "语文教研联动", "joint_research", "reported", D(2023, 10, 10), subjects=("语文",),
                   schools=("梅溪",))]
    matches, _ = align(plans, reports)
    pairs = {(m.plan.activity_id, m.report.activity_id) for m in matches if m.plan and m.report}
    assert pairs == {("A1", "A2"), ("A2", "A1")}


def test_align_unrelated_activities_stay_apart() -> None:
    plans = [act("A1", "师徒结对签约仪式", "mentoring", start=D(2023, 9, 4))]
    reports = [act("A1", "期末考试分析会", "quality_analysis", "reported", D(2024, 1, 20))]
    matches, _ = align(plans, reports)
    assert sorted(m.status for m in matches) == ["not_reported", "unplanned"]


def test_align_undated_match_is_done_and_says_so() -> None:
    plans = [act("A1", "修订集团章程", "planning")]
    reports = [act("A1", "集团章程修订", "planning", "reported", D(2023, 3, 2))]
    matches, notes = align(plans, reports)
    assert matches[0].status == "done" and matches[0].shift_days is None
    assert "no date on the plan" in matches[0].reasons
    assert any("without dates" in n for n in notes)


def test_align_recurring_meeting_matches_each_month() -> None:
    months = (D(2023, 9, 1), D(2023, 10, 1), D(2023, 11, 1))
    plans = [act(f"A{i}", "集团领导工作例会", "meeting", start=m, end=m + dt.timedelta(days=27))
             for i, m in enumerate(months, 1)]
    reports = [act("A1", "集团领导例会", "meeting", "reported", D(2023, 11, 14)),
               act("A2", "集团领导例会", "meeting", "reported", D(2023, 9, 20))]
    matches, _ = align(plans, reports)
    got = {m.plan.activity_id: (m.status, m.report.activity_id if m.report else None)
           for m in matches if m.plan}
    assert got == {"A1": ("done", "A2"), "A2": ("not_reported", None), "A3": ("done", "A1")}


def test_align_recurrence_field_matches_several_reports() -> None:
    plans = [act("A1", "教导主任例会", "meeting", recurrence="monthly")]
    reports = [act(f"A{i}", "教导主任工作例会", "meeting", "reported", D(2023, m, 10))
               for i, m in enumerate((9, 10, 12), 1)]
    matches, _ = align(plans, reports)
    assert [m.status for m in matches] == ["done", "done", "done"]
    assert {m.report.activity_id for m in matches if m.report} == {"A1", "A2", "A3"}


@pytest.mark.parametrize(("plans", "reports", "statuses", "note"), [
    ([], [act("A1", "送教下乡活动", "teacher_exchange", "reported")], ["unplanned"],
     "plan has no activities"),
    ([act("A1", "教学视导", "inspection")], [], ["not_reported"], "summary has no activities"),
])
def test_align_empty_side_is_explained(plans: list[Activity], reports: list[Activity], statuses: list[str],
                                       note: str) -> None:
    matches, notes = align(plans, reports)
    assert [m.status for m in matches] == statuses
    assert any(note in n for n in notes)


def test_align_type_mismatch_lowers_the_probability() -> None:
    matcher = load_matcher()
    p = act("A1", "青年教师课堂教学评比", "competition", start=D(2023, 10, 9))
    same = act("A1", "青年教师课堂教学评比", "competition", "reported", D(2023, 10, 10))
    other = act("A1", "青年教师课堂教学评比", "training", "reported", D(2023, 10, 10))
    prob = matcher.probabilities([p], [same, other])
    assert prob[0, 1] <= prob[0, 0]
    assert prob[0, 1] >= 0.5  # near-identical names outweigh a type read differently


def test_align_shared_type_and_month_alone_do_not_match() -> None:
    plans = [act("A1", "科学实验操作展示", "showcase", start=D(2023, 11, 1), end=D(2023, 11, 30),
                 schools=("城东实验学校",))]
    reports = [act("A1", "经典诵读比赛", "showcase", "reported", D(2023, 11, 15), schools=("城东实验学校",))]
    matches, _ = align(plans, reports)
    assert sorted(m.status for m in matches) == ["not_reported", "unplanned"]


@pytest.mark.parametrize(("days", "expected"), [
    ((D(2025, 9, 18), D(2025, 10, 21)), {"A1": ("A1", "done"), "A2": ("A2", "done")}),
    ((D(2025, 10, 21), D(2025, 9, 18)), {"A1": ("A2", "done"), "A2": ("A1", "done")}),
])
def test_align_same_named_items_prefer_the_on_time_pairing(days: tuple[dt.date, dt.date],
                                                           expected: dict[str, tuple[str, str]]) -> None:
    plans = [act("A1", "校本课程开发交流", "curriculum", start=D(2025, 9, 1), end=D(2025, 9, 30)),
             act("A2", "校本课程开发交流", "curriculum", start=D(2025, 10, 1), end=D(2025, 10, 31))]
    reports = [act(f"A{i}", "校本课程建设交流", "curriculum", "reported", d) for i, d in enumerate(days, 1)]
    matches, _ = align(plans, reports)
    got = {m.plan.activity_id: (m.report.activity_id, m.status) for m in matches if m.plan and m.report}
    assert got == expected


def test_align_same_named_items_a_month_late_are_all_shifted() -> None:
    """Same-named items each reported a few weeks after its month: both are found, both shifted, in
    date order (the smallest total shift; the old weights took one on-time and one 45 days late)."""
    plans = [act("A1", "校本课程开发交流", "curriculum", start=D(2025, 9, 1), end=D(2025, 9, 30)),
             act("A2", "校本课程开发交流", "curriculum", start=D(2025, 10, 1), end=D(2025, 10, 31))]
    reports = [act("A1", "校本课程建设交流", "curriculum", "reported", D(2025, 10, 21)),
               act("A2", "校本课程建设交流", "curriculum", "reported", D(2025, 11, 16))]
    matches, _ = align(plans, reports)
    got = {m.plan.activity_id: (m.report.activity_id, m.status, m.shift_days)
           for m in matches if m.plan and m.report}
    assert got == {"A1": ("A1", "shifted", 21), "A2": ("A2", "shifted", 16)}


@pytest.mark.parametrize(("evidence", "schools", "expected"), [
    ("本学期开展联合教研6次", (), True),
    ("各学科均完成了联片教研", (), True),
    ("视导组对5所学校进行了教学视导", (), True),
    ("英语、科学两个组完成了集体备课", (), True),
    ("读书节、科技节如期举办", (), True),
    ("视导组走进三所学校", ("北塘小学", "南塘小学", "西塘小学"), True),
    ("视导组走进北塘小学和南塘小学", ("北塘小学", "南塘小学"), False),
    ("开展语文联合教研活动", ("北塘小学",), False),
])
def test_align_aggregate_reports(evidence: str, schools: tuple[str, ...], expected: bool) -> None:
    from miner.compare.align import aggregate

    assert aggregate(act("A1", evidence, "joint_research", "reported", schools=schools)) is expected


def test_align_level_alike_averages_only_alike_blocks() -> None:
    """Two monthly items of one name against two reports of one name share their mean, and against
    any other report too (the dates decide which of them takes it); two items that are not alike
    keep their own figure."""
    plans = [act("A1", "集团例会", "meeting", start=D(2025, 9, 5)),
             act("A2", "集团例会", "meeting", start=D(2025, 10, 5)),
             act("A3", "读书沙龙", "seminar", start=D(2025, 10, 9))]
    reports = [act("B1", "召开集团例会", "meeting", "reported", D(2025, 9, 6)),
               act("B2", "召开集团例会", "meeting", "reported", D(2025, 10, 7)),
               act("B3", "读书沙龙交流", "seminar", "reported", D(2025, 10, 9))]
    prob = np.array([[1.0, 0.9, 0.0], [0.96, 1.0, 0.1], [0.0, 0.2, 0.8]])
    level = level_alike(prob, plans, reports)
    assert np.allclose(level[:2, :2], 0.965)
    assert np.allclose(level[2, :2], 0.1) and np.allclose(level[:2, 2], 0.05)
    assert level[2, 2] == prob[2, 2]


def test_align_alike_items_with_other_schools_are_not_leveled() -> None:
    plans = [act("A1", "联合教研", "joint_research", start=D(2025, 3, 5), schools=("南湖小学",)),
             act("A2", "联合教研", "joint_research", start=D(2025, 4, 5), schools=("北塘小学",))]
    reports = [act("B1", "联合教研", "joint_research", "reported", D(2025, 3, 6), schools=("南湖小学",))]
    prob = np.array([[0.95], [0.4]])
    assert np.allclose(level_alike(prob, plans, reports), prob)


def test_align_shared_rarest_word_tells_a_common_head_from_a_title() -> None:
    """Sharing only the common head (比赛) reads lower than sharing the distinctive title word, and
    the distinctive words left on each side are read too."""
    idf = {"比赛": 1.2, "诗文": 4.0, "朗诵": 4.0, "演讲": 4.0, "红色": 4.0, "故事": 3.5}
    plan = act("A1", "学生诗文朗诵比赛", "student_activity", start=D(2025, 4, 1))
    other = act("B1", "红色故事演讲比赛", "student_activity", "reported", D(2025, 4, 3))
    same = act("B2", "诗文朗诵展演", "student_activity", "reported", D(2025, 4, 3))
    f_other = pair_features(plan, other, 0.2, idf, 5.0)
    f_same = pair_features(plan, same, 0.5, idf, 5.0)
    assert "shared_rarest" in FEATURES
    assert f_other["shared_rarest"] < f_same["shared_rarest"]
    assert f_other["left_report"] > 0.5 and f_same["left_plan"] < f_other["left_plan"] + 1e-9

