"""Time atoms joined into expressions: compounds (2019学年第一学期第7周), listed days and ranges
(3月至5月), slash dates turned the document's way round, and days given the month above them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from miner.extract.mentions.times.atoms import AtomTuple

# Which atom may directly follow which inside one compound expression.
_FOLLOWS: dict[str, frozenset[str]] = {
    "year": frozenset({"term", "month", "half", "vague"}),
    "term": frozenset({"week", "month", "vague"}),
    "week": frozenset({"weekday"}),
    "month": frozenset({"weekday", "week", "clock"}),  # (5月31日7:50, its clock glued to the day)
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
# (a lost ~ comes out as ?: 2月21日?2月27日; 11月3日起至7日止: from … to, both marked)
_RANGE_SEP = re.compile(r"[ ]*(?:起[ ]*)?(?:-{1,2}|至|到|\?)[ ]*")
_LIST_NEXT = frozenset({"bareday", "month"})  # 2月19日、20日 / 11/06(四)、11/07(五): one listing
_LIST_SEPS = ("、", "或", "及")
_LINE_HEAD = re.compile(r"[ \t|]*")
_ITEM_BREAK = re.compile(r"[,，;；、。][ ]*$")


@dataclass(slots=True)
class Group:
    """The atoms of one expression: its span, their kinds in order and their merged fields."""

    start: int
    end: int
    kinds: list[str]
    fields: dict[str, Any]
    right: Group | None = None  # the other end of a range

    def __init__(
        self,
        start: int,
        end: int,
        kinds: list[str],
        fields: dict[str, Any],
        right: Group | None = None,
    ) -> None:  # written out: see miner.native
        self.start = start
        self.end = end
        self.kinds = kinds
        self.fields = fields
        self.right = right


def compounds(lines: list[tuple[int, tuple[AtomTuple, ...]]], folded: str) -> list[Group]:
    """Atoms that may follow one another, with nothing (or allowed spaces) between, joined into one
    group each (2019学年第一学期第7周). `lines`: the line offsets and atoms of `line_atoms`."""
    groups: list[Group] = []
    last: Group | None = None
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
                if (kind in _LIST_NEXT and folded[last.end:start].strip(" ") in _LIST_SEPS
                        and _listed_day(last, fields, folded)):
                    # a list of days, read as a span (11日、12日及13日: its last day ends it)
                    last.right = Group(start, end, [kind], dict(fields))
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
            last = Group(start, end, [kind], dict(fields))
            groups.append(last)
    return groups


def _listed_day(left: Group, right: dict[str, Any], folded: str) -> bool:
    """Two days listed with 、 in a calendar's cell: a bare day after a date, two slash dates, or
    two dates at the head of their line (`6月28-29日、7月1-2日：期末考`; in a sentence, apart)."""
    if left.fields.get("day") is None or right.get("day") is None:
        return False
    if right.get("month") is None or (left.fields.get("slash") and right.get("slash")):
        return True
    line_start = folded.rfind("\n", 0, left.start) + 1
    return len(left.kinds) == 1 and _LINE_HEAD.fullmatch(folded, line_start, left.start) is not None


def _level(g: Group) -> str:
    """The finest unit a group names (day, week, month, ...), else its last atom's kind."""
    f = g.fields
    for key in ("day", "week", "month", "term", "school_year", "year"):
        if f.get(key) is not None:
            return key
    return g.kinds[-1]


def ranges(groups: list[Group], folded: str) -> list[Group]:
    """Two groups of one level joined by a range separator (3月至5月) become one range; bare days go."""
    out: list[Group] = []
    listed = False  # the last group is a listing of ranges whose last one is still open (6月28-29日、7月1-)
    for g in groups:
        last = out[-1] if out else None
        if (last is not None and (last.right is None or listed) and "recur" not in last.kinds
                and "recur" not in g.kinds and _RANGE_SEP.fullmatch(folded, last.end, g.start)
                and (_level(last) == _level(g) or (g.kinds == ["bareday"] and _level(last) == "day"))):
            if listed and last.right is not None:  # the 2日 of 7月1-2日 is in July
                month = {k: v for k, v in last.right.fields.items() if k in ("month", "year")}
                g = Group(g.start, g.end, g.kinds, {**month, **g.fields})
            last.right, last.end, listed = g, g.end, False
            if folded.startswith("止", g.end) and "起" in folded[last.start:g.start]:
                last.end += 1  # 7月2日起至20日止: the range's closing word
            continue
        if (last is not None and last.right is not None and folded[last.end:g.start] == "、"
                and _level(last) == _level(g) == "day" and g.fields.get("month") is not None
                and _listed_day(last, g.fields, folded)):
            last.right, last.end, listed = g, g.end, True  # 6月28-29日、7月1-2日: one listing, read as a span
            continue
        listed = False
        out.append(g)
    return [g for g in out if g.kinds != ["bareday"] or _opens_line(folded, g.start)]


def _opens_line(folded: str, at: int) -> bool:
    """Whether only blanks or a table's bars stand before `at` on its line (`3日  开学典礼`), or
    it opens the next item of a line listing dated items (`…报到，3日老生报到`)."""
    a = folded.rfind("\n", 0, at) + 1
    return _LINE_HEAD.fullmatch(folded, a, at) is not None or _ITEM_BREAK.search(folded, a, at) is not None


def orient_slashes(groups: list[Group]) -> None:
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


def month_context(groups: list[Group]) -> None:
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
