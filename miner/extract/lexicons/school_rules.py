"""Load and validate the school-name rules in miner/data/schools.toml (once per process)."""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

log = logging.getLogger(__name__)

CJK = "\u4e00-\u9fff"


@dataclass(frozen=True, slots=True)
class SchoolRules:
    """The validated contents of schools.toml, with the regular expressions built from them."""

    suffixes: tuple[str, ...]  # longest first
    strict: frozenset[str]
    standalone: frozenset[str]
    bare_resolvable: frozenset[str]
    campus_endings: frozenset[str]
    derived: dict[str, tuple[str, ...]]  # full ending -> short endings
    not_after: dict[str, str]  # ending family -> characters that may not follow it
    place_after: str
    not_after_except: tuple[str, ...]
    stop_words: frozenset[str]
    stop_tags: frozenset[str]
    leading_stops: frozenset[str]
    verb_blocked: frozenset[str]
    not_before: dict[str, str]  # ending -> characters that may not precede it
    max_body: int
    generic_bodies: frozenset[str]
    generic_words: frozenset[str]
    generic_chars: frozenset[str]
    admin_units: tuple[str, ...]
    short_kinds: dict[str, tuple[str, ...]]
    short_not_after: str
    short_not_before: str
    short_prefixes: frozenset[str]
    list_separators: str
    list_tails: tuple[str, ...]
    list_max_item: int
    campus_re: re.Pattern[str]
    furniture_re: re.Pattern[str]
    group_endings: tuple[str, ...]
    partner_cues: tuple[str, ...]
    member_cues: tuple[str, ...]
    non_member_endings: tuple[str, ...]
    suffix_re: re.Pattern[str]
    admin_prefix_re: re.Pattern[str]
    name_numerals: str = ""
    name_directions: str = ""
    position_words: frozenset[str] = frozenset()
    joiners: str = ""
    quantity_chars: str = ""
    time_chars: str = ""
    descriptor_endings: tuple[str, ...] = ()
    descriptor_words: tuple[str, ...] = ()
    group_qualifiers: tuple[str, ...] = ()
    department_hosts: tuple[str, ...] = ()
    quote_pairs: tuple[str, ...] = ()
    proper_tags: frozenset[str] = frozenset()
    generic_tails: tuple[str, ...] = ()
    bare_standing: tuple[str, ...] = ()
    stage_words: tuple[str, ...] = ()
    charter_owners: str = ""
    attribute_endings: str = ""  # last characters of attribute words (数字化, 示范性, 国家级)
    event_tails: tuple[str, ...] = ()  # ends of event words never inside a name (专题讲座, 工作会议)
    manner_words: tuple[str, ...] = ()  # adverbs opening a verb phrase, never a name (认真落实, 严格执行)
    region_re: re.Pattern[str] = re.compile(r"(?!)")  # a body that is only a region's name
    # tables derived from the fields above, built once in __post_init__
    _families: dict[str, str] = field(init=False, repr=False, compare=False)
    _glue: dict[str, str] = field(init=False, repr=False, compare=False)
    _ending_facts: dict[str, tuple[str, tuple[str, ...], str]] = field(init=False, repr=False, compare=False)
    glue_any: frozenset[str] = field(init=False, repr=False, compare=False)  # every glue character
    group_starts: tuple[str, ...] = field(init=False, repr=False, compare=False)  # endings and qualifiers
    ending_set: frozenset[str] = field(init=False, repr=False, compare=False)  # the suffixes as a set
    ending_starts: frozenset[str] = field(init=False, repr=False, compare=False)  # their first characters
    # last character of an ending -> the lengths of the endings with it, longest first
    ending_lengths: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    derived_shorts: tuple[str, ...] = field(init=False, repr=False, compare=False)  # all short endings
    numbered_re: re.Pattern[str] = field(init=False, repr=False, compare=False)  # 九小, 五中, 48中
    opening_quote_re: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Build the derived look-up tables."""
        lengths: dict[str, set[int]] = {}
        for suffix in self.suffixes:
            lengths.setdefault(suffix[-1], set()).add(len(suffix))
        tables = {
            "_families": {s: _family(s) for s in self.suffixes},
            "_glue": {s: self._glue_chars(s) for s in self.suffixes},
            "_ending_facts": {s: self._facts(s) for s in self.suffixes},
            "glue_any": frozenset(self.place_after).union(*self.not_after.values()),
            "group_starts": self.group_endings + self.group_qualifiers,
            "ending_set": frozenset(self.suffixes),
            "ending_starts": frozenset(s[0] for s in self.suffixes),
            "ending_lengths": {c: tuple(sorted(n, reverse=True)) for c, n in lengths.items()},
            "derived_shorts": tuple(dict.fromkeys(x for shorts in self.derived.values() for x in shorts)),
            "numbered_re": self._numbered_re(),
            "opening_quote_re": re.compile("[" + re.escape("".join(p[0] for p in self.quote_pairs)) + "]"),
        }
        for name, value in tables.items():
            object.__setattr__(self, name, value)  # (a frozen dataclass)

    def family(self, suffix: str) -> str:
        """The plain ending a suffix ends with (实验小学 → 小学), used for boundary checks."""
        known = self._families.get(suffix)
        return known if known is not None else _family(suffix)

    def glue_chars(self, ending: str) -> str:
        """Characters that, right after `ending`, make it part of a longer word (中学生, 学院路)."""
        known = self._glue.get(ending)
        return known if known is not None else self._glue_chars(ending)

    def ending_facts(self, suffix: str) -> tuple[str, tuple[str, ...], str]:
        """What a name's ending needs looked up, in one look: its family (实验小学 → 小学), the
        generic words longer than it that end with it (中小学 for 小学), and the characters that may
        not come right before it."""
        known = self._ending_facts.get(suffix)
        return known if known is not None else self._facts(suffix)

    def group_follows(self, text: str, e: int) -> bool:
        """Whether a group ending follows at `e`, maybe after a qualifier (…学校发展联盟), and ends a
        name there (not 城南小学集团化办学; not 城南小学教学工作总结, whose 教学 is no qualifier)."""
        if not text.startswith(self.group_starts, e):  # (most names: nothing of a group follows)
            return False
        for ending in self.group_endings:
            if text.startswith(ending, e):
                return not text.startswith("化", e + len(ending))
        return any(text.startswith(q, e) and text.startswith(self.group_endings, e + len(q))
                   for q in self.group_qualifiers)

    def _numbered_re(self) -> re.Pattern[str]:
        """A numbered short form at a clean boundary: a numeral and a short kind (九小, 五中, 48中)."""
        kinds = "|".join(sorted(self.short_kinds, key=len, reverse=True))
        # (the look-ahead first lets the engine skip to a numeral instead of trying every position)
        return re.compile(rf"(?=[一二三四五六七八九十\d])(?<![{re.escape(self.short_not_before)}A-Za-z0-9.])"
                          rf"([一二三四五六七八九十]{{1,3}}|\d{{1,3}})({kinds})"
                          rf"(?:(?=学习|学子|学生)|(?![{re.escape(self.short_not_after)}]))")  # 二中|学生

    def _glue_chars(self, ending: str) -> str:
        """(glue_chars, computed.)"""
        return self.not_after.get(_family(ending), "") + self.place_after

    def _facts(self, suffix: str) -> tuple[str, tuple[str, ...], str]:
        """(ending_facts, computed.)"""
        generic = tuple(sorted(w for w in self.generic_words if len(w) > len(suffix) and w.endswith(suffix)))
        return _family(suffix), generic, self.not_before.get(suffix, "")


def _family(suffix: str) -> str:
    """(SchoolRules.family, computed.)"""
    for base in ("幼儿园", "中学", "小学", "学校", "大学", "学院"):
        if suffix.endswith(base):
            return base
    return suffix


def _strings(data: dict[str, Any], section: str, key: str) -> list[str]:
    value = data.get(section, {}).get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"schools.toml: [{section}] {key} must be a list of non-empty strings")
    return value


def _text(data: dict[str, Any], section: str, key: str) -> str:
    value = data.get(section, {}).get(key)
    if not isinstance(value, str):
        raise ValueError(f"schools.toml: [{section}] {key} must be a string")
    return value


def _mapping(data: dict[str, Any], section: str, key: str) -> dict[str, str]:
    value = data.get(section, {}).get(key)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError(f"schools.toml: [{section}] {key} must map endings to strings")
    return {str(k): v for k, v in value.items()}


def _derived(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    value = data.get("short_forms", {}).get("derived")
    if not isinstance(value, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) and x for x in v) for v in value.values()):
        raise ValueError("schools.toml: [short_forms] derived must map endings to lists of short endings")
    return {str(k): tuple(v) for k, v in value.items()}


def _edge_rules(data: dict[str, Any]) -> dict[str, Any]:
    """Left-edge, group-name and quotation rules (see the comments in schools.toml)."""
    pairs = _strings(data, "quotes", "pairs")
    regions = sorted(_strings(data, "generic", "region_units"), key=len, reverse=True)
    if any(len(p) != 2 for p in pairs):
        raise ValueError("schools.toml: [quotes] pairs must be two-character strings (open, close)")
    return {
        "name_numerals": _text(data, "boundaries", "name_numerals"),
        "name_directions": _text(data, "boundaries", "name_directions"),
        "position_words": frozenset(_strings(data, "boundaries", "position_words")),
        "joiners": _text(data, "boundaries", "joiners"),
        "quantity_chars": _text(data, "boundaries", "quantity_chars"),
        "time_chars": _text(data, "boundaries", "time_chars"),
        "descriptor_endings": tuple(_strings(data, "groups", "descriptor_endings")),
        "descriptor_words": tuple(_strings(data, "groups", "descriptor_words")),
        "group_qualifiers": tuple(_strings(data, "groups", "group_qualifiers")),
        "department_hosts": tuple(_strings(data, "groups", "department_hosts")),
        "quote_pairs": tuple(pairs),
        "proper_tags": frozenset(_strings(data, "quotes", "proper_tags")),
        "generic_tails": tuple(sorted(set(_strings(data, "generic", "tails"))
                                      | set(_strings(data, "groups", "endings")), key=len, reverse=True)),
        "bare_standing": tuple(_strings(data, "suffixes", "bare_standing")),
        "stage_words": tuple(_strings(data, "boundaries", "stage_words")),
        "charter_owners": _text(data, "boundaries", "charter_owners"),
        "attribute_endings": _text(data, "generic", "attribute_endings"),
        "event_tails": tuple(_strings(data, "boundaries", "event_tails")),
        "manner_words": tuple(_strings(data, "boundaries", "manner_words")),
        "region_re": re.compile(rf"^(?:[{CJK}]{{1,6}}?(?:{'|'.join(map(re.escape, regions))}))+$"),
    }


def parse_rules(data: dict[str, Any]) -> SchoolRules:
    """Validate the TOML table and build the rules; raises ValueError naming the bad key."""
    suffixes = sorted(set(_strings(data, "suffixes", "names")), key=len, reverse=True)
    known = set(suffixes)
    for key in ("strict", "standalone", "bare_resolvable"):
        unknown = set(_strings(data, "suffixes", key)) - known
        if unknown:
            raise ValueError(f"schools.toml: [suffixes] {key} lists unknown endings: {sorted(unknown)}")
    not_after = _mapping(data, "boundaries", "not_after")
    max_body = data.get("boundaries", {}).get("max_body")
    if not isinstance(max_body, int) or max_body < 2:
        raise ValueError("schools.toml: [boundaries] max_body must be an integer >= 2")
    kinds = data.get("short_forms", {}).get("kinds", {})
    if not isinstance(kinds, dict) or not kinds:
        raise ValueError("schools.toml: [short_forms] kinds must map short endings to full endings")
    max_item = data.get("lists", {}).get("max_item")
    if not isinstance(max_item, int) or max_item < 2:
        raise ValueError("schools.toml: [lists] max_item must be an integer >= 2")
    units = sorted(_strings(data, "admin", "units"), key=len, reverse=True)
    unit_alt = "|".join(map(re.escape, units))
    try:
        campus_re = re.compile(_text(data, "campus", "pattern"))
        furniture_re = re.compile("|".join(_strings(data, "furniture", "lines")))
    except re.error as exc:
        raise ValueError(f"schools.toml: bad regular expression: {exc}") from exc
    return SchoolRules(
        suffixes=tuple(suffixes),
        strict=frozenset(_strings(data, "suffixes", "strict")),
        standalone=frozenset(_strings(data, "suffixes", "standalone")),
        bare_resolvable=frozenset(_strings(data, "suffixes", "bare_resolvable")),
        campus_endings=frozenset(_strings(data, "suffixes", "campus_endings")),
        derived=_derived(data),
        not_after=not_after,
        place_after=_text(data, "boundaries", "place_after"),
        not_after_except=tuple(_strings(data, "boundaries", "not_after_except")),
        stop_words=frozenset(_strings(data, "boundaries", "stop_words")),
        stop_tags=frozenset(_strings(data, "boundaries", "stop_tags")),
        leading_stops=frozenset(_text(data, "boundaries", "leading_stops")),
        verb_blocked=frozenset(_strings(data, "boundaries", "verb_blocked")),
        not_before=_mapping(data, "boundaries", "not_before"),
        max_body=max_body,
        generic_bodies=frozenset(_strings(data, "generic", "bodies")),
        generic_words=frozenset(_strings(data, "generic", "words")),
        generic_chars=frozenset(_text(data, "generic", "chars")),
        admin_units=tuple(units),
        short_kinds={str(k): tuple(v) for k, v in kinds.items()},
        short_not_after=_text(data, "short_forms", "not_after"),
        short_not_before=_text(data, "short_forms", "not_before"),
        short_prefixes=frozenset(_strings(data, "short_forms", "prefixes")),
        list_separators=_text(data, "lists", "separators"),
        list_tails=tuple(_strings(data, "lists", "tail")),
        list_max_item=max_item,
        campus_re=campus_re,
        furniture_re=furniture_re,
        group_endings=tuple(sorted(_strings(data, "groups", "endings"), key=len, reverse=True)),
        partner_cues=tuple(_strings(data, "groups", "partner_cues")),
        member_cues=tuple(_strings(data, "groups", "member_cues")),
        non_member_endings=tuple(_strings(data, "groups", "non_member_endings")),
        suffix_re=re.compile("|".join(map(re.escape, suffixes))),
        admin_prefix_re=re.compile(rf"^(?:[{CJK}]{{1,6}}?(?:{unit_alt}))+"),
        **_edge_rules(data),
    )


@functools.cache
def load_rules() -> SchoolRules:
    """The shipped rules, loaded once."""
    text = resources.files("miner.data").joinpath("schools.toml").read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text))


@functools.lru_cache(maxsize=8192)
def tagged(text: str) -> tuple[tuple[str, str], ...]:
    """jieba words and part-of-speech tags of a short window (windows repeat: cached)."""
    return tuple((w.word, w.flag) for w in jieba_tokenizer().lcut(text)) if text else ()


@functools.cache
def jieba_tokenizer() -> Any:
    """jieba's part-of-speech tokenizer, quiet and initialised once."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg.dt
