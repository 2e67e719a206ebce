"""The year of a time written without one, in a text that names no period: the nearest year it names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from miner.extract.lexicons.calendar import SchoolCalendar, school_year_range
from miner.records import Period


def anchor_of(label: str, f: dict[str, Any], cal: SchoolCalendar) -> Period | None:
    """The period an expression with a year of its own sets for the yearless ones near it:
    `2025年秋季学期` a term, `2019学年` a school year, `2022年8月27日` the calendar year 2022."""
    if f.get("placeholder") or f.get("year_end") is not None:
        return None
    term = f.get("term")
    school_year = f.get("school_year")
    year = f.get("year")
    if school_year is None and year is not None and term:  # 2026年春季: spring of the school year before
        school_year = int(year) - (1 if term == 2 else 0)
    if school_year is not None:
        sy = int(school_year)
        if term in (1, 2):
            start, end = cal.term_range(sy, int(term))
            return Period(label, "term", sy, start, end, term=int(term))
        start, end = school_year_range(sy)
        return Period(label, "school_year", sy, start, end)
    if year is not None:
        y = int(year)
        return Period(label, "calendar_year", y, dt.date(y, 1, 1), dt.date(y, 12, 31),
                      term=_term_of_day(y, f, cal))
    return None


def _term_of_day(year: int, f: dict[str, Any], cal: SchoolCalendar) -> int | None:
    """The term a dated anchor falls in (`2024年3月4日`: the spring term), so that the term weeks
    near it (`第3周`) can be dated; None for a January day (the autumn term of the year before) and
    a day of the summer holiday."""
    if f.get("month") is None:
        return None
    try:
        day = dt.date(year, int(f["month"]), int(f.get("day") or 15))
    except ValueError:
        return None
    school_year, term = cal.term_of(day)
    first, last = cal.term_range(school_year, term)
    return term if school_year == year - (term == 2) and first <= day <= last else None


def _dates(f: dict[str, Any]) -> bool:
    """Whether an expression with a year names more than the year: `2023年5月6日`, `2025年秋季学期`,
    `2019学年` (not `2018年以来`, a year a news report looks back to)."""
    return f.get("school_year") is not None or any(f.get(k) for k in ("month", "term"))


def year_anchors(items: Sequence[tuple[str, dict[str, Any]]], stamp: dt.date | None,
                 cal: SchoolCalendar) -> list[Period | None]:
    """For each expression (surface, fields) of a text without a period, in order: the period
    that anchors it. That is the nearest expression above it with a year and a month, term or
    school year (a calendar that names its year once at the top, a news report's `2023年4月10日`
    followed by `4月11日`), else the year of the page's stamp (`stamp`), else the first such
    expression below, else the first year the text names."""
    own = [anchor_of(label, f, cal) if _dates(f) else None for label, f in items]
    fallback = None
    if stamp is not None:
        day = {"year": stamp.year, "month": stamp.month, "day": stamp.day}
        fallback = anchor_of(str(stamp.year), day, cal)
    if fallback is None:  # else the first such expression below, else the first year named
        fallback = next((p for p in own if p is not None), None)
    if fallback is None:
        fallback = next((p for label, f in items if (p := anchor_of(label, f, cal)) is not None), None)
    out: list[Period | None] = []
    current = fallback
    for period in own:
        if period is not None:
            current = period
        out.append(current)
    return out
