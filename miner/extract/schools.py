"""Find named schools in text: name endings with a careful left edge, lists, short forms, gazetteer."""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from miner.extract.canonical import aliases, canonical_map, furniture_free, repair, split_suffix
from miner.extract.gazetteer import Gazetteer
from miner.extract.members import group_members
from miner.extract.school_rules import CJK, SchoolRules, jieba_tokenizer, load_rules, simplified

__all__ = ["SchoolMention", "Gazetteer", "find_schools", "canonical_map", "group_members", "aliases",
           "harvest_names"]

log = logging.getLogger(__name__)

_HARD = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")
_ORDINAL = re.compile(r"^第?[一二三四五六七八九十百零〇\d]+$")
_COUNT_TAIL = re.compile(r"(?:[一二三四五六七八九十两几\d]+所)?$")
_IS_CJK = re.compile(rf"[{CJK}]")
_CAMPUS_OK = frozenset("东西南北中新老本")
_BARE_NUMERAL = re.compile(r"(?<![第一二三四五六七八九十])[一二三四五六七八九十]{1,3}$")


@dataclass(frozen=True, slots=True)
class SchoolMention:
    """A school named in the text: the surface exactly as written and its canonical name."""

    text: str
    start: int
    end: int
    canonical: str


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    key: str  # the form used for canonicalisation (typo repaired, list item completed)
    bare: str = ""  # ending of a bare form ("实验小学") that needs the document to resolve


@functools.lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[tuple[str, str], ...]:
    """jieba words and part-of-speech tags of a short window (windows repeat: cached)."""
    return tuple((w.word, w.flag) for w in jieba_tokenizer().lcut(text)) if text else ()


def _is_generic(body: str, suffix: str, rules: SchoolRules) -> bool:
    if suffix in rules.short_kinds and _BARE_NUMERAL.fullmatch(body):
        return False  # 二附中
    if len(body) >= 2 and _BARE_NUMERAL.fullmatch(body):
        return False  # 八一学校, 十一学校: a numeral name, not a count
    return (body in rules.generic_bodies or all(c in rules.generic_chars for c in body)
            or body + suffix in rules.generic_words)


def _left_body(text: str, lo: int, end: int, rules: SchoolRules, suffix: str = "") -> int:
    """Start of the name body that ends at `end`: walk jieba tokens leftwards until a stop."""
    lo = max(lo, end - rules.max_body - 6)
    window = text[lo:end]
    hard = [m.end() for m in _HARD.finditer(window)]
    if hard:
        window = window[hard[-1]:]
    start = end
    tokens = _tokens(window)
    for i in range(len(tokens) - 1, -1, -1):
        word, flag = tokens[i]
        adjacent = start == end
        if adjacent and flag == "c" and len(word) == 1 and i > 0 and len(tokens[i - 1][0]) == 1 \
                and tokens[i - 1][1] not in rules.stop_tags and _IS_CJK.match(tokens[i - 1][0]):
            start -= 1  # 佳和中学: jieba cut an unknown name at 和
            continue
        if _glued_stop(word, flag, rules):
            start -= len(word) - 1  # 到展|春园, 有望|湖城, 由龙溪: a stop glued to the name
            break
        if flag == "v" and len(word) == 1 and not adjacent and word not in rules.stop_words and (
                (i == 0 and hard) or (i > 0 and _stops(*tokens[i - 1], False, suffix, rules))):
            start -= 1  # 、展春园幼儿园, 与望湖城幼儿园: a one-character verb opening the name
            break
        if _stops(word, flag, adjacent, suffix, rules) or end - (start - len(word)) > rules.max_body:
            break
        start -= len(word)
    return start


def _stops(word: str, flag: str, adjacent: bool, suffix: str, rules: SchoolRules) -> bool:
    """Whether a token left of a school ending cannot belong to the name."""
    if word in rules.stop_words or (len(word) > 1 and word[-1] in "内外校"):
        return True
    if flag in rules.stop_tags or flag.startswith("u"):
        if adjacent and flag == "f" and len(word) == 1:
            return False  # 龙口西小学, 浦沿幼儿园 (a lone 内 or 中 is caught as generic later)
        return not (adjacent and flag == "m" and _ORDINAL.match(word))
    if flag == "v" and (not adjacent or (suffix in rules.verb_blocked and len(word) > 1)):
        return True
    return not _IS_CJK.search(word)


def _glued_stop(word: str, flag: str, rules: SchoolRules) -> bool:
    """A token that jieba made of a one-character stop (到, 由, 有) and the name's first character."""
    return (len(word) >= 2 and word[0] in rules.leading_stops and word not in rules.stop_words
            and _IS_CJK.match(word[1]) is not None and flag != "m"
            and (not flag.startswith("n") or (flag.startswith("nr") and len(word) >= 3)))


