"""Items of school calendars: each entry of a line opening with a date (or of the cell after a date
cell, in a flattened table) is an activity, unless it is a calendar fact (a holiday, a make-up day)."""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any

from miner.extract.activities.detection import Detector, Draft
from miner.extract.activities.pieces import Span, Unit, split_outside_quotes
from miner.extract.lexicons.taxonomy import Hit
from miner.extract.text.fold import fold

# What a line may open with before its date: blanks, a table's bars, list numbering (`1. 2/15 …`).
_LEAD = re.compile(r"[ \t|]*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.、．](?!\d)[ \t]*"
                   r"|[（(]\d{1,2}[)）][ \t]*)?")
# A cell holding only a weekday (`三 |`, `一~五`, `星期二`) between a date cell and its entry.
_WEEKDAY_CELL = re.compile(r"[ \t|]*(?:(?:星期|周|礼拜)?[一二三四五六日天](?:[~\-至][一二三四五六日天])?)?"
                           r"[ \t|]*")
_BETWEEN = " \t|:：,，;；"  # what may separate a date from its entry on the same line
_WORDY = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_ENGLISH_TAIL = re.compile(r"\s+[A-Za-z][A-Za-z0-9&',.()/ \-]{5,}$")  # a bilingual calendar's English gloss
_DATED_KINDS = frozenset({"day", "date", "range", "week"})
_NUMBERED = re.compile(r"[ \t]*(?:\d{1,2}[.、．)）](?!\d)|[（(]\d{1,2}[)）]|[①-⑳⑴-⒇⒈-⒛])")
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天]")
_ROLE = re.compile(r"(?:长|主任|老师|教师|人员|书记|代表)$")  # who takes part, not what
_SHORT = 12  # names listed with 、 in a line below a date are this short at most
_BELOW = 12  # how many lines below a date line may hold its entries (items under a weekday heading)
_TRIM = " \t|:：,，;；。.、"
_CLAUSE = re.compile(r"[，,；;。]")
_BRACKETED_END = re.compile(r"[(（][^()（）]*[)）]$")  # `园务计划(3月6日—3月10日)`: the title before it


@dataclass(frozen=True, slots=True)
class CalendarRules:
    """The contents of miner/data/calendar_items.toml."""

    min_dated_lines: int
    max_item_chars: int
    max_entry_chars: int
    title_ends: tuple[str, ...]
    default_type: str
    fact_words: tuple[str, ...]
    fact_whole: frozenset[str]
    fact_patterns: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def calendar_rules() -> CalendarRules:
    """The shipped rules, loaded once per process."""
    data = tomllib.loads(resources.files("miner.data").joinpath("calendar_items.toml").read_text("utf-8"))
    cal, facts = data["calendar"], data["facts"]
    return CalendarRules(int(cal["min_dated_lines"]), int(cal["max_item_chars"]), int(cal["max_entry_chars"]),
                         tuple(cal["title_ends"]), str(cal.get("default_type", "other")),
                         tuple(facts["words"]), frozenset(facts["whole"]),
                         tuple(re.compile(p) for p in facts.get("patterns", ())))


@dataclass(slots=True)
class _Entry:
    """One calendar entry: its name, where it is, and the date that governs it."""

    name: str
    start: int  # offset of the name in the text
    time: Any  # the TimeExpr dating it
    block_start: int  # where its evidence starts (the date)
    block_end: int

    def __init__(self, name: str, start: int, time: Any, block_start: int, block_end: int) -> None:
        self.name = name
        self.start = start
        self.time = time
        self.block_start = block_start
        self.block_end = block_end


def _lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    at = 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out


def _dated(te: Any) -> bool:
    """A date, a range of days, a week or a weekday (周一: a weekly arrangement's day)."""
    return te is not None and (te.kind in _DATED_KINDS or _WEEKDAY.match(te.text) is not None)


def _dated_line(at: int, line: str, starts: dict[int, Any]) -> Any:
    """The date a line opens with (after blanks, bars and list numbering), or None."""
    lead = _LEAD.match(line)
    te = starts.get(at + (lead.end() if lead else 0))
    return te if _dated(te) else None


def is_fact(name: str, rules: CalendarRules) -> bool:
    """A holiday, vacation, make-up day, plain teaching day or term marker: not an activity."""
    core = fold(name).strip(_TRIM)
    return (core in rules.fact_whole or any(w in core for w in rules.fact_words)
            or any(p.search(core) for p in rules.fact_patterns))


