"""Find the themes and titles of activities: quoted names, 《titles》, 主题：labels, 以…为主题."""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from miner.data import word_list
from miner.extract.text.fold import simplified
from miner.extract.text.span import Span

log = logging.getLogger(__name__)

_CLAUSE_BREAK = re.compile(r"[，。；;！？!?：:\n\t]|,(?=\D)")
_AS_THEME = re.compile(r"[^，。；\n]{0,6}?为(?:主题|题|核心)")
_HEAD = re.compile(r"[^，。；;,\n]{0,8}")
_TITLE = re.compile(r"《([^《》\n]{1,60})》")
_THEME_LABEL = re.compile(r"主题[：:][ \t\u3000]*([^\n。；;]{1,60})")
_AS_THEME_OF = re.compile(r"以([^，。；;\n“”\"]{2,30}?)为(?:主题|题)")


@dataclass(frozen=True, slots=True)
class ThemeRules:
    """The validated contents of themes.toml."""

    quotes: tuple[tuple[str, str], ...]
    event_endings: tuple[str, ...]
    heads_after: tuple[str, ...]
    verbs_before: tuple[str, ...]
    purpose_words: tuple[str, ...]
    not_after: tuple[str, ...]
    title_reference: tuple[str, ...]
    empty: frozenset[str]


def _words(data: dict[str, Any], key: str) -> tuple[str, ...]:
    return word_list(data, key, "themes.toml", longest_first=True)


@functools.cache
def load_theme_rules() -> ThemeRules:
    """themes.toml, validated once."""
    text = resources.files("miner.data").joinpath("themes.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    quotes = data.get("quotes")
    if not isinstance(quotes, list) or not all(isinstance(q, list) and len(q) == 2 for q in quotes):
        raise ValueError("themes.toml: quotes must be a list of [open, close] pairs")
    return ThemeRules(tuple((str(a), str(b)) for a, b in quotes), _words(data, "event_endings"),
                      _words(data, "heads_after"), _words(data, "verbs_before"),
                      _words(data, "purpose_words"), _words(data, "not_after"),
                      _words(data, "title_reference"), frozenset(_words(data, "empty")))


def _clause_before(text: str, pos: int) -> str:
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, pos - 40), pos)]
    return text[breaks[-1] if breaks else max(0, pos - 40):pos]


def _quoted_is_theme(text: str, inner: str, q_start: int, q_end: int, rules: ThemeRules) -> bool:
    after = text[q_end:q_end + 12]
    before = _clause_before(text, q_start)
    if after.startswith(rules.not_after) or (after.startswith("的") and after.startswith(rules.not_after, 1)):
        return False
    verb = None
    if before.endswith(rules.verbs_before):  # which one (the longest first)
        verb = next(v for v in rules.verbs_before if before.endswith(v))
    if verb == "以" and not _AS_THEME.match(after):
        verb = None
    if verb:
        return True  # 围绕“…”, 开展了“…”, 主题为“…”: the quote is what the activity is about
    if any(w in before for w in rules.purpose_words):
        return False
    if inner.endswith(rules.event_endings):
        return True
    head = _HEAD.match(after)
    return bool(head) and any(w in head.group(0) for w in rules.heads_after)  # type: ignore[union-attr]


@functools.lru_cache(maxsize=64)
def _quote_pattern(open_q: str, close_q: str) -> re.Pattern[str]:
    """One quoted stretch of up to 60 characters on one line, between the given marks."""
    inside = re.escape(open_q + close_q)
    return re.compile(rf"{re.escape(open_q)}([^{inside}\n]{{1,60}}){re.escape(close_q)}")