def _list_items(text: str, lo: int, s: int, suffix: str, rules: SchoolRules) -> list[_Hit]:
    """张桥、溪水、明德等小学 / 城南和城北两所中学: the items sharing one ending."""
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
        start = _left_body(text, max(lo, end - rules.list_max_item), end, rules)
        if start == end or end - start < 2:
            break
        items.append((start, end))
        if start - 1 < lo or text[start - 1] not in rules.list_separators:
            break
        end = start - 1
    if len(items) < 2:
        return []
    hits = [_Hit(a, b, text[a:b] + suffix) for a, b in reversed(items)]
    return [h for h in hits if not _is_generic(text[h.start:h.end], suffix, rules)]


def _pattern_hits(text: str, rules: SchoolRules) -> list[_Hit]:
    hits: list[_Hit] = []
    cursor = 0
    for m in rules.suffix_re.finditer(text):
        s, e, suffix = m.start(), m.end(), m.group(0)
        if s < cursor:
            continue
        # a second ending right after the first continues the name (…大学附属中学)
        while (nxt := rules.suffix_re.match(text, e)) and nxt.group(0) != suffix:
            e, suffix = nxt.end(), text[s:nxt.end()]
        glued = e < len(text) and (text[e] in rules.not_after.get(rules.family(suffix), "")
                                   or text[e] in rules.place_after)
        if glued and not text.startswith(rules.not_after_except, e):
            continue
        if any(text.endswith(w, max(0, e - len(w)), e) and len(w) > len(suffix)
               for w in rules.generic_words):
            continue
        if s > 0 and text[s - 1] in rules.not_before.get(suffix, ""):
            continue
        body_start = _left_body(text, cursor, s, rules, rules.family(suffix))
        numeral = _BARE_NUMERAL.search(text, body_start, s)
        if numeral:  # 师大二附中, 48中和二附中: a bare numeral only takes a place name before it
            body_start = numeral.start()
            prev = _tokens(text[max(cursor, body_start - 6):body_start])
            if prev and prev[-1][1] == "ns" and not text[body_start - len(prev[-1][0]) - 1:][:1].isdigit():
                body_start -= len(prev[-1][0])
        if hits and rules.family(text[:hits[-1].end]) in ("大学", "学院") and 0 < s - hits[-1].end <= 8 \
                and not _HARD.search(text, hits[-1].end, s):
            hits[-1].end = e  # 杭州师范大学学前教育学院: a faculty of the university before it
            hits[-1].key = text[hits[-1].start:e]
            cursor = e
            continue
        body = text[body_start:s]
        tail = rules.family(suffix)
        end = e
        while text.startswith(tail, end) and tail in ("学校", "中学", "小学", "幼儿园"):
            end += len(tail)  # doubled-ending typo: 育秀学校学校
        campus = rules.campus_re.match(text, end) if suffix not in rules.campus_endings else None
        if campus and not any(c in rules.generic_chars - _CAMPUS_OK or c in rules.leading_stops
                              for c in campus.group(0)[:-2]):
            end = campus.end()
        if not body or _is_generic(body, suffix, rules):
            if suffix in rules.standalone:
                hits.append(_Hit(s, end, repair(text[s:end], rules)))
            elif not body and suffix in rules.bare_resolvable:
                hits.append(_Hit(s, end, text[s:end], bare=suffix))
            elif not body:
                hits.extend(_list_items(text, cursor, s, suffix, rules))
            cursor = max(cursor, e)
            continue
        if suffix in rules.campus_endings and len(body) == 1 and body in "东西南北":
            hits.append(_Hit(body_start, end, text[body_start:end], bare=text[body_start:end]))
            cursor = end
            continue
        if suffix in rules.strict and len(body) < 2:
            continue
        hits.append(_Hit(body_start, end, repair(text[body_start:end], rules)))
        cursor = end
    return hits


