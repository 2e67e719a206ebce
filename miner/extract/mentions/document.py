"""Document-level facts: kind (plan, summary, other), the group's name and the period covered."""

from __future__ import annotations

import datetime as dt
import logging
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import Any

from miner.data import word_list
from miner.extract.lexicons.calendar import SchoolCalendar, default_calendar, school_year_range
from miner.extract.lexicons.time_lexicon import alternation
from miner.extract.mentions.times.expressions import TimeExpr, find_times, time_spans
from miner.extract.text.fold import fold
from miner.records import DocKind, Document, DocumentFacts, Period

log = logging.getLogger(__name__)

_CJK = "\u4e00-\u9fff"


@dataclass(frozen=True, slots=True)
class DocumentCues:
    """The validated contents of time_document.toml."""

    plan_title: tuple[str, ...]
    summary_title: tuple[str, ...]
    past_cues: tuple[str, ...]
    future_cues: tuple[str, ...]
    min_cues: int
    suffixes: tuple[str, ...]
    strip_prefixes: tuple[str, ...]
    generic_names: frozenset[str]
    blocked_after: tuple[str, ...]
    max_name_chars: int


def _words(section: dict[str, Any], key: str) -> tuple[str, ...]:
    return word_list(section, key, "time_document.toml")


@lru_cache(maxsize=1)
def cues() -> DocumentCues:
    """The shipped document cues, loaded and validated once per process."""
    data = tomllib.loads(resources.files("miner.data").joinpath("time_document.toml").read_text("utf-8"))
    kind, group = data.get("kind", {}), data.get("group", {})
    return DocumentCues(
        plan_title=_words(kind, "plan_title"), summary_title=_words(kind, "summary_title"),
        past_cues=_words(kind, "past_cues"), future_cues=_words(kind, "future_cues"),
        min_cues=int(kind.get("min_cues", 2)),
        suffixes=_words(group, "suffixes"), strip_prefixes=_words(group, "strip_prefixes"),
        generic_names=frozenset(_words(group, "generic_names")),
        blocked_after=_words(group, "blocked_after"), max_name_chars=int(group.get("max_name_chars", 24)),
    )


# ---- kind --------------------------------------------------------------------------------------

def document_kind(title: str, text: str) -> DocKind:
    """plan / summary / other: the title decides first, then the body's tense cues."""
    c = cues()
    title = fold(title)
    plan = [title.rfind(w) for w in c.plan_title if w in title]
    summary = [title.rfind(w) for w in c.summary_title if w in title]
    if plan and not summary:
        return "plan"
    if summary and not plan:
        return "summary"
    body = fold(text)
    past = sum(body.count(w) for w in c.past_cues)
    future = sum(body.count(w) for w in c.future_cues)
    if plan and summary:  # "工作总结及明年工作计划": the body decides, else the word named first
        if past != future and max(past, future) >= c.min_cues:
            return "summary" if past > future else "plan"
        return "summary" if min(summary) < min(plan) else "plan"
    if max(past, future) < c.min_cues or past == future:
        return "other"
    return "summary" if past > future else "plan"


# ---- group name --------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _group_re() -> re.Pattern[str]:
    c = cues()
    blocked = alternation(c.blocked_after)
    return re.compile(rf"(?<![{_CJK}])[{_CJK}]+?(?:{alternation(c.suffixes)})(?!{blocked})")


