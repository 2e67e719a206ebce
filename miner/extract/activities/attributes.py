"""Attach time, schools, subjects, people and theme to each activity draft from the document's mentions."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Protocol, TypeVar

from miner.extract.activities.detection import Detector, Draft, unquote
from miner.extract.activities.pieces import Span, Unit, term_of
from miner.extract.mentions.times.weekplan import dates_within, heading_week, on_week
from miner.records import DocumentFacts, Period

_THEME_QUOTE = re.compile(r"“([^”]{2,40})”|《([^》]{2,40})》|\"([^\"]{2,40})\"|「([^」]{2,40})」")
_AROUND = re.compile(r"围绕\s*[“\"「《]([^”\"」》]{2,40})[”\"」》]")
_THEME_LABEL = re.compile(r"(?:主题|专题|课题)\s*[:：为是]\s*[“\"《]?([^”\"》，,。；;]{2,40})")
_TITLE = re.compile(r"《([^》]{2,40})》")
_SPACE = re.compile(r"\s")
_LIST_MARKS = re.compile(r"[\s、,，;；/（）()]")
_WHOLE_PERIOD_DAYS = 300
_ABOVE_CHARS = 200  # how far above an undated item a time-only line may date it
# what a time-only line may hold besides its time: numbering, brackets, blanks, bars, a colon
_TIME_LINE_FILL = re.compile(r"[\s|:：、.．,，。()（）\[\]【】一二三四五六七八九十\d-]")


class _Located(Protocol):
    start: int
    end: int


T = TypeVar("T", bound=_Located)


class Spans:
    """Mentions of one kind sorted by offset, for fast look-up of those inside a span."""

    def __init__(self, items: list[Any]) -> None:
        self.items = sorted(items, key=attrgetter("start"))
        self.starts: list[int] = [m.start for m in self.items]
        self.ends: list[int] = [m.end for m in self.items]
        self.reach = list(itertools.accumulate(self.ends, max))  # furthest end so far

    def within(self, start: int, end: int) -> list[Any]:
        """The mentions that lie inside [start, end), in order."""
        starts = self.starts
        lo = bisect_left(starts, start)
        hi = bisect_left(starts, end, lo)  # the first one starting at or after `end`
        if lo == hi:
            return []
        if self.reach[hi - 1] <= end:  # none of them runs past `end`
            return self.items[lo:hi]
        ends, items = self.ends, self.items
        return [items[i] for i in range(lo, hi) if ends[i] <= end]


@dataclass(slots=True)
class DocIndex:
    """The document-wide mentions every activity draws its attributes from."""

    facts: DocumentFacts
    times: Spans
    schools: Spans
    subjects: Spans
    people: Spans
    calendar: Any = None
    parse_time: Any = None  # callable(surface, period, *, term, calendar) -> TimeExpr | None
    text: str = ""  # the document's text (to see which lines hold only a time)
    dated: Spans = field(init=False)  # the times that date something: not the document's whole period
    week: Any = field(init=False)  # a weekly plan's week (TimeExpr), which dates its items

    def __post_init__(self) -> None:
        """Set aside the times that date something, and a weekly plan's week, once per document."""
        period = self.facts.period
        self.dated = Spans([t for t in self.times.items if not whole_period(t, period)])
        self.week = heading_week(self.times.items)


@dataclass(slots=True)
class Attributes:
    """What an activity carries besides its name and type."""

    time_text: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    term: int | None = None
    week: int | None = None
    recurrence: str | None = None
    schools: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    theme: str | None = None

    def __init__(
        self,
        time_text: str | None = None,
        date_start: dt.date | None = None,
        date_end: dt.date | None = None,
        term: int | None = None,
        week: int | None = None,
        recurrence: str | None = None,
        schools: list[str] | None = None,
        subjects: list[str] | None = None,
        people: list[str] | None = None,
        theme: str | None = None,
    ) -> None:  # written out: see miner.native
        self.time_text = time_text
        self.date_start = date_start
        self.date_end = date_end
        self.term = term
        self.week = week
        self.recurrence = recurrence
        self.schools = [] if schools is None else schools
        self.subjects = [] if subjects is None else subjects
        self.people = [] if people is None else people
        self.theme = theme


def whole_period(te: Any, period: Period | None) -> bool:
    """A time that is the document's whole period (2021年度 in a 2021 summary) dates nothing."""
    if te.date_start is None or te.date_end is None:
        return te.kind in ("school_year", "year") and period is not None
    if period is not None:
        return te.date_start <= period.start and te.date_end >= period.end
    return (te.date_end - te.date_start).days >= _WHOLE_PERIOD_DAYS


