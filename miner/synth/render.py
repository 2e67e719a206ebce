"""Write a scenario as a plan (flattened table, numbered list or month calendar) and a prose summary."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from miner.synth.model import Item, Scenario, School, When, cn, period_months
from miner.synth.pools import Pools

NUMBERING = ("{n}、", "{n}．", "（{n}）", "{n}.")


@dataclass(slots=True)
class Writer:
    """Accumulates lines and remembers where each activity name and time was written."""

    lines: list[str] = field(default_factory=list)
    length: int = 0
    marks: list[tuple[int, Item]] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)
    published: str | None = None  # the page's date stamp as written, when the furniture has one

    def add(self, line: str, item: Item | None = None, name: str | None = None) -> None:
        if item is not None and name:
            self.marks.append((self.length + line.index(name), item))
        self.lines.append(line)
        self.length += len(line) + 1

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _furniture(rng: random.Random, pools: Pools, sc: Scenario, where: str, w: Writer) -> list[str]:
    if rng.random() < 0.4:
        return []
    date: dt.date | None = None
    if where == "plan":
        date = dt.date(sc.year, 8 if sc.school_year else 1, rng.randint(10, 28))
    elif where == "summary":
        date = dt.date(sc.year + 1, rng.randint(1, 2), rng.randint(1, 28))
    line = rng.choice(pools.furniture["head" if where != "tail" else "tail"])
    if date and "{date}" in line:
        w.published = date.isoformat()
    return [line.format(n=rng.randint(30, 9000), date=date.isoformat() if date else "", region=sc.region)]


def school_form(rng: random.Random, s: School, w: Writer, abbreviate: bool) -> str:
    """The canonical name or, in summaries, an abbreviation (城东实验学校 → 城东实验 / 城东)."""
    form = s.canonical
    if abbreviate:
        form = rng.choice((s.canonical, s.short, s.core, s.core))
    w.schools.append(form)
    return form


def _schools_text(rng: random.Random, item: Item, w: Writer, abbreviate: bool = False) -> str:
    schools = item.report_schools if abbreviate and item.report_schools is not None else item.schools
    return "、".join(school_form(rng, s, w, abbreviate) for s in schools)


def _plan_table(rng: random.Random, sc: Scenario, w: Writer, items: list[Item]) -> None:
    items.sort(key=lambda i: (i.plan_when.term or 0, i.plan_when.week or 0) if i.plan_when else (9, 0))
    w.add("1、集团本学年重点开展以下联合活动：")
    for cell in ("时间", "活动内容", "承办学校", "学科"):
        w.add("\t" + cell)
    w.add("")
    last_term = None
    for item in items:
        pw = item.plan_when
        assert pw is not None and pw.term is not None
        term = f"第{cn(pw.term)}学期"
        w.add("\t" + (term if term != last_term else ""))
        if term != last_term:
            w.times.append(term)
        last_term = term
        w.add("\t" + (pw.text or ""))
        w.times.append(pw.text or "")
        w.add("\t" + (item.plan_name or ""), item, item.plan_name)
        w.add("\t" + _schools_text(rng, item, w))
        w.add("\t" + (item.subject if item.subject and item.subject in (item.plan_name or "") else ""))
        w.add("")


def _plan_list(rng: random.Random, pools: Pools, sc: Scenario, w: Writer, items: list[Item]) -> None:
    sections = rng.sample(pools.prose["sections_plan"], min(len(pools.prose["sections_plan"]), 3))
    chunks = [items[i::len(sections)] for i in range(len(sections))]
    numbering = rng.choice(NUMBERING)
    for k, (title, chunk) in enumerate(zip(sections, chunks, strict=True), 1):
        w.add(f"（{cn(k)}）{title}")
        for n, item in enumerate(chunk, 1):
            num = numbering.format(n=n)
            name, pw = item.plan_name or "", item.plan_when
            where = _schools_text(rng, item, w)
            time = pw.text if pw is not None and pw.text else ""
            dated = bool(time)
            if dated:
                w.times.append(time)
            key = ("plan_dated" if dated else "plan_undated") + ("_school" if where else "")
            line = rng.choice(pools.phrases[key]).format(num=num, name=name, where=where,
                                                         time=time)
            w.add(line, item, name)


def _plan_calendar(rng: random.Random, pools: Pools, sc: Scenario, w: Writer, items: list[Item]) -> None:
    style = rng.choice(("{m}月：", "{c}月份：", "{m}月份："))
    w.add(rng.choice(pools.phrases["calendar_titles"]).format(period=sc.period_label, group=sc.group))
    for m in period_months(sc):
        month_items = [i for i in items if i.plan_when and i.plan_when.start and i.plan_when.start.month == m]
        if not month_items:
            continue
        header = style.format(m=m, c=cn(m))
        w.add(header)
        w.times.append(header[:-1])
        rng.shuffle(month_items)
        for n, item in enumerate(month_items, 1):
            assert item.plan_when is not None
            item.plan_when = When(header[:-1], item.plan_when.start, item.plan_when.end)
            subject = item.subject if item.subject and item.subject in (item.plan_name or "") else ""
            extra = "   ".join(x for x in (_schools_text(rng, item, w), subject) if x)
            w.add(f"{n}、{item.plan_name}" + (f"    {extra}" if extra else ""), item, item.plan_name)


def render_plan(rng: random.Random, pools: Pools, sc: Scenario) -> tuple[str, Writer]:
    """The plan text and where every planned activity was written."""
    w = Writer()
    for line in _furniture(rng, pools, sc, "plan", w):
        w.add(line)
    w.add(rng.choice(pools.phrases["plan_titles"]).format(period=sc.period_label, group=sc.group))
    w.times.append(sc.period_label)
    w.add("一、指导思想")
    w.add(rng.choice(pools.prose["plan_intro"]))
    members = "、".join(s.canonical for s in sc.schools)
    phrase = rng.choice(pools.phrases["plan_members"])
    w.add(phrase.format(group=sc.group, members=members, n=len(sc.schools)))
    w.schools.extend(s.canonical for s in sc.schools)
    w.add("二、主要工作及安排")
    items = [i for i in sc.items if i.plan_name is not None]
    if sc.plan_layout == "table":
        _plan_table(rng, sc, w, [i for i in items if not i.recurring])
    elif sc.plan_layout == "list":
        _plan_list(rng, pools, sc, w, items)
    else:
        _plan_calendar(rng, pools, sc, w, items)
    for line in _furniture(rng, pools, sc, "tail", w):
        w.add(line)
    return w.text(), w


def _sentence(rng: random.Random, pools: Pools, item: Item, w: Writer) -> tuple[str, str]:
    """One reported activity as a prose sentence; returns (sentence, name)."""
    name = item.report_name or ""
    where = _schools_text(rng, item, w, abbreviate=True)
    after = rng.choice(pools.prose["after_activity"])
    end = "，" + after if after else "。"
    when = item.report_when.text if item.report_when and item.report_when.text else None
    if when:
        w.times.append(when)
    key = "report_dated" if when else "report_undated"
    if where:
        key += "_schools" if when and "、" in where else "_school"
    return rng.choice(pools.phrases[key]).format(when=when, where=where, name=name, end=end), name


def _order(item: Item) -> dt.date:
    rw = item.report_when
    return rw.start if rw and rw.start else dt.date(1, 1, 1)


def render_summary(rng: random.Random, pools: Pools, sc: Scenario) -> tuple[str, Writer]:
    """The summary text (prose, abbreviated school names) and where each reported activity is."""
    w = Writer()
    for line in _furniture(rng, pools, sc, "summary", w):
        w.add(line)
    w.add(rng.choice(pools.phrases["summary_titles"]).format(period=sc.period_label, group=sc.group))
    w.times.append(sc.period_label)
    w.add(rng.choice(pools.prose["summary_intro"]))
    members = "、".join(s.canonical for s in sc.schools)
    w.schools.extend(s.canonical for s in sc.schools)
    w.add(rng.choice(pools.phrases["summary_members"]).format(group=sc.group, members=members,
                                                              n=len(sc.schools)))
    reported = sorted((i for i in sc.items if i.report_name), key=_order)
    sections = pools.prose["sections_summary"]
    size = max(1, -(-len(reported) // len(sections)))
    for k in range(0, len(reported), size):
        w.add(f"{cn(k // size + 1)}、{sections[(k // size) % len(sections)]}")
        parts: list[str] = []
        if k == 0 and rng.random() < 0.5:
            year = sc.year
            # a list number glued to a year, as flattened lists come out ("2、2021年度" → "22021年度")
            parts.append("2" + rng.choice(pools.phrases["glued_umbrella"]).format(year=year))
            w.times.append(f"{year}年度")
        offsets: list[tuple[int, Item]] = []
        for item in reported[k:k + size]:
            sentence, name = _sentence(rng, pools, item, w)
            offsets.append((sum(len(p) for p in parts) + sentence.index(name), item))
            parts.append(sentence)
        base = w.length
        w.add("".join(parts))
        w.marks.extend((base + off, item) for off, item in offsets)
    w.add(rng.choice(pools.prose["future"]))
    w.add(f"{sc.group}")
    for line in _furniture(rng, pools, sc, "tail", w):
        w.add(line)
    return w.text(), w
