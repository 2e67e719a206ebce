"""Time expressions on the school calendar: find them in text and turn them into date intervals.

The text is folded first (full-width → ASCII, Traditional → Simplified, character for character),
so offsets always point into the original text. Atoms (timepatterns.py) are joined into contiguous
compounds (2019学年第一学期第7周), then into ranges (3月至5月); page furniture is dropped; each
expression is then anchored with the document's period, a known term and the school calendar
(calendar.py). See DESIGN.md "Time" for the rules.
"""

from __future__ import annotations

import calendar as _monthcal
import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass
from typing import Any

from miner.extract.lexicons.calendar import SchoolCalendar, default_calendar, school_year_range
from miner.extract.lexicons.time_lexicon import (
    TimeLexicon,
    lexicon,
    nonblank_lines_after,
    nonblank_lines_before,
)
from miner.extract.mentions.schools.context import Readings, readings
from miner.extract.mentions.times.anchors import year_anchors
from miner.extract.mentions.times.atoms import AtomTuple, line_atoms
from miner.extract.text.fold import fold
from miner.records import Period

log = logging.getLogger(__name__)

# Which atom may directly follow which inside one compound expression.
_FOLLOWS: dict[str, frozenset[str]] = {
    "year": frozenset({"term", "month", "half", "vague"}),
    "term": frozenset({"week", "month", "vague"}),
    "week": frozenset({"weekday"}),
    "month": frozenset({"weekday", "week"}),
    "numdate": frozenset({"weekday", "clock"}),
    "defect": frozenset({"weekday"}),
    "recur": frozenset({"week", "bareday", "month"}),
    "rel": frozenset({"term", "month", "half", "vague", "weekday", "week"}),
    "weekday": frozenset({"month", "numdate"}),  # 周日3月12日
    "vague": frozenset({"vague"}),  # 岁末年初
}
_NOTHING: frozenset[str] = frozenset()
# A calendar year's halves: 2021年上学期 is the spring term (February–July 2021), 2021年下学期 the
# autumn one; after a school year (2021学年上学期) they are its terms 1 and 2.
_CALENDAR_HALF_TERMS = {"上学期": 2, "下学期": 1}
# "2022年 3 月", "2019学年 第一学期", a page stamp's "2021-12-28 15:52" (one expression: furniture)
_SPACE_OK = frozenset({("year", "month"), ("year", "term"), ("numdate", "clock")})
_RANGE_SEP = re.compile(r"[ ]*(?:-{1,2}|至|到|\?)[ ]*")  # (a lost ~ comes out as ?: 2月21日?2月27日)
_LIST_NEXT = frozenset({"bareday", "month"})  # 2月19日、20日 / 11/06(四)、11/07(五): one listing
_LINE_HEAD = re.compile(r"[ \t|]*")
_ITEM_BREAK = re.compile(r"[,，;；、。][ ]*$")
_CLOCK = re.compile(r"[ ]+\d{1,2}:\d{2}")


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


@dataclass(slots=True)
class _Group:
    start: int
    end: int
    kinds: list[str]
    fields: dict[str, Any]
    right: _Group | None = None  # the other end of a range

    def __init__(
        self,
        start: int,
        end: int,
        kinds: list[str],
        fields: dict[str, Any],
        right: _Group | None = None,
    ) -> None:  # written out: see miner.native
        self.start = start
        self.end = end
        self.kinds = kinds
        self.fields = fields
        self.right = right


