"""One activity listed twice (a table row and its month-calendar line) becomes one; then number them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from difflib import SequenceMatcher

from miner.records import Activity


@dataclass(slots=True)
class Pending:
    """An activity with everything settled except its id and its `also` mentions."""

    activity: Activity
    calendar: bool  # found only under a month heading of a 行事历
    order: int  # reading order of its unit


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio() if a and b else 0.0


def _overlap(a: Activity, b: Activity) -> bool:
    if a.date_start is None or b.date_start is None or a.date_end is None or b.date_end is None:
        return False
    return a.date_start <= b.date_end and b.date_start <= a.date_end


def _schools_agree(a: Activity, b: Activity) -> bool:
    if not a.schools or not b.schools:
        return True
    if set(a.schools) & set(b.schools):
        return True
    return any(_similar(x, y) >= 0.6 for x in a.schools for y in b.schools)


def _score(body: Activity, cal: Activity) -> float:
    """How sure we are that a calendar line repeats a body activity (0 = not the same)."""
    if body.week is not None and cal.week is not None and (body.week != cal.week or body.term != cal.term):
        return 0.0
    if body.date_start is not None and not _overlap(body, cal):
        return 0.0
    if not _schools_agree(body, cal):
        return 0.0
    name_sim = _similar(body.name, cal.name)
    same_type = body.type == cal.type or bool(set(body.types) & set(cal.types))
    if _overlap(body, cal):
        if not same_type and name_sim < 0.5:
            return 0.0
        exact = body.week is not None and body.week == cal.week
        shared = bool(set(body.schools) & set(cal.schools))
        return 1.0 + name_sim + (0.5 if exact else 0.0) + (0.5 if shared else 0.0)
    if body.date_start is None and same_type and name_sim >= 0.8:
        return name_sim
    return 0.0


def merge_calendar(items: list[Pending]) -> list[Pending]:
    """Fold calendar-only lines into the body activity they repeat (its name goes to `also`)."""
    body = [p for p in items if not p.calendar]
    taken: set[int] = set()
    out_body = {id(p): p for p in body}
    rest: list[Pending] = []
    for cal in (p for p in items if p.calendar):
        best, best_score = None, 0.0
        for b in body:
            if id(b) in taken:
                continue
            score = _score(b.activity, cal.activity)
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
        best.activity = dataclasses.replace(a, also=also, subjects=subjects, schools=schools)
        out_body[id(best)] = best
    ordered = sorted(out_body.values(), key=lambda p: p.order) + sorted(rest, key=lambda p: p.order)
    return ordered


def number(items: list[Pending]) -> list[Activity]:
    """A1, A2, … in reading order (calendar-only items after the body ones)."""
    return [dataclasses.replace(p.activity, activity_id=f"A{i}") for i, p in enumerate(items, 1)]
