"""Found names that are no school of their own: group-name parts, quoted slogans, a word before a name."""

from __future__ import annotations

import logging
import re
from bisect import bisect_left

from miner.extract.lexicons.school_rules import CJK, SchoolRules, tagged
from miner.extract.mentions.schools.canonical import NameParts
from miner.extract.mentions.schools.members import descriptive_group_part
from miner.extract.mentions.schools.names import NameHit

__all__ = ["drop_group_parts", "drop_quoted", "prefer_unprefixed"]

log = logging.getLogger(__name__)

_tokens = tagged  # jieba words and tags of a short window, cached (shared with subjects)


def _inside_group_name(text: str, e: int, rules: SchoolRules) -> bool:
    """Whether a name ending at `e` is followed by a word of two to four characters and a group ending
    (扬州中学树人教育集团), so that it opens the group's name instead of standing on its own."""
    if text.startswith(rules.group_starts, e):
        return False  # 育才中学教育集团, 育才中学发展联盟: the lead school itself
    m = _GROUP_WORD.match(text, e)
    return m is not None and text.startswith(rules.group_endings, m.end()) \
        and m.group(0) not in rules.group_qualifiers and not rules.suffix_re.search(m.group(0))


_GROUP_WORD = re.compile(rf"[{CJK}]{{2,4}}?(?=教育集团|教育联盟|教育共同体)")


def drop_group_parts(text: str, hits: list[NameHit], rules: SchoolRules) -> list[NameHit]:
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


def drop_quoted(text: str, hits: list[NameHit], parts: NameParts) -> list[NameHit]:
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


def prefer_unprefixed(hits: list[NameHit], parts: NameParts) -> list[NameHit]:
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
