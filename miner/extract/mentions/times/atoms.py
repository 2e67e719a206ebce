"""Find the atoms of time expressions (year, term, week, month, day, ...) in folded text."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from miner.extract.lexicons.time_lexicon import DAY_NUM, MONTH_NUM, NUM, TimeLexicon, alternation, lexicon
from miner.extract.mentions.times.fields import read_atom
from miner.extract.text.memo import BatchMemo

_SP = r"[ ]*"  # spaces (an ideographic space is folded to one) but never a tab or a newline
_CN = "一二三四五六七八九十两〇零"
_M = r"(?:1[0-2]|0?[1-9])"  # an Arabic month
_D = r"(?:3[01]|[12]\d|0?[1-9])"  # an Arabic day
# vague words (年初, 月底) that a number before makes part of a date (2021年初, 10月底)
_OF_NUMBER = ("年", "月")


@dataclass(slots=True)
class Atom:
    """One piece of a time expression: its span in the text and what it says."""

    kind: str  # year | term | week | month | numdate | bareday | weekday | recur | rel | vague | half
    start: int
    end: int
    fields: dict[str, Any] = field(default_factory=dict)

    def __init__(
        self,
        kind: str,
        start: int,
        end: int,
        fields: dict[str, Any] | None = None,
    ) -> None:  # written out: see miner.native
        self.kind = kind
        self.start = start
        self.end = end
        self.fields = {} if fields is None else fields


def _number_vague(lex: TimeLexicon) -> str:
    """The vague words that follow a number (年初, 月底 …), exams aside, as one alternation."""
    return alternation(w for w in lex.vague if w not in lex.exam_words and w.startswith(_OF_NUMBER))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    dayparts = alternation(lex.dayparts)
    wd = "[一二三四五六日天末]"
    blockers = "".join(sorted(lex.year_word_blockers))
    allowed = alternation(lex.allowed_after)
    exam = alternation(lex.exam_words)
    year_vague = _number_vague(lex)
    other_vague = alternation(w for w in lex.vague if w not in lex.exam_words and not w.startswith(_OF_NUMBER)
                              and w not in lex.holiday_words)
    long_parts = alternation(p for p in lex.parts_of_month if len(p) > 1 or p == "底")
    short_parts = alternation(p for p in lex.parts_of_month if len(p) == 1 and p != "底")
    relative = alternation(set(lex.relative_years) | set(lex.relative_school_years) | set(lex.relative_other))
    # a template's blank for a year: 20xx, 20__, xxxx, xx, x, * (not the letters of a word)
    placeholder = r"20[xX×*_]{2}|(?<![A-Za-z\d])(?:[xX]{1,4}|[×*]{1,4})(?![A-Za-z])"
    year = rf"(?:19|20)\d{{2}}|[〇零一二三四五六七八九]{{4}}|{placeholder}"
    clock = (r"(?:[ ]*\d{1,2}[ ]*:[ ]*\d{2}(?!\d)分?"
             r"(?:[ ]*(?:-{1,2}|~|至|到)[ ]*\d{1,2}[ ]*:[ ]*\d{2}(?!\d))?"
             r"|(?:\d{1,2}|[一二三四五六七八九十]{1,3})[点时](?:\d{1,2}分|[一二三四五六七八九十]{1,3}分|半|整)?(?:左右)?)")
    dp = rf"(?:(?P<dp>{dayparts}){clock}?)?"  # a part of the day, maybe with its clock time (下午4:00)
    holidays = alternation(lex.holiday_words)
    fest_allowed = alternation(lex.holiday_after)
    labels = alternation(lex.relative_labels) or "(?!)"
    en_months = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    en_days = "Mon|Tue|Wed|Thu|Fri|Sat|Sun"
    lunar_day = (r"(?:初[一二三四五六七八九十]|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?"
                 r"|[一二三四五六七八九]|\d{1,2})")
    lunar_date = (rf"农历[ ]*(?:正|腊|冬|十[一二]|[一二三四五六七八九十])月{lunar_day}[日号]?")
    not_issue = alternation(lex.issue_words)
    # 10月30日前, 9月底前, 6月14日(三)前, 1月3日或之前: a deadline is one expression with its day
    before = r"(?:或?之前|以前|前)(?![夕往进后天来])"
    pats = {
        # 2019学年, 2019-2020学年度, 20152016学年度, 2025~2026上学期, 113学年度, 101年度 and 114年2月 (a
        # ROC year: 1911 + 113); 09年春季学期, a year written with two digits (not before a month:
        # 09年3月 is left out, a dev document's activities suffer from it)
        "year": (rf"(?<!\d)(?P<glue>\d{{1,2}})?(?P<y>{year}|1[0-2]\d(?={_SP}(?:学年|年度|年{_SP}{_M}{_SP}月))"
                 rf"|(?<!\d)\d{{2}}(?=年[春秋]季学期)"
                 # 24-25年度, 16-17 学年: two two-digit years in a row before a year's word
                 rf"|(?<![\d.\-/])\d{{2}}(?={_SP}(?:-|至|到){_SP}\d{{2}}{_SP}(?:学年度|学年|年度)))"
                 rf"(?:{_SP}(?:-|至|到){_SP}(?P<y2>(?:19|20)?\d{{2}}|{placeholder})|(?P<y2b>(?:19|20)\d{{2}}))?"
                 rf"{_SP}(?P<unit>学年度|学年|年度|年|(?=(?:第[一二12]|上|下|秋季|春季)学期)|(?=[春秋]季(?!学期)))(?!版)"
                 rf"(?:(?P<ypart>初|底|末)(?![{blockers}])|(?P<season>[春秋][季期]?)(?![季期]|学期|[节游运天]))?"),
        "term": (rf"(?:(?P<term>{alternation(set(lex.terms) | set(lex.relative_terms))})"
                 rf"|第(?P<tn>[ ]*[12一二]?[ ]*)学期)(?P<tpart>初|末)?"),
        "week": (rf"(?:开学)?第{_SP}(?P<w>{NUM}){_SP}"
                 rf"(?:(?:-|至|到|、){_SP}第?{_SP}(?P<w2>{NUM}){_SP})?(?:教学)?周(?![期年岁刊])"
                 rf"(?:{_SP}(?:-|至|到){_SP}第{_SP}(?P<w3>{NUM}){_SP}周)?"
                 rf"(?:(?:周|星期){_SP}(?P<wd>{wd}))?{dp}"),
        "month": (rf"(?<![\d{_CN}])(?P<m>{MONTH_NUM})"
                  rf"(?:{_SP}(?P<msep>-{{1,2}}|至|到|、){_SP}(?P<m2>{MONTH_NUM}))?{_SP}月"
                  rf"(?P<fen>份)?(?:{_SP}(?P<part>{long_parts}|(?:{short_parts})(?![旬{blockers}]))(?:{before})?"
                  rf"|{_SP}(?P<d>{DAY_NUM}){_SP}[日号](?:{before})?|{_SP}(?P<d0>\d{{1,2}})"
                  rf"(?:、\d{{1,2}}(?=(?:、\d{{1,2}})*、{DAY_NUM}[日号]))*"  # 1月1、2、3日 (3日 listed)
                  rf"(?![\d个所名人位次项场节天周年月%.万元期届级班组份日号]))?"
                  rf"(?:{_SP}[(（]?(?:周|星期|礼拜)(?P<wd>{wd})[)）]?|[ ]*\((?P<wdb>[一二三四五六日])\)"
                  rf"|[ ]*\({lunar_date}[ ]*(?:周|星期|礼拜)(?P<wdl>{wd})\))?"  # 8月25日(农历七月十二 星期二)
                  rf"(?:(?<=[)）]){before})?"
                  rf"(?:[ ]*(?={dayparts}))?{dp}"),
        "numdate": (r"(?<![\d.])(?P<y>(?:19|20)\d{2}|1[01]\d)(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
                    r"(?P<d>3[01]|[12]\d|0?[1-9])(?![\d.])"
                    # a weekday in brackets: 2021-12-28(周二), 114.02.11(二)
                    r"(?:[ ]*\((?:(?:周|星期)(?P<wd>[一二三四五六日天])|(?P<wdb>[一二三四五六日]))\))?"
                    r"(?P<clock>[ ]+\d{1,2}:\d{2}(?::\d{2})?)?"),
        # 2015-2016 on its own (`2015-2016校历`, `(2021—2022)`): two years in a row, a school year
        "yearpair": (r"(?<![\d.\-/:])(?P<y>(?:19|20)\d{2})[ ]?(?:-|至|到)[ ]?(?P<y2>(?:19|20)\d{2})"
                     r"(?![\d\-/.:]|[ ]*(?:学年|年|学期|上|下|[春秋]季))"),
        "numyearmonth": r"(?<![\d.])(?P<y>(?:19|20)\d{2})[-/.](?P<m>1[0-2]|0?[1-9])(?![\d./:])",
        # 2/15, 09/08(三), 31/8: month and day, or day and month (the document decides: see times.py)
        "slash": (r"(?<![\d/.:])(?P<sa>\d{1,2})[ ]?/[ ]?(?P<sb>\d{1,2})(?![\d/:%]|[ ]?的)"
                  rf"(?:[ ]*\((?:(?P<wdb>[一二三四五六日])|初[一二三四五六七八九十])\))?{dp}"),
        # day first with a year or a day range (14/2/2025, 3-5/6/2025, 20-24/1), or a month and its
        # year (10/2024, 4-5/2025): the dates of calendars written the British way
        "dmy": (r"(?<![\d/.:\-])(?:(?P<d>\d{1,2})(?:-(?P<d2>\d{1,2}))?/(?P<m>\d{1,2})"
                r"(?:/(?P<y>(?:19|20)\d{2}))?"
                r"|(?P<mo>\d{1,2})(?:-(?P<mo2>\d{1,2}))?/(?P<ym>(?:19|20)\d{2}))(?![\d/:%])"),
        # 9.1 opening a calendar's line (`9.1  开学典礼`, `9.1(一)`): a date; 1.2 opening an outline is not
        "dotdate": (rf"(?<![^\n| \t])(?<![\d.])(?P<m>{_M})\.(?P<d>{_D})"
                    rf"(?=[ \t]|\((?P<wdb>[一二三四五六日])\))"
                    rf"(?:\([一二三四五六日]\))?{dp}"),
        # 8:00, 14:30-16:00, 8:00前: a clock time on its own (a page stamp's time goes with its date)
        "clock": (r"(?<![\d:.])(?:[01]?\d|2[0-3])[ ]?:[ ]?[0-5]\d(?![\d:])"
                  r"(?:[ ]*-[ ]*(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:]))?(?:前|以前|之前)?"),
        # 02-11 ~ 02-17 (a week's row of a calendar): zero-padded month-day pairs, only as a range
        "mmdd": (r"(?<![\d\-/.])(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
                 r"(?=[ ]*-[ ]*(?:0[1-9]|1[0-2])-\d{2}(?![\d\-]))"),
        "mmddright": r"(?:(?<=\d[ ]-[ ])|(?<=\d-))(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d\-])",
        # 9.1-9.7 (a table's dates): only as a range, so that 1.5 or section 3.2 is never a date
        "mdleft": (rf"(?<![\d.])(?P<m>{_M})\.(?P<d>{_D})(?={_SP}(?:-{{1,2}}|至|到){_SP}(?:{_M}\.)?{_D}"
                   rf"(?![\d.%倍万元亿米分节章条款课]))"),
        "mdright": (rf"(?<=[-至到]){_SP}(?:(?P<m>{_M})\.)?(?P<d>{_D})"
                    rf"(?![\d.\-/%倍万元亿米分节章条款课]|{_SP}月)(?:[日号])?"  # (~ 4 月: a month)
                    # (周五), or each day's weekday: 15~16(二)(三)
                    rf"(?:[ ]*\((?:周|星期)(?P<wd>{wd})\)|(?:\([一二三四五六日]\)){{1,2}})?"),
        # 1210日 (12月10日) and 915日919 (9月15日~9月19日, its 月 and ~ lost)
        "defect": (rf"(?<![\d.\-/年月])(?P<dy>(?:19|20)\d{{2}})?(?P<dd>(?P<mm>\d{{1,2}})\d{{2}}){_SP}日"
                   rf"(?:(?:-|~|至|到)?(?P<dd2>(?P=mm)\d{{2}})(?![\d.:/\-])日?)?{dp}"),
        "bareday": (rf"(?<![\d月.{_CN}])(?P<d>{DAY_NUM}){_SP}[日号]"
                    rf"(?:[ ]*\((?:(?:周|星期)(?P<wd>{wd})|(?P<wdb>[一二三四五六日]))\))?{dp}"),
        # 19-21日 under a month heading: days of the month above
        "dayrange": rf"(?<![\d.\-/月])(?P<d>\d{{1,2}})[ ]*-{{1,2}}[ ]*(?P<d2>\d{{1,2}})[ ]*日{dp}",
        # a Hong Kong calendar's month heading (2022 Oct) and day cells (21 Fri, 21-03 Wed-Tue)
        "enmonth": rf"(?<!\d)(?P<y>(?:19|20)\d{{2}})[ ]+(?P<mon>{en_months})(?![a-z])",
        "enday": (rf"(?<![\w\-/])(?P<d>\d{{1,2}})(?:-(?P<d2>\d{{1,2}}))?[ ]+(?P<ewd>{en_days})"
                  rf"(?:-(?:{en_days}))?(?![a-z])"),
        # 周四(11月3日)上午: a weekly arrangement's anchor, weekday and date
        "weekday": (rf"(?<![\d{_CN}第每双单隔])(?:周|星期|礼拜)(?P<wd>{wd})(?![年次个])"
                    rf"(?:[ ]*\((?P<wm>{_M})[月./](?P<wmd>{_D})日?\))?{dp}"),
        "clocktime": rf"(?P<dp>{dayparts}){clock}",
        # a bare 上午 or 下午 opening brackets after an item (校务会议(下午), 典礼(上午…)): the item's
        # time (a grid's row label 上午游戏 is none; after a day and its colon, 10月20日：上午…, the
        # item keeps the day as its time, so the part of the day is left to it)
        "daypart": r"(?<=[(（])(?P<dp>上午|下午)",
        # 今(27)日上午: a news report's today, its day in brackets
        "today": rf"今[ ]?\((?:[0-3]?\d)\)日{dp}",
        "recur": (rf"(?P<rec>{alternation(lex.recurrences)})(?![级度]|{alternation(lex.recurrence_blockers)})"
                  rf"(?:(?<=周)(?P<wd>[一二三四五六日天末])(?![次个天名人节课篇项场回遍练测讲读记报评研期]))?"
                  rf"(?:(?<=[期月年])(?P<rpart>{long_parts}|初|末)(?![{blockers}]))?{dp}"
                  rf"(?:第[一二三四五六七八九十\d]{{1,2}}节)?"),  # 每周三第八节: a lesson period
        # 本周重点 (a column label) or 本周 as a line of its own: read, then dropped by the reader
        "rel": (rf"(?:(?P<bol>)(?<![^\n]))?(?<![{_CN}\d])(?P<rel>{relative})(?![级])"
                rf"(?:(?<=周)(?P<wd>{wd})(?![次个]))?"
                rf"(?:(?<=月)(?P<rpart>{long_parts}))?{dp}"
                rf"(?P<label>(?={_SP}(?:{labels})))?(?P<eol>(?=[ ]*(?:\n|$)))?"),
        "festival": (rf"(?<![{_CN}])(?P<fest>{alternation(lex.festivals)})"
                     rf"(?:(?P<eve>前夕)|(?={fest_allowed}))"),
        "holiday": rf"(?P<vague>{holidays})(?={fest_allowed})",
        # 一年来, 半个学期以来: the time since a point, as a summary counts it
        "since": r"(?<![\d一二三四五六七八九十])(?P<since>(?:一|半|两|三|几)个?(?:年|学年|学期|月))(?:以)?来",
        "lunar": (rf"(?:农历[ ]*(?P<lm>正|腊|冬|十[一二]|[一二三四五六七八九十])月(?:{lunar_day}[日号]?)?"
                  rf"|(?<!农历)(?P<lm2>正|腊)月{lunar_day}[日号]?)"),
        "half": rf"(?P<half>{alternation(lex.half_years)})",
        # 本期起, 本期教研总结: the term of the writing (not 本期简报, an issue of a bulletin)
        "thisterm": rf"(?<![{_CN}日])(?P<nw>本期)(?!{not_issue})",
        "exam": rf"(?P<vague>{exam})(?=$|\n|{allowed})",
        "vague": rf"(?<![{_CN}\d])(?P<vague>{year_vague})(?![{blockers}])",
        "vague_other": rf"(?P<vague>{other_vague})",
    }
    # the characters a match can start with, tested first: re then skips other positions quickly
    first = {"year": r"\d〇零一二三四五六七八九xX×*", "month": rf"\d{_CN}元", "bareday": rf"\d{_CN}",
             "weekday": "周星礼", "numdate": r"\d", "numyearmonth": r"\d", "mdleft": r"\d", "defect": r"\d",
             "slash": r"\d", "dmy": r"\d", "mmdd": "01", "mmddright": "01", "dayrange": r"\d",
             "enmonth": "12", "enday": r"\d", "dotdate": r"\d", "clock": r"\d", "yearpair": "12"}
    return {k: re.compile(rf"(?=[{first[k]}])" + v if k in first else v) for k, v in pats.items()}


@lru_cache(maxsize=1)
def _anchors() -> dict[str, re.Pattern[str]]:
    """For each pattern that does not start with a word of its own: a quick expression that each of
    its matches holds (a key character and the one before it), so only lines holding one are searched."""
    lex = lexicon()
    relative = set(lex.relative_years) | set(lex.relative_school_years) | set(lex.relative_other)
    month_date = r"[-/.](?<=\d[-/.])\d"  # 2021-12 / 2021.9: a digit on both sides of the separator
    anchors = {
        "year": r"年(?<=[\d〇零一二三四五六七八九xX×*_学 ]年)|学期|[春秋]季(?<=\d[春秋]季)",
        "week": r"周(?<=[\d一二三四五六七八九十两学 ]周)",
        "month": r"月(?<=[\d一二三四五六七八九十元 ]月)",
        "numdate": month_date,
        "numyearmonth": month_date,
        "yearpair": r"(?:19|20)\d\d[ ]?[-至到][ ]?(?:19|20)\d\d",
        "mdleft": r"\.(?<=\d\.)\d",
        "mdright": r"[-至到]",
        "slash": r"/",
        "dmy": r"/",
        "mmdd": r"\d-\d",
        "mmddright": r"\d-\d",
        "dayrange": r"日",
        "enmonth": r"[JFMASOND][a-z]{2}",
        "enday": r"[MTWFS][a-z]{2}",
        "clocktime": r"点|:|时",
        "daypart": r"午",
        "today": r"今[ ]?\(",
        "holiday": alternation(lex.holiday_words),
        "lunar": r"农历|正月|腊月",
        "thisterm": r"本期",
        "since": r"来",
        "dotdate": r"\.(?<=\d\.)\d",
        "clock": r":",
        "defect": r"日(?:(?<=\d{3}日)|(?<= 日))",
        # 9月1日 / 9月15日 hold no bare day: its number starts right after 月
        "bareday": r"[日号](?<=[\d一二三四五六七八九十 ][日号])(?<!月\d[日号])(?<!月\d\d[日号])",
        "weekday": r"周|星期|礼拜",
        "rel": alternation(relative),
        "festival": alternation(lex.festivals),
        "vague": _number_vague(lex),
    }
    return {k: re.compile(v) for k, v in anchors.items()}


def _lines_holding(anchor: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of `text` where `anchor` matches; the end is past the line break."""
    out = []
    pos = 0
    while (m := anchor.search(text, pos)) is not None:
        end = text.find("\n", m.end())
        pos = len(text) if end < 0 else end + 1
        out.append((text.rfind("\n", 0, m.start()) + 1, pos))
    return out


