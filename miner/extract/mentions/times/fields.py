"""Read a matched time atom into fields (year, term, week, month, day, ...): one reader per pattern."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from miner.extract.lexicons.time_lexicon import TimeLexicon, number

Groups = dict[str, Any]
Fields = dict[str, Any]
Reader = Callable[[Groups, TimeLexicon], Fields | None]

READERS: dict[str, Reader] = {}


def reader(*names: str) -> Callable[[Reader], Reader]:
    """Register a function as the reader of the patterns `names` (see timepatterns._patterns)."""
    def register(func: Reader) -> Reader:
        for name in names:
            READERS[name] = func
        return func
    return register


def read_atom(name: str, g: Groups, lex: TimeLexicon) -> Fields | None:
    """What a match of pattern `name` says, as fields; None when it turns out not to be a time."""
    fields = READERS[name](g, lex)
    if fields is None:
        return None
    wd = g.get("wd") or g.get("wdb") or g.get("wdl")
    if wd:
        fields["wd"] = lex.weekdays[wd]
    if g.get("dp"):
        fields["dp"] = lex.dayparts[g["dp"]]
    return fields


_TEMPLATE = re.compile(r"[xX×*_]")  # a template's blank digit (20xx, 20__)


@reader("year")
def _year(g: Groups, lex: TimeLexicon) -> Fields | None:
    y = None if _TEMPLATE.search(g["y"]) else number(g["y"])  # 20xx学年: a template
    if y is not None and len(g["y"]) == 3:  # 113学年度: a year of the Republic of China era
        y += 1911
    elif y is not None and len(g["y"]) == 2:  # 09年3月: the century left out
        y += 2000 if y < 50 else 1900
    f: Fields = {"placeholder": y is None}
    if y is not None and not 1900 <= y <= 2099:
        return None
    second = g.get("y2") or g.get("y2b")
    if not g["unit"] and not second and not g.get("season") and (y is None or len(g["y"]) != 4):
        return None  # (2025-2026上学期: a span of two; 2024春季, 2019秋季学期: a year)
    if second and _TEMPLATE.search(second):  # 20xx-20xx学年: a template's school year
        if y is None:
            f["school_year" if g["unit"].startswith("学年") or not g["unit"] else "year"] = None
            return f
        second = None  # 2019-20xx学年: a blank half-filled; the year written stands alone
    if second:
        y2 = int(second) if len(second) == 4 else (y or 0) // 100 * 100 + int(second)
        if y is not None and not y < y2 <= y + 10:
            return None
        if y is not None and y2 > y + 1:  # 2021—2025年: a span of calendar years
            if g["unit"].startswith("学年") or not g["unit"]:
                return None
            f["year"], f["year_end"] = y, y2
        else:
            f["school_year"] = y  # 2019-2020学年, 2019—2020年度
    elif g["unit"].startswith("学年"):
        f["school_year"] = y
    else:
        f["year"] = y
    if g.get("season"):  # 2026年春季: the spring term of the school year before
        f["term"] = 1 if g["season"].startswith("秋") else 2
        f["term_word"] = g["season"]
    if g.get("ypart"):
        f["vague"] = "year_start" if g["ypart"] == "初" else "year_end"
    return f


@reader("term")
def _term(g: Groups, lex: TimeLexicon) -> Fields | None:
    word = g["term"] or f"第{(g.get('tn') or '').strip()}学期"  # 第 2 学期: spaces inside
    f: Fields = {"term_word": word, "term": lex.terms.get(word), "rel_term": lex.relative_terms.get(word)}
    if g.get("tpart"):
        f["vague"] = "term_start" if g["tpart"] == "初" else "final"
    return f


@reader("week")
def _week(g: Groups, lex: TimeLexicon) -> Fields | None:
    w = number(g["w"])
    w2 = number(g.get("w2") or g.get("w3") or "")
    if w is None or not 1 <= w <= 30 or (w2 is not None and not w < w2 <= 30):
        return None
    return {"week": w, "week_end": w2}


@reader("month")
def _month(g: Groups, lex: TimeLexicon) -> Fields | None:
    mo, mo2 = number(g["m"]), number(g.get("m2") or "")
    if mo is None or not 1 <= mo <= 12 or (mo2 is not None and not 1 <= mo2 <= 12):
        return None
    if g.get("msep") == "、" and (mo2 != mo % 12 + 1 or g["m"].isdigit() != str(g["m2"]).isdigit()):
        return None  # 11、12月 is a span; 1、10月 is item 1 + 10月, and so is 三、4月 (two scripts)
    f: Fields = {"month": mo, "month_end": mo2}
    day = number(g.get("d") or g.get("d0") or "")
    if day is not None:
        if not 1 <= day <= 31 or mo2 is not None:
            return None
        f["day"] = day
    if g.get("part") and mo2 is None:
        f["part"] = lex.parts_of_month[g["part"]]
    return f


@reader("slash")
def _slash(g: Groups, lex: TimeLexicon) -> Fields | None:
    """2/15 (month/day) or 31/8 (day/month): read as month/day; times.py turns a document's slash
    dates round when its days come first (a first number above 12 shows it)."""
    a, b = int(g["sa"]), int(g["sb"])
    if not (1 <= a <= 31 and 1 <= b <= 31) or (a > 12 and b > 12):
        return None
    return {"month": a, "day": b, "slash": True}


@reader("dmy")
def _day_month_year(g: Groups, lex: TimeLexicon) -> Fields | None:
    """14/2/2025, 3-5/6/2025 and 20-24/1 (day first), 10/2024 and 4-5/2025 (months of a year)."""
    if g.get("mo"):
        mo, mo2, year = int(g["mo"]), int(g.get("mo2") or 0) or None, int(g["ym"])
        if not 1 <= mo <= 12 or (mo2 is not None and not mo < mo2 <= 12):
            return None
        return {"year": year, "month": mo, "month_end": mo2}
    if not g.get("y") and not g.get("d2"):
        return None  # 9/1: a slash date, read with the document's order (see _slash)
    day, month = int(g["d"]), int(g["m"])
    last = int(g.get("d2") or day)
    if not (1 <= month <= 12 and 1 <= day <= last <= 31):
        return None
    f: Fields = {"month": month, "day": day}
    if last != day:
        f["day_last"] = last
    if g.get("y"):
        f["year"] = int(g["y"])
    return f


@reader("mmdd", "mmddright", "dotdate")
def _month_day(g: Groups, lex: TimeLexicon) -> Fields | None:  # 02-11 ~ 02-17
    return {"month": int(g["m"]), "day": int(g["d"])}


@reader("dayrange", "enday")
def _day_only(g: Groups, lex: TimeLexicon) -> Fields | None:
    """19-21日, 21 Fri, 21-03 Wed-Tue: days whose month is the heading above (times.py finds it)."""
    day, last = int(g["d"]), int(g.get("d2") or g["d"])
    if not (1 <= day <= 31 and 1 <= last <= 31):
        return None
    return {"day": day, "day_last": last, "dayonly": True}


_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@reader("enmonth")
def _en_month(g: Groups, lex: TimeLexicon) -> Fields | None:  # 2022 Oct
    return {"year": int(g["y"]), "month": _EN_MONTHS.index(g["mon"].lower()) + 1}


@reader("since")
def _since(g: Groups, lex: TimeLexicon) -> Fields | None:  # 一年来: no dates of its own
    return {"rel_other": "since"}


@reader("lunar")
def _lunar(g: Groups, lex: TimeLexicon) -> Fields | None:  # 农历十二月十四日, 腊月23日: no Gregorian date
    return {"vague": "lunar"}


@reader("clocktime", "clock", "daypart")
def _clock_time(g: Groups, lex: TimeLexicon) -> Fields | None:  # 上午九点, 下午2点40分
    return {}


@reader("numyearmonth")
def _numyearmonth(g: Groups, lex: TimeLexicon) -> Fields | None:  # 2020.9, 2021/03
    return {"year": int(g["y"]), "month": int(g["m"])}


@reader("numdate")
def _numdate(g: Groups, lex: TimeLexicon) -> Fields | None:  # 2021-12-28, 2021/12/28, 2021.12.28
    """A numeric date; a three-digit year is of the Republic of China era (113.9.2 is 2024-09-02)."""
    year = int(g["y"])
    return {"year": year + 1911 if len(g["y"]) == 3 else year, "month": int(g["m"]), "day": int(g["d"]),
            "clock": bool(g.get("clock")),
            "numeric": True}


def _glued_month_day(digits: str) -> tuple[int, int] | None:
    """1210 = (12, 10); a three-digit run only when it splits one way (310, not 125)."""
    splits = [(digits[:2], digits[2:])] if len(digits) == 4 else [(digits[:1], digits[1:]),
                                                                   (digits[:2], digits[2:])]
    valid = {(int(a), int(b)) for a, b in splits if 1 <= int(a) <= 12 and 1 <= int(b) <= 31
             and (len(digits) == 4 or not b.startswith("0"))}
    return valid.pop() if len(valid) == 1 else None


@reader("defect")
def _defect(g: Groups, lex: TimeLexicon) -> Fields | None:
    """1210日 = 12月10日 (a lost 月); 915日919 = 9月15日 to 9月19日 (a week's days, 月 and ~ lost);
    2018929日 = 2018年9月29日 (年 and 月 lost)."""
    first = _glued_month_day(g["dd"])
    if first is None:
        return None
    month, day = first
    f: Fields = {"month": month, "day": day}
    if g.get("dy"):
        f["year"] = int(g["dy"])
    last = _glued_month_day(g["dd2"]) if g.get("dd2") else None
    if last is not None and last[0] == month and day < last[1] <= day + 6:
        f["day_last"] = last[1]
    return f


@reader("mdleft", "mdright")
def _month_dot_day(g: Groups, lex: TimeLexicon) -> Fields | None:  # 9.1-9.7
    f: Fields = {"day": int(g["d"])}
    if g.get("m"):
        f["month"] = int(g["m"])
    return f


@reader("yearpair")
def _year_pair(g: Groups, lex: TimeLexicon) -> Fields | None:  # 2015-2016: a school year, not two years
    y = int(g["y"])
    return {"school_year": y} if int(g["y2"]) == y + 1 else None


@reader("bareday")
def _bareday(g: Groups, lex: TimeLexicon) -> Fields | None:  # the 5日 of 9月1日至5日
    day = number(g["d"])
    return {"day": day} if day is not None and 1 <= day <= 31 else None


@reader("recur")
def _recur(g: Groups, lex: TimeLexicon) -> Fields | None:
    f: Fields = {"rec": lex.recurrences[g["rec"]]}
    if g.get("rpart"):
        first = lex.parts_of_month.get(g["rpart"], (1, 10))[0]
        f["rpart"] = "early" if first == 1 else "mid" if first == 11 else "late"
    return f


@reader("rel")
def _relative(g: Groups, lex: TimeLexicon) -> Fields | None:
    word = g["rel"]
    if word in lex.relative_other and (g.get("label") is not None or (
            g.get("bol") is not None and g.get("eol") is not None and not g.get("dp"))):
        return None  # 本周重点, or 本周 alone on a line: the label of a weekly plan's section
    if word in lex.relative_years:
        return {"rel_year": lex.relative_years[word]}
    if word in lex.relative_other:
        return {"rel_other": lex.relative_other[word]}
    return {"rel_sy": lex.relative_school_years[word]}


@reader("today")
def _today(g: Groups, lex: TimeLexicon) -> Fields | None:  # 今(27)日: the day of the writing
    return {"rel_other": "today"}


@reader("thisterm")
def _this_term(g: Groups, lex: TimeLexicon) -> Fields | None:  # 本期起: the current term
    return {"term_word": g["nw"], "term": None, "rel_term": 0}


@reader("festival")
def _festival(g: Groups, lex: TimeLexicon) -> Fields | None:
    date = lex.festivals[g["fest"]]
    if date == "lunar" or g.get("eve"):
        return {"vague": "festival"}
    return {"month": int(date[:2]), "day": int(date[3:])}


@reader("half")
def _half(g: Groups, lex: TimeLexicon) -> Fields | None:
    return {"half": lex.half_years[g["half"]]}


@reader("exam", "vague", "vague_other", "holiday")
def _vague(g: Groups, lex: TimeLexicon) -> Fields | None:
    return {"vague": lex.vague[g["vague"]]}


@reader("weekday")
def _weekday(g: Groups, lex: TimeLexicon) -> Fields | None:
    if g.get("wm"):  # 周四(11月3日)
        return {"month": int(g["wm"]), "day": int(g["wmd"])}
    return {}
