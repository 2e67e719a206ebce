"""Find teachers' names in text, only where a cue says it is a name (title, label, verb, course)."""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from miner.data import word_list
from miner.extract.lexicons.school_rules import CJK, jieba_tokenizer
from miner.extract.mentions.subjects import load_subject_rules
from miner.extract.text.fold import simplified
from miner.extract.text.span import Span

log = logging.getLogger(__name__)

_SEP = r"[ \u3000、，,/]+"
_SEP_RE = re.compile(_SEP)
_SEP_SPLIT = re.compile(f"({_SEP})")  # keeps the separators


@dataclass(frozen=True, slots=True)
class PeopleRules:
    """Surnames and cues from surnames.txt and people.toml."""

    surnames: frozenset[str]
    titles: tuple[str, ...]
    labels: tuple[str, ...]
    verbs: tuple[str, ...]
    openers: tuple[str, ...]
    teaching_verbs: tuple[str, ...]
    not_in_name: frozenset[str]


def _list(data: dict[str, Any], key: str) -> tuple[str, ...]:
    return word_list(data, key, "people.toml", longest_first=True)


@functools.cache
def load_people_rules() -> PeopleRules:
    """Surname list and cues, loaded and validated once."""
    data_dir = resources.files("miner.data")
    surnames = {line.strip() for line in data_dir.joinpath("surnames.txt").read_text(encoding="utf-8")
                .splitlines() if line.strip() and not line.startswith("#")}
    bad = [s for s in surnames if not re.fullmatch(rf"[{CJK}]{{1,2}}", s)]
    if bad:
        raise ValueError(f"surnames.txt: not a surname: {bad[:5]}")
    data = tomllib.loads(data_dir.joinpath("people.toml").read_text(encoding="utf-8"))
    if not isinstance(data.get("not_in_name"), str):
        raise ValueError("people.toml: not_in_name must be a string")
    return PeopleRules(frozenset(surnames), _list(data, "titles"), _list(data, "labels"),
                       _list(data, "verbs"), _list(data, "openers"), _list(data, "teaching_verbs"),
                       frozenset(data["not_in_name"]))


def _plausible(name: str, rules: PeopleRules) -> bool:
    """Surname + one or two given-name characters, not an everyday word jieba knows."""
    if not rules.not_in_name.isdisjoint(name):
        return False
    for sur in (name[:2], name[:1]):
        if sur in rules.surnames and 1 <= len(name) - len(sur) <= 2:
            tag = jieba_tokenizer().word_tag_tab.get(name)
            return tag is None or tag.startswith("nr")
    return False


def _names_in(text: str, start: int, end: int, rules: PeopleRules) -> list[Span]:
    """A run of names separated by spaces or 、 between start and end; all of it or nothing."""
    chunk = text[start:end]
    out, pos = [], start
    for part in _SEP_SPLIT.split(chunk):
        if part and not _SEP_RE.fullmatch(part):
            if not _plausible(part, rules):
                return []
            out.append(Span(part, pos, pos + len(part)))
        pos += len(part)
    return out


@functools.lru_cache(maxsize=4)
def _patterns(rules: PeopleRules) -> dict[str, re.Pattern[str]]:
    """The cue expressions built from the rules, compiled once per rules object."""
    def alt(words: tuple[str, ...]) -> str:
        return "|".join(map(re.escape, words))

    labels, openers, verbs, titles = (alt(rules.labels), alt(rules.openers), alt(rules.verbs),
                                      alt(rules.titles))
    names = rf"(?:[{CJK}]{{2,4}}、)*[{CJK}]{{2,4}}?"
    subjects = alt(tuple(sorted(load_subject_rules().by_surface, key=len, reverse=True)))
    return {
        "title": re.compile(rf"(?:{titles})"),
        "label": re.compile(rf"(?:{labels})[：:]\s*"),
        "opener": re.compile(rf"(?:{openers})({names})(?:老师|校长)?(?:{verbs})"),
        "titled": re.compile(rf"(?:{titles})([{CJK}]{{2,4}}?)(?=(?:{verbs})|[，。、；,;\s]|$)"),
        # (the bracket first, then the character before it: far fewer places to look behind)
        "bracket": re.compile(rf"[（(](?<=[{CJK}\d][（(])([^（）()]{{2,30}})[)）]"),
        "subject": re.compile(rf"(?:{subjects})\d{{1,2}}[ \u3000]*(?=[{CJK}])"),
        "teaching": re.compile(rf"(?:{alt(rules.teaching_verbs)})"),
    }


