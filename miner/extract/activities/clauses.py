"""Clause analysis over the taxonomy: trigger words, purpose and means clauses, an activity's name."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from operator import attrgetter

from miner.extract.activities.pieces import Span, Unit, split_outside_quotes, strip_number
from miner.extract.lexicons.taxonomy import Hit, Taxonomy
from miner.extract.text.regexes import any_pattern, any_word


def unquote(text: str) -> str:
    """`“双减”` → `双减`, but `“双减”下的作业设计` keeps its inner quotes."""
    text = text.strip()
    m = re.fullmatch(r"[“\"《「]([^“”\"《》「」]*)[”\"》」]", text)
    return m.group(1) if m else text

_QUOTE = re.compile(r"“[^”]{1,40}”|《[^》]{1,40}》|\"[^\"]{1,40}\"|「[^」]{1,40}」|‘[^’]{1,40}’")
_QUOTE_OPEN = re.compile(r"[“《\"「‘]")  # what every `_QUOTE` starts with
CLAUSE_SEPS = "，,：:；;。！？!?"
TRAIL = "的等及和、，,：:。；; \t"
_LEAD_TIME = re.compile(
    r"^(?:(?:\d{1,4}年(?:度)?)?\d{1,2}月份?(?:上旬|中旬|下旬|底|初|末|\d{1,2}[日号])?|第[一二三四五六七八九十\d]{1,3}周"
    r"|上午|下午|晚上|每[月周]|每学期)?[，,]?(?:[一二两三四五六七八九十\d]{1,2}[次场项轮])?")
_LEAD_SUBJECT = re.compile(r"(?:我们|我校|本集团|集团|各校|三校|两校|四校|成员学校|各成员校|双方)")
_HEAD_KEY = attrgetter("strength", "start")
# A series of activities named after its occasion: a quote, a festival, a day or an anniversary before it.
_NAMED_SERIES = re.compile(r"(?:[”」』》]|节|日|周年)(?:主题)?(?:系列|一系列)")
# A clause opening on its basis (`结合…`, `根据…`) and a verb of doing what it names (`…开展演练`).
_BASIS = re.compile(r"结合|根据|按照|依据|围绕|遵循|本着|借助|利用|依托")
_DOING = re.compile(r"开展|组织|举行|举办|召开|进行|实施")
_COLUMN_END = re.compile(r"\s|[（(]")


@dataclass(slots=True)
class Draft:
    """One activity found in a unit, before types, attributes and numbering are settled."""

    unit: Unit
    name: str
    name_start: int  # offset of the name in the document (-1 when it is not a substring there)
    clause: Span  # the clause holding the name (where the activity's own time is looked for)
    hits: tuple[Hit, ...]  # taxonomy hits in the name
    extra_codes: tuple[str, ...] = ()  # a second code from elsewhere in the unit (会议，制定…计划)
    cells: dict[str, list[Span]] = field(default_factory=dict)  # table rows: cells by role
    theme: str | None = None
    score: float = 1.0  # detection confidence
    scope: Span | None = None  # where its schools are named, when not the whole unit (one turn of several)

    def __init__(
        self,
        unit: Unit,
        name: str,
        name_start: int,
        clause: Span,
        hits: tuple[Hit, ...],
        extra_codes: tuple[str, ...] = (),
        cells: dict[str, list[Span]] | None = None,
        theme: str | None = None,
        score: float = 1.0,
        scope: Span | None = None,
    ) -> None:  # written out: see miner.native
        self.unit = unit
        self.name = name
        self.name_start = name_start
        self.clause = clause
        self.hits = hits
        self.extra_codes = extra_codes
        self.cells = {} if cells is None else cells
        self.theme = theme
        self.score = score
        self.scope = scope


@dataclass(slots=True)
class Clause:
    text: str
    start: int  # offset in the document
    hits: tuple[Hit, ...]
    head: Hit | None  # the deciding hit (`ClauseReader.head`)
    purpose: bool
    means: bool
    score: float

    def __init__(
        self,
        text: str,
        start: int,
        hits: tuple[Hit, ...],
        head: Hit | None,
        purpose: bool,
        means: bool,
        score: float,
    ) -> None:  # written out: see miner.native
        self.text = text
        self.start = start
        self.hits = hits
        self.head = head
        self.purpose = purpose
        self.means = means
        self.score = score


def _starts_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One expression finding any of the longer `words` (what `ClauseReader._starts` looks for inside)."""
    longer = sorted({w for w in words if len(w) > 1}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, longer))) if longer else None


_BRACKETS = re.compile(r"[（(][^（()）]*[)）]")


def outside_brackets(hits: tuple[Hit, ...], text: str) -> tuple[Hit, ...]:
    """The hits outside brackets when there are any: `教学常规检查（含备课、作业）` is typed by 检查."""
    if len(hits) < 2 or ("(" not in text and "（" not in text):
        return hits  # (one hit is kept whether or not it is inside)
    inner = [m.span() for m in _BRACKETS.finditer(text)]
    if not inner:
        return hits
    outside = tuple([h for h in hits if not inside(inner, h.start, h.end)])
    return outside if any(h.strength >= 2 for h in outside) else hits


