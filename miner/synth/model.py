"""The generator's truth model: a group, its schools, a period and planned/reported activities."""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field

import cn2an

from miner.synth.pools import Pools, Template

PARTS = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31)}


@dataclass(frozen=True, slots=True)
class School:
    """A member school: its canonical name and the abbreviations a summary may use."""

    canonical: str
    core: str
    short: str  # 城东实验 for 城东实验学校 (may equal core)


@dataclass(frozen=True, slots=True)
class When:
    """A time as written plus the inclusive date interval it means (None for undated)."""

    text: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    term: int | None = None
    week: int | None = None


@dataclass(slots=True)
class Item:
    """One activity of the truth: planned (with its fate) or unplanned (reported only)."""

    template: Template
    plan_name: str | None  # None for unplanned
    report_name: str | None  # None when not reported
    schools: tuple[School, ...]
    subject: str | None
    theme: str | None
    plan_when: When | None
    report_when: When | None
    status: str  # done | shifted | not_reported | unplanned
    recurring: bool = False
    report_schools: tuple[School, ...] | None = None  # None: the same schools as planned
    plan_id: str | None = None
    report_id: str | None = None
    plan_evidence: str | None = None  # exact evidence strings, set by the renderers
    report_evidence: str | None = None


@dataclass(slots=True)
class Scenario:
    """Everything one plan/summary pair is generated from."""

    index: int
    group: str
    schools: tuple[School, ...]
    period_label: str  # 2023学年 | 2022年
    school_year: bool
    year: int
    term_starts: tuple[dt.date, dt.date] | None
    items: list[Item] = field(default_factory=list)
    plan_layout: str = "table"
    region: str = ""


def cn(n: int) -> str:
    """An integer in Chinese numerals (十二)."""
    return str(cn2an.an2cn(n))


def month_year(sc: Scenario, month: int) -> int:
    if sc.school_year:
        return sc.year if month >= 9 else sc.year + 1
    return sc.year


def month_when(sc: Scenario, month: int, text: str, part: str | None = None) -> When:
    y = month_year(sc, month)
    last = calendar.monthrange(y, month)[1]
    a, b = (1, last)
    if part == "底":
        a = last - 9
    elif part:
        a, b = PARTS[part]
        b = min(b, last)
    return When(text, dt.date(y, month, a), dt.date(y, month, b))


def week_when(sc: Scenario, term: int, week: int, text: str) -> When:
    assert sc.term_starts is not None
    start = sc.term_starts[term - 1] + dt.timedelta(days=7 * (week - 1))
    return When(text, start, start + dt.timedelta(days=6), term=term, week=week)


def day_when(day: dt.date, text: str) -> When:
    return When(text, day, day)


def gap_days(a: When | None, b: When | None) -> int | None:
    """Signed days from interval a to interval b: 0 if they overlap, + if b is later."""
    if not a or not b or not a.start or not b.start or not a.end or not b.end:
        return None
    if b.start > a.end:
        return (b.start - a.end).days
    if b.end < a.start:
        return -(a.start - b.end).days
    return 0


def make_schools(rng: random.Random, pools: Pools, n: int) -> tuple[School, ...]:
    cores = rng.sample(pools.cores, n)
    names, weights = zip(*pools.suffixes, strict=True)
    out = []
    for core in cores:
        suffix = rng.choices(names, weights)[0]
        mid = "实验" if suffix in ("小学", "中学") and rng.random() < 0.3 else ""
        out.append(School(core + mid + suffix, core, core + ("实验" if suffix == "实验学校" else mid)))
    return tuple(out)


def period_months(sc: Scenario) -> list[int]:
    """Months with school activities (no summer holiday, no Spring Festival month)."""
    return [9, 10, 11, 12, 1, 3, 4, 5, 6] if sc.school_year else [1, 3, 4, 5, 6, 9, 10, 11, 12]
