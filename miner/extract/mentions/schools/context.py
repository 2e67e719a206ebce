"""What the words around a school ending say: inline pinyin readings, the school whose page it is, and
bodies that describe schools (参评学校, 特色高中) instead of naming one."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from miner.extract.lexicons.school_rules import CJK, SchoolRules, load_rules, tagged

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
_TITLE_WORDS = re.compile(r"计划|总结|小结|行事历|校历|安排|活动|工作|学年|学期|年度|要点|简报|规划|报告|方案"
                          r"|举行|举办|召开|开展|组织|参加|迎来|走进|荣获|进行|启动")  # (a news title)
# a 教研组, class or office of the school: the document is that body's, and the school a name it gives
_SUB_UNITS = re.compile(r"^[^\d]{0,8}?(?:教研组|备课组|年级组|学科组|工作室|教研室"
                        r"|[一二三四五六七八九十\d]+班|[（(]\d{1,2}[）)]班|(?:托|苗苗|[大中小][一二三四五六七八九十]?)班"
                        r"|(?:德育|教务|教导|总务|政教|保教|教科|后勤)处|少先队|大队部|团委|党支部|工会|教科室)")
_LEAD_IN = re.compile(r"^[\s\-—–_·|>#*《【「“]*(?:(?:\d{2,4}|[〇零一二三四五六七八九]{4})(?:[-—~至]\d{2,4})?"
                      r"(?:学年度|学年|年度|年)?\s*)?"
                      r"(?:(?:第[一二三四]|[上下本新]|[春秋]季)学期|[春秋]季|寒假|暑假)?\s*")
# …after the name on its line (某某国小校务会议开会通知单): the school's own notice (a 通知 heading
# alone above a name line addresses that school instead)
_NOTICE = "通知"
_SEPARATED = re.compile(r"(?:——|--|[>›»|】\]])\s*$")
_SENTENCE_MARKS = re.compile(r"[，。；、,;：:！!？?]")  # a sentence, not a title
_AFTER_NAME = re.compile(r"^[：:\s]+")
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
    lines: list[tuple[int, int]] = []  # the first lines that are not page furniture
    while seen < _TITLE_LINES and line_start < len(text):
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        if line.strip() and not rules.furniture_re.search(line):
            seen += 1
            lines.append((line_start, line_end))
            owner = _owner_in_line(text, line_start, line_end, starts, rules)
            if owner:
                return owner
        line_start = line_end + 1
    return _owner_beside_title(text, lines, starts)


def _owner_beside_title(text: str, lines: list[tuple[int, int]], spans: list[tuple[int, int]]) -> str | None:
    """A name on a line of its own right above or below a title line without a name (`2024学年工作
    计划` then `某某小学`): the title block names the document's own school on two lines."""
    for k, (lo, hi) in enumerate(lines):
        inside = [(s, e) for s, e in spans if lo <= s and e <= hi]
        if len(inside) != 1 or text[lo:hi].strip() != text[inside[0][0]:inside[0][1]]:
            continue
        for j in (k - 1, k + 1):
            if 0 <= j < len(lines) and _is_title(text[lines[j][0]:lines[j][1]], spans, lines[j]):
                s, e = inside[0]
                return text[s:e]
    return None


def _is_title(line: str, spans: list[tuple[int, int]], at: tuple[int, int]) -> bool:
    """A short line that reads as a title (工作计划, 行事历, …) and names no school itself; a title of
    a 教研组 or a class (语文教研组工作总结) is that body's, not the school's."""
    line = line.strip()
    return (len(line) <= _MAX_TITLE and _TITLE_WORDS.search(line) is not None
            and not _SENTENCE_MARKS.search(line) and not _SUB_UNITS.match(line)
            and not any(at[0] <= s < at[1] for s, _ in spans))


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
    # (a colon or space may part the name from the title; the page's stamp may follow it after a
    # space: 某某小学：2024学年工作计划, 某某小学 2024学年工作计划  发布时间：…)
    words = _AFTER_NAME.sub("", text[e:hi], count=1).split(maxsplit=1)
    rest = words[0] if words else ""
    if _SENTENCE_MARKS.search(rest) or not (_TITLE_WORDS.search(rest) or _NOTICE in rest) \
            or _SUB_UNITS.match(rest) \
            or rules.group_follows(rest, 0):
        return None
    return text[s:e]