def _compounds(lines: list[tuple[int, tuple[AtomTuple, ...]]], folded: str) -> list[_Group]:
    """Atoms that may follow one another, with nothing (or allowed spaces) between, joined into one
    group each (2019学年第一学期第7周). `lines`: the line offsets and atoms of `line_atoms`."""
    groups: list[_Group] = []
    last: _Group | None = None
    for at, atoms in lines:
        for kind, start, end, fields in atoms:  # (their fields are the cache's: read, never changed)
            start, end = at + start, at + end
            if last is not None:
                prev = last.kinds[-1]
                if (kind == "weekday" and prev in ("recur", "weekday") and start == last.end + 1
                        and folded[last.end] == "、" and last.fields.get("wd") and fields.get("wd")):
                    last.end = end  # 每周二、周四下午
                    last.kinds.append(kind)
                    last.fields["wd"] = f"{last.fields['wd']},{fields['wd']}"
                    if fields.get("dp"):
                        last.fields["dp"] = fields["dp"]
                    continue
                if (kind in _LIST_NEXT and folded[last.end:start] in ("、", "或") and last.right is None
                        and _listed_day(last.fields, fields)):
                    last.right = _Group(start, end, [kind], dict(fields))  # a list of days, read as a span
                    last.end = end
                    continue
                joinable = kind in _FOLLOWS.get(prev, _NOTHING) and not (
                    kind == "term" and last.fields.get("term") is not None)
                if joinable and (start == last.end or (
                        (prev, kind) in _SPACE_OK and folded[last.end:start].strip(" ") == "")):
                    # 上学期 after a year is that year's term 1: its relative reading is not taken over
                    skip = "rel_term" if kind == "term" and fields.get("term") is not None else ""
                    last.end = end
                    last.kinds.append(kind)
                    last.fields.update({k: v for k, v in fields.items() if v is not None and k != skip})
                    if kind == "term" and prev == "year" and last.fields.get("year") is not None:
                        half = _CALENDAR_HALF_TERMS.get(str(fields.get("term_word")))
                        last.fields["term"] = half or last.fields.get("term")
                    continue
            last = _Group(start, end, [kind], dict(fields))
            groups.append(last)
    return groups


def _listed_day(left: dict[str, Any], right: dict[str, Any]) -> bool:
    """Two days listed with 、 in a calendar's cell: a bare day after a date, or two slash dates."""
    if left.get("day") is None or right.get("day") is None:
        return False
    return right.get("month") is None or bool(left.get("slash") and right.get("slash"))


def _level(g: _Group) -> str:
    """The finest unit a group names (day, week, month, ...), else its last atom's kind."""
    f = g.fields
    for key in ("day", "week", "month", "term", "school_year", "year"):
        if f.get(key) is not None:
            return key
    return g.kinds[-1]


def _ranges(groups: list[_Group], folded: str) -> list[_Group]:
    """Two groups of one level joined by a range separator (3月至5月) become one range; bare days go."""
    out: list[_Group] = []
    for g in groups:
        last = out[-1] if out else None
        if (last is not None and last.right is None and "recur" not in last.kinds and "recur" not in g.kinds
                and _RANGE_SEP.fullmatch(folded, last.end, g.start)
                and (_level(last) == _level(g) or (g.kinds == ["bareday"] and _level(last) == "day"))):
            last.right, last.end = g, g.end
            continue
        out.append(g)
    return [g for g in out if g.kinds != ["bareday"] or _opens_line(folded, g.start)]


def _opens_line(folded: str, at: int) -> bool:
    """Whether only blanks or a table's bars stand before `at` on its line (`3日  开学典礼`), or
    it opens the next item of a line listing dated items (`…报到，3日老生报到`)."""
    a = folded.rfind("\n", 0, at) + 1
    return _LINE_HEAD.fullmatch(folded, a, at) is not None or _ITEM_BREAK.search(folded, a, at) is not None


def _orient_slashes(groups: list[_Group]) -> None:
    """A document writes slash dates one way: day/month (31/8) when a first number above 12 shows
    it and no second one does, else month/day (2/15). Turns the day/month ones round."""
    def slashes() -> list[dict[str, Any]]:
        out = []
        for g in groups:
            for part in (g, g.right):
                if part is not None and part.fields.get("slash"):
                    out.append(part.fields)
        return out
    found = slashes()
    if not found:
        return
    day_first = sum(1 for f in found if int(f["month"]) > 12)
    month_first = sum(1 for f in found if int(f["day"]) > 12)
    if day_first <= month_first:
        return
    for f in found:
        f["month"], f["day"] = f["day"], f["month"]