@lru_cache(maxsize=1)
def _longest_first() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The prefixes to strip and the group suffixes, each longest first."""
    c = cues()
    return (tuple(sorted(c.strip_prefixes, key=len, reverse=True)),
            tuple(sorted(c.suffixes, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _title_words() -> re.Pattern[str]:
    """One expression for the words that name a kind of document (计划, 总结, ...)."""
    c = cues()
    return re.compile(alternation(c.plan_title + c.summary_title))


def _first_lines(text: str, n: int) -> list[str]:
    """The first `n` non-blank lines of `text`, stripped."""
    return list(islice((s for ln in text.split("\n") if (s := ln.strip())), n))


def _last_lines(text: str, n: int) -> list[str]:
    """The last `n` non-blank lines of `text`, stripped, the last one first."""
    return list(islice((s for ln in reversed(text.split("\n")) if (s := ln.strip())), n))


def _clean_name(candidate: str) -> str | None:
    """The candidate without the words a title puts before a name; None when it is no name."""
    c = cues()
    prefixes, suffixes = _longest_first()
    changed = True
    while changed and candidate.startswith(prefixes):
        changed = False
        for p in prefixes:
            if candidate.startswith(p) and len(candidate) > len(p):
                candidate, changed = candidate[len(p):], True
                break
    suffix = next((s for s in suffixes if candidate.endswith(s)), "")
    own = candidate[: len(candidate) - len(suffix)]
    if len(own) < 2 and not (own and suffix in ("教育集团", "教育联盟")):
        return None
    if own in c.generic_names or len(candidate) > c.max_name_chars:
        return None
    return candidate


def group_candidates(text: str, times: list[tuple[int, int]] | None = None) -> list[tuple[str, int, int]]:
    """Group names in `text` as (name, start, end), in order (`times`: its time spans, when known)."""
    folded = fold(text)
    pieces, at = [], 0
    # a time glued to the name ("2021年秋季学期城南…") is not part of it
    for start, end in time_spans(text) if times is None else times:
        pieces += [folded[at:start], " " * (end - start)]
        at = end
    folded = "".join(pieces) + folded[at:]
    out = []
    for m in _group_re().finditer(folded):
        name = _clean_name(m.group(0))
        if name:
            end = m.end()
            out.append((text[end - len(name):end], end - len(name), end))
    return out


_ADMIN = re.compile(rf"^[{_CJK}]{{1,5}}?[省市区县镇旗](?=[{_CJK}]{{2,}})")


def _without_admin_prefix(name: str, text: str) -> str:
    """闵行区春申教育集团 → 春申教育集团 when the body also names it without the district."""
    m = _ADMIN.match(name)
    if not m:
        return name
    short = name[m.end():]
    if _clean_name(short) != short:
        return name
    rest = text.replace(name, "")
    return short if short in rest else name


def find_group(title: str, text: str, *, title_times: list[TimeExpr] | None = None) -> str | None:
    """The group's name as the title writes it; else the signature; else the body's most used one.

    An administrative prefix (闵行区…) is dropped when the text also uses the name without it.
    `title_times`: the title's time expressions, when known."""
    found = group_candidates(title, None if title_times is None else [(e.start, e.end) for e in title_times])
    if found:
        return _without_admin_prefix(found[0][0], text)
    for line in _first_lines(text, 3):  # a title line the reader did not take as the title
        if len(line) <= 50 and _title_words().search(fold(line)):
            found = group_candidates(line)
            if found:
                return _without_admin_prefix(found[0][0], text)
    for line in _last_lines(text, 6):  # the signature: a short line that is little more than the name
        found = group_candidates(line) if len(line) <= 40 else []
        if found and len(line) <= len(found[0][0]) + 12:
            return _without_admin_prefix(found[0][0], text)
    counts = Counter(name for name, _, _ in group_candidates(text))
    if counts:
        name, n = counts.most_common(1)[0]
        return _without_admin_prefix(name, text) if n >= 2 else None
    return None


# ---- period ------------------------------------------------------------------------------------

