"""One activity listed twice (a table row and its month-calendar line) becomes one; then number them."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from miner.records import Activity, replaced


@dataclass(slots=True)
class Pending:
    """An activity with everything settled except its id and its `also` mentions."""

    activity: Activity
    calendar: bool  # found only under a month heading of a 行事历
    order: int  # reading order of its unit

    def __init__(
        self,
        activity: Activity,
        calendar: bool,
        order: int,
    ) -> None:  # written out: see miner.native
        self.activity = activity
        self.calendar = calendar
        self.order = order


_SAME_TYPE_SIM = 0.55  # two meetings in the same month are one only when named alike
_CROSS_TYPE_SIM = 0.75  # a repeat typed differently must be worded almost the same (教研日 ≠ 教学开放日)


@functools.lru_cache(maxsize=65536)
def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def _overlap(a: Activity, b: Activity) -> bool:
    if a.date_start is None or b.date_start is None or a.date_end is None or b.date_end is None:
        return False
    return a.date_start <= b.date_end and b.date_start <= a.date_end


def _day(date: dt.date | None) -> int | None:
    return None if date is None else date.toordinal()


def _schools_agree(a: Activity, b: Activity) -> bool:
    if not a.schools or not b.schools:
        return True
    if set(a.schools) & set(b.schools):
        return True
    return any(_length_bound(x, y) >= 0.6 and _bound(x, y) >= 0.6 and _similar(x, y) >= 0.6
               for x in a.schools for y in b.schools)


def _length_bound(a: str, b: str) -> float:
    """A looser upper bound of `_similar(a, b)` from the lengths alone (difflib's real_quick_ratio)."""
    return 2.0 * min(len(a), len(b)) / (len(a) + len(b)) if a and b else 0.0


def _bound(a: str, b: str) -> float:
    """An upper bound of `_similar(a, b)`: difflib's quick_ratio (the characters both have, counted;
    matching blocks never pair more)."""
    if not a or not b:
        return 0.0
    ca, cb = _counts(a), _counts(b)
    common = 0
    for ch in ca.keys() & cb.keys():  # (a set operation in C: only the shared characters are visited)
        common += min(ca[ch], cb[ch])
    return 2.0 * common / (len(a) + len(b))


@functools.lru_cache(maxsize=65536)
def _counts(text: str) -> dict[str, int]:
    return dict(Counter(text))


def _may_match(body: Activity, cal: Activity) -> bool:
    """A cheap necessary condition of `_score(body, cal) > 0`: the dates overlap, or the body item
    has no date and the same type."""
    if body.date_start is None:
        return body.type == cal.type or not set(body.types).isdisjoint(cal.types)
    return _overlap(body, cal)


def _score(body: Activity, cal: Activity, floor: float = 0.0) -> float:
    """How sure we are that a calendar line repeats a body activity (0 = not the same). A score
    that cannot exceed `floor` (the best so far) may come back as 0 without being worked out."""
    if body.week is not None and cal.week is not None and (body.week != cal.week or body.term != cal.term):
        return 0.0
    overlap = _overlap(body, cal)
    if body.date_start is not None and not overlap:
        return 0.0
    same_type = body.type == cal.type or not set(body.types).isdisjoint(cal.types)
    if not same_type and (not overlap or _length_bound(body.name, cal.name) < _CROSS_TYPE_SIM
                          or _bound(body.name, cal.name) < _CROSS_TYPE_SIM):
        return 0.0  # typed differently and not worded alike: the cheap test before the schools
    if not _schools_agree(body, cal):
        return 0.0
    if overlap:
        exact = body.week is not None and body.week == cal.week
        shared = bool(set(body.schools) & set(cal.schools))
        for bound in (_length_bound, _bound):  # the cheap bound first
            limit = bound(body.name, cal.name)
            if 1.0 + limit + (0.5 if exact else 0.0) + (0.5 if shared else 0.0) <= floor:
                return 0.0  # (the score's own sum with an upper bound of its similarity)
        name_sim = _similar(body.name, cal.name)
        if not same_type and name_sim < _CROSS_TYPE_SIM:
            return 0.0
        if name_sim < _SAME_TYPE_SIM and not exact and not shared:  # 新教师见面会 ≠ 全体教师大会
            return 0.0
        return 1.0 + name_sim + (0.5 if exact else 0.0) + (0.5 if shared else 0.0)
    if body.date_start is None and same_type and max(0.8, floor) <= _length_bound(body.name, cal.name) \
            and max(0.8, floor) <= _bound(body.name, cal.name):
        name_sim = _similar(body.name, cal.name)
        if name_sim >= 0.8:
            return name_sim
    return 0.0


def merge_calendar(items: list[Pending]) -> list[Pending]:
    """Fold calendar-only lines into the body activity they repeat (its name goes to `also`)."""
    body = [p for p in items if not p.calendar]
    calendar = [p for p in items if p.calendar]
    if not calendar:  # nothing to fold
        return sorted(body, key=lambda p: p.order)
    taken: set[int] = set()
    out_body = {id(p): p for p in body}
    rest: list[Pending] = []
    # what `_may_match` reads of each body item (dates and types never change while merging)
    # (days as ordinals: whole numbers compare faster than dates)
    keys = [(b, _day(b.activity.date_start), _day(b.activity.date_end), b.activity.type,
             frozenset(b.activity.types)) for b in body]
    for cal in calendar:
        best, best_score = None, 0.0
        c = cal.activity
        cs, ce, ctype, ctypes = _day(c.date_start), _day(c.date_end), c.type, c.types
        if cs is None or ce is None:  # no dates: only undated body items of the same type may match
            candidates = [b for b, bs, _, btype, btypes in keys
                          if bs is None and (btype == ctype or not btypes.isdisjoint(ctypes))]
        else:  # `_may_match`, read off the keys
            candidates = [b for b, bs, be, btype, btypes in keys
                          if ((btype == ctype or not btypes.isdisjoint(ctypes)) if bs is None
                              else be is not None and bs <= ce and cs <= be)]
        for b in candidates:
            if id(b) in taken:
                continue
            score = _score(b.activity, c, best_score)
            if score > best_score:
                best, best_score = b, score
        if best is None:
            rest.append(cal)
            continue
        taken.add(id(best))
        a, c = best.activity, cal.activity
        also = (*a.also, c.name) if c.name not in a.also else a.also
        subjects = a.subjects or c.subjects
        schools = a.schools or c.schools
        best.activity = replaced(a, also=also, subjects=subjects, schools=schools)
        out_body[id(best)] = best
    ordered = sorted(out_body.values(), key=lambda p: p.order) + sorted(rest, key=lambda p: p.order)
    return ordered


def number(items: list[Pending]) -> list[Activity]:
    """A1, A2, … in reading order (calendar-only items after the body ones). An activity that
    already carries its id (the one it was given before merging) is kept as it is."""
    out = []
    for i, p in enumerate(items, 1):
        activity_id = f"A{i}"
        a = p.activity
        out.append(a if a.activity_id == activity_id else replaced(a, activity_id=activity_id))
    return out
