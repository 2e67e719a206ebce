"""The gold format's date rules: periods, default term starts and the interval a time string implies."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

import cn2an
import opencc

Interval = tuple[dt.date, dt.date]

_CN = "〇零一二两三四五六七八九十"
_NUM = rf"(?:\d+|[{_CN}]+)"
_PERIOD_PATTERNS = (
    re.compile(r"(?P<y>\d{4})\s*[-—–~至]\s*(?P<y2>\d{4})\s*学年度?(?:第(?P<t>[一二12])学期)?"),
    re.compile(r"(?P<y>\d{4})\s*学年度?(?:第(?P<t>[一二12])学期)?"),
    re.compile(r"(?P<cal>\d{4})\s*年度?"),
)
_PART_DAYS = {None: None, "上旬": (1, 10), "月初": (1, 10), "初": (1, 10), "中旬": (11, 20),
              "下旬": (21, 0), "底": (-9, 0), "月底": (-9, 0), "末": (-9, 0), "月末": (-9, 0)}
_MONTH = re.compile(rf"(?:(?P<y>\d{{4}})年)?(?P<m>{_NUM}|元)月份?"
                    r"(?P<part>上旬|中旬|下旬|月底|月末|月初|底|末|初)?")
_DAY = re.compile(rf"(?:(?P<y>\d{{4}})年)?(?P<m>{_NUM}|元)月(?P<d>{_NUM})[日号]"
                  rf"(?:\s*[-—–~至到]\s*(?:(?P<m2>{_NUM})月)?(?P<d2>{_NUM})[日号])?"
                  r"(?:上午|下午|晚上|全天)?")
_GLUED_DAY = re.compile(r"(?P<m>1[0-2]|[1-9])(?P<d>[0-3]\d)日(?:上午|下午|晚上)?")
_WEEK = re.compile(rf"(?:第(?P<t>[一二12])学期)?第(?P<n>{_NUM})(?:\s*[-—–~至到]\s*(?:第)?(?P<n2>{_NUM}))?周")
_RELATIVE_YEARS = {"去年": -1, "今年": 0, "明年": 1}
_HALF_YEARS = {"上半年": ((1, 1), (6, 30)), "下半年": ((7, 1), (12, 31))}


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    """What a gold `period` string means for dates."""

    kind: Literal["school_year", "calendar_year"]
    year: int  # start year of the school year, or the calendar year
    term: int | None = None  # 1 or 2 for a term document


def to_int(token: str) -> int:
    """An Arabic or Chinese numeral ("12", "十二", "元" for January) as an int."""
    if token == "元":
        return 1
    if token.isdigit():
        return int(token)
    return int(cn2an.cn2an(token.replace("两", "二"), "smart"))


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def tidy(text: str) -> str:
    """Full-width digits to ASCII, Traditional to Simplified characters and no whitespace, so
    "１０月 ２０日" reads like "10月20日" and "第3週" like "第3周"."""
    return re.sub(r"\s+", "", _t2s().convert(unicodedata.normalize("NFKC", text)))


def parse_period(label: str) -> PeriodInfo | None:
    """`2019学年`, `2022学年第二学期`, `2020-2021学年第一学期` or `2021年` as a PeriodInfo."""
    label = tidy(label)
    for pattern in _PERIOD_PATTERNS:
        m = pattern.fullmatch(label)
        if not m:
            continue
        if m.groupdict().get("cal"):
            return PeriodInfo("calendar_year", int(m.group("cal")))
        term = m.group("t")
        return PeriodInfo("school_year", int(m.group("y")), to_int(term) if term else None)
    return None


@cache
def default_term_starts(year: int) -> tuple[dt.date, dt.date]:
    """The default calendar rule for school year `year` (see miner.extract.lexicons.calendar): term 1 starts
    on the first Monday on or after 1 September, term 2 on the third Monday of February."""
    from miner.extract.lexicons.calendar import default_term_start

    return default_term_start(year, 1), default_term_start(year, 2)


def month_year(period: PeriodInfo, month: int) -> int:
    """The calendar year of `month` in a document covering `period`."""
    if period.kind == "calendar_year":
        return period.year
    return period.year if month >= 9 else period.year + 1


def _month_interval(year: int, month: int, part: str | None) -> Interval:
    last = calendar.monthrange(year, month)[1]
    days = _PART_DAYS[part]
    if days is None:
        return dt.date(year, month, 1), dt.date(year, month, last)
    a, b = days
    a = last + a if a < 0 else a
    return dt.date(year, month, a), dt.date(year, month, b or last)


def _week_interval(start: dt.date, first: int, last: int) -> Interval:
    return start + dt.timedelta(days=7 * (first - 1)), start + dt.timedelta(days=7 * last - 1)


def expected_when(period_label: str | None, time: str) -> Interval | list[Interval] | None:
    """The interval a self-contained time string implies in a document of `period_label`.

    Returns one interval, a list of candidates (a bare 第N周 in a school-year document may be
    in either term), or None when the string is vague, a recurrence or not understood.
    """
    period = parse_period(period_label) if period_label else None
    if period is None:
        return None
    text = tidy(time)
    if text in _RELATIVE_YEARS and period.kind == "calendar_year":
        y = period.year + _RELATIVE_YEARS[text]
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    half = re.fullmatch(r"(?:(\d{4})年)?(上半年|下半年)", text)
    if half and (half.group(1) or period.kind == "calendar_year"):
        year = int(half.group(1) or period.year)
        (m1, d1), (m2, d2) = _HALF_YEARS[half.group(2)]
        return dt.date(year, m1, d1), dt.date(year, m2, d2)
    try:
        return _expected_when(period, text)
    except ValueError:  # impossible dates (2月30日) or numerals cn2an cannot read
        return None


def _expected_when(period: PeriodInfo, text: str) -> Interval | list[Interval] | None:
    m = _MONTH.fullmatch(text)
    if m:
        mon = to_int(m.group("m"))
        year = int(m.group("y")) if m.group("y") else month_year(period, mon)
        return _month_interval(year, mon, m.group("part"))
    m = _DAY.fullmatch(text)
    if m:
        mon = to_int(m.group("m"))
        year = int(m.group("y")) if m.group("y") else month_year(period, mon)
        start = dt.date(year, mon, to_int(m.group("d")))
        if not m.group("d2"):
            return start, start
        mon2 = to_int(m.group("m2")) if m.group("m2") else mon
        return start, dt.date(month_year(period, mon2) if not m.group("y") else year, mon2,
                              to_int(m.group("d2")))
    m = _GLUED_DAY.fullmatch(text)
    if m:
        mon = int(m.group("m"))
        day = dt.date(month_year(period, mon), mon, int(m.group("d")))
        return day, day
    m = _WEEK.fullmatch(text)
    if m and period.kind == "school_year":
        first = to_int(m.group("n"))
        last = to_int(m.group("n2")) if m.group("n2") else first
        starts = default_term_starts(period.year)
        if m.group("t"):
            terms = [to_int(m.group("t"))]
        elif period.term:
            terms = [period.term]
        else:
            terms = [1, 2]
        options = [_week_interval(starts[t - 1], first, last) for t in terms]
        return options[0] if len(options) == 1 else options
    return None