_ATOM_KIND = {"exam": "vague", "vague_other": "vague", "numyearmonth": "month", "mdleft": "month",
              "festival": "month", "slash": "month", "mmdd": "month", "mmddright": "month",
              "enmonth": "month",
              "holiday": "vague", "lunar": "vague", "dayrange": "dayonly", "enday": "dayonly",
              "clocktime": "clock", "daypart": "clock", "today": "rel", "dotdate": "month",
              "mdright": "bareday", "dmy": "month",
              "thisterm": "term", "yearpair": "year"}  # pattern → atom kind


# a separator first (quick to find); the start of the text is a line break put before it
_GLUED_MONTH = re.compile(r"([\n\t 、，,。：:；;（(])(\d{2,3})(?=[ ]*月)")


def _unglue(folded: str) -> str:
    """Blank out a list number glued to a month ("1、10月" flattened to "110月", "29月"), keeping length."""
    def blank(m: re.Match[str]) -> str:
        run = m.group(2)
        if int(run) <= 12:
            return m.group(0)
        month = run[-2:] if 10 <= int(run[-2:]) <= 12 and run[-2] != "0" else run[-1:]
        return m.group(1) + (run if month == "0" else "\x00" * (len(run) - len(month)) + month)
    return _GLUED_MONTH.sub(blank, "\n" + folded)[1:]  # (the line break stands for the start of the text)