# ---- bodies that describe schools instead of naming one

BARE_NUMERAL = re.compile(r"(?<![第一二三四五六七八九十双])[一二三四五六七八九十]{1,3}$")
NUMERAL_CHARS = frozenset("一二三四五六七八九十")  # (a BARE_NUMERAL match ends with one)
_CAMPUS_OK = frozenset("东西南北中新老本")
_tokens = tagged


def is_generic(body: str, suffix: str, rules: SchoolRules) -> bool:
    """Whether a name body only counts or qualifies schools (各, 成员, 全区中) instead of naming one."""
    if rules is load_rules():
        return _shipped_generic(body, suffix)
    return _is_generic(body, suffix, rules)


@functools.lru_cache(maxsize=8192)
def _shipped_generic(body: str, suffix: str) -> bool:
    """`is_generic` under the shipped rules, kept across texts (the same bodies recur)."""
    return _is_generic(body, suffix, load_rules())


def _is_generic(body: str, suffix: str, rules: SchoolRules) -> bool:
    """(is_generic, with any rules.)"""
    if (suffix in rules.short_kinds or len(body) >= 2) and body[-1:] in NUMERAL_CHARS \
            and BARE_NUMERAL.fullmatch(body):
        return False  # 二附中; 八一学校, 十一学校: a numeral name, not a count
    return (body in rules.generic_bodies or rules.generic_chars.issuperset(body)
            or body + suffix in rules.generic_words or _describes(body, suffix, rules))


_PLAIN_ENDINGS = frozenset(("学校", "小学", "中学", "幼儿园", "初中", "高中"))


def _describes(body: str, suffix: str, rules: SchoolRules) -> bool:
    """Whether a body only describes schools: a year or number (2016小学), a qualifier or group word
    at its end (参评, 特色, 联盟组), generic words only (城区乡镇), a region alone before a plain
    ending (晋江市小学), a time with 里 or 中 (春天里), or what is going on with 中 (生活中)."""
    if body.isdigit():
        return len(body) >= 3
    if body.endswith(rules.generic_tails) and len(body) >= 2:
        return True
    if suffix in _PLAIN_ENDINGS and rules.region_re.match(body):
        return True
    if len(body) >= 3 and body[-1] in "里中" and _tokens(body[:-1]) == ((body[:-1], "t"),):
        return True  # 对春天里幼儿园中的花草: a time (春天里, 假期中) before the place, no name
    if len(body) >= 3 and body[-1] == "中" and _in_doing(_tokens(body)):
        return True  # 一日生活中|幼儿园老师, 教学中|学校领导: 中 closes what is going on, no name
    return _generic_words_only(body, rules) or _not_name_shaped(body, suffix) or _attributes_only(body, rules)


_NATION = ("全国", "国家", "全省", "全市", "全县", "全区")


def _attributes_only(body: str, rules: SchoolRules) -> bool:
    """Whether the body grades or types schools: attribute words of three or more characters (数字化,
    示范性, 国家级, 学习型), with nothing else than regions, generic words and verbs or adjectives
    (江苏省|四星级, 省级|示范性, 建设|信息化); a proper or common noun makes a name (方召|寄宿制)."""
    if len(body) < 3 or body[-1] not in rules.attribute_endings:
        return False  # (nearly every body; one ending in a generic tail was told by _describes first)
    attribute = False
    for word, flag in _tokens(body):
        if len(word) >= 3 and word[-1] in rules.attribute_endings:
            attribute = True
        elif not (word in rules.generic_bodies or word in rules.generic_tails or word in _NATION
                  or word in rules.admin_units or rules.region_re.match(word) or flag in _VERBAL):
            return False
    return attribute


_VERBAL = frozenset(("v", "vn", "vd", "a", "ad", "d"))  # 建设|信息化学校: what is done to a kind of school


_COMMON_TAGS = frozenset(("n", "v", "vn", "an"))


