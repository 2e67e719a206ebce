"""Schools a text names again: its own names' short forms, gazetteer names, bodies listed before a count.

The second pass of `find_schools`: the first finds names by their endings; this one looks for the
forms those names (and the gazetteer's) take elsewhere in the same text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from miner.extract.lexicons.school_rules import CJK, SchoolRules
from miner.extract.mentions.schools.canonical import NameParts
from miner.extract.text.fold import simplified

_IS_CJK = re.compile(rf"[{CJK}]")


@dataclass(slots=True)
class NameHit:
    """A school name found in the text, before its canonical name is known."""

    start: int
    end: int
    key: str  # the form used for canonicalisation (typo repaired, list item completed)
    bare: str = ""  # ending of a bare form ("实验小学") that needs the document to resolve
    fallback: int = -1  # start of the surface to keep when a bare form does not resolve

    def __init__(
        self,
        start: int,
        end: int,
        key: str,
        bare: str = "",
        fallback: int = -1,
    ) -> None:  # written out: see miner.native
        self.start = start
        self.end = end
        self.key = key
        self.bare = bare
        self.fallback = fallback


def _clean_short(text: str, s: int, e: int, rules: SchoolRules) -> bool:
    """A two-character short form (梨小) stands on its own: a boundary before, no word after."""
    before = text[s - 1] if s else " "
    after = text[e] if e < len(text) else " "
    left_ok = not _IS_CJK.match(before) or before in "在到赴与和及由是的、"
    return left_ok and after not in rules.short_not_after


def _occurrences(text: str, name: str) -> list[int]:
    """Starts of the non-overlapping occurrences of `name`, left to right (as re.finditer)."""
    if not name:
        return [m.start() for m in re.finditer("", text)]
    out, at = [], text.find(name)
    while at >= 0:
        out.append(at)
        at = text.find(name, at + len(name))
    return out


class Taken:
    """Spans taken by earlier hits, for the test whether a new span overlaps one of them
    (as `any(a < e and s < b for a, b in spans)`, in one look at a mask of the text)."""

    __slots__ = ("_mask", "_spans", "_masked")

    def __init__(self, size: int, spans: Iterable[tuple[int, int]]) -> None:
        self._mask = bytearray(size)
        self._spans: list[tuple[int, int]] = []
        self._masked = True  # (False once an empty span is taken: the mask cannot show it)
        for a, b in spans:
            self.add(a, b)

    def add(self, a: int, b: int) -> None:
        """Take the span a..b."""
        self._spans.append((a, b))
        if a < b:
            self._mask[a:b] = b"\x01" * (b - a)
        else:
            self._masked = False

    def overlaps(self, s: int, e: int) -> bool:
        """Whether s..e overlaps a taken span."""
        if s < e and self._masked:
            return self._mask.find(1, s, e) >= 0
        return any(a < e and s < b for a, b in self._spans)


def name_hits(text: str, names: list[str], spans: Taken,
               key_of: dict[str, str], rules: SchoolRules) -> list[NameHit]:
    """Exact occurrences of known names (gazetteer, short forms of the document's schools) where
    no other hit is; their spans are added to `spans`."""
    hits: list[NameHit] = []
    for name in sorted(names, key=len, reverse=True):
        for s in _occurrences(text, name):
            e = s + len(name)
            if spans.overlaps(s, e):
                continue
            if e < len(text) and text[e] in "学校中小幼园":
                continue
            if len(name) == 2 and not _clean_short(text, s, e, rules):
                continue
            if text.startswith(rules.group_endings, e):
                continue  # 嘉禾实验教育集团: part of the group's name
            spans.add(s, e)
            hits.append(NameHit(s, e, key_of.get(name, name)))
    return hits


_SCHOOL_COUNT = re.compile(r"(?:[两三四五六七八九十几]所?|等)(?:学校|校)")


def body_list_hits(text: str, keys: list[str], taken: Taken, parts: NameParts) -> list[NameHit]:
    """金山湾、北岸两校 / 育英、明德等校: bare name bodies of the document's own schools listed before
    a school count (each body must belong to exactly one school of the document)."""
    rules = parts.rules
    owners: dict[str, set[str]] = {}
    for key in dict.fromkeys(keys):
        rest = parts.admin(key)[1]
        for form in (key,) if rest == key else (key, rest):
            own = parts.suffix(form)[0]
            if len(own) >= 2 and own != form:
                owners.setdefault(own, set()).add(key)
    bodies = sorted((b for b, k in owners.items() if len(k) == 1), key=len, reverse=True)
    listed = tuple(bodies)
    hits: list[NameHit] = []
    for m in _SCHOOL_COUNT.finditer(text) if bodies else ():
        end, found = m.start(), []
        while text.endswith(listed, 0, end):
            body = next(b for b in bodies if text.endswith(b, 0, end))  # the longest
            found.append(NameHit(end - len(body), end, next(iter(owners[body]))))
            sep = end - len(body) - 1
            if sep < 0 or text[sep] not in rules.list_separators:
                break
            end = sep
        if len(found) >= 2:
            hits += [h for h in found if not taken.overlaps(h.start, h.end)]
    return hits


_INITIAL_KIND = {"小学": "小", "中学": "中", "幼儿园": "幼"}


def derived_short_forms(keys: list[str], parts: NameParts) -> dict[str, str]:
    """Short forms a document may use for its own schools: 城东实验学校 → 城东实验, 霍城县实验小学 →
    霍城实小, 梨园小学 → 梨小 (the initial form only when no other school of the document shares it)."""
    rules = parts.rules
    out: dict[str, str] = {}
    initials: dict[str, set[str]] = {}
    for key in dict.fromkeys(keys):
        body, suffix = parts.suffix(key)
        if len(body) < 2:
            continue
        # 霍城县实验小学 → 霍城县实小 and 霍城实小: the county or town word may be left out
        bare = body[:-1] if len(body) >= 3 and body[-1] in rules.admin_units else body
        for short in rules.derived.get(suffix, ()):
            # a short ending that opens the full one (实验 of 实验小学) is too loose without the county
            out.setdefault(body + short, key)
            if bare != body and not suffix.startswith(short):
                out.setdefault(bare + short, key)
        kind = _INITIAL_KIND.get(rules.family(suffix))
        if kind and _IS_CJK.match(body[0]) and not body[0].isdigit():
            initials.setdefault(body[0] + kind, set()).add(key)
    for short, owners in initials.items():
        if len(owners) == 1:
            out.setdefault(short, next(iter(owners)))
    return out


def gazetteer_names_in(text: str, names: tuple[str, ...]) -> list[str]:
    """The gazetteer's names (simplified, in order) that occur in `text`: one pass of an expression
    finds them, except the few names such a pass can miss, which are looked for one by one."""
    simple, pattern, missable = _gazetteer_scan(names)
    found = set(pattern.findall(text)) if pattern else set()
    return [n for n in simple if n in found or (n in missable and n in text)]


@functools.lru_cache(maxsize=4)
def _gazetteer_scan(names: tuple[str, ...]) -> tuple[list[str], re.Pattern[str] | None, frozenset[str]]:
    """For one gazetteer: its names in simplified characters, an expression matching any of them
    (longest first), and the names whose occurrence an occurrence of another name found first can
    cover, so that the expression's non-overlapping pass misses them."""
    simple = [simplified(n) for n in names]
    distinct = sorted(set(simple), key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, distinct))) if distinct else None
    missable = frozenset(n for n in distinct if any(m != n and _may_cover(m, n) for m in distinct))
    return simple, pattern, missable


def _may_cover(m: str, n: str) -> bool:
    """Whether an occurrence of `m` can cover the start of an occurrence of `n`: `n` inside `m`, or
    an end of `m` opening `n`."""
    return n in m or any(n.startswith(m[i:]) for i in range(1, len(m)))
