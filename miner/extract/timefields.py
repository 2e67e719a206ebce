"""Read a matched time atom into fields (year, term, week, month, day, ...): one reader per pattern."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from miner.extract.timewords import TimeLexicon, number

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
    if g.get("wd"):
        fields["wd"] = lex.weekdays[g["wd"]]
    if g.get("dp"):
        fields["dp"] = lex.dayparts[g["dp"]]
    return fields


@reader("year")
def _year(g: Groups, lex: TimeLexicon) -> Fields | None:
    y = None if re.search(r"[xX×*]", g["y"]) else number(g["y"])  # 20xx学年: a template
    f: Fields = {"placeholder": y is None}
    if y is not None and not 1900 <= y <= 2099:
        return None
    if g.get("y2"):
        y2 = int(g["y2"]) if len(g["y2"]) == 4 else (y or 0) // 100 * 100 + int(g["y2"])
        if y is not None and not y < y2 <= y + 10:
            return None
        if y is not None and y2 > y + 1:  # 2021—2025年: a span of calendar years
            if g["unit"].startswith("学年"):
                return None
            f["year"], f["year_end"] = y, y2
        else:
            f["school_year"] = y  # 2019-2020学年, 2019—2020年度
    elif g["unit"].startswith("学年"):
        f["school_year"] = y
    else:
        f["year"] = y
    if g.get("ypart"):
        f["vague"] = "year_start" if g["ypart"] == "初" else "year_end"
    return f


@reader("term")
def _term(g: Groups, lex: TimeLexicon) -> Fields | None:
    word = g["term"]
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
    if g.get("msep") == "、" and mo2 != mo % 12 + 1:  # 11、12月 is a span; 1、10月 is item 1 + 10月
        return None
    f: Fields = {"month": mo, "month_end": mo2}
    day = number(g.get("d") or g.get("d0") or "")
    if day is not None:
        if not 1 <= day <= 31 or mo2 is not None:
            return None
        f["day"] = day
    if g.get("part") and mo2 is None:
        f["part"] = lex.parts_of_month[g["part"]]
    return f


@reader("numyearmonth")
def _numyearmonth(g: Groups, lex: TimeLexicon) -> Fields | None:  # 2020.9, 2021/03
    return {"year": int(g["y"]), "month": int(g["m"])}


@reader("numdate")
def _numdate(g: Groups, lex: TimeLexicon) -> Fields | None:  # 2021-12-28, 2021/12/28, 2021.12.28
    return {"year": int(g["y"]), "month": int(g["m"]), "day": int(g["d"]), "clock": bool(g.get("clock")),
            "numeric": True}


@reader("defect")
def _defect(g: Groups, lex: TimeLexicon) -> Fields | None:
    """1210日 = 12月10日 (a lost 月); a three-digit run only when it splits one way (310日, not 125日)."""
    digits = g["dd"]
    splits = [(digits[:2], digits[2:])] if len(digits) == 4 else [(digits[:1], digits[1:]),
                                                                   (digits[:2], digits[2:])]
    valid = {(int(a), int(b)) for a, b in splits if 1 <= int(a) <= 12 and 1 <= int(b) <= 31
             and (len(digits) == 4 or not b.startswith("0"))}
    if len(valid) != 1:
        return None
    month, day = valid.pop()
    return {"month": month, "day": day}


@reader("mdleft", "mdright")
def _month_dot_day(g: Groups, lex: TimeLexicon) -> Fields | None:  # 9.1-9.7
    f: Fields = {"day": int(g["d"])}
    if g.get("m"):
        f["month"] = int(g["m"])
    return f


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
    if word in lex.relative_years:
        return {"rel_year": lex.relative_years[word]}
    if word in lex.relative_other:
        return {"rel_other": lex.relative_other[word]}
    return {"rel_sy": lex.relative_school_years[word]}


@reader("festival")
def _festival(g: Groups, lex: TimeLexicon) -> Fields | None:
    date = lex.festivals[g["fest"]]
    if date == "lunar" or g.get("eve"):
        return {"vague": "festival"}
    return {"month": int(date[:2]), "day": int(date[3:])}


@reader("half")
def _half(g: Groups, lex: TimeLexicon) -> Fields | None:
    return {"half": lex.half_years[g["half"]]}


@reader("exam", "vague", "vague_other")
def _vague(g: Groups, lex: TimeLexicon) -> Fields | None:
    return {"vague": lex.vague[g["vague"]]}


@reader("weekday")
def _weekday(g: Groups, lex: TimeLexicon) -> Fields | None:
    return {}