def _month_term(te: Any) -> int | None:
    if te is None or te.date_start is None:
        return None
    month = te.date_start.month
    return 1 if month >= 8 or month == 1 else 2


class AttributeFinder:
    """Chooses, for each draft, its own time (or an inherited one) and the mentions in its unit."""

    def __init__(self, index: DocIndex, detector: Detector) -> None:
        self.idx = index
        self.det = detector
        self.period = index.facts.period

    def _context_time(self, unit: Unit) -> Any:
        span = unit.context_time
        if span is None:
            return None
        found = self.idx.times.within(span.start, span.end)
        if found:
            return found[0]
        if self.idx.parse_time is None:
            return None
        return self.idx.parse_time(span.text, self.period, calendar=self.idx.calendar)

    def _anchor(self, te: Any, term: int | None) -> Any:
        """Give a term week its dates when the term comes from the context (a table's term cell)."""
        if te is None or term is None or self.idx.parse_time is None:
            return te
        if getattr(te, "week", None) is None or (te.term is not None and te.date_start is not None):
            return te
        again = self.idx.parse_time(te.text, self.period, term=term, calendar=self.idx.calendar)
        if again is None or again.date_start is None:
            return te
        return again

    def _line_above(self, at: int) -> Any:
        """The time of the line just above `at` (blank lines aside) when that line holds only it
        (`（二）9月1日—9月30日`, `04 Fri`): the date of the item under it. (`时间：…` under an item
        is that item's attribute, and a heading between them ends the time's reach.)"""
        text = self.idx.text
        before = self.idx.dated.within(max(0, at - _ABOVE_CHARS), at)
        if not text or not before:
            return None
        te = before[-1]
        line_start = text.rfind("\n", 0, te.start) + 1
        line_end = text.find("\n", te.end)
        if line_end < 0 or line_end >= at or text[line_end:text.rfind("\n", 0, at) + 1].strip():
            return None
        rest = _TIME_LINE_FILL.sub("", text[line_start:te.start] + text[te.end:line_end])
        return te if not rest else None

    def _pick_time(self, draft: Draft) -> Any:
        unit = draft.unit
        for label, value in unit.attrs:
            if label in ("时间", "日期"):
                found = self.idx.times.within(value.start, value.end)
                if found:
                    return found[0]
        dated = self.idx.dated
        if unit.kind == "row":
            cells = draft.cells.get("time", [])
            found = [t for c in cells for t in dated.within(c.start, c.end)]
            if found:
                return min(found, key=_width)
            return None
        found = dated.within(unit.start, unit.end)
        if found:
            clause = draft.clause
            inside = [t for t in found if clause.start < t.end and t.end <= clause.end]
            if inside:  # inside the clause (or cut by its start: `4月份至|9月初…`)
                return _narrowed(inside)
            before = [t for t in found if t.end <= clause.start]
            if before:
                return before[-1]
            if unit.kind != "sentence":
                for t in found:  # after the clause
                    if t.start >= clause.end:
                        return t
        for label, value in unit.attrs:  # a heading's body paragraph
            if not label:
                found = dated.within(value.start, value.end)
                if found:
                    return found[0]
        return None

    def attach(self, draft: Draft) -> Attributes:
        unit = draft.unit
        attrs = Attributes()
        context = self._context_time(unit)
        te = self._pick_time(draft)
        term = unit.term or (te.term if te is not None else None) or _month_term(context)
        if te is None:
            te = context
        if te is None and unit.kind != "row":
            te = self._line_above(unit.start)
        te = self._anchor(te, term)
        week = self.idx.week
        if te is not None and week is not None:  # 周三 in a weekly plan: that day of its week
            te = on_week(te, week)
            if not te.recurrence and not dates_within(te, week):  # 上周, 五月: the plan's week says more
                te = None
        if te is not None:
            attrs.time_text = te.text
            attrs.date_start, attrs.date_end = te.date_start, te.date_end
            attrs.term = te.term or term
            attrs.week = te.week
            attrs.recurrence = te.recurrence
        elif week is not None:  # an item of a weekly plan without a time of its own: the plan's week
            attrs.date_start, attrs.date_end, attrs.term = week.date_start, week.date_end, week.term or term
        elif term is not None:
            attrs.term = term
        # (start, end) of the text the mentions are read from
        spans = [_part_of(unit, draft.clause)] + [(v.start, v.end) for _, v in unit.attrs]
        if draft.scope is not None:  # one turn of several (`春季由甲校承办，秋季由乙校承办`)
            spans = [(draft.scope.start, draft.scope.end)]
        if unit.kind == "row":
            spans = [(c.start, c.end) for c in unit.cells if not c.carried]
            own = {start for start, _ in spans}  # a merged host-school cell serves every row it spans
            spans += [(sp.start, sp.end) for sp in draft.cells.get("school", []) if sp.start not in own]
        idx = self.idx
        if idx.schools.items:  # (a kind the document never mentions is not looked up span by span)
            schools = attrs.schools
            for start, end in spans:
                for m in idx.schools.within(start, end):
                    if m.canonical not in schools:
                        schools.append(m.canonical)
        for kind, found in ((idx.subjects, attrs.subjects), (idx.people, attrs.people)):
            if kind.items:
                for start, end in spans:
                    for m in kind.within(start, end):
                        if m.text not in found:
                            found.append(m.text)
        attrs.theme = draft.theme or self._theme(draft)
        return attrs

    def _theme(self, draft: Draft) -> str | None:
        for label, value in draft.unit.attrs:
            if label.endswith(("主题", "专题")) and not self.det.is_placeholder(value.text):
                return unquote(value.text)
        m = _THEME_QUOTE.search(draft.name)
        if m:
            return next(g for g in m.groups() if g)
        text = draft.unit.text
        m = _AROUND.search(text) or _THEME_LABEL.search(text)
        if m and not self.det.is_placeholder(m.group(1)):
            return m.group(1).strip()
        clause = draft.clause.text
        m = _TITLE.search(clause)
        return m.group(1) if m else None