def _splits(text: str, start: int, starts: dict[int, Any]) -> list[tuple[int, int]]:
    """Where one line holds several entries: at `；`, at `，` before an entry with its own date
    (`…报到，3日老生报到`), and at `、` between short names (`P.1考试、P.6呈分试`, not the people of
    one meeting: `校长、主任例会`). `start`: the offset of `text`; `starts`: the times by offset."""
    out: list[tuple[int, int]] = []
    for a, b in split_outside_quotes(text, "；;。"):
        clauses = split_outside_quotes(text[a:b], "，,")
        bounds: list[tuple[int, int]] = []
        for x, y in clauses:  # a clause without a date of its own continues the one before it
            lead = len(text[a + x:a + y]) - len(text[a + x:a + y].lstrip(_TRIM))
            if bounds and not _dated(starts.get(start + a + x + lead)):
                bounds[-1] = (bounds[-1][0], a + y)
            else:
                bounds.append((a + x, a + y))
        for x, y in bounds:
            parts = split_outside_quotes(text[x:y], "、")
            if len(parts) > 1 and all(q - p <= _SHORT and not _ROLE.search(text[x + p:x + q])
                                      for p, q in parts):
                out += [(x + p, x + q) for p, q in parts]
            else:
                out.append((x, y))
    return out


def _pieces(text: str, start: int, time: Any, starts: dict[int, Any], rules: CalendarRules,
            block_start: int, block_end: int) -> list[_Entry] | None:
    """The entries of one cell or line remainder (`P.1考试、P.6呈分试`, `…报到，3日老生报到`); None when
    it reads as prose (an item longer than an entry)."""
    out: list[_Entry] = []
    for a, b in _splits(text, start, starts):
        piece_start = start + a
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip(_TRIM))
        piece, piece_start = piece[lead:], piece_start + lead
        lead_num = _LEAD.match(piece)
        if lead_num and lead_num.end():
            piece, piece_start = piece[lead_num.end():], piece_start + lead_num.end()
        own = starts.get(piece_start)
        when = time
        if own is not None and _dated(own):  # the piece has a date of its own
            when = own
            cut = int(own.end) - piece_start
            rest = piece[cut:]
            lead = len(rest) - len(rest.lstrip(_TRIM))
            piece, piece_start = rest[lead:], piece_start + cut + lead
        tail = _ENGLISH_TAIL.search(piece)
        if tail and _WORDY.search(piece[:tail.start()]):
            piece = piece[:tail.start()]
        piece = piece.rstrip(_TRIM)
        if len(piece) > rules.max_entry_chars and len(text) > rules.max_entry_chars and (
                len(piece) > rules.max_item_chars or "，" in text or "," in text):
            return None  # a sentence: the detector of prose reads it
        if len(piece) < 2 or len(piece) > rules.max_item_chars or not _WORDY.search(piece):
            continue
        if _BRACKETED_END.sub("", fold(piece)).endswith(rules.title_ends) and not _CLAUSE.search(piece):
            continue  # the title of the document or of its week
        here = starts.get(piece_start)
        if is_fact(piece, rules) or (here is not None and int(here.end) >= piece_start + len(piece)):
            continue  # a calendar fact, or only a time
        out.append(_Entry(piece, piece_start, when, block_start, max(block_end, piece_start + len(piece))))
    return out


def calendar_entries(text: str, times: list[Any], prose: list[tuple[int, int]] | None = None,
                     used: list[tuple[int, int]] | None = None,
                     det: Detector | None = None) -> list[_Entry] | None:
    """The entries of a calendar (None when fewer lines than the rules want open with a date).

    `text` is the folded document text and `times` its time expressions in order; the (start, end)
    of the dated lines that read as prose are added to `prose`, those of the lines read as entries
    (and of the date lines themselves) to `used`.
    """
    if prose is None:
        prose = []
    if used is None:
        used = []
    rules = calendar_rules()
    starts = {t.start: t for t in times}
    lines = _lines(text)
    dated = [_dated_line(at, line, starts) for at, line in lines]
    if sum(1 for te in dated if te is not None) < rules.min_dated_lines:
        return None
    entries: list[_Entry] = []
    cell: Any = None  # a date cell with nothing after it, just above (a row's week before its dates)
    for i, ((at, line), te) in enumerate(zip(lines, dated, strict=True)):
        if te is None:
            if line.strip():
                cell = None
            continue
        used.append((at, at + len(line)))
        if cell is not None:  # the row's first cell (`第1周` before `9.4—9.8`) is its time
            te, cell = cell, None
        rest_start = dated[i].end
        while rest_start < at + len(line) and text[rest_start] in _BETWEEN:
            rest_start += 1
        rest = text[rest_start:at + len(line)]
        if not rest.strip(_TRIM) and i + 1 < len(lines) and dated[i + 1] is not None:
            cell = te
            continue
        if _WORDY.search(rest) and not _WEEKDAY_CELL.fullmatch(rest):
            found = _pieces(rest, rest_start, te, starts, rules, te.start, at + len(line))
            if found is None:
                prose.append((at, at + len(line)))
            else:
                entries += found
            continue
        # A flattened table's row (date, weekday, entry, place, person): the entry is the first cell
        # below; under a weekday heading every numbered line, or one naming an activity, up to the
        # next date is one.
        names: set[str] = set()
        taken = 0
        for j in range(i + 1, min(i + 1 + _BELOW, len(lines))):
            if dated[j] is not None:
                break
            below_at, below = lines[j]
            if not _WORDY.search(below) or _WEEKDAY_CELL.fullmatch(below):
                continue
            if taken and not _NUMBERED.match(below) and not (det is not None and det.found(below)):
                break  # (a place or a person cell of a flattened row names no activity)
            taken += 1
            found = _pieces(below, below_at, te, starts, rules, te.start, below_at + len(below))
            if found is None:
                prose.append((below_at, below_at + len(below)))
                continue
            used.append((below_at, below_at + len(below)))
            for e in found:
                if e.name not in names:  # (a cell repeated under one date is one entry)
                    names.add(e.name)
                    entries.append(e)
    return entries


