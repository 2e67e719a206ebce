"""Tests for miner.extract.activities.merge: calendar lines fold into the body activity they
repeat; the pruned scoring picks exactly what scoring every pair would."""

from __future__ import annotations

import datetime as dt
import itertools
from difflib import SequenceMatcher

import pytest

from miner.extract.activities.merge import (
    Pending,
    _bound,
    _length_bound,
    _score,
    _similar,
    merge_calendar,
    number,
)
from miner.records import Activity

D = dt.date


def _act(name: str, code: str = "seminar", start: dt.date | None = None, end: dt.date | None = None,
         week: int | None = None, schools: tuple[str, ...] = ()) -> Activity:
    return Activity(doc_id="d", activity_id="", type=code, evidence=name, start=0, end=len(name),
                    mood="planned", name=name, types=(code,), date_start=start, date_end=end or start,
                    term=1 if week else None, week=week, schools=schools)


@pytest.mark.parametrize("a,b", [
    ("集团语文教研活动", "语文教研活动"), ("青年教师赛课", "青年教师基本功大赛"),
    ("期中质量分析会", "开学工作会议"),
    ("送教下乡", "送教下乡活动"), ("", "教研"), ("城东小学", "城西小学"), ("科技节", "艺术节展演"),
])
def test_merge_bounds_never_below_the_ratio(a: str, b: str) -> None:
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0
    assert _similar(a, b) == ratio
    assert _length_bound(a, b) >= _bound(a, b) >= ratio


def _naive(body: list[Activity], cal: Activity) -> int | None:
    best, best_score = None, 0.0
    for i, b in enumerate(body):
        score = _score(b, cal)  # no floor: every pair scored in full
        if score > best_score:
            best, best_score = i, score
    return best


def test_merge_pruned_choice_equals_full_scoring() -> None:
    names = ["集团语文教研活动", "语文教研", "青年教师赛课", "青年教师基本功展示", "期末复习研讨会",
             "校长论坛"]
    days = [D(2023, 9, 4), D(2023, 9, 11), None]
    body = [_act(n, code, d, week=w, schools=s) for n, code, d, w, s in itertools.product(
        names[:4], ("seminar", "competition"), days, (None, 2), ((), ("城东小学",)))][:60]
    for cal_name, day, week in itertools.product(names, days, (None, 2)):
        cal = _act(cal_name, "seminar", day, week=week)
        pending = [Pending(b, False, i) for i, b in enumerate(body)] + [Pending(cal, True, len(body))]
        merged = merge_calendar(pending)
        winner = _naive(body, cal)
        holders = [i for i, p in enumerate(merged) if cal.name in p.activity.also]
        assert holders == ([] if winner is None else [winner]), (cal_name, day, week)


def test_merge_folds_a_calendar_line_and_numbers_in_reading_order() -> None:
    body = _act("集团数学教研活动", start=D(2023, 10, 9), end=D(2023, 10, 13), week=7, schools=("城东小学",))
    other = _act("开学工作会议", code="meeting", start=D(2023, 9, 1))
    line = _act("数学教研活动", start=D(2023, 10, 10), week=7)
    alone = _act("校园艺术节", code="festival", start=D(2023, 12, 1))
    items = [Pending(body, False, 0), Pending(other, False, 1), Pending(line, True, 2),
             Pending(alone, True, 3)]
    out = number(merge_calendar(items))
    assert [a.activity_id for a in out] == ["A1", "A2", "A3"]
    assert out[0].name == "集团数学教研活动" and out[0].also == ("数学教研活动",)
    assert out[2].name == "校园艺术节" and out[2].also == ()


@pytest.mark.parametrize(("body", "body_code", "line", "line_code", "merged"), [
    ("集团教学开放日", "open_lesson", "集团教研日", "joint_research", False),  # other type, other words
    ("新教师见面会", "meeting", "全体教师大会", "meeting", False),  # same month, same type, other event
    ("集团理事会议", "meeting", "集团理事会", "meeting", True),  # the same meeting written twice
    ("期中质量分析会", "quality_analysis", "期中质量分析", "quality_analysis", True),
])
def test_merge_only_repeats_of_the_same_event_fold(body: str, body_code: str, line: str, line_code: str,
                                                    merged: bool) -> None:
    a = _act(body, code=body_code, start=D(2023, 10, 9), end=D(2023, 10, 13))
    c = _act(line, code=line_code, start=D(2023, 10, 1), end=D(2023, 10, 31))
    out = merge_calendar([Pending(a, False, 0), Pending(c, True, 1)])
    assert (len(out) == 1) is merged