def _numbered_hits(text: str, taken: list[tuple[int, int]], rules: SchoolRules) -> list[_Hit]:
    """九小, 五中, 48中, 衡水一中: numbered short forms at a clean boundary."""
    kinds = "|".join(sorted(rules.short_kinds, key=len, reverse=True))
    pattern = re.compile(rf"(?<![{re.escape(rules.short_not_before)}A-Za-z0-9.])"
                         rf"([一二三四五六七八九十]{{1,3}}|\d{{1,3}})({kinds})"
                         rf"(?:(?=学习|学子)|(?![{re.escape(rules.short_not_after)}]))")
    hits = []
    for m in pattern.finditer(text):
        s, e = m.span()
        if any(a < e and s < b for a, b in taken):
            continue
        lo = max(0, s - 6)
        tokens = _tokens(text[lo:e + 2])
        offsets, pos = set(), lo
        for word, _ in tokens:
            offsets.add(pos)
            pos += len(word)
        if s not in offsets:
            continue  # the numeral is inside a word (统一中)
        start = s
        prev = _tokens(text[lo:s])
        if prev:
            word, flag = prev[-1]
            if flag == "ns" or word in rules.short_prefixes:
                start = s - len(word)
            elif _IS_CJK.search(word) and word not in rules.stop_words and flag not in rules.stop_tags \
                    and flag != "v":
                continue
        hits.append(_Hit(start, e, text[start:e]))
    return hits


def _clean_short(text: str, s: int, e: int, rules: SchoolRules) -> bool:
    """A two-character short form (梨小) stands on its own: a boundary before, no word after."""
    before = text[s - 1] if s else " "
    after = text[e] if e < len(text) else " "
    left_ok = not _IS_CJK.match(before) or before in "在到赴与和及由是的、"
    return left_ok and after not in rules.short_not_after


def _name_hits(text: str, names: list[str], taken: list[tuple[int, int]],
               key_of: dict[str, str], rules: SchoolRules) -> list[_Hit]:
    """Exact occurrences of known names (gazetteer, short forms of the document's schools)."""
    hits: list[_Hit] = []
    spans = list(taken)
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            s, e = m.span()
            if any(a < e and s < b for a, b in spans):
                continue
            if e < len(text) and text[e] in "学校中小幼园":
                continue
            if len(name) == 2 and not _clean_short(text, s, e, rules):
                continue
            if text.startswith(rules.group_endings, e):
                continue  # 嘉禾实验教育集团: part of the group's name
            spans.append((s, e))
            hits.append(_Hit(s, e, key_of.get(name, name)))
    return hits


_INITIAL_KIND = {"小学": "小", "中学": "中", "幼儿园": "幼"}


def _derived_short_forms(keys: list[str], rules: SchoolRules) -> dict[str, str]:
    """Short forms a document may use for its own schools: 城东实验学校 → 城东实验, 梨园小学 → 梨小
    (the initial form only when no other school of the document shares it)."""
    out: dict[str, str] = {}
    initials: dict[str, set[str]] = {}
    for key in dict.fromkeys(keys):
        body, suffix = split_suffix(key, rules)
        if len(body) < 2:
            continue
        for short in rules.derived.get(suffix, ()):
            out.setdefault(body + short, key)
        kind = _INITIAL_KIND.get(rules.family(suffix))
        if kind and _IS_CJK.match(body[0]) and not body[0].isdigit():
            initials.setdefault(body[0] + kind, set()).add(key)
    for short, owners in initials.items():
        if len(owners) == 1:
            out.setdefault(short, next(iter(owners)))
    return out


def find_schools(text: str, *, group_name: str | None = None,
                 gazetteer: Gazetteer | None = None) -> list[SchoolMention]:
    """Named schools in `text`, in order, each with its canonical name within this document.

    Surfaces are exactly as written (typos and page-furniture forms included); generic words
    (各校, 成员学校, 中小学), the group's own name and authorities are not schools.
    """
    rules = load_rules()
    original, text = text, simplified(text)  # same offsets; rules are in simplified characters
    group_name = simplified(group_name) if group_name else None
    hits = [h for h in _pattern_hits(text, rules) if text[h.start:h.end] != group_name]
    taken = [(h.start, h.end) for h in hits]
    hits += _numbered_hits(text, taken, rules)
    taken = [(h.start, h.end) for h in hits]
    keys = [h.key for h in hits if not h.bare]
    derived = _derived_short_forms(keys, rules)
    names = list(derived) + [simplified(n) for n in (gazetteer.names() if gazetteer else [])]
    hits += _name_hits(text, names, taken, derived, rules)
    mapping = canonical_map([h.key for h in hits if not h.bare], group_name=group_name,
                            body_text=text)
    canon = list(dict.fromkeys(mapping.values()))
    mentions = []
    for h in sorted(hits, key=lambda h: h.start):
        if h.bare:
            full = [c for c in canon if c.endswith(h.bare) and len(c) > len(h.bare)]
            if len(full) != 1:
                continue
            canonical = full[0]
        else:
            canonical = mapping.get(h.key, h.key)
        idx = text.find(canonical)
        if idx >= 0:
            canonical = original[idx:idx + len(canonical)]
        mentions.append(SchoolMention(original[h.start:h.end], h.start, h.end, canonical))
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