def _unit_index(units: list[Unit], at: int) -> int:
    """The index of the unit holding offset `at` (else the last one starting before it)."""
    best = 0
    for i, unit in enumerate(units):
        if unit.start <= at < unit.end:
            return i
        if unit.start <= at:
            best = i
    return best


class _Spans:
    """Spans [a, b) of a text, asked whether a unit touches one in logarithmic time: a span holds
    the unit's start, or starts inside the unit."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(accumulate((b for _, b in ordered), max))  # the furthest end up to each span

    def holds(self, at: int) -> bool:
        """Whether some span has a <= at < b."""
        i = bisect_right(self.starts, at)  # the spans with a <= at
        return i > 0 and self.reach[i - 1] > at

    def touch(self, start: int, end: int) -> bool:
        """Whether some span has a <= start < b, or start <= a < end."""
        if self.holds(start):
            return True
        j = bisect_left(self.starts, start)  # the first span with a >= start
        return j < len(self.starts) and self.starts[j] < end


def calendar_drafts(text: str, units: list[Unit], per_unit: list[list[Draft]], times: list[Any],
                    det: Detector) -> list[list[Draft]]:
    """`per_unit` with a calendar's entries: on each unit of its dated lines, the entries when they
    name more activities than the detector of prose found there (`游泳课`, a line of three entries),
    none when the line holds only calendar facts (`校庆补假`), else what the detector found.

    A document with few dated lines is returned as it is. `text`: the folded document text.
    """
    prose: list[tuple[int, int]] = []
    blocks: list[tuple[int, int]] = []
    entries = calendar_entries(text, times, prose, blocks, det) if units else None
    if entries is None:
        return per_unit
    rules = calendar_rules()
    out = [list(drafts) for drafts in per_unit]
    rows = _Spans([(u.start, u.end) for u in units if u.kind == "row"])  # a rebuilt table reads its own rows
    mine: dict[int, list[Draft]] = {}
    for e in entries:
        if rows.holds(e.block_start):
            continue
        evidence = text[e.block_start:e.block_end]
        time = Span(e.time.text, e.time.start, e.time.end)
        unit = Unit("item", evidence, e.block_start, e.block_end, context_time=time, calendar=True)
        at = min(int(e.time.start), e.start)  # the clause runs from its date: the time picked is that date
        clause = Span(text[at:e.start + len(e.name)], at, e.start + len(e.name))
        # an entry without a taxonomy word leans to the calendar's usual type (the model may overrule)
        hits = det.found(e.name) or (Hit(0, len(e.name), rules.default_type, 1, ""),)
        draft = Draft(unit, e.name, e.start, clause, hits, score=0.8)
        mine.setdefault(_unit_index(units, e.start), []).append(draft)
    in_prose, in_blocks = _Spans(prose), _Spans(blocks)
    for i, unit in enumerate(units):
        if unit.kind == "row" or in_prose.touch(unit.start, unit.end):
            continue  # a rebuilt table's row, or a sentence: the detector's drafts stand
        if not in_blocks.touch(unit.start, unit.end):
            continue
        own = mine.get(i, [])
        dates = [(int(d.unit.context_time.start), int(d.unit.context_time.end)) for d in own
                 if d.unit.context_time is not None]
        dated_names = any(d.name_start <= a < d.name_start + len(d.name) for d in out[i] for a, _ in dates)
        date_above = bool(dates) and all("\n" in text[b:unit.start] for _, b in dates)
        if len(own) > len(out[i]) or (own and len(own) == len(out[i]) and (dated_names or date_above)):
            out[i] = own  # (more entries, or as many without the date inside their names or dated by
            #               the line above: `04 Fri` over `教师发展日`)
        elif not own and is_fact(unit.text, rules):
            out[i] = []
    return out
