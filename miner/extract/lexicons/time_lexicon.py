"""The time lexicon (miner/data/time_lexicon.toml), numerals and line look-ups for times.py."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import cn2an

_SECTIONS = ("terms", "relative_terms", "relative_school_years", "relative_years", "relative_other",
             "parts_of_month", "half_years", "vague", "vague_guard", "festivals", "weekdays", "dayparts",
             "recurrences", "recurrence_guard", "furniture")


@dataclass(frozen=True, slots=True)
class TimeLexicon:
    """The validated contents of time_lexicon.toml."""

    terms: dict[str, int]
    relative_terms: dict[str, int]
    relative_school_years: dict[str, int]
    relative_years: dict[str, int]
    relative_other: dict[str, str]
    parts_of_month: dict[str, tuple[int, int]]
    half_years: dict[str, tuple[int, int]]
    vague: dict[str, str]
    exam_words: frozenset[str]
    allowed_after: tuple[str, ...]
    holiday_words: frozenset[str]  # 暑假, 寒假: times only before a word of holiday_after
    holiday_after: tuple[str, ...]  # what makes a holiday or a festival a time: 期间, 前夕, a comma
    relative_labels: tuple[str, ...]  # 本周重点: a section label, not a time
    issue_words: tuple[str, ...]  # 本期简报: what makes 本期 an issue of a bulletin, not the term
    year_word_blockers: frozenset[str]
    festivals: dict[str, str]
    weekdays: dict[str, str]
    dayparts: dict[str, str]
    recurrences: dict[str, str]
    recurrence_blockers: tuple[str, ...]
    stamp_labels: tuple[str, ...]
    weak_labels: tuple[str, ...]
    line_words: tuple[str, ...]
    stamp_head_lines: int
    stamp_tails: tuple[str, ...]


def _ints(table: dict[str, object], name: str, allowed: set[int] | None = None) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, value in table.items():
        if not isinstance(value, int) or (allowed is not None and value not in allowed):
            raise ValueError(f"time_lexicon.toml [{name}] {key!r}: bad value {value!r}")
        out[key] = value
    return out


def _pairs(table: dict[str, object], name: str) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for key, value in table.items():
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
            raise ValueError(f"time_lexicon.toml [{name}] {key!r}: expected [first, last], got {value!r}")
        out[key] = (value[0], value[1])
    return out


def _strs(table: dict[str, object], name: str) -> dict[str, str]:
    if not all(isinstance(v, str) and v for v in table.values()):
        raise ValueError(f"time_lexicon.toml [{name}]: every value must be a non-empty string")
    return {k: str(v) for k, v in table.items()}


def _festivals(table: dict[str, object]) -> dict[str, str]:
    out = _strs(table, "festivals")
    for key, value in out.items():
        if value != "lunar" and not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", value):
            raise ValueError(f"time_lexicon.toml [festivals] {key!r}: expected MM-DD or lunar, got {value!r}")
    return out


def parse_lexicon(text: str) -> TimeLexicon:
    """Validate and convert the TOML text of a time lexicon."""
    data = tomllib.loads(text)
    missing = [s for s in _SECTIONS if s not in data]
    if missing:
        raise ValueError(f"time_lexicon.toml lacks section(s): {', '.join(missing)}")
    guard, furn = data["vague_guard"], data["furniture"]
    return TimeLexicon(
        terms=_ints(data["terms"], "terms", {1, 2}),
        relative_terms=_ints(data["relative_terms"], "relative_terms"),
        relative_school_years=_ints(data["relative_school_years"], "relative_school_years"),
        relative_years=_ints(data["relative_years"], "relative_years"),
        relative_other=_strs(data["relative_other"], "relative_other"),
        parts_of_month=_pairs(data["parts_of_month"], "parts_of_month"),
        half_years=_pairs(data["half_years"], "half_years"),
        vague=_strs(data["vague"], "vague"),
        exam_words=frozenset(guard["exam_words"]),
        allowed_after=tuple(guard["allowed_after"]),
        holiday_words=frozenset(guard.get("holiday_words", ())),
        holiday_after=tuple(guard.get("holiday_after", ("期间", "前夕", "，", ","))),
        relative_labels=tuple(data.get("relative_labels", {}).get("after", ())),
        issue_words=tuple(data.get("this_term", {}).get("issue_words", ())),
        year_word_blockers=frozenset(guard["year_word_blockers"]),
        festivals=_festivals(data["festivals"]),
        weekdays=_strs(data["weekdays"], "weekdays"),
        dayparts=_strs(data["dayparts"], "dayparts"),
        recurrences=_strs(data["recurrences"], "recurrences"),
        recurrence_blockers=tuple(data["recurrence_guard"]["blocked_after"]),
        stamp_labels=tuple(furn["stamp_labels"]),
        weak_labels=tuple(furn["weak_labels"]),
        line_words=tuple(w.lower() for w in furn["line_words"]),
        stamp_head_lines=int(furn.get("stamp_head_lines", 6)),
        stamp_tails=tuple(furn.get("stamp_tails", ())),
    )


@lru_cache(maxsize=1)
def lexicon() -> TimeLexicon:
    """The shipped time lexicon, loaded and validated once per process."""
    text = resources.files("miner.data").joinpath("time_lexicon.toml").read_text(encoding="utf-8")
    return parse_lexicon(text)


def alternation(words: object) -> str:
    """A regex alternation of words, longest first (so 上中旬 wins over 中)."""
    items = sorted(set(words), key=len, reverse=True)  # type: ignore[call-overload]
    return "|".join(re.escape(w) for w in items)


# ---- numerals ----------------------------------------------------------------------------------

CN_DIGITS = "〇零一二三四五六七八九"
_CN_DIGIT_VALUES = {ch: max(i - 1, 0) for i, ch in enumerate(CN_DIGITS)}
NUM = r"(?:\d{1,2}|[一二三四五六七八九十两]{1,3})"  # a small number: week, day, month
MONTH_NUM = r"(?:1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十]|元)"
DAY_NUM = (r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?"
           r"|[一二三四五六七八九])")


@lru_cache(maxsize=4096)  # the same few numeral tokens recur (12, 十二, 二〇二一): cn2an is slow
def number(token: str) -> int | None:
    """'12', '十二', '元' (January), '二〇二一' → int; None when it is not a number."""
    token = token.strip()
    if not token:
        return None
    if token.isdigit():
        return int(token)
    if token == "元":
        return 1
    if len(token) > 1 and all(ch in _CN_DIGIT_VALUES for ch in token):  # digit by digit: 二〇二一
        return int("".join(str(_CN_DIGIT_VALUES[ch]) for ch in token))
    try:
        value = cn2an.cn2an(token, "smart")
    except (ValueError, KeyError, TypeError):
        return None
    return int(value) if float(value).is_integer() else None


# ---- lines ----------------------------------------------------------------------------------------

def nonblank_lines_after(text: str, pos: int, enough: int) -> int:
    """How many non-blank lines `text[pos:]` has (counting stops at `enough`)."""
    count = 0
    while True:
        nl = text.find("\n", pos)
        if text[pos:len(text) if nl < 0 else nl].strip():
            count += 1
            if count >= enough:
                return count
        if nl < 0:
            return count
        pos = nl + 1


def nonblank_lines_before(text: str, pos: int, enough: int) -> list[str]:
    """The last non-blank lines of `text[:pos]`, stripped, nearest first (at most `enough`)."""
    out: list[str] = []
    while True:
        nl = text.rfind("\n", 0, pos)
        line = text[nl + 1:pos].strip()
        if line:
            out.append(line)
            if len(out) >= enough:
                return out
        if nl < 0:
            return out
        pos = nl
