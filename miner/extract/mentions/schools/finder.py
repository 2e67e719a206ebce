"""Find named schools in text: name endings with a careful left edge, lists, short forms, gazetteer."""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from operator import attrgetter

from miner.extract.lexicons.gazetteer import Gazetteer
from miner.extract.lexicons.school_rules import CJK, SchoolRules, load_rules, tagged
from miner.extract.mentions.schools.canonical import (
    NameParts,
    SchoolMention,
    aliases,
    canonical_map,
    furniture_free,
    repair,
)
from miner.extract.mentions.schools.context import (
    BARE_NUMERAL,
    NUMERAL_CHARS,
    campus_name,
    is_generic,
    proper_start,
    readings,
    title_owner,
    without_readings,
)
from miner.extract.mentions.schools.members import descriptive_group_part, group_members
from miner.extract.mentions.schools.names import (
    NameHit,
    Taken,
    body_list_hits,
    derived_short_forms,
    gazetteer_names_in,
    name_hits,
)
from miner.extract.text.fold import simplified

__all__ = ["SchoolMention", "Gazetteer", "find_schools", "canonical_map", "group_members", "aliases",
           "harvest_names"]

log = logging.getLogger(__name__)

_tokens = tagged  # jieba words and tags of a short window, cached (shared with subjects)

_HARD = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")
_LAST_HARD = re.compile(r".*[^\u4e00-\u9fffA-Za-z0-9]", re.S)  # up to the last _HARD character
_ORDINAL = re.compile(r"^第?[一二三四五六七八九十百零〇\d]+$")
_COUNT_TAIL = re.compile(r"(?:[一二三四五六七八九十两几\d]+所)?$")
_IS_CJK = re.compile(rf"[{CJK}]")
# between a university or 学院 and a school it runs: (…学院)第一(中学), (…大学)附属(高级中学)
_RUN_SCHOOL = re.compile(r"^(?:第?[一二三四五六七八九十]{1,3}|附属)$")
_ALL_CJK = re.compile(rf"^[{CJK}]+$")


def _left_body(text: str, lo: int, end: int, rules: SchoolRules, suffix: str = "",
               memo: dict[tuple[str, bool, str], int] | None = None) -> int:
    """Start of the name body that ends at `end`: walk jieba tokens leftwards until a stop
    (`memo`: body lengths by window, for one text, which names the same school many times)."""
    lo = max(lo, end - rules.max_body - 6)
    window = text[lo:end]
    last_hard = _LAST_HARD.match(window)
    hard = last_hard is not None or lo == 0  # (the start of the text is a boundary too)
    if last_hard:
        window = window[last_hard.end():]
    if memo is None:
        return end - _body_length(window, hard, suffix, rules)
    key = (window, hard, suffix)
    length = memo.get(key)
    if length is None:
        length = memo[key] = _body_length(window, hard, suffix, rules)
    return end - length