def _month_context(groups: list[_Group]) -> None:
    """Days without a month (`19-21日`, `21 Fri`, a line's `3日`) take the month (and year) of the
    nearest expression above that names one, as under a calendar's month heading."""
    month: Any = None
    year: Any = None
    for g in groups:
        f = g.fields
        if f.get("month") is not None:
            month, year = f["month"], f.get("year", year if f.get("day") is not None else None)
            if g.right is not None and g.right.fields.get("month") is not None:
                month = g.right.fields["month"]
            continue
        if f.get("day") is not None and month is not None:
            f["month"], f["from_context"] = month, True
            if year is not None:
                f["year"] = year


@functools.lru_cache(maxsize=4)
def _line_words(words: tuple[str, ...]) -> re.Pattern[str]:
    """One expression for the words that make a whole line page furniture (a never-matching one
    when there are none)."""
    return re.compile("|".join(map(re.escape, words)) if words else r"(?!)")


def _listed_lines(folded: str, words: re.Pattern[str]) -> set[int] | None:
    """Start offsets of the lines holding a furniture word (None: the lower-cased text is longer,
    so its offsets are not the text's; look line by line then)."""
    lowered = folded.lower()
    if len(lowered) != len(folded):
        return None
    return {lowered.rfind("\n", 0, m.start()) + 1 for m in words.finditer(lowered)}


def _is_furniture(folded: str, g: _Group, listed: set[int] | None, lex: TimeLexicon) -> bool:
    """A publication stamp, a clock time, a signature's date, or on a line of page furniture
    (`listed`: the start offsets of the furniture lines; None when they must be looked for here)."""
    a = folded.rfind("\n", 0, g.start) + 1
    if listed is None:
        line = folded[a:_line_end(folded, g.end)]
        listed = {a} if _line_words(lex.line_words).search(line.lower()) else set()
    if a in listed:
        return True
    label = folded[a:g.start].rstrip(" :：\t")
    if label.endswith(lex.stamp_labels):
        return True
    fields = g.fields
    year = fields.get("year")
    if fields.get("day") and year and g.right is None and label.endswith(lex.weak_labels):
        head = folded.count("\n", 0, g.start) < lex.stamp_head_lines
        if _CLOCK.match(folded[g.end:_line_end(folded, g.end)]) or head:
            return True
    if fields.get("clock") or _head_stamp(folded, g, a, label, lex):
        return True
    return _is_signature(folded, g, a)


def _head_stamp(folded: str, g: _Group, line_start: int, label: str, lex: TimeLexicon) -> bool:
    """A numeric date (2024-08-16, 2024.12.20) alone on its line, or after 时间：, among the first
    lines of the text: the page's date under its title, not a time in the document."""
    f = g.fields
    if not f.get("numeric") or g.right is not None or (label and not label.endswith(lex.weak_labels)):
        return False
    if folded[g.end:_line_end(folded, g.end)].strip(" \t|"):
        return False
    above = nonblank_lines_before(folded, line_start, lex.stamp_head_lines)
    return len(above) < lex.stamp_head_lines


def _bare_clock(folded: str, g: _Group) -> bool:
    """A clock time in brackets with no day (`结业式(16:00放学)`, `早读(7:40-8:00,…)`): a detail of
    the item's hours, which places nothing on the calendar."""
    return (g.kinds == ["clock"] and g.right is None and g.start > 0 and folded[g.start - 1] == "("
            and ":" in folded[g.start:g.end])


def _line_end(folded: str, at: int) -> int:
    """The offset of the line break at or after `at` (the text's length when there is none)."""
    b = folded.find("\n", at)
    return len(folded) if b < 0 else b


def _is_signature(folded: str, g: _Group, line_start: int) -> bool:
    """A dated signature: a line of its own (starting at `line_start`), with a year, among the last
    lines of a longer text, right after a short line (the signing group or school)."""
    if g.fields.get("year") is None or g.right is not None or g.fields.get("from_context"):
        return False
    if folded[line_start:_line_end(folded, g.end)].strip() != folded[g.start:g.end]:
        return False
    if nonblank_lines_after(folded, g.end, 3) > 2:
        return False
    head = nonblank_lines_before(folded, g.start, 3)
    if len(head) < 3:
        return False
    return len(head[0]) <= 30 and not any(p in head[0] for p in "。；;，,")