def quote_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTE.finditer(text)]


def inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= a and b <= e for s, e in spans)


class ClauseReader:
    """Clause analysis over the taxonomy: triggers, purpose clauses, umbrellas, names."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.tax = taxonomy
        d = taxonomy.detect
        self.purpose = tuple(sorted(d["purpose_starts"], key=len, reverse=True))
        self.means = d["means_starts"]
        self.authorities = d["authorities"]
        self.aim_words = d["aim_words"]
        self.principles = d["principle_words"]
        self.problems = d["problem_words"]
        self.results = d["result_words"]
        self.verbs = tuple(sorted(d["lead_verbs"], key=len, reverse=True))
        self.placeholders = set(d["placeholders"])
        self.events = d["event_nouns"]
        self._starts_re = {words: _starts_pattern(words) for words in (self.purpose, self.means)}
        self._aim_re = any_word(self.aim_words)
        self.aim_re = self._aim_re
        self._authority_re = any_word(self.authorities)
        self._verbs_by_first: dict[str, tuple[str, ...]] = {"": tuple(v for v in self.verbs if not v)}
        for verb in filter(None, self.verbs):
            self._verbs_by_first[verb[0]] = (*self._verbs_by_first.get(verb[0], ()), verb)
        self._verb_firsts = frozenset(self._verbs_by_first) - {""}
        self._verb_re = any_word(self.verbs)
        self._mute_re = any_word((*self.principles, *self.problems))
        self._result_re = any_word(self.results)
        self.result_re = self._result_re
        self._umbrella_re = any_pattern(p.pattern for p in taxonomy.umbrella)
        self._planning_re = any_pattern(p.pattern for p, code in taxonomy.patterns if code == "planning")

    # -- triggers ----------------------------------------------------------------------------
    def hits(self, text: str) -> list[Hit]:
        """Taxonomy hits outside umbrella phrases; hits inside quotes are demoted to weak."""
        return list(self.found(text))

    def found(self, text: str) -> tuple[Hit, ...]:
        """`hits` as the cached tuple itself (callers must not change it)."""
        return _found_cached(self, text)

    def _hits(self, text: str) -> list[Hit]:
        found = self.tax.hits(text)
        if not found:
            return found
        umbrella = self.umbrellas(text)
        quotes = quote_spans(text) if _QUOTE_OPEN.search(text) else []
        if not umbrella and not quotes:
            return found
        out: list[Hit] = []
        for h in found:
            if inside(umbrella, h.start, h.end):
                continue
            if inside(quotes, h.start, h.end):
                h = Hit(h.start, h.end, h.code, min(h.strength, 1), h.word)
            out.append(h)
        return out

    def umbrellas(self, text: str) -> list[tuple[int, int]]:
        """Where `text` speaks of activities in general (`开展丰富多彩的系列活动`); not a series named
        after its occasion (`庆“六一”系列活动`, `植树节主题系列活动`), one activity of its own."""
        if not self._umbrella_re.search(text):  # (one search of all the patterns at once, first)
            return []
        return [m.span() for p in self.tax.umbrella for m in p.finditer(text)
                if not _NAMED_SERIES.search(text, max(0, m.start() - 4), m.start() + 3)]

    @staticmethod
    def head(hits: list[Hit] | tuple[Hit, ...]) -> Hit | None:
        """The deciding hit: the strongest, and among equals the right-most (the head noun)."""
        if len(hits) < 2:
            return hits[0] if hits else None
        return max(hits, key=_HEAD_KEY)

    def _starts(self, text: str, words: tuple[str, ...]) -> bool:
        """`text` (after a leading subject: see `_opening`) starts with one of `words`, or has a longer
        one in its first ten characters."""
        found = self._starts_re.get(words)
        if found is None:
            found = self._starts_re[words] = _starts_pattern(words)
        return text.startswith(words) or (found is not None and found.search(text, 0, 10) is not None)

    @staticmethod
    def _opening(text: str) -> str:
        """`text` without its leading blanks and a leading subject (我校, 各校 …)."""
        text = text.lstrip()
        lead = _LEAD_SUBJECT.match(text)
        return text[lead.end():] if lead else text

    def _piece(self, piece: str) -> tuple[tuple[Hit, ...], Hit | None, bool, bool, float]:
        """What a clause says on its own: hits, head, purpose, means, score (a pure function: cached)."""
        return _piece_cached(self, piece)

    def _piece_uncached(self, piece: str) -> tuple[tuple[Hit, ...], Hit | None, bool, bool, float]:
        hits = self.found(piece)
        opening = self._opening(piece)
        head = self.head(hits)
        purpose = self._starts(opening, self.purpose) and not self._done_on_basis(piece, opening, head)
        means = not purpose and self._starts(opening, self.means)
        score = float(head.strength) if head is not None else 0.0
        if means:
            score -= 1.0
        if self._authority_re.search(piece):
            score -= 1.0
        if head is not None and head.strength >= 2 and self.eventish(piece, head):
            score += 1.0
        return hits, head, purpose, means, score

    @staticmethod
    def _done_on_basis(piece: str, opening: str, head: Hit | None) -> bool:
        """`结合安全月开展疏散演练`: a basis (结合, 根据, 围绕 …), then a verb of doing and the event the
        clause names after it; no purpose clause, whose words name no activity (`opening`: `_opening`)."""
        if head is None or head.strength < 2:
            return False
        basis = _BASIS.search(opening, 0, 10)  # (where `_starts` looks: after a list number too)
        if basis is None:
            return False
        done = _DOING.search(opening, basis.end())
        return done is not None and done.end() + len(piece) - len(opening) <= head.start

    def clauses(self, text: str, start: int, named: tuple[tuple[int, int], ...] = ()) -> list[Clause]:
        """The clauses of `text` (at `start` in the document) with what each says on its own."""
        out = []
        for a, b in split_outside_quotes(text, CLAUSE_SEPS):
            piece = text[a:b]
            hits, head, purpose, means, score = self._piece(piece)
            if named:
                for s, e in named:
                    if start + a <= s and e <= start + b:
                        score += 0.5  # a clause naming a school is about the group's own work
                        break
            out.append(Clause(piece, start + a, hits, head, purpose, means, score))
        return out

    def eventish(self, text: str, head: Hit) -> bool:
        """The head word names an event (研讨活动, 推进会) rather than a task (制定计划)."""
        # word[1:].endswith(noun): the word ends with the noun and is longer than it
        return head.word[1:].endswith(self.events) or text.startswith(self.events, head.end, head.end + 2)

    def is_placeholder(self, text: str) -> bool:
        return text.strip() in self.placeholders

    def trim(self, text: str, start: int) -> tuple[str, int]:
        """The activity name inside a clause: after its last lead verb, without numbering or trails."""
        name, cut = self._trimmed(text)
        return name, start + cut

    def _trimmed(self, text: str) -> tuple[str, int]:
        """`trim` of `text` at offset 0 (a pure function: cached)."""
        return _trimmed_cached(self, text)

    def _verbs_in(self, text: str) -> list[str]:
        """The lead verbs whose first character occurs in `text` (the only ones it can hold)."""
        by_first = self._verbs_by_first
        return [*by_first[""], *(v for ch in self._verb_firsts.intersection(text) for v in by_first[ch])]

    def _trim(self, text: str, start: int) -> tuple[str, int]:
        body, cut = strip_number(text)
        start += cut
        head = self.head(self.found(body))
        limit = head.start if head else len(body)
        cut_at = 0
        verbs = self._verbs_in(body[:limit]) if self._verb_re.search(body, 0, limit) else []
        for verb in verbs:  # (the order of the verbs does not matter: max)
            i = body.rfind(verb, 0, limit)
            if i >= 0 and cut_at < i + len(verb) <= limit and len(body) - (i + len(verb)) >= 2:
                cut_at = max(cut_at, i + len(verb))
        offset = cut_at
        name = body[cut_at:]
        if head is not None:  # columns of a flattened line: `研讨   西渡学校   第10周`
            tail = _COLUMN_END.search(name, max(0, head.end - cut_at))
            if tail:
                name = name[:tail.start()]
        m = _LEAD_TIME.match(name)
        if m and m.end() and len(name) - m.end() >= 3:
            name, offset = name[m.end():], offset + m.end()
        lead = len(name) - len(name.lstrip(" \t：:，,"))
        name, offset = name[lead:].rstrip(TRAIL), offset + lead
        if len(name) > 40:
            head_end = head.end - offset if head and head.end > offset else len(name)
            a = max(0, head_end - 40)
            name, offset = name[a:a + 40], offset + a
        return name, start + offset

    def _draft(self, unit: Unit, clause: Span) -> Draft:
        name, cut = self._trimmed(clause.text)
        name_start = clause.start + cut
        if len(name) < 2:
            name, name_start = clause.text.strip(), clause.start
        return Draft(unit, name, name_start, clause, outside_brackets(self.found(name), name))


# The reader's caches (pure functions of the detector and a text), bounded.
@functools.lru_cache(maxsize=50_000)
def _found_cached(det: ClauseReader, text: str) -> tuple[Hit, ...]:
    return tuple(det._hits(text))


@functools.lru_cache(maxsize=50_000)
def _piece_cached(det: ClauseReader, piece: str) -> tuple[tuple[Hit, ...], Hit | None, bool, bool, float]:
    return det._piece_uncached(piece)


@functools.lru_cache(maxsize=50_000)
def _trimmed_cached(det: ClauseReader, text: str) -> tuple[str, int]:
    return det._trim(text, 0)