def _body_length(window: str, hard: bool, suffix: str, rules: SchoolRules) -> int:
    """How many characters at the end of `window` belong to the name body (`hard`: a hard
    boundary such as punctuation comes right before the window)."""
    length = skip = 0
    tokens = _tokens(window)
    for i in range(len(tokens) - 1, -1, -1):
        word, flag = tokens[i]
        adjacent = length == 0
        if adjacent and flag == "c" and len(word) == 1 and i > 0 and len(tokens[i - 1][0]) == 1 \
                and tokens[i - 1][1] not in rules.stop_tags and _IS_CJK.match(tokens[i - 1][0]):
            length += 1  # 佳和中学: jieba cut an unknown name at 和
            continue
        if word[0] in "日号" and len(word) >= 3 and i > 0 and tokens[i - 1][1] == "m":
            length += len(word) - 1  # 3月5|日高桥小学: the date's 日 glued to the name
            break
        if _glued_stop(word, flag, rules) and word not in rules.generic_bodies:
            length += len(word) - 1  # 到展|春园, 有望|湖城, 由龙溪: a stop glued to the name
            break
        if word == "立" and i > 0 and tokens[i - 1][0][-1:] in rules.charter_owners:
            length += 1  # 台中市|立|青山高級中學: a school founded by a city, county or the state
            continue
        if len(word) == 2 and word[1] == "立" and word[0] in rules.charter_owners:
            length += 2  # 新北|市立|光復高級中學 (jieba: a verb)
            continue
        if adjacent and flag == "d" and len(word) == 2 and word not in rules.stop_words and i > 0 \
                and tokens[i - 1][0].endswith("立"):
            length += 2  # 台北市立|大同|國民小學: a name jieba took for an adverb, after its founder
            continue
        if flag == "v" and len(word) == 1 and not adjacent and word not in rules.stop_words \
                and word not in "组室局" and (
                (i == 0 and hard) or (i > 0 and _stops(*tokens[i - 1], False, suffix, rules))):
            length += 1  # 、展春园幼儿园, 与望湖城幼儿园: a one-character verb opening the name
            break
        if len(word) <= 2 and not adjacent and _opens_name(tokens, i, length, hard, suffix, rules):
            length += len(word)  # 三|溪口小学, 下|坪小学: a numeral or direction opening a place name
            if word[0] in rules.name_numerals:
                break
            continue
        if skip:
            skip -= 1
            continue
        if length == 1 and window[-1 - _body_offset(tokens, i)] in rules.place_after and len(word) >= 2 \
                and _ALL_CJK.match(word) and flag not in ("p", "c", "r", "m") \
                and length + len(word) <= rules.max_body:
            length += len(word)  # 发展|路|小学: a road, street or village is named by the word before it
            continue
        town = _town_before(tokens, i, rules) if adjacent and word in rules.stop_words and len(word) == 2 \
            and flag.startswith("v") and suffix not in rules.verb_blocked else 0
        if town:
            length += len(word) + sum(len(w) for w, _ in tokens[i - town:i])  # 应举镇|发展|小学: after a
            skip = town  # town's name, a verb word is the school's name
            continue
        if length == 1 and flag == "c" and len(word) == 1 and word in rules.joiners and (i == 0 or (
                _stops(*tokens[i - 1], False, suffix, rules)
                and not tokens[i - 1][0].endswith(rules.suffixes))):
            length += 1  # 到|和|美幼儿园: 和 opens the name (not 东湖小学|和|美术学校)
            break
        if _stops(word, flag, adjacent, suffix, rules) or length + len(word) > rules.max_body:
            if length == 1 and len(word) == 2 and flag == "v" and word not in rules.stop_words \
                    and _ALL_CJK.match(word):
                length += 1  # 语文组|高桥小学 (jieba: 组高|桥): one character is rarely a whole name
            break
        length += len(word)
    rest = window[:len(window) - length]
    if length == 1 and hard and 0 < len(rest) <= 2 and _ALL_CJK.match(rest) and rest not in rules.stop_words \
            and rest[0] not in rules.leading_stops:
        length += len(rest)  # 后里|國民小學 at the start of a line: a one-character body is rarely all
    return length


_TOWNS = ("镇", "乡", "村", "县", "区", "街道")  # place units after which a word opens a name
_WHICH = frozenset("各全本该每我此其")  # 各乡镇, 全镇: which towns, not a town


def _town_before(tokens: tuple[tuple[str, str], ...], i: int, rules: SchoolRules) -> int:
    """How many tokens before token i name a town (城关镇, or 应举|镇 as jieba splits it): 0 when
    they do not, or only say which towns (全镇, 各乡镇)."""
    if i < 1 or not tokens[i - 1][0].endswith(_TOWNS):
        return 0
    unit = tokens[i - 1][0]
    if unit not in _TOWNS:
        return 0 if unit in rules.generic_bodies or unit in rules.stop_words or unit[0] in _WHICH else 1
    if i < 2 or not _ALL_CJK.match(tokens[i - 2][0]):
        return 0
    name = tokens[i - 2][0]
    generic = name in rules.generic_bodies or name in rules.stop_words or rules.generic_chars.issuperset(name)
    return 0 if generic else 2


def _body_offset(tokens: tuple[tuple[str, str], ...], i: int) -> int:
    """How many characters the tokens after token i hold (the body so far), less one."""
    return sum(len(w) for w, _ in tokens[i + 1:]) - 1


def _numeral_name(word: str, rules: SchoolRules) -> bool:
    """A numeral word that is not a count or a time (双十, 四方, 三元里; not 三所, 十佳, 三月)."""
    return (_ALL_CJK.match(word) is not None and not all(c in rules.quantity_chars for c in word)
            and not any(c in rules.time_chars for c in word))


