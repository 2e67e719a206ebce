"""The week a weekly plan covers (its heading's date range), and the days its items fall on in it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from miner.extract.lexicons.time_lexicon import lexicon
from miner.extract.mentions.times.expressions import TimeExpr
from miner.extract.text.fold import fold

HEAD_CHARS = 300  # a weekly plan gives its week in its title block, within this many characters
_WEEK_DAYS = range(1, 7)  # days from first to last of a week's range: its school days or all seven
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_ORDER = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_THIS_WEEK = "本周"


def heading_week(times: Sequence[TimeExpr]) -> TimeExpr | None:
    """The week of a weekly plan (`日期：11月3日~11月7日`, `2025.9.22—2025.9.28`, `第十周`): an
    expression of two to seven days in the document's first lines, the dates it writes out before
    a term week's. None when the document also holds such a range further on (a calendar lists one
    for every week), names two weeks that do not meet, or holds none."""
    weeks = [t for t in times if t.date_start is not None and t.date_end is not None
             and (t.date_end - t.date_start).days in _WEEK_DAYS]
    head = [t for t in weeks if t.start <= HEAD_CHARS]
    if not head or len(head) != len(weeks):
        return None
    written = [t for t in head if t.week is None]  # 11月3日~11月7日 rather than 第十周
    numbers = {t.week for t in times if t.week is not None and t.start <= HEAD_CHARS}
    if not written and len(numbers) > 1:  # `第5周…；第12周…` (the second one's term unknown yet)
        return None
    found = written or head  # (beside a written week, a theme's `第三周` is no rival)
    first = found[0]
    assert first.date_start is not None and first.date_end is not None
    if any(t.date_start > first.date_end or t.date_end < first.date_start  # type: ignore[operator]
           for t in found):
        return None  # two weeks (`第5周…；第12周…`): a summary of a term, not one week's plan
    return first


def on_week(te: TimeExpr, week: TimeExpr) -> TimeExpr:
    """An item's time within the plan's week: the week's dates for one said as 本周, the day (or
    days) for a weekday without a date (周三, 周一、周三); else its own."""
    if te.date_start is not None or te.recurrence or week.date_start is None:
        return te
    folded = fold(te.text)
    if folded.startswith(_THIS_WEEK):
        return _dated(te, week.date_start, week.date_end)
    names = lexicon().weekdays
    days = [_day_in(week, _ORDER.index(names[c])) for c in _WEEKDAY.findall(folded)]
    found = sorted(d for d in days if d is not None)
    if not found or len(found) != len(days):
        return te
    return _dated(te, found[0], found[-1])


def dates_within(te: TimeExpr, week: TimeExpr) -> bool:
    """Whether an item's time (after `on_week`) says more than the plan's week: dated, and not a
    wider span holding the whole week (`五月` in a plan of 5月26日~5月30日, the term week 第3周 of a
    plan written as its school days, an undated `上周`)."""
    if te.date_start is None or te.date_end is None:
        return False
    if week.date_start is None or week.date_end is None:
        return True
    wider = (te.date_end - te.date_start) > (week.date_end - week.date_start)
    return not (wider and te.date_start <= week.date_start and te.date_end >= week.date_end)


def _dated(te: TimeExpr, start: dt.date | None, end: dt.date | None) -> TimeExpr:
    return TimeExpr(te.text, te.start, te.end, te.kind, start, end, te.term, te.week, te.week_end,
                    te.recurrence)


def _day_in(week: TimeExpr, weekday: int) -> dt.date | None:
    """The date of a weekday (0 = Monday) inside the week's range, if the range holds it."""
    assert week.date_start is not None and week.date_end is not None
    day = week.date_start + dt.timedelta(days=(weekday - week.date_start.weekday()) % 7)
    return day if day <= week.date_end else None
