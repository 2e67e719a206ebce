"""Names found by their endings: a name with its body (育秀实验学校, 城南和城北两所中学), and
numbered short forms (五中, 九小, 县一中)."""

from __future__ import annotations

import re

from miner.extract.lexicons.school_rules import SchoolRules, tagged
from miner.extract.mentions.schools.body import ALL_CJK, IS_CJK, left_body
from miner.extract.mentions.schools.canonical import repair
from miner.extract.mentions.schools.context import (
    BARE_NUMERAL,
    NUMERAL_CHARS,
    campus_name,
    is_generic,
    proper_start,
)
from miner.extract.mentions.schools.names import NameHit, Taken

__all__ = ["pattern_hits", "numbered_hits"]

_tokens = tagged  # jieba words and tags of a short window, cached (shared with subjects)

_HARD = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")
_COUNT_TAIL = re.compile(r"(?:[一二三四五六七八九十两几\d]+所)?$")
# between a university or 学院 and a school it runs: (…学院)第一(中学), (…大学)附属(高级中学)
_RUN_SCHOOL = re.compile(r"^(?:第?[一二三四五六七八九十]{1,3}|附属)$")
# a template's blank for a name, maybe with its place unit: XX|市第二中学, ××|镇中心小学, 某县|第三中学
_PLACEHOLDER = re.compile(r"(?:[XxＸｘ]{2,}|[×＊*]+|某{1,2}|[_＿]{2,})[省市县区镇乡村]?$")
_BLANK_CHARS = frozenset("XxＸｘ×＊*某_＿")
_SIDES = ("东", "西", "南", "北")  # a campus named by its side alone (北校区)


def _placeholder_before(text: str, start: int) -> bool:
    """Whether a template's blank stands right before a name starting at `start` (XX县第一中学 is
    no school's name, only its form)."""
    if start == 0 or (text[start - 1] not in _BLANK_CHARS and text[max(0, start - 2)] not in _BLANK_CHARS):
        return False  # (nearly every name: no blank's character in the last two before it)
    return _PLACEHOLDER.search(text, max(0, start - 6), start) is not None


def _list_items(text: str, lo: int, s: int, suffix: str, rules: SchoolRules) -> list[NameHit]:
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
        start = left_body(text, max(lo, end - rules.list_max_item), end, rules)
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


def pattern_hits(text: str, rules: SchoolRules) -> list[NameHit]:
    """Names that end with a school ending (育秀实验学校), with the body found by `left_body`."""
    hits: list[NameHit] = []
    cursor = pos = 0
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
            if rules.family(suffix) != "学院":
                hits[-1].end = e  # 华东师范大学附属中学, 圆玄学院第一中学: a school the university runs
                hits[-1].key = text[hits[-1].start:e]
            cursor = e  # (杭州师范大学|学前教育学院: a faculty, no school; the university is named)
            continue
        body_start = left_body(text, cursor, s, rules, tail)
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
            if len(rest) >= 2 or (rest in rules.admin_units and suffix in rules.bare_resolvable) \
                    or (suffix in rules.campus_endings and rest in _SIDES):  # 东校区和|西校区
                county = _tokens(body)[:1] == ((body, "ns"),)  # 和县 is also a county
                fallback = body_start if county else -1
                body_start, body = body_start + 1, rest  # 城关小学和|县实验小学
        if _placeholder_before(text, body_start):
            cursor = max(cursor, e)
            continue  # XX县|第一中学: a template's blank names no school
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
                hits.extend(_list_items(text, cursor, s, suffix, rules))
            cursor = max(cursor, e)
            continue
        if suffix in rules.campus_endings and body in _SIDES:
            hits.append(NameHit(body_start, end, text[body_start:end], bare=text[body_start:end]))
            cursor = end
            continue
        if suffix in rules.strict and len(body) < 2:
            continue
        body_start += proper_start(body, rules)
        hits.append(NameHit(body_start, end, repair(text[body_start:end], rules)))
        cursor = end
    return hits


def numbered_hits(text: str, taken: Taken, rules: SchoolRules,
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
                    len(word) >= 2 and IS_CJK.match(word) and any(k.startswith(word) for k in known)) or (
                    len(word) == 2 and flag in ("nr", "nrt", "nz", "j")):  # 霍城 (jieba: a person's name)
                start = s - len(word)
                start = _place_before(text, start, rules)
            elif IS_CJK.search(word) and word not in rules.stop_words and flag not in rules.stop_tags \
                    and flag != "v":
                continue
        if start == s and text.startswith("学生", e):
            continue  # 一|小学生, 全县|三|小学生: pupils (城关二中|学生, 县一小|学生 name their school)
        if not _placeholder_before(text, start):
            hits.append(NameHit(start, e, text[start:e]))
    return hits


_UNIT_WORDS = frozenset(("市", "县", "区", "镇", "乡", "省", "州"))  # one-character place units


def _place_before(text: str, start: int, rules: SchoolRules) -> int:
    """The start of a place name written before text[start:] (霍城县|实验二小, 宁海县|城关一小), if any."""
    prev = _tokens(text[max(0, start - 6):start])
    if not prev:
        return start
    word, flag = prev[-1]
    if len(word) >= 2 and ALL_CJK.match(word) and word not in rules.stop_words \
            and word not in rules.generic_bodies and not rules.generic_chars.issuperset(word) and (
            flag == "ns" or word.endswith(rules.admin_units)):
        return start - len(word)
    return start