def _opens_name(tokens: tuple[tuple[str, str], ...], i: int, body_len: int, hard: bool, suffix: str,
                rules: SchoolRules) -> bool:
    """Whether a one-character numeral or direction word starts the name body after it: a numeral
    before a body of two or more characters at a clean boundary (三溪口, not 三所), a direction
    before a one-character body (下坪, 东塘)."""
    word, flag = tokens[i]
    clean = (i == 0) or _stops(*tokens[i - 1], False, suffix, rules)
    if len(word) == 1 and word in rules.name_numerals and flag == "m":
        return body_len >= 2 and clean
    if len(word) == 2 and flag == "m" and word[0] in rules.name_numerals and _numeral_name(word, rules):
        return clean  # 四方|坪小学, 五里|牌小学
    if len(word) == 1 and word in rules.name_directions and body_len == 1:
        body_word, body_flag = tokens[i + 1]
        return (body_word not in rules.generic_bodies and body_word not in rules.stop_words
                and body_flag not in rules.stop_tags)
    return False


def _stops(word: str, flag: str, adjacent: bool, suffix: str, rules: SchoolRules) -> bool:
    """Whether a token left of a school ending cannot belong to the name."""
    if word in rules.stop_words or (len(word) > 1 and word[-1] in "内外校奖局室组"):
        return True
    if flag in rules.stop_tags or flag.startswith("u"):
        if adjacent and flag == "f" and (len(word) == 1 or (
                word not in rules.position_words and word[-1] not in "方面边" and _ALL_CJK.match(word))):
            return False  # 龙口西小学, 浦沿幼儿园, 北岸小学 (a lone 内 or 中 is caught as generic later)
        named = _numeral_name(word, rules)
        if adjacent and flag == "t" and named and len(word) >= 3 and word[0] in rules.name_numerals:
            return False  # 三元里小学 (jieba: a time word)
        return not (adjacent and flag == "m" and (_ORDINAL.match(word) or named))  # 第十一, 双十
    if flag == "v" and (not adjacent or (suffix in rules.verb_blocked and len(word) > 1)):
        return True
    return not _IS_CJK.search(word)


def _glued_stop(word: str, flag: str, rules: SchoolRules) -> bool:
    """A token that jieba made of a one-character stop (到, 由, 有) and the name's first character."""
    return (len(word) >= 2 and word[0] in rules.leading_stops and word not in rules.stop_words
            and _IS_CJK.match(word[1]) is not None and flag != "m"
            and (not flag.startswith("n") or (flag.startswith("nr") and len(word) >= 3)))


def _list_items(text: str, lo: int, s: int, suffix: str, rules: SchoolRules,
                bodies: dict[tuple[str, bool, str], int] | None = None) -> list[NameHit]:
    """张桥、溪水、明德等小学 / 城南和城北两所中学: the items sharing one ending (`bodies`: the
    memo of `_left_body`)."""
    pos = s - len(_COUNT_TAIL.search(text[lo:s]).group(0))  # type: ignore[union-attr]
    counted = pos < s
    for tail in rules.list_tails:
        if text.endswith(tail, lo, pos):
            pos -= len(tail)
            counted = True
            break
    if not counted:
        return []
    items: list[tuple[int, int]] = []
    end = pos
    while end > lo:
        start = _left_body(text, max(lo, end - rules.list_max_item), end, rules, memo=bodies)
        if start == end or end - start < 2:
            break
        items.append((start, end))
        if start - 1 < lo or text[start - 1] not in rules.list_separators:
            break
        end = start - 1
    if len(items) < 2:
        return []
    hits = [NameHit(a, b, text[a:b] + suffix) for a, b in reversed(items)]
    return [h for h in hits if not is_generic(text[h.start:h.end], suffix, rules)]


def _faculty(between: str, suffix: str, rules: SchoolRules) -> bool:
    """Whether what follows a university names a part of it (学前教育学院, 第二附属中学, 附属高级中学)
    or a school it runs (圆玄学院第一中学), not a clause leading to another school (专家到石井中心小学)."""
    if _RUN_SCHOOL.match(between):
        return True
    if rules.family(suffix) != "学院" and not suffix.startswith("附属") and not between.startswith("附属"):
        return False  # (…大学附属|城南实验学校: a school the university runs, named after 附属)
    return not any(w in rules.stop_words or f in ("p", "c") for w, f in _tokens(between))