def _period_of(expr: TimeExpr, cal: SchoolCalendar) -> Period | None:
    if expr.kind not in ("school_year", "term", "year", "month", "range"):
        return None
    if expr.date_start is None or expr.date_end is None:
        return None
    start, end = expr.date_start, expr.date_end
    if expr.kind == "term" and expr.term:
        year = start.year if expr.term == 1 else start.year - 1
        return Period(expr.text, "term", year, start, end, term=expr.term)
    whole_school_year = (start, end) == school_year_range(start.year)
    if expr.kind == "school_year" or whole_school_year:
        return Period(expr.text, "school_year", start.year, start, end)
    if expr.kind in ("year", "month") or start.year == end.year:
        return Period(expr.text, "calendar_year", start.year, dt.date(start.year, 1, 1),
                      dt.date(start.year, 12, 31))
    first, last = cal.term_of(start), cal.term_of(end)
    if first[0] != last[0]:  # 2021—2025年: longer than a school year
        return None
    if first[1] != last[1]:  # （2019.9-2020.6）: both terms of one school year
        year_start, year_end = school_year_range(first[0])
        return Period(expr.text, "school_year", first[0], year_start, year_end)
    term_start, term_end = cal.term_range(*first)  # （2019.9-2020.1）: one term
    return Period(expr.text, "term", first[0], term_start, term_end, term=first[1])


def _from_line(line: str, cal: SchoolCalendar,
               times: list[TimeExpr] | None = None) -> tuple[Period | None, bool]:
    """(period, placeholder seen) of the first period-like expression in a line (`times`: the
    line's time expressions without a period, when known)."""
    for expr in find_times(line, None, calendar=cal) if times is None else times:
        if expr.kind in ("school_year", "year") and expr.date_start is None:
            return None, True  # 20xx学年: a template, no period
        period = _period_of(expr, cal)
        if period is not None:
            return period, False
    return None, False


def find_period(title: str, text: str, published: dt.date | None = None, *, kind: str | None = None,
                calendar: SchoolCalendar | None = None, title_times: list[TimeExpr] | None = None,
                ) -> Period | None:
    """The period a document covers: the title wins, then its first short lines, then the page date.

    A period taken from the page date has a constructed label ("2021学年", "2021年").
    `title_times`: the title's time expressions read without a period, when known."""
    cal = calendar or default_calendar()
    period, placeholder = _from_line(title, cal, title_times)
    if period or placeholder:
        return period
    for line in _first_lines(text, 3):  # a subtitle such as "（2023学年第一学期）", not a body sentence
        if len(line) <= 40 and line != title.strip() and not any(p in line for p in "，。；,;"):
            period, placeholder = _from_line(line, cal)
            if period or placeholder:
                return period
    if published is None:
        return None
    folded = fold(title)
    if "学年" in folded or "学期" in folded or ("年" not in folded and kind != "summary"):
        year = cal.school_year_of(published)
        start, end = school_year_range(year)
        return Period(f"{year}学年", "school_year", year, start, end)
    year = published.year - 1 if kind == "summary" and published.month <= 2 else published.year
    return Period(f"{year}年", "calendar_year", year, dt.date(year, 1, 1), dt.date(year, 12, 31))


def effective_title(doc: Document) -> str:
    """The document's title, or, when that names no kind of document (a breadcrumb, a site name),
    the first short line among the first few that does."""
    words = _title_words()
    if doc.title and words.search(fold(doc.title)):
        return doc.title
    lines = _first_lines(doc.text, 6)
    for line in lines:
        if len(line) <= 50 and words.search(fold(line)) and not any(p in line for p in "。；"):
            return line
    return doc.title or (lines[0] if lines else "")


def document_facts(doc: Document, *, calendar: SchoolCalendar | None = None,
                   kind: DocKind | None = None) -> DocumentFacts:
    """Kind, group name and period of one parsed document (`kind`, when given, overrides the rules')."""
    title = effective_title(doc)
    if kind is None:
        kind = document_kind(title, doc.text)
    cal = calendar or default_calendar()
    title_times = find_times(title, None, calendar=cal)  # read once: for the group and for the period
    group = find_group(title, doc.text, title_times=title_times)
    period = find_period(title, doc.text, doc.published, kind=kind, calendar=cal, title_times=title_times)
    log.debug("facts of %s: %s, %s, %s", doc.source, kind, group, period and period.label)
    return DocumentFacts(kind=kind, group_name=group, period=period)
