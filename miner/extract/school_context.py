"""What a page says around its school names: inline pinyin readings and the school whose page it is."""

from __future__ import annotations

import re
from collections.abc import Sequence

from miner.extract.school_rules import CJK, SchoolRules

# Some template sites print the reading of a character right after it: 學(xué)校, 區(qū). The
# reading is lower-case pinyin with at least one tone mark, in ASCII brackets.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_READING = re.compile(rf"(?<=[{CJK}])\((?=[a-zü]*[{_TONED}ü])[a-z{_TONED}ü]{{1,7}}\)")


class Readings:
    """A text with its inline readings removed, and the way back to the original offsets."""

    __slots__ = ("original", "plain", "_at")

    def __init__(self, original: str) -> None:
        self.original = original
        kept: list[str] = []
        at: list[int] = []  # original offset of each character of `plain`
        pos = 0
        for m in _READING.finditer(original):
            kept.append(original[pos:m.start()])
            at.extend(range(pos, m.start()))
            pos = m.end()
        kept.append(original[pos:])
        at.extend(range(pos, len(original)))
        self.plain = "".join(kept)
        self._at = at

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of plain[start:end]; a reading right after its last character
        belongs to it (玉林小學(xué))."""
        if start >= end:
            edge = self._at[start] if start < len(self._at) else len(self.original)
            return edge, edge
        stop = self._at[end - 1] + 1
        m = _READING.match(self.original, stop)
        return self._at[start], m.end() if m else stop


def readings(text: str) -> Readings | None:
    """The text without its inline pinyin readings, or None when it has none (nearly every text)."""
    if "(" not in text or _READING.search(text) is None:
        return None
    return Readings(text)


def without_readings(text: str) -> str:
    """`text` with inline pinyin readings removed (a group name written with them)."""
    found = readings(text)
    return found.plain if found else text


# A line that titles a document of its own school: 某某小学2024学年行事历, 某某幼儿园教育工作周计划.
_TITLE_WORDS = re.compile(r"计划|总结|小结|行事历|校历|安排|活动|工作|学年|学期|年度|要点|简报")
_SUB_UNITS = re.compile(r"^[^\d]{0,8}?(?:教研组|备课组|年级组|学科组|工作室|教研室"
                        r"|[一二三四五六七八九十\d]+班)")
_LEAD_IN = re.compile(r"^[\s\-—–_·|>#*]*(?:\d{2,4}(?:[-—~至]\d{2,4})?(?:学年度|学年|年度|年)?\s*)?"
                      r"(?:(?:第[一二三四]|[上下本新]|[春秋]季)学期|[春秋]季|寒假|暑假)?\s*")
_SEPARATED = re.compile(r"(?:——|--|[>›»|】\]])\s*$")
_SENTENCE_MARKS = re.compile(r"[，。；、,;：:！!？?]")  # a sentence, not a title
_TITLE_LINES = 3  # the title is among the first lines that are not page furniture
_MAX_TITLE = 60


def title_owner(text: str, spans: Sequence[tuple[int, int]], rules: SchoolRules) -> str | None:
    """The school whose document this is, as its title names it: a name opening one of the first
    lines (after a year or a dash) and followed on that line by a title (学年度行事历, 工作总结,
    …系列活动). The gold conventions treat it as the document's body, like a group name, not as a
    school it mentions. A 教研组 or class of the school, or a group ending after the name, makes
    the title another body's; a line that only gives the name is not a title either."""
    starts = sorted(spans)
    line_start, seen = 0, 0
    while seen < _TITLE_LINES and line_start < len(text):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        if line.strip() and not rules.furniture_re.search(line):
            seen += 1
            owner = _owner_in_line(text, line_start, line_end, starts, rules)
            if owner:
                return owner
        line_start = line_end + 1
    return None


def _owner_in_line(text: str, lo: int, hi: int, spans: list[tuple[int, int]],
                   rules: SchoolRules) -> str | None:
    """(title_owner, one line text[lo:hi].)"""
    if hi - lo > _MAX_TITLE:
        return None
    inside = [(s, e) for s, e in spans if lo <= s and e <= hi]
    if not inside or not text[hi:].strip():
        return None  # (a title has a body after it)
    s, e = inside[0]
    if any(text[a:b] != text[s:e] for a, b in inside):
        return None  # 启明小学和希望小学…: a line naming several schools is about them
    before = text[lo:s]
    lead = _LEAD_IN.match(before)
    if (lead is None or lead.end() != len(before)) and not _SEPARATED.search(before):
        return None  # (a name after a dash or a breadcrumb's arrow opens the title too)
    rest = text[e:hi]
    if _SENTENCE_MARKS.search(rest) or not _TITLE_WORDS.search(rest) or _SUB_UNITS.match(rest) \
            or rest.startswith(rules.group_starts):
        return None
    return text[s:e]