def _after_school(text: str, pos: int, hits: list[NameHit], rules: SchoolRules) -> bool:
    """Whether a school name ends right before `pos` (the 和 of 城关小学和县实验小学 joins two names)."""
    return bool(hits and hits[-1].end == pos) or text.endswith(rules.suffixes, 0, pos)


def _glued(text: str, e: int, ending: str, rules: SchoolRules) -> bool:
    """Whether the ending before `e` is part of a longer word (中学生, 小学部, 学院路)."""
    return (e < len(text) and text[e] in rules.glue_chars(ending)
            and not text.startswith(rules.not_after_except, e))


def _longer_ending(text: str, s: int, e: int, suffix: str, rules: SchoolRules) -> tuple[int, str]:
    """The end and ending of a name whose ending text[s:e] another ending continues (…大学附属中学)."""
    first, last = (e, suffix), suffix
    while text[e:e + 1] in rules.ending_starts and (nxt := rules.suffix_re.match(text, e)) \
            and nxt.group(0) != suffix and nxt.group(0) != rules.family(suffix):  # (a doubled 小学: below)
        e, suffix, last = nxt.end(), text[s:nxt.end()], nxt.group(0)
    if e != first[0] and _glued(text, e, last, rules):
        return first  # 金山湾学校初中部: the second ending belongs to 初中部
    return e, suffix


_LOCATIVE = "在从于"  # 在…中, 从…中: the frame of 在游戏中学会
_LEARNT = "会到懂着"  # what follows 学 in 学会, 学到, 学懂, 学着 (not 做, 了, 得: 在某中学做报告, 了解)
_NOT_LEARNT = "议场堂同上后商签谈务员址客计"  # … but 中学|会议室, 中学|会场: the school's rooms
_PROPER_TAGS = frozenset(("ns", "nr", "nrt", "nrfg", "nz", "nt", "j", "m"))


def _learns_in(text: str, body_start: int, body: str, e: int) -> bool:
    """Whether a 中学 ending is the 中 of a locative frame and the 学 of a verb or of 学校 (在游戏中|
    学会分享, 从实践中|学到, 在玩中学, 在课堂教学中|学校领导): the body after 在 or 从 is a common word,
    and 学 goes on as a verb (会, 到, 懂, 着) or the body is a one-character verb (玩中学, 做中学).
    在城南中学召开 stays."""
    if body_start == 0 or text[body_start - 1] not in _LOCATIVE or not body:
        return False
    nxt = text[e:e + 2]
    learnt = nxt[:1] in _LEARNT and not (nxt[:1] == "会" and nxt[1:2] in _NOT_LEARNT) \
        or (nxt[:1] == "校" and len(body) >= 3)  # 在课堂教学中|学校领导 (not 在实验中学校园)
    words = _tokens(body)
    if any(f in _PROPER_TAGS for _, f in words):
        return False
    return learnt or (len(body) == 1 and words[0][1] == "v")