AtomTuple = tuple[str, int, int, dict[str, Any]]  # kind, start, end, fields


def find_atoms(folded: str) -> list[Atom]:
    """All non-overlapping atoms, earliest first (the longer one wins where two start together)."""
    return [Atom(kind, at + start, at + end, dict(fields))
            for at, atoms in line_atoms(folded) for kind, start, end, fields in atoms]


def line_atoms(folded: str) -> list[tuple[int, tuple[AtomTuple, ...]]]:
    """For each line holding atoms: its offset in `folded` and the atoms of `find_atoms` on it, as
    tuples with offsets in the line and fields shared with the cache (never change them).

    No atom crosses a line break and no pattern looks past one, so the atoms of a text are those of
    its lines: lines seen before come from a cache; the others are scanned together in one text.
    """
    lines = folded.split("\n")
    known = _LINES.results(lines)
    out = []
    at = 0
    for ln in lines:
        if atoms := known[ln]:  # (most lines hold none)
            out.append((at, atoms))
        at += len(ln) + 1
    return out


def _scan_lines(todo: list[str]) -> list[tuple[AtomTuple, ...]]:
    """The atoms of each line of `todo` (distinct lines), all scanned together in one text."""
    offsets = list(itertools.accumulate((len(ln) + 1 for ln in todo[:-1]), initial=0))
    found: list[list[AtomTuple]] = [[] for _ in todo]
    for atom in _scan("\n".join(todo)):
        i = bisect_right(offsets, atom.start) - 1
        at = offsets[i]
        found[i].append((atom.kind, atom.start - at, atom.end - at, atom.fields))
    return [tuple(atoms) for atoms in found]


_LINES: BatchMemo[str, tuple[AtomTuple, ...]] = BatchMemo(_scan_lines, 100_000)  # line -> its atoms


def _scan(folded: str) -> list[Atom]:
    """The atoms of a text, each pattern searched over the lines holding its anchor (or over all of it)."""
    lex = lexicon()
    folded = _unglue(folded)
    anchors = _anchors()
    found: list[Atom] = []
    for kind, pattern in _patterns().items():
        anchor = anchors.get(kind)
        for pos, stop in _lines_holding(anchor, folded) if anchor else [(0, len(folded))]:
            while (m := pattern.search(folded, pos, stop)) is not None:
                fields = read_atom(kind, m.groupdict(), lex)
                pos = m.end() if fields is not None and m.end() > m.start() else m.start() + 1
                if fields is None:  # not a time after all: look again just after where it started
                    continue
                start = m.start("y") if kind == "year" else m.start()
                end = m.start("clock") if kind == "numdate" and m.group("clock") else m.end()
                found.append(Atom(_ATOM_KIND.get(kind, kind), start, end, fields))
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    chosen: list[Atom] = []
    for atom in found:
        if chosen and atom.start < chosen[-1].end:
            continue
        chosen.append(atom)
    return chosen
