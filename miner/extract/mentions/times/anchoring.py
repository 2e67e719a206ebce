"""Anchoring time expressions on the calendar: the date interval that an expression's fields name,
given the document's period, a known term and the school calendar (DESIGN.md "Time")."""

from __future__ import annotations

import calendar as _monthcal
import datetime as dt
from dataclasses import dataclass
from typing import Any

from miner.extract.lexicons.calendar import SchoolCalendar, school_year_range
from miner.extract.lexicons.time_lexicon import lexicon
from miner.extract.mentions.times.groups import Group
from miner.records import Period


@dataclass(unsafe_hash=True, slots=True)
class TimeExpr:
    """One time expression found in a text, with its inclusive date interval where anchorable."""

    text: str  # exact surface in the input text
    start: int
    end: int
    kind: str  # school_year | term | week | month | part_of_month | day | date | range | year |
    #            relative | recurrence | vague
    date_start: dt.date | None
    date_end: dt.date | None
    term: int | None = None  # 1 autumn / 2 spring, when known
    week: int | None = None
    week_end: int | None = None
    recurrence: str | None = None  # "biweekly:mon:pm", "weekly", "each_term", "monthly", ...

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        kind: str,
        date_start: dt.date | None,
        date_end: dt.date | None,
        term: int | None = None,
        week: int | None = None,
        week_end: int | None = None,
        recurrence: str | None = None,
    ) -> None:  # written out: see miner.native
        self.text = text
        self.start = start
        self.end = end
        self.kind = kind
        self.date_start = date_start
        self.date_end = date_end
        self.term = term
        self.week = week
        self.week_end = week_end
        self.recurrence = recurrence

    def value(self) -> str | None:
        """The ISO interval "YYYY-MM-DD/YYYY-MM-DD", or None when not anchored."""
        if self.date_start is None or self.date_end is None:
            return None
        return f"{self.date_start.isoformat()}/{self.date_end.isoformat()}"


def _period_sy(period: Period | None) -> int | None:
    if period is None or period.kind == "calendar_year":
        return None
    return period.year


def _month_year(month: int, f: dict[str, Any], period: Period | None, term: int | None) -> int | None:
    """The calendar year of a month, from the fields, else the period and term."""
    if (year := f.get("year")) is not None:
        return int(year)
    if (school_year := f.get("school_year")) is not None:
        return int(school_year) + (0 if month >= 8 else 1)
    if (rel_year := f.get("rel_year")) is not None:
        return period.year + int(rel_year) if period else None
    if period is None:
        return None
    if period.kind == "calendar_year":
        return period.year
    if term == 1:
        return period.year + (0 if month >= 8 else 1)
    if term == 2:
        return period.year + 1
    return period.year + (0 if month >= 9 else 1)


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_length(year: int, month: int) -> int:
    """Days in a month (a ValueError for a month outside 1–12, as from calendar.monthrange)."""
    if not 1 <= month <= 12:
        raise ValueError(f"bad month number {month}")
    return 29 if month == 2 and _monthcal.isleap(year) else _MONTH_DAYS[month]