def _pattern_hits(text: str, rules: SchoolRules) -> list[NameHit]:
    """Names that end with a school ending (育秀实验学校), with the body found by `_left_body`."""
    hits: list[NameHit] = []
    cursor = pos = 0
    bodies: dict[tuple[str, bool, str], int] = {}  # _left_body's memo for this text
    search = rules.suffix_re.search
    while m := search(text, pos):
        s, e = m.span()
        pos = e
        if s < cursor:
            continue
        suffix = m.group()
        if text[e:e + 1] in rules.ending_starts:
            e, suffix = _longer_ending(text, s, e, suffix, rules)
        if text[e:e + 1] in rules.glue_any and _glued(text, e, suffix, rules):
            pos = s + 1  # 石门村小学: 村小 is glued, 小学 may still end a name
            continue
        tail, generic, not_before = rules.ending_facts(suffix)
        if text.endswith(generic, 0, e):
            continue  # a generic word (中小学) ends here
        if s > 0 and text[s - 1] in not_before:
            continue
        if hits and 0 < s - hits[-1].end <= 8 and text.endswith(("大学", "学院"), 0, hits[-1].end) \
                and not _HARD.search(text, hits[-1].end, s) and _faculty(text[hits[-1].end:s], suffix, rules):
            hits[-1].end = e  # 杭州师范大学学前教育学院: a faculty of the university before it
            hits[-1].key = text[hits[-1].start:e]
            cursor = e
            continue
        body_start = _left_body(text, cursor, s, rules, tail, bodies)
        # (the numeral would end the body, which holds no line break)
        numeral = BARE_NUMERAL.search(text, body_start, s) if text[s - 1:s] in NUMERAL_CHARS else None
        if numeral:  # 师大二附中, 48中和二附中: a bare numeral only takes a place name before it
            body_start = numeral.start()
            prev = _tokens(text[max(cursor, body_start - 6):body_start])
            if prev and prev[-1][1] == "ns" and not text[body_start - len(prev[-1][0]) - 1:][:1].isdigit():
                body_start -= len(prev[-1][0])
        body = text[body_start:s]
        if suffix == "中学" and _learns_in(text, body_start, body, e):
            continue  # 在游戏中|学会分享, 从实践中|学到: learning in something, no school
        fallback = -1
        if len(body) > 1 and body[0] in rules.joiners and _after_school(text, body_start, hits, rules):
            rest = body[1:]
            if len(rest) >= 2 or (rest in rules.admin_units and suffix in rules.bare_resolvable):
                county = _tokens(body)[:1] == ((body, "ns"),)  # 和县 is also a county
                fallback = body_start if county else -1
                body_start, body = body_start + 1, rest  # 城关小学和|县实验小学
        end = e
        while text.startswith(tail, end) and tail in ("学校", "中学", "小学", "幼儿园") \
                and not _glued(text, end + len(tail), tail, rules) \
                and not text.startswith(rules.stage_words, end + len(tail)):
            end += len(tail)  # doubled-ending typo: 育秀学校学校 (not 中心小学|小学部, |小学语文)
        campus = rules.campus_re.match(text, end) if suffix not in rules.campus_endings else None
        if campus and campus_name(campus.group(0)[:-2], rules):
            end = campus.end()
        if suffix in rules.bare_resolvable and body in rules.admin_units:
            # 县实验小学: the county's school of the document (和县实验小学 when there is none)
            hits.append(NameHit(body_start, end, text[body_start:end], bare=text[body_start:end],
                             fallback=fallback))
            cursor = end
            continue
        if not body or is_generic(body, suffix, rules):
            if suffix in rules.standalone:
                hits.append(NameHit(s, end, repair(text[s:end], rules)))
            elif not body and suffix in rules.bare_resolvable:
                hits.append(NameHit(s, end, text[s:end], bare=suffix))
            elif not body:
                hits.extend(_list_items(text, cursor, s, suffix, rules, bodies))
            cursor = max(cursor, e)
            continue
        if suffix in rules.campus_endings and len(body) == 1 and body in "东西南北":
            hits.append(NameHit(body_start, end, text[body_start:end], bare=text[body_start:end]))
            cursor = end
            continue
        if suffix in rules.strict and len(body) < 2:
            continue
        body_start += proper_start(body, rules)
        hits.append(NameHit(body_start, end, repair(text[body_start:end], rules)))
        cursor = end
    return hits


def _numbered_hits(text: str, taken: Taken, rules: SchoolRules,
                   known: tuple[str, ...] = ()) -> list[NameHit]:
    """九小, 五中, 48中, 衡水一中: numbered short forms at a clean boundary; a place word before the
    numeral is kept when it is a place name or opens one of the document's `known` school names
    (霍城二中 beside 霍城县第二中学)."""
    hits = []
    for m in rules.numbered_re.finditer(text):
        s, e = m.span()
        if taken.overlaps(s, e):
            continue
        lo = max(0, s - 6)
        tokens = _tokens(text[lo:e + 2])
        offsets, pos = set(), lo
        for word, _ in tokens:
            offsets.add(pos)
            pos += len(word)
        unit = s - 1 in offsets and text[s - 1] in _UNIT_WORDS  # 考入|县一中: jieba's one word
        if s not in offsets and not unit:
            continue  # the numeral is inside a word (统一中)
        start = s
        prev = _tokens(text[lo:s])
        if unit and s not in offsets:
            start = s - 1
        elif prev:
            word, flag = prev[-1]
            lead = text.startswith(rules.group_endings, e) and (flag[:1] == "n" or flag == "j")
            if word in _UNIT_WORDS:
                start = s - 1  # 在市一中, 赴县二中: the city's or county's own numbered school
            elif flag == "ns" or lead or word in rules.short_prefixes or (
                    len(word) >= 2 and _IS_CJK.match(word) and any(k.startswith(word) for k in known)) or (
                    len(word) == 2 and flag in ("nr", "nrt", "nz", "j")):  # 霍城 (jieba: a person's name)
                start = s - len(word)
                start = _place_before(text, start, rules)
            elif _IS_CJK.search(word) and word not in rules.stop_words and flag not in rules.stop_tags \
                    and flag != "v":
                continue
        hits.append(NameHit(start, e, text[start:e]))
    return hits