def find_themes(text: str) -> list[Span]:
    """Themes and titles in `text`, in order: the inner text and its offsets (no quote marks)."""
    rules = load_theme_rules()
    original, text = text, simplified(text)  # same offsets; cue words are simplified
    found: list[Span] = []
    for open_q, close_q in rules.quotes:
        for m in _quote_pattern(open_q, close_q).finditer(text):
            inner = m.group(1).strip()
            if inner and inner not in rules.empty and _quoted_is_theme(text, inner, m.start(), m.end(),
                                                                       rules):
                found.append(Span(m.group(1), m.start(1), m.end(1)))
    for m in _TITLE.finditer(text):
        before = text[max(0, m.start() - 8):m.start()]
        if any(w in before for w in rules.title_reference):
            continue
        found.append(Span(m.group(1), m.start(1), m.end(1)))
    for m in _THEME_LABEL.finditer(text):
        value = m.group(1).rstrip()
        value = value.strip("“”\"「」")
        if value and value not in rules.empty:
            start = text.index(value, m.start(1))
            found.append(Span(value, start, start + len(value)))
    for m in _AS_THEME_OF.finditer(text):
        found.append(Span(m.group(1), m.start(1), m.end(1)))
    out: list[Span] = []
    for t in sorted(found, key=lambda t: (t.start, -t.end)):
        if not any(o.start <= t.start and t.end <= o.end for o in out):
            out.append(Span(original[t.start:t.end], t.start, t.end))
    return out


def theme_of(evidence: str) -> str | None:
    """The theme of one activity's evidence (its first theme), or None (待定 counts as none)."""
    themes = find_themes(evidence)
    return themes[0].text if themes else None


_SENTENCE_END = re.compile(r"[。；;！？!?]|\n")
_LABEL_LINE = re.compile(r"\n+[ \t\u3000]*(?:主题|时间|地点|内容|对象|主讲|执教)[：:][^\n]*")


_CLAUSE = re.compile(r"[，,；;]")
# a clause right after the evidence that names its theme or the title it worked on
_FOLLOW = re.compile(r"[，,]\s*(?:主题为|主题是|主题[：:]|紧紧围绕|围绕|题为|以|审议通过了|审议了|审议|"
                     r"讨论修改了|讨论通过了|讨论了|制定了|修订了|修改了|通过了)[“\"「《]?")
_REFERENCE_BEFORE = ("为了", "为", "根据", "按照", "依据", "结合", "贯彻")


def _quoted_inside(evidence: str, simple: str) -> str | None:
    """A quoted string or 《title》 that is part of an activity's own name (not after 为/根据)."""
    rules = load_theme_rules()
    pairs = (*rules.quotes, ("《", "》"))
    for open_q, close_q in pairs:
        i = evidence.find(open_q)
        j = evidence.find(close_q, i + 1) if i >= 0 else -1
        inner = evidence[i + 1:j].strip() if j > i else ""
        if inner and inner not in rules.empty and not any(w in simple[:i] for w in _REFERENCE_BEFORE):
            return inner
    return None


def theme_near(text: str, start: int, end: int) -> str | None:
    """The theme of the activity whose evidence is text[start:end]: a quoted name or title inside the
    evidence itself (“青蓝结对”工程), else a theme in the same sentence or on the label lines
    (主题：…) right below it; the one closest to the evidence wins."""
    inside = _quoted_inside(text[start:end], simplified(text[start:end]))
    if inside:
        return inside
    left = [m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 200), start)]
    lo = left[-1] if left else max(0, start - 200)
    nxt = _SENTENCE_END.search(text, end)
    sentence_end = hi = nxt.start() if nxt else len(text)
    while label := _LABEL_LINE.match(text, hi):
        hi = label.end()
    # the evidence's own clause, a following clause that introduces a theme (，主题为“…”), and
    # the label lines below the sentence
    clause_lo = max([m.end() for m in _CLAUSE.finditer(text, lo, start)], default=lo)
    clause_end = _CLAUSE.search(text, end, sentence_end)
    clause_hi = clause_end.start() if clause_end else sentence_end
    follow = _FOLLOW.match(text[clause_hi:sentence_end])
    follow_at = clause_hi + follow.end() if follow else -1

    def wanted(t: Span) -> bool:
        at = lo + t.start
        return clause_lo <= at < clause_hi or at == follow_at or at >= sentence_end

    themes = [t for t in find_themes(text[lo:hi]) if wanted(t)]
    if not themes:
        return None
    mid = (start + end) / 2 - lo
    return min(themes, key=lambda t: abs((t.start + t.end) / 2 - mid)).text
