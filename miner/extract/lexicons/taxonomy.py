"""The activity taxonomy (miner/data/taxonomy.toml): types, trigger words, detection and mood cues."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from miner.extract.text.regexes import any_pattern, longest_words, trie_alternation

STRENGTHS = {"heads": 3, "triggers": 2, "weak": 1}
_TAIL_PUNCT = " \t。，；、,;.:：!！?？\"”’)）"  # what may follow a name's last word
_AUDIENCE_KEYS = ("student_words", "student_overrides", "staff_words", "pupil_words", "pupil_overrides",
                  "adult_words", "pupil_talks")
_DETECT_KEYS = ("umbrella", "result_words", "problem_words", "aim_sections", "aim_words", "principle_words",
                "purpose_starts", "means_starts", "authorities", "event_nouns", "lead_verbs", "non_triggers",
                "attribute_labels", "placeholders")


@dataclass(unsafe_hash=True, slots=True)
class Hit:
    """One taxonomy word found in a text: where, which type, how strong."""

    start: int
    end: int
    code: str
    strength: int
    word: str

    def __init__(
        self,
        start: int,
        end: int,
        code: str,
        strength: int,
        word: str,
    ) -> None:  # written out: see miner.native
        self.start = start
        self.end = end
        self.code = code
        self.strength = strength
        self.word = word


@dataclass(frozen=True, slots=True)
class RowRules:
    """When a table row without a taxonomy word still names an activity (taxonomy.toml [rows])."""

    min_chars: int = 4
    max_chars: int = 24
    not_activities: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TableRoles:
    """What a table column holds, read from its header cell (taxonomy.toml [table_roles])."""

    order: tuple[str, ...] = ()
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    place_suffixes: tuple[str, ...] = ()

    def role(self, header: str) -> str:
        """time | name | theme | school | subject | person, or "" when the header says nothing."""
        if header.strip().endswith(self.place_suffixes):
            return "school"
        return next((r for r in self.order if any(w in header for w in self.words[r])), "")


@dataclass(frozen=True, slots=True, eq=False)  # one loaded file: equal only to itself (hashable)
class Taxonomy:
    """Activity codes with their Chinese names, trigger words and the detection and mood cues."""

    codes: tuple[str, ...]
    names: dict[str, str]
    words: dict[str, tuple[str, int]]  # word -> (code, strength)
    patterns: tuple[tuple[re.Pattern[str], str], ...]
    word_re: re.Pattern[str]  # the longest word at the leftmost start (search on from start + 1)
    blocker_re: re.Pattern[str] | None
    detect: dict[str, tuple[str, ...]]
    umbrella: tuple[re.Pattern[str], ...]
    future: tuple[re.Pattern[str], ...]
    past: tuple[re.Pattern[str], ...]
    future_any: re.Pattern[str] = re.compile("(?!)")  # any of `future` (one search instead of one each)
    past_any: re.Pattern[str] = re.compile("(?!)")
    patterns_any: re.Pattern[str] = re.compile("(?!)")  # any of `patterns`
    student_words: tuple[str, ...] = ()
    student_overrides: tuple[str, ...] = ()
    staff_words: tuple[str, ...] = ()  # a "student activity" naming these and no pupils is the staff's: other
    pupil_words: tuple[str, ...] = ()  # pupils as the audience: a talk or training for them is theirs
    pupil_overrides: tuple[str, ...] = ()
    adult_words: tuple[str, ...] = ()  # ... unless the name also names adults
    pupil_talks: re.Pattern[str] = re.compile("(?!)")  # talks whose topic is the pupils' (安全知识讲座)
    rows: RowRules = RowRules()
    roles: TableRoles = TableRoles()
    tails: tuple[tuple[str, str], ...] = ()  # (ending, code), longest ending first ([typing] tails)
    cues: tuple[tuple[re.Pattern[str], str], ...] = ()  # ([typing.cues] pattern, code)

    def audience_code(self, code: str, name: str) -> str:
        """A competition or exhibition of students is a student activity (学生艺术展演, 合唱比赛); a festival,
        outing or party day of the staff (教职工趣味运动会, 主题党日) is not, so it is other; a talk or
        training given to pupils and no adults is theirs."""
        pupils = any(w in name for w in self.student_words)
        if code in self.student_overrides and "教师" not in name and "老师" not in name and pupils:
            return "student_activity"
        if code == "student_activity" and not pupils and any(w in name for w in self.staff_words):
            return "other"
        if (code in self.pupil_overrides and not any(w in name for w in self.adult_words)
                and (any(w in name for w in self.pupil_words) or self.pupil_talks.search(name))):
            return "student_activity"  # a lecture given to pupils (为初一新生作学法指导讲座)
        return code

    def tail_code(self, name: str) -> str:
        """The code of the [typing] tail that `name` ends with, "" when none: a name's last word is its
        head noun, even after a stronger word (家长会的准备 is preparation, 课题成果的归档 is review)."""
        if not self.tails:
            return ""
        end = name.rstrip(_TAIL_PUNCT)
        if end.endswith("活动"):
            end = end[:-2]
        return next((code for word, code in self.tails if end.endswith(word)), "")

    def cue_code(self, name: str) -> str:
        """The code of the first [typing.cues] pattern found in `name` (its closing punctuation left out,
        so that `$` anchors at its last word), "" when none."""
        end = name.rstrip(_TAIL_PUNCT)
        return next((code for pattern, code in self.cues if pattern.search(end)), "")

    def hits(self, text: str) -> list[Hit]:
        """All taxonomy words and patterns in `text`; a word inside a longer hit is dropped."""
        return list(_taxonomy_hits(self, text))

    def _hits(self, text: str) -> list[Hit]:
        found: list[Hit] = []
        words = longest_words(self.word_re, text)
        if words:  # non-triggers (教研组) block the words they overlap
            blocked = [b.span() for b in self.blocker_re.finditer(text)] if self.blocker_re else []
            for m in words:
                start, end = m.span()
                if not blocked or not any(a < end and start < b for a, b in blocked):
                    code, strength = self.words[m.group()]
                    found.append(Hit(start, end, code, strength, m.group()))
        if not self.patterns_any.search(text):  # word hits come in order of start already, one per start
            return _outermost(found) if len(found) > 1 else found
        for pattern, code in self.patterns:
            for m in pattern.finditer(text):
                found.append(Hit(m.start(), m.end(), code, 3, m.group(0)))
        found.sort(key=lambda h: (h.start, -(h.end - h.start)))
        return _outermost(found)


@lru_cache(maxsize=50_000)
def _taxonomy_hits(taxonomy: Taxonomy, text: str) -> tuple[Hit, ...]:
    return tuple(taxonomy._hits(text))


def _outermost(found: list[Hit]) -> list[Hit]:
    """`found` (sorted by start, longer first) without the hits lying inside a longer kept hit."""
    kept: list[Hit] = []
    reach = -1  # the furthest end of the kept hits starting before the current start
    start, start_reach = -1, -1  # the current start and the furthest end of the kept hits there
    for hit in found:
        end = hit.end
        if hit.start != start:
            if start_reach > reach:
                reach = start_reach
            start, start_reach = hit.start, -1
        if reach >= end or start_reach > end:
            continue
        kept.append(hit)
        if end > start_reach:
            start_reach = end
    return kept


def _validate(data: dict[str, Any], origin: str) -> None:
    types = data.get("types")
    if not isinstance(types, dict) or "other" not in types:
        raise ValueError(f"{origin}: needs [types.*] tables including [types.other]")
    for code, spec in types.items():
        if not re.fullmatch(r"[a-z_]+", code):
            raise ValueError(f"{origin}: bad type code {code!r}")
        for key in ("zh", *STRENGTHS, "patterns"):
            if key not in spec:
                raise ValueError(f"{origin}: [types.{code}] lacks {key!r}")
        for key in (*STRENGTHS, "patterns"):
            if not all(isinstance(w, str) and w for w in spec[key]):
                raise ValueError(f"{origin}: [types.{code}].{key} must be a list of non-empty strings")
    for key in _DETECT_KEYS:
        if not isinstance(data.get("detect", {}).get(key), list):
            raise ValueError(f"{origin}: [detect] lacks the list {key!r}")
    for key in ("future", "past"):
        if not isinstance(data.get("mood", {}).get(key), list):
            raise ValueError(f"{origin}: [mood] lacks the list {key!r}")
    rows = data.get("rows", {})
    lo, hi = rows.get("min_chars", 4), rows.get("max_chars", 24)
    if not (isinstance(lo, int) and isinstance(hi, int) and 0 < lo <= hi):
        raise ValueError(f"{origin}: [rows] min_chars and max_chars must be integers, 0 < min <= max")
    if not _words(rows.get("not_activities", [])):
        raise ValueError(f"{origin}: [rows] not_activities must be a list of words")
    audience = data.get("audience", {})
    if not all(_words(audience.get(k, [])) for k in _AUDIENCE_KEYS):
        raise ValueError(f"{origin}: [audience] word lists must be lists of non-empty strings")
    for key in ("tails", "cues"):
        table = data.get("typing", {}).get(key, {})
        if not (isinstance(table, dict) and all(c in types and _words(w) for c, w in table.items())):
            raise ValueError(f"{origin}: [typing.{key}] must map type codes to lists of strings")
    roles = data.get("table_roles")
    if not (isinstance(roles, dict) and _words(roles.get("order")) and _words(roles.get("place_suffixes"))):
        raise ValueError(f"{origin}: [table_roles] needs the lists order and place_suffixes")
    for role in roles["order"]:
        if not _words(roles.get(role)):
            raise ValueError(f"{origin}: [table_roles] lacks the word list {role!r}")


def _words(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(w, str) and w for w in value)


def parse_taxonomy(text: str, origin: str = "taxonomy.toml") -> Taxonomy:
    """Build a Taxonomy from TOML text (raises ValueError on a malformed file)."""
    data = tomllib.loads(text)
    _validate(data, origin)
    words: dict[str, tuple[str, int]] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    for code, spec in data["types"].items():
        for key, strength in STRENGTHS.items():
            for word in spec[key]:
                if word in words and words[word][1] >= strength:
                    continue
                words[word] = (code, strength)
        patterns.extend((re.compile(p), code) for p in spec["patterns"])
    detect = {key: tuple(data["detect"][key]) for key in _DETECT_KEYS}
    rows, roles = data.get("rows", {}), data["table_roles"]
    typing = data.get("typing", {})
    tails = sorted(((w, c) for c, ws in typing.get("tails", {}).items() for w in ws),
                   key=lambda t: -len(t[0]))  # the longest ending first
    cues = [(re.compile(p), c) for c, ps in typing.get("cues", {}).items() for p in ps]
    blockers = sorted(detect["non_triggers"], key=len, reverse=True)
    audience = data.get("audience", {})
    return Taxonomy(
        codes=tuple(data["types"]),
        names={code: spec["zh"] for code, spec in data["types"].items()},
        words=words,
        patterns=tuple(patterns),
        word_re=re.compile(trie_alternation(words)),
        patterns_any=any_pattern(p.pattern for p, _ in patterns),
        blocker_re=re.compile("|".join(map(re.escape, blockers))) if blockers else None,
        detect=detect,
        umbrella=tuple(re.compile(p) for p in detect["umbrella"]),
        **{key: tuple(audience.get(key, ())) for key in _AUDIENCE_KEYS if key != "pupil_talks"},
        pupil_talks=any_pattern(audience.get("pupil_talks", [])),
        future=tuple(re.compile(p) for p in data["mood"]["future"]),
        past=tuple(re.compile(p) for p in data["mood"]["past"]),
        future_any=any_pattern(data["mood"]["future"]),
        past_any=any_pattern(data["mood"]["past"]),
        rows=RowRules(rows.get("min_chars", 4), rows.get("max_chars", 24),
                      tuple(rows.get("not_activities", ()))),
        roles=TableRoles(tuple(roles["order"]), {r: tuple(roles[r]) for r in roles["order"]},
                         tuple(roles["place_suffixes"])),
        tails=tuple(tails),
        cues=tuple(cues),
    )


@lru_cache(maxsize=4)
def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The shipped taxonomy (or the file at `path`), parsed and validated once per process."""
    if path:
        return parse_taxonomy(Path(path).read_text(encoding="utf-8"), str(path))
    text = importlib_resources.files("miner.data").joinpath("taxonomy.toml").read_text(encoding="utf-8")
    return parse_taxonomy(text)