_UNIT_WORDS = frozenset(("市", "县", "区", "镇", "乡", "省", "州"))  # one-character place units


def _place_before(text: str, start: int, rules: SchoolRules) -> int:
    """The start of a place name written before text[start:] (霍城县|实验二小, 宁海县|城关一小), if any."""
    prev = _tokens(text[max(0, start - 6):start])
    if not prev:
        return start
    word, flag = prev[-1]
    if len(word) >= 2 and _ALL_CJK.match(word) and word not in rules.stop_words \
            and word not in rules.generic_bodies and not rules.generic_chars.issuperset(word) and (
            flag == "ns" or word.endswith(rules.admin_units)):
        return start - len(word)
    return start


def _inside_group_name(text: str, e: int, rules: SchoolRules) -> bool:
    """Whether a name ending at `e` is followed by a word of two to four characters and a group ending
    (扬州中学树人教育集团), so that it opens the group's name instead of standing on its own."""
    if text.startswith(rules.group_starts, e):
        return False  # 育才中学教育集团, 育才中学发展联盟: the lead school itself
    m = _GROUP_WORD.match(text, e)
    return m is not None and text.startswith(rules.group_endings, m.end()) \
        and m.group(0) not in rules.group_qualifiers and not rules.suffix_re.search(m.group(0))


_GROUP_WORD = re.compile(rf"[{CJK}]{{2,4}}?(?=教育集团|教育联盟|教育共同体)")


def _drop_group_parts(text: str, hits: list[NameHit], rules: SchoolRules) -> list[NameHit]:
    """Leave out a name that is part of a group's name: one that only describes its members
    (北疆高中教育联盟, 山区寄宿制学校联盟), and a lead school's name (育才中学教育集团) that the
    document never writes on its own (the gold lists the group's name as no school); a name the
    document also uses outside a group name stays. A 学院 right after a vocational school or group
    is one of its departments and is left out too."""
    # (the one-look test first: most names are followed by neither a group ending nor a qualifier)
    parts = [not h.bare and rules.group_follows(text, h.end) for h in hits]
    named = [not h.bare and _inside_group_name(text, h.end, rules) for h in hits]
    if any(named):  # 扬州中学|树人教育集团: a group named after its lead school and another word
        hits = [h for h, inside in zip(hits, named, strict=True) if not inside]
        parts = [p for p, inside in zip(parts, named, strict=True) if not inside]
    if not any(parts):  # (most documents) only the departments can go
        return [h for h in hits
                if not (h.key.endswith("学院") and text.endswith(rules.department_hosts, 0, h.start))]
    elsewhere = [h.key for h, part in zip(hits, parts, strict=True) if not part and not h.bare]
    alone = set(elsewhere)
    out = []
    for h, part in zip(hits, parts, strict=True):
        if h.key.endswith("学院") and text.endswith(rules.department_hosts, 0, h.start):
            continue  # 职业教育集团|咖啡产业学院: a department, not a school
        if part and h.key not in alone:
            # (only asked of a group-name part) a describing part goes unless the document names a
            # school like it on its own; a lead school's name goes unless the document writes that
            # very form on its own too (成都市|玉林小学教育集团 beside 玉林小学: only 玉林小学 is listed)
            used = descriptive_group_part(h.key, rules) and any(
                len(k) >= 4 and (h.key.endswith(k) or k.endswith(h.key)) for k in elsewhere)
            if not used:
                log.debug("group name part %r is not a school", h.key)
                continue
        out.append(h)
    return out


def _quoted(text: str, s: int, e: int, rules: SchoolRules) -> tuple[int, int] | None:
    """The span inside the quotation marks around text[s:e] on the same line, if any."""
    for pair in rules.quote_pairs:
        opening, closing = pair[0], pair[1]
        o = text.rfind(opening, max(0, s - 40), s)
        c = text.find(closing, e, e + 40)
        if o < 0 or c < 0 or "\n" in text[o:c]:
            continue
        if opening != closing and text.find(closing, o + 1, s) >= 0:
            continue
        if opening == closing and text.count(opening, 0, o) % 2:
            continue
        return o + 1, c
    return None