def _days(year: int, month: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    """Days `first` to `last` of a month (counted back from its end when negative)."""
    n = _month_length(year, month)
    a = first if first > 0 else n + first + 1
    b = last if last > 0 else n + last + 1
    return dt.date(year, month, max(1, a)), dt.date(year, month, min(n, b))


def _school_year_term(f: dict[str, Any], period: Period | None,
                      term: int | None) -> tuple[int | None, int | None]:
    t = f.get("term") if f.get("rel_term") is None else None
    t = t or term or (period.term if period else None)
    if f.get("school_year") is not None:
        return int(f["school_year"]), t
    if f.get("year") is not None and t:  # a calendar year with a term: spring belongs to the year before
        return int(f["year"]) - (1 if t == 2 else 0), t
    if f.get("rel_sy") is not None:
        sy = _period_sy(period)
        return (sy + int(f["rel_sy"]) if sy is not None else None), t
    if period is not None and period.kind == "calendar_year" and t:
        return period.year - (1 if t == 2 else 0), t
    return _period_sy(period), t


def _interval(f: dict[str, Any], period: Period | None, term: int | None,
              cal: SchoolCalendar) -> tuple[dt.date, dt.date] | None:
    """The inclusive date interval that fields `f` name, or None when they cannot be anchored."""
    if f.get("placeholder") or f.get("rec") or f.get("rel_other"):
        return None
    month_field = f.get("month")
    if month_field is not None:
        month = int(month_field)
        known_term = f.get("term") or term or (period.term if period else None)
        year = _month_year(month, f, period, known_term)
        if year is None:
            return None
        try:
            day_field, week_field = f.get("day"), f.get("week")
            if day_field is not None:
                day = dt.date(year, month, int(day_field))
                last_day = f.get("day_last")
                # 19-21日; 21-03 (Wed-Tue) runs into the next month
                if last_day is not None and int(last_day) != day.day:
                    last_month, last_year = (month, year) if int(last_day) > day.day else (
                        month % 12 + 1, year + (month == 12))
                    return day, dt.date(last_year, last_month, int(last_day))
                return day, day
            if week_field is not None:  # 9月第一周: days 1–7, 8–14, ... of the month
                first, last = int(week_field), int(f.get("week_end") or week_field)
                return _days(year, month, 7 * first - 6, 7 * last)
            part = f.get("part")
            if part:
                return _days(year, month, *part)
            month_end = f.get("month_end")
            if month_end is not None:
                m2 = int(month_end)
                y2 = _month_year(m2, f, period, known_term) or year
                if (y2, m2) < (year, month):
                    y2 = year + 1
                return _days(year, month, 1, -1)[0], _days(y2, m2, 1, -1)[1]
            return _days(year, month, 1, -1)
        except ValueError:
            return None
    sy, t = _school_year_term(f, period, term)
    week_field = f.get("week")
    if week_field is not None:
        if sy is None or t is None:
            return None
        return cal.week_range(sy, t, int(week_field), f.get("week_end"))
    vague = f.get("vague")
    if vague:
        if vague in ("midterm", "final") and sy is not None and t is not None:
            return cal.exam_range(sy, t, vague)
        return None
    if f.get("half"):
        year = f.get("year")
        if year is None and f.get("rel_year") is not None and period is not None:
            year = period.year + int(f["rel_year"])
        if year is None and period is not None and period.kind == "calendar_year":
            year = period.year
        if year is None:
            return None
        first, last = f["half"]
        return dt.date(year, first, 1), _days(year, last, 1, -1)[1]
    if f.get("term_word"):
        if f.get("rel_term") is not None:
            return _relative_term(int(f["rel_term"]), f, period, term, cal)
        return cal.term_range(sy, t) if sy is not None and t else None
    if f.get("school_year") is not None or f.get("rel_sy") is not None:
        return school_year_range(sy) if sy is not None else None
    year = f.get("year")
    if year is None and f.get("rel_year") is not None and period is not None:
        year = period.year + int(f["rel_year"])
    if year is None:
        return None
    return dt.date(year, 1, 1), dt.date(int(f.get("year_end") or year), 12, 31)


def _relative_term(shift: int, f: dict[str, Any], period: Period | None, term: int | None,
                   cal: SchoolCalendar) -> tuple[dt.date, dt.date] | None:
    if period is None or period.kind == "calendar_year":
        return None
    current = term or period.term
    if current is None:  # a school-year document: 上学期/下学期 name its two terms; 本学期 is unknown
        word = f.get("term_word", "")
        absolute = lexicon().terms.get(word)
        return cal.term_range(period.year, absolute) if absolute else None
    index = period.year * 2 + (current - 1) + shift
    return cal.term_range(index // 2, index % 2 + 1)


def _kind(g: Group) -> str:
    """The kind of a group's expression (range, date, week, ...), from its fields read once each."""
    fields = g.fields
    if g.right is not None or fields.get("year_end"):
        return "range"
    if fields.get("rel_other"):
        return "relative"
    if fields.get("rec"):
        return "recurrence"
    if fields.get("day") is not None:
        return "date" if fields.get("year") is not None or fields.get("numeric") else "day"
    month, week = fields.get("month"), fields.get("week")
    if fields.get("part") or (month is not None and week is not None):
        return "part_of_month"
    if month is not None:
        return "month"
    if week is not None:
        return "week"
    if fields.get("vague"):
        return "vague"
    if any(fields.get(key) is not None for key in ("rel_term", "rel_sy", "rel_year")):
        return "relative"
    term_word = fields.get("term_word")
    if term_word or fields.get("half"):
        return "term" if term_word else "range"  # 上半年: months 1–6
    if fields.get("school_year") is not None or (fields.get("placeholder") and "school_year" in fields):
        return "school_year"
    if "year" in g.kinds:
        return "year"
    return "relative"  # a weekday on its own


def resolve(g: Group, surface: str, period: Period | None, term: int | None,
             cal: SchoolCalendar, today: dt.date | None = None) -> TimeExpr:
    """The anchored TimeExpr of a group (`surface`: its text; `today`: the day of the page's stamp)."""
    f = g.fields
    span = _interval(f, period, term, cal)
    if span is None and today is not None and f.get("rel_other") == "today" and g.right is None:
        span = today, today  # 今天上午 in a news report: the day it was posted
    right_group = g.right
    week, week_end = f.get("week"), f.get("week_end")
    if right_group is not None:
        if span is not None:
            right = dict(f)
            for key in ("day", "week", "week_end", "part", "month_end", "wd", "dp"):
                right.pop(key, None)
            right.update({k: v for k, v in right_group.fields.items() if v is not None})
            other = _interval(right, period, term, cal)
            span = (span[0], other[1]) if other is not None and other[1] >= span[0] else None
        if right_group.fields.get("week") is not None:
            week_end = right_group.fields["week"]
    t = f.get("term") if f.get("rel_term") is None else None
    if t is None and week is not None:
        t = term or (period.term if period else None)
    rec = f.get("rec")
    if rec:
        rec = ":".join(str(x) for x in (rec, f.get("wd"), f.get("rpart"), f.get("dp")) if x)
    else:
        rec = None
    first, last = span if span is not None else (None, None)
    return TimeExpr(surface, g.start, g.end, _kind(g), first, last, t, week, week_end, rec)
