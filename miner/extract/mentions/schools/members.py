"""Which named schools are members of the document's group (and not partners or the group itself)."""

from __future__ import annotations

import re

from miner.extract.lexicons.school_rules import SchoolRules, load_rules
from miner.extract.mentions.schools.canonical import SchoolMention, furniture_free

_SENTENCE = re.compile(r"[^。；;！？!?\n]+")
_YEAR = re.compile(r"^(?:\d{2,4}(?:学年|年度|年)?)")


def group_core(group_name: str, rules: SchoolRules | None = None) -> str:
    """The group name without a leading year and its ending: 铜青桃协作型教育集团 → 铜青桃."""
    rules = rules or load_rules()
    name = _YEAR.sub("", group_name.strip())
    for ending in rules.group_endings:
        if name.endswith(ending) and len(name) > len(ending):
            return name[: -len(ending)]
    return name


def descriptive_group_part(name: str, rules: SchoolRules | None = None) -> bool:
    """Whether a school-like name written before a group ending only describes the members
    (北疆高中, 黔东南山区寄宿制学校, 金山湾九年一贯制学校) instead of naming a lead school (育才中学)."""
    rules = rules or load_rules()
    return name.endswith(rules.descriptor_endings) or any(word in name for word in rules.descriptor_words)


def _acronym(core: str, canon: list[str]) -> list[str]:
    """A core built from members' first characters (铜青桃 → 铜罗中学, 青云中学, 桃源中学)."""
    if not 2 <= len(core) <= 6:
        return []
    out = []
    for ch in core:
        matches = [c for c in canon if c.startswith(ch) and c not in out]
        if len(matches) != 1:
            return []
        out.append(matches[0])
    return out


def _concatenated(text: str, canon: list[str], rules: SchoolRules) -> list[str]:
    """A group named by listing its members: 铜罗中学青云中学桃源中学教育集团."""
    if not canon:
        return []
    alt = "|".join(re.escape(c) for c in sorted(canon, key=len, reverse=True))
    endings = "|".join(map(re.escape, rules.group_endings))
    for m in re.finditer(rf"((?:(?:{alt})[、和与及]?){{2,}})(?:{endings})", text):
        return list(dict.fromkeys(re.findall(alt, m.group(1))))
    return []


_LIST_END = re.compile(r"[。；;）)]")


def _listed(text: str, mentions: list[SchoolMention], rules: SchoolRules) -> list[str]:
    """An explicit member list: 集团成员校：A、B、C; 联盟各校（A、B）; 由A、B以及C等小学组成."""
    spans = []
    starts = {m.start for m in mentions}
    for cue in rules.member_cues:
        for m in re.finditer(re.escape(cue), text):
            lead = re.match(r"[：:为有是包括（(\s]{0,3}", text[m.end():])
            first = m.end() + (lead.end() if lead else 0)
            if first not in starts:
                continue  # the list must start right after its cue
            stop = _LIST_END.search(text, first, first + 200)
            spans.append((first, stop.start() if stop else first + 200))
    spans += [(m.start(1), m.end(1)) for m in re.finditer(r"由([^。；;]{4,300}?)组成", text)]
    for start, end in sorted(spans):
        inside = list(dict.fromkeys(m.canonical for m in mentions if start <= m.start < end))
        if len(inside) >= 2:
            return inside
    return []


def _is_partner(name: str, mentions: list[SchoolMention], text: str, rules: SchoolRules) -> bool:
    """At least half the school's mentions are the other party (与X, 和X) in a sentence about a
    partnership outside the group (公民办结对帮扶, 集团外, 对口支援)."""
    starts = [m.start for m in mentions if m.canonical == name]
    if not starts:
        return False
    sentences = list(_SENTENCE.finditer(text))
    partner = 0
    for start in starts:
        sentence = next((s for s in sentences if s.start() <= start < s.end()), None)
        other_party = re.search(r"[与和同][^，。；、]{0,6}$", text[max(0, start - 8):start])
        partner += bool(sentence and other_party and any(c in sentence.group(0) for c in rules.partner_cues))
    return partner * 2 >= len(starts)


def group_members(text: str, group_name: str | None, mentions: list[SchoolMention]) -> list[str]:
    """Canonical names of the group's member schools, in order of first mention.

    Tried in turn: a group name made of members' first characters, a group name that lists
    its members, an explicit member list; otherwise every school named in the body text
    except partners named only in partnership clauses.
    """
    rules = load_rules()
    body = furniture_free(text, rules)
    in_body = [m for m in mentions if body[m.start:m.end] == m.text]
    canon = list(dict.fromkeys(m.canonical for m in in_body))
    if group_name:
        core = group_core(group_name, rules)
        if core and not any(c.startswith(core) for c in canon):
            found = _acronym(core, canon)
            if found:
                return found
    found = _concatenated(body, canon, rules) or _listed(body, in_body, rules)
    if len(found) >= 2:
        return found
    return [c for c in canon if c != group_name and not c.endswith(rules.non_member_endings)
            and not _is_partner(c, in_body, body, rules)]