_RUN = re.compile(rf"(?:[{CJK}]{{2,4}}(?:{_SEP}(?=[{CJK}]))?)+")


def _run_after(text: str, pos: int) -> int:
    """End of a run of names and separators starting at pos (stops at punctuation or a line end)."""
    m = _RUN.match(text, pos)
    return m.end() if m else pos


def _title_hits(text: str, rules: PeopleRules) -> list[Span]:
    out = []
    for m in _patterns(rules)["title"].finditer(text):
        s = m.start()
        for size in (3, 2, 4):
            cand = text[max(0, s - size):s]
            if len(cand) == size and _plausible(cand, rules) and (
                    size == 2 or not _plausible(text[s - size + 1:s], rules) or cand[:1] in rules.surnames):
                out.append(Span(cand, s - size, s))
                break
    return out


def _cue_hits(text: str, rules: PeopleRules) -> list[Span]:
    out: list[Span] = []
    pats = _patterns(rules)
    for m in pats["label"].finditer(text):
        end = _run_after(text, m.end())
        out += _names_in(text, m.end(), end, rules)
    for m in pats["opener"].finditer(text):
        out += _names_in(text, m.start(1), m.end(1), rules)
    # a title before the name, then a verb or a pause: 区教研员陈红主讲
    for m in pats["titled"].finditer(text):
        out += _names_in(text, m.start(1), m.end(1), rules)
    # a course or subject with its teachers in brackets: 花泥画（朱立清）, 语文2（曹益君 王佩红）
    for m in pats["bracket"].finditer(text):
        out += _names_in(text, m.start(1), m.end(1), rules)
    # a subject and a head count, then the names: 道德与法治1 徐铭浩; 生命科学1方玉莲
    for m in pats["subject"].finditer(text):
        end = _run_after(text, m.end())
        out += _names_in(text, m.end(), end, rules)
    return out


_LEFT_OK = "、，,：: \u3000\t\n（(；;。由请"


def _before_verb(text: str, rules: PeopleRules) -> list[Span]:
    """A name written right before a teaching verb, alone or closing a 、 list: 陈思琪、吴悦执教."""
    out: list[Span] = []
    for m in _patterns(rules)["teaching"].finditer(text):
        end, names = m.start(), []
        while True:
            for size in (3, 2, 4):
                start = end - size
                if start >= 0 and _plausible(text[start:end], rules) and (
                        start == 0 or text[start - 1] in _LEFT_OK):
                    names.append(Span(text[start:end], start, end))
                    break
            else:
                break
            if start > 0 and text[start - 1] == "、":
                end = start - 1
                continue
            break
        out += reversed(names)
    return out


def _list_tail(text: str, hit: Span, rules: PeopleRules) -> list[Span]:
    """Names that continue a found name in a list: 陈思琪、吴悦执教."""
    out, pos = [], hit.end
    enders = rules.verbs + rules.titles + ("、",)
    while pos < len(text) and text[pos] in "、 \u3000":
        start = pos + 1
        for size in (2, 3, 4):
            name, after = text[start:start + size], text[start + size:start + size + 4]
            if len(name) == size and re.fullmatch(rf"[{CJK}]+", name) and _plausible(name, rules) \
                    and (not re.match(rf"[{CJK}]", after[:1]) or after.startswith(enders)):
                out.append(Span(name, start, start + size))
                pos = start + size
                break
        else:
            break
    return out


def find_people(text: str) -> list[Span]:
    """Names of people in `text`, in order; a 2–4 character token counts only with a cue."""
    rules = load_people_rules()
    original, text = text, simplified(text)  # same offsets; surnames and cues are simplified
    found: dict[tuple[int, int], Span] = {}
    hits = _cue_hits(text, rules) + _title_hits(text, rules) + _before_verb(text, rules)
    hits += [more for hit in hits for more in _list_tail(text, hit, rules)]
    for hit in hits:
        if not any(a < hit.end and hit.start < b for a, b in found):
            found[(hit.start, hit.end)] = hit
    return [Span(original[p.start:p.end], p.start, p.end)
            for p in sorted(found.values(), key=lambda p: p.start)]