_PART_MARKS = "；;"


def _part_of(unit: Unit, clause: Span) -> tuple[int, int]:
    """The span of the unit's part that holds the activity's clause, between semicolons (一方面选派
    教师支教…；另一方面到甲校上公开课: the school of one part is not the other's); the whole unit
    when it has no semicolon or the clause lies outside it."""
    text, start = unit.text, unit.start
    if not any(c in text for c in _PART_MARKS) or not start <= clause.start <= clause.end <= unit.end:
        return unit.start, unit.end
    lo = max(text.rfind(c, 0, clause.start - start) for c in _PART_MARKS) + 1
    his = [at for at in (text.find(c, clause.end - start) for c in _PART_MARKS) if at >= 0]
    return start + lo, start + (min(his) if his else len(text))


_MONTH_DAYS = 31


def _narrowed(found: list[Any]) -> Any:
    """The first time of a clause, or when that is longer than a month (a term, a year) a later one
    inside it that says more: the day of `第二学期定于2月13日办理入学手续`, not its term (but the week
    of `第1周 9.4—9.8` stays the week)."""
    first = found[0]
    best = first
    if _width(first) <= _MONTH_DAYS:
        return first
    for t in found[1:]:
        if (first.date_start is not None and first.date_end is not None and t.date_start is not None
                and t.date_end is not None and first.date_start <= t.date_start
                and t.date_end <= first.date_end and _width(t) < _width(best)):
            best = t
    return best


def _width(te: Any) -> int:
    if te.date_start is None or te.date_end is None:
        return 10**6
    return (te.date_end - te.date_start).days


def row_cells(unit: Unit, index: DocIndex, detector: Detector) -> dict[str, list[Span]]:
    """Give each cell of a table row a role from its content, using the header where content is mute."""
    cells: dict[str, list[Span]] = {}
    seen: set[int] = set()
    for i, cell in enumerate(unit.cells):
        text = cell.text.strip()
        if not text or detector.is_placeholder(text) or cell.start in seen:
            continue
        seen.add(cell.start)
        header = unit.roles[i] if i < len(unit.roles) else ""
        span = Span(cell.text, cell.start, cell.end)
        if len(text) <= 8 and term_of(text) is not None:
            continue
        covered = sum([t.end - t.start for t in index.times.within(cell.start, cell.end)])
        if covered and covered >= 0.6 * len(_SPACE.sub("", text)):  # (the letters, spaces left out)
            cells.setdefault("time", []).append(span)
            continue
        rest = text
        for kind in (index.schools, index.subjects, index.people):
            if kind.items:  # (a kind the document never mentions is not looked up cell by cell)
                for m in kind.within(cell.start, cell.end):
                    rest = rest.replace(m.text, "")
        if len(_LIST_MARKS.sub("", rest)) <= 1:
            cells.setdefault("school", []).append(span)
            continue
        if header in ("person", "school", "subject", "time") and not detector.hits(text):
            cells.setdefault(header, []).append(span)
            continue
        role = "theme" if header == "theme" and not detector.hits(text) else "name"
        cells.setdefault(role, []).append(span)
    return cells
