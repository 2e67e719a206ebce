"""Time expressions on the school calendar: find them in text and turn them into date intervals.

The text is folded first (full-width → ASCII, Traditional → Simplified, character for character),
so offsets always point into the original text. Atoms (atoms.py) are joined into contiguous
compounds (2019学年第一学期第7周), then into ranges (3月至5月) (groups.py); page furniture is dropped
(furniture.py); each expression is then anchored with the document's period, a known term and the
school calendar (anchoring.py). See DESIGN.md "Time" for the rules.
"""

from __future__ import annotations

import datetime as dt
import functools

from miner.extract.lexicons.calendar import SchoolCalendar, default_calendar, school_year_range
from miner.extract.lexicons.time_lexicon import lexicon
from miner.extract.mentions.schools.context import Readings, readings
from miner.extract.mentions.times.anchoring import TimeExpr, resolve
from miner.extract.mentions.times.anchors import year_anchors
from miner.extract.mentions.times.atoms import line_atoms
from miner.extract.mentions.times.furniture import (
    bare_clock,
    grid_header,
    is_furniture,
    line_words,
    listed_lines,
    outline_numbers,
)
from miner.extract.mentions.times.groups import Group, compounds, month_context, orient_slashes, ranges
from miner.extract.text.fold import fold
from miner.records import Period

__all__ = ["TimeExpr", "find_times", "parse_time", "time_spans"]


def _expressions(text: str) -> list[Group]:
    """The groups of the time expressions in `text`, in order, page furniture left out."""
    return _sorted_expressions(text)[0]


def _sorted_expressions(text: str) -> tuple[list[Group], dt.date | None]:
    """The groups of `_expressions`, and the date of the page's stamp (`2023-10-10 20:20`) when
    the text holds one among its furniture."""
    folded = fold(text)
    groups = ranges(compounds(line_atoms(folded), folded), folded)
    if header := grid_header(folded, groups):
        groups = [g for i, g in enumerate(groups) if i not in header]
    if outline := outline_numbers(folded, groups):  # 1.1, 1.2, 2.1: an outline's numbers, no dates
        groups = [g for i, g in enumerate(groups) if i not in outline]
    orient_slashes(groups)
    month_context(groups)
    lex = lexicon()
    listed = listed_lines(folded, line_words(lex.line_words)) if groups else set()
    kept: list[Group] = []
    stamp: dt.date | None = None
    for g in groups:
        if bare_clock(folded, g):
            continue
        if not is_furniture(folded, g, listed, lex):
            kept.append(g)
        elif stamp is None:
            stamp = _stamp_date(g)
    return kept, stamp


def _stamp_date(g: Group) -> dt.date | None:
    """The day a furniture expression names in full (a publication stamp), else None."""
    f = g.fields
    if g.right is not None or f.get("year") is None or f.get("month") is None or f.get("day") is None:
        return None
    try:
        return dt.date(int(f["year"]), int(f["month"]), int(f["day"]))
    except ValueError:
        return None


def find_times(text: str, period: Period | None = None, *, calendar: SchoolCalendar | None = None,
               term: int | None = None, region: str = "default") -> list[TimeExpr]:
    """Every time expression in `text`, in order, anchored with the period, term and calendar.

    Without a period, a text of several lines that names its school year somewhere (a calendar's
    `114學年度第二學期` at its foot) is anchored with the first school year it names.
    """
    found = readings(text)
    if found is not None:  # 本學(xué)期: a page printing readings inside words, read without them
        plain = find_times(found.plain, period, calendar=calendar, term=term, region=region)
        return [_in_original(e, found) for e in plain]
    cal = calendar or default_calendar(region)
    groups, stamp = _sorted_expressions(text)
    if period is None and "\n" in text:
        period = _implied_period(groups, text)
        if period is None:  # each yearless expression takes the nearest year the text names
            local = year_anchors([(text[g.start:g.end], g.fields) for g in groups], stamp, cal)
            return [resolve(g, text[g.start:g.end], p, term, cal, stamp)
                    for g, p in zip(groups, local, strict=True)]
    return [resolve(g, text[g.start:g.end], period, term, cal, stamp) for g in groups]


def _in_original(e: TimeExpr, found: Readings) -> TimeExpr:
    """An expression found in the text without readings, with its surface and offsets in the page's."""
    start, end = found.span(e.start, e.end)
    return TimeExpr(found.original[start:end], start, end, e.kind, e.date_start, e.date_end, e.term, e.week,
                    e.week_end, e.recurrence)


def _implied_period(groups: list[Group], text: str) -> Period | None:
    """The school year a text names first, as the period of its other expressions."""
    for g in groups:
        f = g.fields
        sy = f.get("school_year")
        if sy is None or f.get("placeholder") or g.right is not None or f.get("year_end"):
            continue
        year = int(sy)  # (the whole school year: a term named at the foot may be the next one)
        start, end = school_year_range(year)
        return Period(text[g.start:g.end], "school_year", year, start, end)
    return None


def time_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each expression that `find_times` finds in `text`, without anchoring them."""
    found = readings(text)
    if found is not None:
        return [found.span(g.start, g.end) for g in _expressions(found.plain)]
    return [(g.start, g.end) for g in _expressions(text)]


def parse_time(surface: str, period: Period | None = None, *, term: int | None = None,
               calendar: SchoolCalendar | None = None) -> TimeExpr | None:
    """One expression: the longest found in `surface` (None when there is none)."""
    return _parse_time(surface, period, term, calendar)


@functools.lru_cache(maxsize=20_000)  # (a calendar is equal only to itself: see SchoolCalendar)
def _parse_time(surface: str, period: Period | None, term: int | None,
                calendar: SchoolCalendar | None) -> TimeExpr | None:
    found = find_times(surface, period, calendar=calendar, term=term)
    return max(found, key=lambda e: e.end - e.start) if found else None
