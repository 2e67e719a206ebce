"""Draw a seeded scenario: schools, period, planned activities and what became of each one."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from miner.synth.model import (
    Item,
    Scenario,
    School,
    When,
    cn,
    day_when,
    gap_days,
    make_schools,
    month_when,
    period_months,
    week_when,
)
from miner.synth.pools import Pools, Template

LAYOUTS = ("table", "list", "calendar")
MONTH_PARTS = ("上旬", "中旬", "下旬", "底")


def _names(rng: random.Random, pools: Pools, t: Template) -> tuple[str, str, str, str]:
    subject, theme = rng.choice(pools.subjects), rng.choice(pools.themes)
    k = rng.randrange(len(t.plan))
    plan = t.plan[k].format(subject=subject, theme=theme)
    report = rng.choice(t.report[k]).format(subject=subject, theme=theme)
    return plan, report, subject, theme


def _plan_when(rng: random.Random, sc: Scenario, month: int | None = None) -> When:
    """A planned time in the style of the scenario's layout."""
    if sc.plan_layout == "table":
        term = rng.choice((1, 2))
        week = rng.randint(2, 18)
        return week_when(sc, term, week, f"第{week}周")
    m = month if month is not None else rng.choice(period_months(sc))
    if sc.plan_layout == "calendar":
        return month_when(sc, m, "")  # the text is the month header, set by the renderer
    roll = rng.random()
    if sc.school_year and roll < 0.25:
        term = rng.choice((1, 2))
        week = rng.randint(2, 18)
        num = cn(week) if rng.random() < 0.5 else str(week)
        return week_when(sc, term, week, f"第{cn(term)}学期第{num}周")
    if roll < 0.6:
        part = rng.choice(MONTH_PARTS)
        return month_when(sc, m, f"{m}月{part}", part)
    text = f"{cn(m)}月" if rng.random() < 0.4 else f"{m}月份"
    return month_when(sc, m, text)


def _day_text(rng: random.Random, sc: Scenario, day: dt.date) -> str:
    if not sc.school_year and day.month >= 10 and day.day >= 10 and rng.random() < 0.15:
        return f"{day.month}{day.day}日"  # the real-world defect: a lost 月 (1210日)
    return f"{day.month}月{day.day}日"


def _report_when(rng: random.Random, sc: Scenario, plan: When | None, shifted: bool, tol: int) -> When:
    lo = sc.term_starts[0] if sc.term_starts else dt.date(sc.year, 1, 5)
    hi = (sc.term_starts[1] + dt.timedelta(days=130)) if sc.term_starts else dt.date(sc.year, 12, 28)
    if plan is None or plan.start is None or plan.end is None:
        day = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
        while day.month not in period_months(sc):
            day = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
        return day_when(day, _day_text(rng, sc, day))
    if not shifted:
        day = plan.start + dt.timedelta(days=rng.randint(0, (plan.end - plan.start).days))
        if rng.random() < 0.3:
            part = "上旬" if day.day <= 10 else "中旬" if day.day <= 20 else "下旬"
            return month_when(sc, day.month, f"{day.month}月{part}", part)
        return day_when(day, _day_text(rng, sc, day))
    for _ in range(20):
        gap = rng.randint(tol + 8, 70)
        later = rng.random() < 0.7
        day = plan.end + dt.timedelta(days=gap) if later else plan.start - dt.timedelta(days=gap)
        if lo <= day <= hi and day.month not in (2, 7, 8):
            return day_when(day, _day_text(rng, sc, day))
    day = plan.end + dt.timedelta(days=tol + 10)
    return day_when(day, _day_text(rng, sc, day))


def term_starts(year: int) -> tuple[dt.date, dt.date]:
    """Term start dates of a school year from the project's school calendar (default region)."""
    from miner.extract.lexicons.calendar import default_calendar

    cal = default_calendar()
    return cal.term_start(year, 1), cal.term_start(year, 2)


def _fate(rng: random.Random) -> str:
    roll = rng.random()
    return "done" if roll < 0.6 else "shifted" if roll < 0.77 else "not_reported"


@dataclass(frozen=True, slots=True)
class GroupProfile:
    """A group that lasts across years (for a research corpus): its name, schools and habits.

    `weights` says how much more often the group plans each activity type than the others
    (missing types weigh 1.0): the planted difference a research analysis should find again.
    """

    name: str
    schools: tuple[School, ...]
    region: str
    weights: dict[str, float] = field(default_factory=dict)


