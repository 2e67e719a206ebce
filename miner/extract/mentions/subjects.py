"""Find school subjects (语文, 中学史地, 小学数学 ...) in text, with the bare subject as canonical."""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from miner.extract.lexicons.school_rules import CJK, tagged
from miner.extract.text.fold import simplified
from miner.extract.text.regexes import first_chars_class, trie_alternation
from miner.extract.text.segment import Boundaries

log = logging.getLogger(__name__)

_LOOSE_LEFT = "、，,和与及等的 \t\n（(：:；;/"
_CJK_CHAR = re.compile(rf"[{CJK}]")


@dataclass(unsafe_hash=True, slots=True)
class SubjectMention:
    """A subject as written (stage prefix kept: 中小学语文) and its bare canonical name (语文)."""

    text: str
    start: int
    end: int
    canonical: str

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        canonical: str,
    ) -> None:  # written out: see miner.native
        self.text = text
        self.start = start
        self.end = end
        self.canonical = canonical


@dataclass(frozen=True, slots=True)
class SubjectSpec:
    """One subject of subjects.toml: its canonical name and the words that rule a hit out."""

    canonical: str
    not_after: tuple[str, ...]
    not_before: tuple[str, ...]
    needs_context: bool


@dataclass(frozen=True, slots=True)
class SubjectRules:
    """The validated subject list, by surface spelling, with the matching expression."""

    by_surface: dict[str, SubjectSpec]
    stages: tuple[str, ...]
    context_after: tuple[str, ...]
    pattern: re.Pattern[str]


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"subjects.toml: {where} must be a list of non-empty strings")
    return tuple(value)


def parse_subject_rules(data: dict[str, Any]) -> SubjectRules:
    """Validate subjects.toml's table; raises ValueError naming the bad entry."""
    common = _str_list(data.get("common_not_after"), "common_not_after")
    by_surface: dict[str, SubjectSpec] = {}
    entries = data.get("subject")
    if not isinstance(entries, list) or not entries:
        raise ValueError("subjects.toml: no [[subject]] entries")
    for i, entry in enumerate(entries):
        canonical = entry.get("canonical")
        if not isinstance(canonical, str) or not canonical:
            raise ValueError(f"subjects.toml: subject #{i + 1} has no canonical name")
        spec = SubjectSpec(
            canonical=canonical,
            not_after=common + _str_list(entry.get("not_after"), f"{canonical}.not_after"),
            not_before=_str_list(entry.get("not_before"), f"{canonical}.not_before"),
            needs_context=bool(entry.get("needs_context", False)),
        )
        for surface in (canonical, *_str_list(entry.get("aliases"), f"{canonical}.aliases")):
            if surface in by_surface:
                raise ValueError(f"subjects.toml: {surface} is listed twice")
            by_surface[surface] = spec
    stages = tuple(sorted(_str_list(data.get("stages"), "stages"), key=len, reverse=True))
    # tries, longest form first (the same matches as longest-first lists, without trying every
    # alternative at every position); the class skips positions that open neither a stage nor a subject
    pattern = re.compile(rf"(?={first_chars_class([*stages, *by_surface])})"
                         rf"(?P<stage>{trie_alternation(stages)})?(?P<subject>{trie_alternation(by_surface)})")
    return SubjectRules(by_surface, stages, _str_list(data.get("context_after"), "context_after"),
                        pattern)


@functools.cache
def load_subject_rules() -> SubjectRules:
    """The shipped subject list, loaded once."""
    text = resources.files("miner.data").joinpath("subjects.toml").read_text(encoding="utf-8")
    return parse_subject_rules(tomllib.loads(text))


def _stands_alone(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before == "、" or after == "、":
        return True  # one item of a list of subjects
    left_ok = not _CJK_CHAR.match(before) or before in _LOOSE_LEFT
    return left_ok and (not _CJK_CHAR.match(after) or after in "、和与及等")


_NAME_TAGS = ("n", "j")


def _ends_a_name(text: str, start: int) -> bool:
    """Whether the word before a stage word is a name the stage word completes (江山|小学)."""
    if start == 0 or text[start - 1] in _LOOSE_LEFT or not _CJK_CHAR.match(text[start - 1]):
        return False
    tokens = tagged(text[max(0, start - 6):start])
    if not tokens:
        return False
    word, flag = tokens[-1]
    return flag.startswith(_NAME_TAGS) and word not in ("全区", "全市", "全县", "各", "本区")


def find_subjects(text: str) -> list[SubjectMention]:
    """School subjects in `text`, in order. A stage prefix (初中, 中小学) stays in the surface."""
    rules = load_subject_rules()
    original, text = text, simplified(text)  # same offsets; the subject list is simplified
    cuts = Boundaries(text)  # jieba's word boundaries, segmenting only the blocks asked about
    out = []
    for m in rules.pattern.finditer(text):
        spec = rules.by_surface[m.group("subject")]
        s_start, s_end = m.span("subject")
        tail = text[s_end:s_end + 6]
        if tail.startswith(spec.not_after):
            continue
        stage = m.group("stage")
        if not stage and text.endswith(spec.not_before, 0, s_start):
            continue
        start = m.start()
        if stage in ("小学", "中学", "初中", "高中") and _ends_a_name(text, start):
            start, stage = s_start, None  # 江山小学数学组: 小学 ends a school's name
        # the word-boundary tests ask jieba: they come after the tests on the characters around
        context = tail.startswith(rules.context_after)
        if spec.needs_context and not stage and not context and not _stands_alone(text, s_start, s_end):
            continue
        if not context and s_end not in cuts:
            continue
        if start not in cuts and s_start not in cuts:
            continue
        out.append(SubjectMention(original[start:s_end], start, s_end, spec.canonical))
    return out
