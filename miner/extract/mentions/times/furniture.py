"""Page furniture among time expressions: publication stamps, clock times, signatures' dates and
the weekday labels heading a calendar grid's columns, none of them times of the document's items."""

from __future__ import annotations

import functools
import re
from typing import Any

from miner.extract.lexicons.time_lexicon import TimeLexicon, nonblank_lines_after, nonblank_lines_before
from miner.extract.mentions.times.groups import Group

_CLOCK = re.compile(r"[ ]+\d{1,2}:\d{2}")
_LABEL_BREAK = re.compile(r"[ \t|:：,，;；。、()\[\]【】]")
_LINE_HEAD = re.compile(r"[ \t\-–—•·|]*")  # what may stand before a date opening its line
# a stamp's day written day first (06.04.2023, a form the time atoms leave unread) before its clock
_DAY_FIRST_STAMP = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}[ \t]+$")


@functools.lru_cache(maxsize=4)
def line_words(words: tuple[str, ...]) -> re.Pattern[str]:
    """One expression for the words that make a whole line page furniture (a never-matching one
    when there are none)."""
    return re.compile("|".join(map(re.escape, words)) if words else r"(?!)")


def listed_lines(folded: str, words: re.Pattern[str]) -> set[int] | None:
    """Start offsets of the lines holding a furniture word (None: the lower-cased text is longer,
    so its offsets are not the text's; look line by line then)."""
    lowered = folded.lower()
    if len(lowered) != len(folded):
        return None
    return {lowered.rfind("\n", 0, m.start()) + 1 for m in words.finditer(lowered)}


def is_furniture(folded: str, g: Group, listed: set[int] | None, lex: TimeLexicon) -> bool:
    """A publication stamp, a clock time, a signature's date, or on a line of page furniture
    (`listed`: the start offsets of the furniture lines; None when they must be looked for here)."""
    a = folded.rfind("\n", 0, g.start) + 1
    if listed is None:
        line = folded[a:_line_end(folded, g.end)]
        listed = {a} if line_words(lex.line_words).search(line.lower()) else set()
    if a in listed:
        return True
    label = folded[a:g.start].rstrip(" :：\t")
    if label.endswith(lex.stamp_labels):
        return True
    fields = g.fields
    year = fields.get("year")
    if fields.get("day") and year and g.right is None and _weak_label(label, fields, lex):
        head = folded.count("\n", 0, g.start) < lex.stamp_head_lines
        if _CLOCK.match(folded[g.end:_line_end(folded, g.end)]) or head:
            return True
    if fields.get("clock") or _head_stamp(folded, g, a, label, lex) or _tail_stamp(folded, g, a, lex):
        return True
    if g.kinds == ["clock"] and _DAY_FIRST_STAMP.search(folded, a, g.start):
        return True  # 06.04.2023 09:15: a stamp's time
    return _is_signature(folded, g, a)


def _weak_label(label: str, fields: dict[str, Any], lex: TimeLexicon) -> bool:
    """Whether the text before a date on its line ends in a 日期 or 时间 label: for a date written
    with 年月日 a bare one (`作者:张三 时间`), not a phrase ending with it (`幼儿离园时间 2019年7月5日`,
    a time of the document); any for a numeric date (2024-01-15), a stamp's form."""
    if fields.get("numeric"):
        return label.endswith(lex.weak_labels)
    return _LABEL_BREAK.split(label)[-1] in lex.weak_labels


def _head_stamp(folded: str, g: Group, line_start: int, label: str, lex: TimeLexicon) -> bool:
    """A numeric date (2024-08-16, 2024.12.20) alone on its line, or after 时间：, among the first
    lines of the text: the page's date under its title, not a time in the document."""
    f = g.fields
    if not f.get("numeric") or g.right is not None or (label and not label.endswith(lex.weak_labels)):
        return False
    if folded[g.end:_line_end(folded, g.end)].strip(" \t|"):
        return False
    above = nonblank_lines_before(folded, line_start, lex.stamp_head_lines)
    return len(above) < lex.stamp_head_lines


def _tail_stamp(folded: str, g: Group, line_start: int, lex: TimeLexicon) -> bool:
    """A full date opening its line and followed by a publishing word (`- 2023-04-06 发布于…`,
    `2023年4月6日發佈`): the page's stamp, its label after the date."""
    f = g.fields
    if not (f.get("year") and f.get("day")) or g.right is not None or not lex.stamp_tails:
        return False
    if _LINE_HEAD.fullmatch(folded, line_start, g.start) is None:
        return False
    after = folded[g.end:_line_end(folded, g.end)].lstrip(" \t")
    word = next((w for w in lex.stamp_tails if after.startswith(w)), None)
    # (a stamp's word ends its line or the stamp's cell, or names the place: 发布于四川; not 发布的通知)
    return word is not None and after[len(word):len(word) + 1] in ("", " ", "\t", "|", "于")