def _opens_before(openings: list[int], s: int) -> bool:
    """Whether an opening quotation mark is among the 40 characters before `s` (`openings`: sorted
    offsets of all of them); when none is, `_quoted` finds nothing."""
    i = bisect_left(openings, s - 40)
    return i < len(openings) and openings[i] < s


def _drop_quoted(text: str, hits: list[NameHit], parts: NameParts) -> list[NameHit]:
    """Leave out school words of quoted slogans (“建设家门口的幸福学校”): a quoted name stays when
    it is quoted alone, the document uses it outside quotes, or it opens with a proper name."""
    rules = parts.rules
    openings = [m.start() for m in rules.opening_quote_re.finditer(text)]
    if not openings:
        return hits  # (nothing is quoted)
    quotes = [_quoted(text, h.start, h.end, rules) if _opens_before(openings, h.start) else None
              for h in hits]
    if not any(quotes):
        return hits
    outside = {h.key for h, q in zip(hits, quotes, strict=True) if q is None}
    out = []
    for h, q in zip(hits, quotes, strict=True):
        if q is not None and (q[1] - q[0]) > (h.end - h.start) and h.key not in outside and not h.bare:
            body = parts.suffix(h.key)[0]
            first = _tokens(body)[:1]
            if not first or first[0][1] not in rules.proper_tags:
                log.debug("quoted %r is a slogan, not a school", h.key)
                continue
        out.append(h)
    return out


def _prefer_unprefixed(hits: list[NameHit], parts: NameParts) -> list[NameHit]:
    """单位|普洱农业学校: when the document also names the school without the word before it and that
    word is not a place or proper name, the word is not part of the name."""
    named = dict.fromkeys([h.key for h in hits if not h.bare])
    keys = {k for k in named if len(parts.suffix(k)[0]) >= 2}
    lengths = {len(k) for k in keys}
    dropped: dict[str, str] = {}  # key -> the word to drop from it ("" when none), decided once per key
    for h in hits:
        if h.bare:
            continue
        prefix = dropped.get(h.key)
        if prefix is None:
            prefix = dropped[h.key] = _droppable_prefix(h.key, keys, lengths, parts.rules)
        if prefix:
            h.start += len(prefix)
            h.key = h.key[len(prefix):]
    return hits


def _droppable_prefix(key: str, keys: set[str], lengths: set[int], rules: SchoolRules) -> str:
    """The word before the longest other key that `key` ends with, when it is not part of the name
    (单位|普洱农业学校); "" otherwise (`lengths`: the lengths of the keys)."""
    for cut in range(1, len(key)):  # (the first key found is the longest)
        if len(key) - cut in lengths and key[cut:] in keys:
            break
    else:
        return ""
    prefix = key[:cut]
    tokens = _tokens(prefix)
    if len(prefix) >= 2 and len(tokens) == 1 and tokens[0][1] not in rules.proper_tags \
            and not tokens[0][1].startswith("ns") and not prefix.endswith(rules.admin_units):
        return prefix
    return ""


def find_schools(text: str, *, group_name: str | None = None,
                 gazetteer: Gazetteer | None = None) -> list[SchoolMention]:
    """Named schools in `text`, in order, each with its canonical name within this document.

    Surfaces are exactly as written (typos and page-furniture forms included); generic words
    (各校, 成员学校, 中小学), the group's own name, the school whose document it is (named by the
    title, like a group) and authorities are not schools.
    """
    found = readings(text)
    if found is None:  # (nearly every text)
        return _find_schools(text, group_name, gazetteer)
    plain = _find_schools(found.plain, without_readings(group_name) if group_name else None, gazetteer)
    # 玉林小學(xué): surfaces and canonical names keep the readings the page prints inside them
    written: dict[str, str] = {}
    out = []
    for m in plain:
        start, end = found.span(m.start, m.end)
        if m.canonical not in written:
            at = found.plain.find(m.canonical)
            written[m.canonical] = found.original[slice(*found.span(at, at + len(m.canonical)))] \
                if at >= 0 else m.canonical
        out.append(SchoolMention(text[start:end], start, end, written[m.canonical], m.bare))
    return out


