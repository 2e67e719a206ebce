"""Find named schools in text: name endings with a careful left edge, lists, short forms, gazetteer."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from operator import attrgetter

from miner.extract.lexicons.gazetteer import Gazetteer
from miner.extract.lexicons.school_rules import load_rules
from miner.extract.mentions.schools.canonical import (
    NameParts,
    SchoolMention,
    aliases,
    canonical_map,
)
from miner.extract.mentions.schools.context import readings, title_owner, without_readings
from miner.extract.mentions.schools.endings import numbered_hits, pattern_hits
from miner.extract.mentions.schools.filters import drop_group_parts, drop_quoted, prefer_unprefixed
from miner.extract.mentions.schools.members import group_members
from miner.extract.mentions.schools.names import (
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
    hits = pattern_hits(text, rules)
    if group_name:
        hits = [h for h in hits if text[h.start:h.end] != group_name]
    # 某某小学2024学年行事历: the title's school is the document's own body, as a group is
    # (a bare form too: 县实验小学工作总结 titles the county's school, whatever the body names it)
    owner = title_owner(text, [(h.start, h.end) for h in hits], rules)
    if owner:
        hits = [h for h in hits if text[h.start:h.end] != owner]
    parts = NameParts(rules)  # the splits of this document's names, each worked out once
    hits = drop_quoted(text, drop_group_parts(text, prefer_unprefixed(hits, parts), rules), parts)
    keys = [h.key for h in hits if not h.bare]
    taken = Taken(len(text), [(h.start, h.end) for h in hits])  # the spans of all hits so far
    numbered = numbered_hits(text, taken, rules, tuple(keys))
    for h in numbered:
        taken.add(h.start, h.end)
    leads: list[str] = []  # numbered lead schools' names, known from a group name only
    if numbered and not owner:  # 县一中工作总结: a numbered school in the title is the document's own
        owner = title_owner(text, [(h.start, h.end) for h in hits + numbered], rules)
        numbered = [h for h in numbered if text[h.start:h.end] != owner]
    if numbered:  # 油田二小教育集团: a numbered lead school's name, as a written-out one above
        kept = {id(h) for h in drop_group_parts(text, hits + numbered, rules)}
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


def harvest_names(texts: Iterable[str], *, min_docs: int = 2) -> list[str]:
    """Canonical school names found in at least `min_docs` of the texts: gazetteer candidates."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({m.canonical for m in find_schools(text)})
    return [name for name, n in counts.most_common() if n >= min_docs]