def _in_doing(tokens: tuple[tuple[str, str], ...]) -> bool:
    """Whether a body's words end with a common word of two or more characters and the locative 中
    (生活|中, 课堂教学|中); a place written so is one word (城中, 江中) or a proper one (河|中)."""
    return len(tokens) >= 2 and tokens[-1] == ("中", "f") and len(tokens[-2][0]) >= 2 \
        and tokens[-2][1] in _COMMON_TAGS


# jieba tags that no name body of the gold corpora holds: conjunctions, adverbs, prepositions,
# pronouns, particles; and the tags of a one-word body that only qualifies a 学校 or 幼儿园
# (优秀学校, 规范化幼儿园), where a name's one word is a place, a person's or a proper name.
_FUNCTION_TAGS = frozenset(("c", "d", "ad", "p", "r", "y", "e", "o"))
_QUALIFIER_TAGS = {"学校": frozenset(("a", "ad", "an", "vn", "d", "b")),
                   "幼儿园": frozenset(("ad", "an", "vn", "d", "b"))}  # (快乐幼儿园, 丰乐幼儿园: names)


def _not_name_shaped(body: str, suffix: str) -> bool:
    """Whether the words of a body cannot make a name (家庭社会和学校, 更加优质幼儿园)."""
    tokens = _tokens(body)
    if len(tokens) == 1:
        return tokens[0][1] in _QUALIFIER_TAGS.get(suffix, ())
    # (a word after a founder's 市立 or 国立 is the name, whatever jieba tags it: 台北市立|大同)
    return len(body) > 2 and any((f in _FUNCTION_TAGS or f.startswith("u"))
                                 and not (i > 0 and tokens[i - 1][0].endswith("立"))
                                 for i, (_, f) in enumerate(tokens))


def _generic_words_only(body: str, rules: SchoolRules) -> bool:
    """Whether the body splits into generic bodies and qualifier words of two or more characters."""
    if len(body) < 4:
        return False
    ends = {0}
    for i in range(1, len(body) + 1):
        if any(j in ends and i - j >= 2 and (body[j:i] in rules.generic_bodies
                                             or body[j:i] in rules.generic_tails)
               for j in range(max(0, i - 6), i - 1)):
            ends.add(i)
    return len(body) in ends


def campus_name(name: str, rules: SchoolRules) -> bool:
    """Whether the words before 校区/分校 name a campus (北, 南门街, 九龙湖), not count or qualify
    campuses (各, 两, 在…)."""
    if len(name) <= 1:
        return not any(c in rules.generic_chars - _CAMPUS_OK or c in rules.leading_stops for c in name)
    return not rules.generic_chars.issuperset(name) and name[0] not in rules.leading_stops \
        and name not in rules.generic_bodies and not any(c in _CLAUSE_CHARS for c in name)


_CLAUSE_CHARS = frozenset("的之和与及等")  # 城南小学|的新校区: a phrase, not a campus's name


_PROPER = frozenset(("ns", "nr", "nrt", "nrfg", "nz", "j", "nt"))


def proper_start(body: str, rules: SchoolRules) -> int:
    """Where a name starts inside a body in which two or more common words come before a proper name
    of two or more characters (开学典礼大课间|北京小学); one common character right before the proper
    name stays (新|丰镇中学, 望|湖城幼儿园). 0 when the body has no such words."""
    if rules is load_rules():
        return _shipped_start(body)
    return _proper_start(body, rules)


@functools.lru_cache(maxsize=8192)
def _shipped_start(body: str) -> int:
    """`proper_start` under the shipped rules, kept across texts (the same bodies recur)."""
    return _proper_start(body, load_rules())


def _proper_start(body: str, rules: SchoolRules) -> int:
    """(proper_start, with any rules.)"""
    tokens = _tokens(body)
    pos, common, cut = 0, 0, 0
    for i, (word, flag) in enumerate(tokens):
        if word.endswith(rules.admin_units):
            return 0  # 双流|区|黄水小学, 某某市: a body with a place prefix is left as it is
        if flag in _PROPER:
            if common >= 2 and len(word) >= 2:
                before = tokens[i - 1][0]
                cut = pos - len(before) if len(before) == 1 else pos
            common = 0
        else:
            common += 1
        pos += len(word)
    return cut if pos == len(body) else 0