_HEADER_FILL = re.compile(r"[ \t|]*")
_HEADER_LABEL = 8  # characters of labels (周次, 月份, 备注) a calendar grid's header row may hold
_DIGIT = re.compile(r"\d")
_WEEK_OF_DAYS = 6  # distinct weekdays, one of them Saturday or Sunday, that make a calendar grid's header


def _grid_header(folded: str, groups: list[_Group]) -> set[int]:
    """Indices of the bare weekdays that head a calendar grid's columns (`| 星期一 | … | 星期日`,
    one cell a line, with blank or bar-only lines between or not, or all on one line): labels of
    the date columns, not times of anything."""
    by_line: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        if g.kinds == ["weekday"] and g.right is None and len(g.fields) == 1:
            by_line.setdefault(folded.rfind("\n", 0, g.start) + 1, []).append(i)
    runs: list[list[int]] = []
    last_end = -1
    for a, members in by_line.items():
        end = _line_end(folded, a)
        rest, at = [], a
        for i in members:
            rest.append(folded[at:groups[i].start])
            at = groups[i].end
        rest.append(folded[at:end])
        words = _HEADER_FILL.sub("", "".join(rest))
        if words and (len(members) < _WEEK_OF_DAYS or len(words) > _HEADER_LABEL or _DIGIT.search(words)):
            continue  # a weekday with words beside it dates them (a whole week's row may have a label)
        if runs and not folded[last_end:a].strip(" \t|\n"):  # the next line, or after blank ones
            runs[-1].extend(members)
        else:
            runs.append(list(members))
        last_end = end
    out: set[int] = set()
    for run in runs:
        days = {groups[i].fields.get("wd") for i in run}
        if len(days) >= _WEEK_OF_DAYS and days & {"sat", "sun"}:
            out.update(run)
    return out


def _expressions(text: str) -> list[_Group]:
    """The groups of the time expressions in `text`, in order, page furniture left out."""
    return _sorted_expressions(text)[0]


def _sorted_expressions(text: str) -> tuple[list[_Group], dt.date | None]:
    """The groups of `_expressions`, and the date of the page's stamp (`2023-10-10 20:20`) when
    the text holds one among its furniture."""
    folded = fold(text)
    groups = _ranges(_compounds(line_atoms(folded), folded), folded)
    if header := _grid_header(folded, groups):
        groups = [g for i, g in enumerate(groups) if i not in header]
    _orient_slashes(groups)
    _month_context(groups)
    lex = lexicon()
    listed = _listed_lines(folded, _line_words(lex.line_words)) if groups else set()
    kept: list[_Group] = []
    stamp: dt.date | None = None
    for g in groups:
        if _bare_clock(folded, g):
            continue
        if not _is_furniture(folded, g, listed, lex):
            kept.append(g)
        elif stamp is None:
            stamp = _stamp_date(g)
    return kept, stamp


def _stamp_date(g: _Group) -> dt.date | None:
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
            return [_resolve(g, text[g.start:g.end], p, term, cal, stamp)
                    for g, p in zip(groups, local, strict=True)]
    return [_resolve(g, text[g.start:g.end], period, term, cal, stamp) for g in groups]


def _in_original(e: TimeExpr, found: Readings) -> TimeExpr:
    """An expression found in the text without readings, with its surface and offsets in the page's."""
    start, end = found.span(e.start, e.end)
    return TimeExpr(found.original[start:end], start, end, e.kind, e.date_start, e.date_end, e.term, e.week,
                    e.week_end, e.recurrence)


def _implied_period(groups: list[_Group], text: str) -> Period | None:
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


# ---- anchoring ---------------------------------------------------------------------------------

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


def _kind(g: _Group) -> str:
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


def _resolve(g: _Group, surface: str, period: Period | None, term: int | None,
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