def _weighted_order(rng: random.Random, templates: list[Template],
                    weights: dict[str, float]) -> list[Template]:
    """Templates in a random order where heavier types come first more often (Efraimidis–Spirakis)."""
    keys = [rng.random() ** (1.0 / max(weights.get(t.type, 1.0), 1e-6)) for t in templates]
    return [t for _, t in sorted(zip(keys, templates, strict=True), key=lambda kt: -kt[0])]


def draw_scenario(index: int, seed: int, pools: Pools, tolerance_days: int = 14,
                  group: GroupProfile | None = None, year: int | None = None) -> Scenario:
    """The truth for pair `index` of a run seeded with `seed` (the same inputs give the same pair).

    With `group` and `year`, the pair is that group's school-year plan and summary of `year`.
    """
    rng = random.Random(f"{seed}:{index}")
    if group is None:
        schools = make_schools(rng, pools, rng.randint(3, 10))
        name = rng.choice(pools.group_patterns).format(core=schools[0].core)
        school_year = rng.random() < 0.65
        year = rng.choice(pools.school_years) if school_year else rng.randint(2018, 2025)
        region = rng.choice(pools.regions)
    else:
        schools, name, school_year, region = group.schools, group.name, True, group.region
        year = year if year is not None else rng.choice(pools.school_years)
    sc = Scenario(index, name, schools, f"{year}学年" if school_year else f"{year}年", school_year, year,
                  term_starts(year) if school_year else None, region=region)
    sc.plan_layout = rng.choice(LAYOUTS if school_year else ("list", "calendar"))
    templates = list(pools.activities)
    rng.shuffle(templates)
    if group is not None and group.weights:
        templates = _weighted_order(rng, templates, group.weights)
    n_planned = rng.randint(8, 16)
    used = templates[:n_planned]
    used += rng.sample(used, rng.randint(0, 3))  # a second seminar, a second open lesson, ...
    if group is not None:  # a habit: the group's favourite types come back several times a year
        used += [t for t in templates for _ in range(int(group.weights.get(t.type, 1.0) // 2))]
    spare = templates[n_planned:]
    for t in used:
        plan, report, subject, theme = _names(rng, pools, t)
        member_schools = tuple(rng.sample(schools, min(t.schools, len(schools))))
        undated = sc.plan_layout == "list" and rng.random() < 0.1
        pw = None if undated else _plan_when(rng, sc)
        fate = _fate(rng)
        rw: When | None = None
        if fate != "not_reported":
            if rng.random() < 0.08 and fate == "done":
                rw = When(None)
            else:
                rw = _report_when(rng, sc, pw, fate == "shifted" and pw is not None, tolerance_days)
            gap = gap_days(pw, rw)
            fate = "shifted" if gap is not None and abs(gap) > tolerance_days else "done"
        item = Item(t, plan, None if fate == "not_reported" else report, member_schools, subject,
                    theme, pw, rw, fate)
        if member_schools and rng.random() < 0.2:
            item.report_schools = ()  # the summary does not say where
        sc.items.append(item)
    if sc.plan_layout == "calendar":
        rec = rng.choice(pools.recurring)
        k = rng.randrange(len(rec.plan))
        for m in sorted(rng.sample(period_months(sc), rng.randint(2, 5)), key=period_months(sc).index):
            pw = month_when(sc, m, "")
            fate = "done" if rng.random() < 0.75 else "not_reported"
            rw = _report_when(rng, sc, pw, False, tolerance_days) if fate == "done" else None
            sc.items.append(Item(rec, rec.plan[k], rng.choice(rec.report[k]) if rw else None, (), None, None,
                                 pw, rw, fate, recurring=True))
    for t in spare[: rng.randint(1, 3)]:
        _, report, subject, theme = _names(rng, pools, t)
        member_schools = tuple(rng.sample(schools, min(t.schools, len(schools))))
        rw = _report_when(rng, sc, None, False, tolerance_days)
        sc.items.append(Item(t, None, report, member_schools, subject, theme, None, rw, "unplanned"))
    return sc


__all__ = ["GroupProfile", "draw_scenario", "School"]