def bare_clock(folded: str, g: Group) -> bool:
    """A clock time in brackets with no day (`结业式(16:00放学)`, `早读(7:40-8:00,…)`): a detail of
    the item's hours, which places nothing on the calendar."""
    return (g.kinds == ["clock"] and g.right is None and g.start > 0 and folded[g.start - 1] == "("
            and ":" in folded[g.start:g.end])


_DOT_DATE = re.compile(r"\d{1,2}\.\d{1,2}")
def outline_numbers(folded: str, groups: list[Group]) -> set[int]:
    """Indexes of the dotted numbers that number an outline's sections (1.1, 1.2, 2.1, 2.2 …), not
    dates: at least two heads whose numbers run 1, 2, … with none above 9, the first head 1 or 2. A
    calendar's 9.1, 9.8, or its days 9.1–9.5 under one month, do not run so."""
    dotted = [i for i, g in enumerate(groups)
              if g.right is None and _DOT_DATE.fullmatch(folded, g.start, g.end)]
    if len(dotted) < 4:
        return set()
    heads: dict[int, set[int]] = {}
    for i in dotted:
        heads.setdefault(int(groups[i].fields["month"]), set()).add(int(groups[i].fields["day"]))
    if max(max(days) for days in heads.values()) > 9 or min(heads) > 2:
        return set()  # (an outline's heads start at 1 or 2: 9.1, 9.2, 10.1, 10.2 are days)
    running = sum(1 for days in heads.values() if len(days) >= 2 and days == set(range(1, len(days) + 1)))
    return set(dotted) if running >= 2 else set()


def _line_end(folded: str, at: int) -> int:
    """The offset of the line break at or after `at` (the text's length when there is none)."""
    b = folded.find("\n", at)
    return len(folded) if b < 0 else b


def _is_signature(folded: str, g: Group, line_start: int) -> bool:
    """A dated signature: a line of its own (starting at `line_start`), with a year, among the last
    lines of a longer text, right after a short line (the signing group or school)."""
    if g.fields.get("year") is None or g.right is not None or g.fields.get("from_context"):
        return False
    if folded[line_start:_line_end(folded, g.end)].strip() != folded[g.start:g.end]:
        return False
    if nonblank_lines_after(folded, g.end, 3) > 2:
        return False
    head = nonblank_lines_before(folded, g.start, 3)
    if len(head) < 3:
        return False
    return len(head[0]) <= 30 and not any(p in head[0] for p in "。；;，,")


_HEADER_FILL = re.compile(r"[ \t|]*")
_HEADER_LABEL = 8  # characters of labels (周次, 月份, 备注) a calendar grid's header row may hold
_DIGIT = re.compile(r"\d")
_WEEK_OF_DAYS = 6  # distinct weekdays, one of them Saturday or Sunday, that make a calendar grid's header


def grid_header(folded: str, groups: list[Group]) -> set[int]:
    """Indices of the bare weekdays that head a calendar grid's columns (`| 星期一 | … | 星期日`,
    one cell a line, with blank or bar-only lines between or not, or all on one line): labels of
    the date columns, not times of anything."""
    by_line: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        if g.kinds == ["weekday"] and g.right is None and len(g.fields) == 1:
            by_line.setdefault(folded.rfind("\n", 0, g.start) + 1, []).append(i)
    runs: list[list[int]] = []
    last_end = -1
    for a, members in by_line.items():
        end = _line_end(folded, a)
        rest, at = [], a
        for i in members:
            rest.append(folded[at:groups[i].start])
            at = groups[i].end
        rest.append(folded[at:end])
        words = _HEADER_FILL.sub("", "".join(rest))
        if words and (len(members) < _WEEK_OF_DAYS or len(words) > _HEADER_LABEL or _DIGIT.search(words)):
            continue  # a weekday with words beside it dates them (a whole week's row may have a label)
        if runs and not folded[last_end:a].strip(" \t|\n"):  # the next line, or after blank ones
            runs[-1].extend(members)
        else:
            runs.append(list(members))
        last_end = end
    out: set[int] = set()
    for run in runs:
        days = {groups[i].fields.get("wd") for i in run}
        if len(days) >= _WEEK_OF_DAYS and days & {"sat", "sun"}:
            out.update(run)
    return out
