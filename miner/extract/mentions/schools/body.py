"""The left edge of a school name: how far its body runs left of the ending, word by word (jieba)."""

from __future__ import annotations

import functools
import re

from miner.extract.lexicons.school_rules import CJK, SchoolRules, load_rules, tagged

__all__ = ["left_body"]

_tokens = tagged  # jieba words and tags of a short window, cached (shared with subjects)

_LAST_HARD = re.compile(r".*[^\u4e00-\u9fffA-Za-z0-9]", re.S)  # up to the last hard boundary
_ORDINAL = re.compile(r"^第?[一二三四五六七八九十百零〇\d]+$")
IS_CJK = re.compile(rf"[{CJK}]")
ALL_CJK = re.compile(rf"^[{CJK}]+$")


def left_body(text: str, lo: int, end: int, rules: SchoolRules, suffix: str = "") -> int:
    """Start of the name body that ends at `end`: walk jieba tokens leftwards until a stop."""
    lo = max(lo, end - rules.max_body - 6)
    window = text[lo:end]
    last_hard = _LAST_HARD.match(window)
    hard = last_hard is not None or lo == 0  # (the start of the text is a boundary too)
    if last_hard:
        window = window[last_hard.end():]
    if rules is load_rules():
        return end - _shipped_length(window, hard, suffix)
    return end - _body_length(window, hard, suffix, rules)


@functools.lru_cache(maxsize=16384)
def _shipped_length(window: str, hard: bool, suffix: str) -> int:
    """`_body_length` under the shipped rules, kept across texts: the windows left of an ending
    recur (the same schools, named the same way), within a text and from one text to the next."""
    return _body_length(window, hard, suffix, load_rules())


def _body_length(window: str, hard: bool, suffix: str, rules: SchoolRules) -> int:
    """How many characters at the end of `window` belong to the name body (`hard`: a hard
    boundary such as punctuation comes right before the window)."""
    length = skip = 0
    tokens = _tokens(window)
    for i in range(len(tokens) - 1, -1, -1):
        word, flag = tokens[i]
        adjacent = length == 0
        if adjacent and flag == "c" and len(word) == 1 and i > 0 and len(tokens[i - 1][0]) == 1 \
                and tokens[i - 1][1] not in rules.stop_tags and IS_CJK.match(tokens[i - 1][0]):
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
                and ALL_CJK.match(word) and flag not in ("p", "c", "r", "m") \
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
                    and ALL_CJK.match(word):
                length += 1  # 语文组|高桥小学 (jieba: 组高|桥): one character is rarely a whole name
            break
        length += len(word)
    rest = window[:len(window) - length]
    if length == 1 and hard and 0 < len(rest) <= 2 and ALL_CJK.match(rest) and rest not in rules.stop_words \
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
    if i < 2 or not ALL_CJK.match(tokens[i - 2][0]):
        return 0
    name = tokens[i - 2][0]
    generic = name in rules.generic_bodies or name in rules.stop_words or rules.generic_chars.issuperset(name)
    return 0 if generic else 2


def _body_offset(tokens: tuple[tuple[str, str], ...], i: int) -> int:
    """How many characters the tokens after token i hold (the body so far), less one."""
    return sum(len(w) for w, _ in tokens[i + 1:]) - 1


def _numeral_name(word: str, rules: SchoolRules) -> bool:
    """A numeral word that is not a count or a time (双十, 四方, 三元里; not 三所, 十佳, 三月)."""
    return (ALL_CJK.match(word) is not None and not all(c in rules.quantity_chars for c in word)
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
    if word in rules.stop_words or (len(word) > 1 and word[-1] in "内外校奖局室组") \
            or word.endswith(rules.event_tails) or word.startswith(rules.manner_words):
        return True
    if flag in rules.stop_tags or flag.startswith("u"):
        if adjacent and flag == "f" and (len(word) == 1 or (
                word not in rules.position_words and word[-1] not in "方面边" and ALL_CJK.match(word))):
            return False  # 龙口西小学, 浦沿幼儿园, 北岸小学 (a lone 内 or 中 is caught as generic later)
        named = _numeral_name(word, rules)
        if adjacent and flag == "t" and named and len(word) >= 3 and word[0] in rules.name_numerals:
            return False  # 三元里小学 (jieba: a time word)
        return not (adjacent and flag == "m" and (_ORDINAL.match(word) or named))  # 第十一, 双十
    if flag == "v" and (not adjacent or (suffix in rules.verb_blocked and len(word) > 1)):
        return True
    return not IS_CJK.search(word)


def _glued_stop(word: str, flag: str, rules: SchoolRules) -> bool:
    """A token that jieba made of a one-character stop (到, 由, 有) and the name's first character."""
    return (len(word) >= 2 and word[0] in rules.leading_stops and word not in rules.stop_words
            and IS_CJK.match(word[1]) is not None and flag != "m"
            and (not flag.startswith("n") or (flag.startswith("nr") and len(word) >= 3)))