def _find_schools(text: str, group_name: str | None, gazetteer: Gazetteer | None) -> list[SchoolMention]:
    """(find_schools, on a text without inline readings.)"""
    rules = load_rules()
    original, text = text, simplified(text)  # same offsets; rules are in simplified characters
    group_name = simplified(group_name) if group_name else None
    hits = _pattern_hits(text, rules)
    if group_name:
        hits = [h for h in hits if text[h.start:h.end] != group_name]
    # 某某小学2024学年行事历: the title's school is the document's own body, as a group is
    # (a bare form too: 县实验小学工作总结 titles the county's school, whatever the body names it)
    owner = title_owner(text, [(h.start, h.end) for h in hits], rules)
    if owner:
        hits = [h for h in hits if text[h.start:h.end] != owner]
    parts = NameParts(rules)  # the splits of this document's names, each worked out once
    hits = _drop_quoted(text, _drop_group_parts(text, _prefer_unprefixed(hits, parts), rules), parts)
    keys = [h.key for h in hits if not h.bare]
    taken = Taken(len(text), [(h.start, h.end) for h in hits])  # the spans of all hits so far
    numbered = _numbered_hits(text, taken, rules, tuple(keys))
    for h in numbered:
        taken.add(h.start, h.end)
    leads: list[str] = []  # numbered lead schools' names, known from a group name only
    if numbered and not owner:  # 县一中工作总结: a numbered school in the title is the document's own
        owner = title_owner(text, [(h.start, h.end) for h in hits + numbered], rules)
        numbered = [h for h in numbered if text[h.start:h.end] != owner]
    if numbered:  # 油田二小教育集团: a numbered lead school's name, as a written-out one above
        kept = {id(h) for h in _drop_group_parts(text, hits + numbered, rules)}
        leads = [h.key for h in numbered if id(h) not in kept]
        numbered = [h for h in numbered if id(h) in kept]
    hits += numbered
    keys += [h.key for h in numbered]  # (never bare)
    derived = derived_short_forms(keys, parts)
    names = list(derived) + leads + (gazetteer_names_in(text, tuple(gazetteer.names())) if gazetteer else [])
    hits += name_hits(text, names, taken, derived, rules)
    hits += body_list_hits(text, keys, taken, parts)
    mapping = canonical_map([h.key for h in hits if not h.bare], group_name=group_name,
                            body_text=text, parts=parts)
    canon = list(dict.fromkeys(mapping.values()))
    mentions = []
    written: dict[str, str] = {}  # canonical name -> as first written in the text
    designations = tuple(rules.bare_resolvable)
    for h in sorted(hits, key=attrgetter("start")):
        if h.bare:
            full = [c for c in canon if c.endswith(h.bare) and len(c) > len(h.bare)]
            if len(full) != 1:
                if h.fallback >= 0:  # 和县实验小学 after all: 和县 is a county
                    surface = original[h.fallback:h.end]
                    mentions.append(SchoolMention(surface, h.fallback, h.end, surface))
                elif text.endswith(rules.bare_standing, h.start, h.end) and not full:
                    # 实验小学英语教研组, 在县实验小学: the town's one such school, named no further
                    surface = original[h.start:h.end]
                    mentions.append(SchoolMention(surface, h.start, h.end, surface))
                continue
            canonical = full[0]
        else:
            canonical = mapping.get(h.key, h.key)
        if canonical not in written:
            idx = text.find(canonical)
            written[canonical] = original[idx:idx + len(canonical)] if idx >= 0 else canonical
        canonical = written[canonical]
        # (a bare 中心小学 or 县实验小学 stands for the school; a bare 北校区 names a campus of it)
        designation = bool(h.bare) and h.bare.endswith(designations)
        mentions.append(SchoolMention(original[h.start:h.end], h.start, h.end, canonical, designation))
    log.debug("find_schools: %d mentions, %d canonical names", len(mentions), len(canon))
    return mentions


def furniture_lines(text: str) -> str:
    """The text with page-furniture lines blanked (exposed for callers that score body text)."""
    return furniture_free(text)


def harvest_names(texts: Iterable[str], *, min_docs: int = 2) -> list[str]:
    """Canonical school names found in at least `min_docs` of the texts: gazetteer candidates."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({m.canonical for m in find_schools(text)})
    return [name for name, n in counts.most_common() if n >= min_docs]
