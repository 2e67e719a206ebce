"""Decide which units plan or report an activity, and cut each activity's short name out of its unit."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from operator import attrgetter

from miner.extract.activities.units import Span, Unit, split_outside_quotes, strip_number
from miner.extract.lexicons.taxonomy import Hit, Taxonomy
from miner.extract.text.regexes import any_pattern, any_word


def unquote(text: str) -> str:
    """`“双减”` → `双减`, but `“双减”下的作业设计` keeps its inner quotes."""
    text = text.strip()
    m = re.fullmatch(r"[“\"《「]([^“”\"《》「」]*)[”\"》」]", text)
    return m.group(1) if m else text

_QUOTE = re.compile(r"“[^”]{1,40}”|《[^》]{1,40}》|\"[^\"]{1,40}\"|「[^」]{1,40}」|‘[^’]{1,40}’")
_QUOTE_OPEN = re.compile(r"[“《\"「‘]")  # what every `_QUOTE` starts with
_CONJ = re.compile(r"以及|和|及|与|并")
_LIST_CONJ = re.compile(r"以及|和|及|与|并|、")
_TIME_LABEL = re.compile(
    r"^(?:第[一二三四五六七八九十\d]{1,3}[周週]|\d{1,2}月|[一二三四五六七八九十]{1,3}月)[^：:，,。]{0,12}[：:]")
_CLAUSE_SEPS = "，,：:；;。！？!?"
_TRAIL = "的等及和、，,：:。；; \t"
_LEAD_TIME = re.compile(
    r"^(?:(?:\d{1,4}年(?:度)?)?\d{1,2}月份?(?:上旬|中旬|下旬|底|初|末|\d{1,2}[日号])?|第[一二三四五六七八九十\d]{1,3}周"
    r"|上午|下午|晚上|每[月周]|每学期)?[，,]?(?:[一二两三四五六七八九十\d]{1,2}[次场项轮])?")
_LEAD_SUBJECT = re.compile(r"(?:我们|我校|本集团|集团|各校|三校|两校|四校|成员学校|各成员校|双方)")
_AS_FOLLOWS = re.compile(r"如下[:：]?$")
_HEAD_KEY = attrgetter("strength", "start")
_START = attrgetter("start")
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
class _Clause:
    text: str
    start: int  # offset in the document
    hits: tuple[Hit, ...]
    head: Hit | None  # the deciding hit (`Detector.head`)
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
    """One expression finding any of the longer `words` (what `Detector._starts` looks for inside)."""
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
    outside = tuple([h for h in hits if not _inside(inner, h.start, h.end)])
    return outside if any(h.strength >= 2 for h in outside) else hits


_COUNTED = re.compile(r"^(?P<items>[^、，,]{1,10}(?:[、和与及][^、，,]{1,10})+?)"
                      r"(?:(?P<n>[二两三四五六七八九十\d]{1,2})[项类种个大])(?P<noun>活动|比赛|竞赛|评比|展示|培训|工程)$")
_COUNTED_NOUNS = ("活动", "比赛", "竞赛", "评比", "展示", "培训", "工程")
_TURN = re.compile(r"^[^，,；;]{0,12}(?:由|在)[^，,；;]{2,20}(?:承办|举行|举办|负责|主办|组织)$")
_EACH = re.compile(r"各(?:召开|举行|举办|开展|组织|进行|安排)?[一1]?[次场轮期]")


def _count(text: str) -> int | None:
    """3 for 三 or 3 (the count in `三项活动`)."""
    import cn2an

    try:
        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return None


# What may stand before a clause's subject school: nothing, a time word or a linking adverb.
_SUBJECT_LEAD = re.compile(r"(?:本学年|本年度|本学期|同时|此外|另外|期间|随后|其中)?[，,]?")


def quote_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTE.finditer(text)]


def _inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= a and b <= e for s, e in spans)


class Detector:
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
        umbrella = [m.span() for p in self.tax.umbrella for m in p.finditer(text)] \
            if self._umbrella_re.search(text) else []
        quotes = quote_spans(text) if _QUOTE_OPEN.search(text) else []
        if not umbrella and not quotes:
            return found
        out: list[Hit] = []
        for h in found:
            if _inside(umbrella, h.start, h.end):
                continue
            if _inside(quotes, h.start, h.end):
                h = Hit(h.start, h.end, h.code, min(h.strength, 1), h.word)
            out.append(h)
        return out

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
        purpose = self._starts(opening, self.purpose)
        means = not purpose and self._starts(opening, self.means)
        head = self.head(hits)
        score = float(head.strength) if head is not None else 0.0
        if means:
            score -= 1.0
        if self._authority_re.search(piece):
            score -= 1.0
        if head is not None and head.strength >= 2 and self.eventish(piece, head):
            score += 1.0
        return hits, head, purpose, means, score

    def clauses(self, text: str, start: int, named: tuple[tuple[int, int], ...] = ()) -> list[_Clause]:
        """The clauses of `text` (at `start` in the document) with what each says on its own."""
        out = []
        for a, b in split_outside_quotes(text, _CLAUSE_SEPS):
            piece = text[a:b]
            hits, head, purpose, means, score = self._piece(piece)
            if named:
                for s, e in named:
                    if start + a <= s and e <= start + b:
                        score += 0.5  # a clause naming a school is about the group's own work
                        break
            out.append(_Clause(piece, start + a, hits, head, purpose, means, score))
        return out

    def eventish(self, text: str, head: Hit) -> bool:
        """The head word names an event (研讨活动, 推进会) rather than a task (制定计划)."""
        # word[1:].endswith(noun): the word ends with the noun and is longer than it
        return head.word[1:].endswith(self.events) or text.startswith(self.events, head.end, head.end + 2)

    # -- detection ---------------------------------------------------------------------------
    def is_placeholder(self, text: str) -> bool:
        return text.strip() in self.placeholders

    def text_drafts(self, unit: Unit, *, has_time: bool, summary: bool,
                    named: tuple[tuple[int, int], ...] = (),
                    timed: tuple[tuple[int, int], ...] = ()) -> list[Draft]:
        """Activities named in a list item, calendar line or sentence (none for aims, umbrellas)."""
        if unit.aim:
            return []
        text, start = unit.text, unit.start
        label = unit.label
        if label is not None and self.found(label.text):  # (every hit is at least weak)
            draft = self._draft(unit, Span(label.text, label.start, label.end))
            draft.extra_codes = self._extra(text, label.text)
            return [draft]
        if "如下" in text and _AS_FOLLOWS.search(text.rstrip("。 ")):
            return []  # `现将一年来的工作总结如下：` introduces what follows
        every = self.clauses(text, start, named)
        clauses = [c for c in every if c.hits and not c.purpose]
        if not clauses:
            return []
        best = clauses[0]  # the best score, the first among equals
        for c in clauses:
            if c.score > best.score:
                best = c
        head = best.head
        assert head is not None  # (best has hits)
        strength = head.strength
        past = "了" in text
        if strength < 2 and not (has_time or unit.calendar or (summary and past) or len(text) <= 20):
            return []
        if strength < 3 and not has_time and not past and not unit.calendar and self._aim_re.search(text):
            return []
        if not has_time and self._mute_re.search(text):
            return []
        # `第20周：工作总结，资料整理归档` lists several items (a label needs its colon)
        time_label = None
        if "：" in text or ":" in text:
            body, cut = strip_number(text)
            time_label = _TIME_LABEL.match(body)
        listing = time_label is not None
        if time_label is not None:
            after = start + cut + time_label.end()
            rest = [c for c in clauses if c.start >= after]
            if best.start < after and rest:
                best = max(rest, key=lambda c: (c.score, -c.start))
            clauses = rest or clauses
        if self._result_re.search(best.text):
            return []  # `…在区级教学比赛中获奖` reports a result
        chosen = [best]
        if best.head is not None and best.head.strength >= 3 and len(clauses) >= 2:  # (else none)
            chosen += self._parallel(best, clauses, timed, listing, every)
        subjects = self._subjects(clauses, named) if len(named) >= 2 else []
        if subjects:
            if best not in subjects and not any(c.start < best.start for c in subjects):
                codes = {h.code for c in subjects for h in c.hits}
                if best.head is not None and best.head.code in codes:
                    chosen = [c for c in chosen if c is not best]  # `继续实施教师交流制度，甲校…，乙校…`
            chosen += [c for c in subjects if c not in chosen]
        if len(chosen) > 1:
            chosen.sort(key=_START)
        each = "各" in text  # (`_each_time` needs a 各 before the name)
        drafts: list[Draft] = []
        for c in chosen:
            for p, s in self._coordinated(c, listing):
                for d in self._counted(self._draft(unit, Span(p, s, s + len(p)))):
                    if each:
                        drafts += self._each_time(d, unit, timed)
                    else:
                        drafts.append(d)
        if len(drafts) == 1 and timed and len(every) >= 3:  # (what `_turns` needs to find any)
            drafts = self._turns(drafts[0], every, timed)
        extra = self._extra(text, best.text)
        for d in drafts:
            d.extra_codes = extra
            d.score = 0.9 if strength >= 2 else 0.6
        return drafts

    def _subjects(self, clauses: list[_Clause], named: tuple[tuple[int, int], ...]) -> list[_Clause]:
        """Clauses with a school of their own as subject and a strong head of their own name one
        activity each: `9月，甲校选派两名教师到乙校支教，丙校与丁校开展了幼小衔接专题研讨`."""
        out = []
        for c in clauses:
            head = c.head
            if head is None or head.strength < 3 or c.means or self._result_re.search(c.text):
                continue
            starts = [s - c.start for s, _ in named if c.start <= s < c.start + len(c.text)]
            if starts and _SUBJECT_LEAD.fullmatch(c.text[:min(starts)]) and min(starts) < head.start:
                out.append(c)
        return out if len(out) >= 2 else []

    def _parallel(self, best: _Clause, clauses: list[_Clause], timed: tuple[tuple[int, int], ...],
                  listing: bool = False, every: list[_Clause] | None = None) -> list[_Clause]:
        """Other clauses naming their own activity of the same type: `完善…制度，健全…机制`, or
        `9月召开A研讨会，10月召开B研讨会` (each clause with a time of its own)."""
        head = best.head
        if head is None or head.strength < 3 or len(clauses) < 2:
            return []
        # a clause holding only a time (`2022年6月，集团组织了…`) dates the clause after it
        every = every or clauses
        reach = {c.start: (p.start if not p.hits else c.start)
                 for p, c in zip([every[0], *every], every, strict=False)}

        def own_time(c: _Clause) -> bool:
            first = reach.get(c.start, c.start)
            return any(first <= s and e <= c.start + len(c.text) for s, e in timed)

        def task(h: Hit) -> bool:  # a verb-object pattern (制定…计划), not a noun
            return h.word not in self.tax.words

        out = []
        for c in clauses:
            other = c.head
            if c is best or c.means or other is None:
                continue
            if listing and other.strength >= 2 and not (task(other) and not task(head)):
                out.append(c)  # a calendar line listing several items
            elif other.strength < 3:
                continue
            elif other.code != head.code:  # `9月1日举行开学典礼，10月开展教学开放周`: two dated events
                if own_time(c) and own_time(best) and not task(other) and not task(head):
                    out.append(c)
            elif (own_time(c) and own_time(best)) or (task(other) and task(head)):
                out.append(c)
        return out

    def _counted(self, draft: Draft) -> list[Draft]:
        """`读书、演讲、征文三项活动` names three activities: 读书活动, 演讲活动, 征文活动."""
        name = draft.name
        if not name.endswith(_COUNTED_NOUNS) and not name.endswith("\n"):
            return [draft]  # (`_COUNTED` ends with one of its nouns)
        m = _COUNTED.match(name)
        if not m:
            return [draft]
        items = [i for i in re.split(r"[、和与及]", m.group("items")) if i]
        if len(items) < 2 or (m.group("n") and _count(m.group("n")) not in (None, len(items))):
            return [draft]
        noun = m.group("noun")
        out = []
        for item in items:
            name = item if self.tax.hits(item) and not item.endswith(noun[-1]) else item + noun
            hits = self.found(name)
            at = draft.name_start + m.start("items") + m.group("items").find(item)
            kept = draft.name_start >= 0 and name == item  # `读书活动` is not written as such: no offset
            out.append(Draft(draft.unit, name, at if kept else -1, draft.clause, hits,
                             draft.extra_codes, draft.cells, draft.theme, draft.score))
        return out

    def _each_time(self, draft: Draft, unit: Unit, timed: tuple[tuple[int, int], ...]) -> list[Draft]:
        """`7月上旬和12月下旬各召开一次理事会`: one activity for each time before 各."""
        if draft.name_start < unit.start or unit.text.find("各", 0, draft.name_start - unit.start) < 0:
            return [draft]
        before = unit.text[:draft.name_start - unit.start]
        m = next(reversed(list(_EACH.finditer(before))), None)
        if m is None or len(before) - m.end() > 8:
            return [draft]
        begin = max((before.rfind(ch, 0, m.start()) for ch in _CLAUSE_SEPS), default=-1) + 1 + unit.start
        end = unit.start + m.start()
        times = sorted((a, b) for a, b in timed if begin <= a and b <= end)
        if len(times) < 2:
            return [draft]
        clause_end = max(draft.clause.end, draft.name_start + len(draft.name))
        out = []
        for a, _ in times:  # each copy's clause starts at its own time (the time picked first)
            clause = Span(unit.text[a - unit.start:clause_end - unit.start], a, clause_end)
            out.append(Draft(draft.unit, draft.name, draft.name_start, clause, draft.hits, draft.extra_codes,
                             draft.cells, draft.theme, draft.score))
        return out

    def _turns(self, draft: Draft, clauses: list[_Clause], timed: tuple[tuple[int, int], ...]) -> list[Draft]:
        """`…教学开放周，春季由甲校承办，秋季由乙校承办`: one activity for each dated turn."""
        if not timed or len(clauses) < 3:  # two turns after the draft's own clause, each with a time
            return [draft]
        turns = []
        for c in clauses:
            if c.start < draft.clause.end or c.hits or not _TURN.match(c.text):
                continue
            at = [a for a, b in timed if c.start <= a < c.start + 4 and b <= c.start + len(c.text)]
            if at:
                turns.append(Span(c.text, c.start, c.start + len(c.text)))
        if len(turns) < 2:
            return [draft]
        return [Draft(draft.unit, draft.name, draft.name_start, turn, draft.hits, draft.extra_codes,
                      draft.cells, draft.theme, draft.score, scope=turn) for turn in turns]

    def _extra(self, text: str, name: str) -> tuple[str, ...]:
        """A planning purpose stated beside a meeting or seminar: `…会议，制定…计划`."""
        return ("planning",) if self._planning_re.search(text.replace(name, "", 1)) else ()

    def _coordinated(self, clause: _Clause, listing: bool = False) -> list[tuple[str, int]]:
        """Split `A的开发和B的研究` into two names when both halves carry different strong types
        (on a calendar line also `期末复习研讨、集团工作总结`)."""
        text, cut = self._trimmed(clause.text)
        start = clause.start + cut
        conj = _LIST_CONJ if listing else _CONJ
        if conj.search(text) is None:
            return [(text, start)]
        quotes = quote_spans(text)
        parts: list[tuple[int, int]] = []
        last = 0
        for m in conj.finditer(text):
            if _inside(quotes, m.start(), m.end()):
                continue
            parts.append((last, m.start()))
            last = m.end()
        parts.append((last, len(text)))
        if len(parts) == 1:
            return [(text, start)]
        groups: list[list[int]] = []
        for a, b in parts:
            strong = [h for h in self.found(text[a:b]) if h.strength >= (1 if listing else 2)]
            if strong or not groups:
                groups.append([a, b])
            else:
                groups[-1][1] = b
        codes = []
        for a, b in groups:
            head = self.head([h for h in self.found(text[a:b]) if h.strength >= (1 if listing else 2)])
            codes.append(head.code if head else None)
        same = len(set(codes)) < len(codes) and not listing and not self._two_events(text, groups)
        if len(groups) < 2 or None in codes or same:
            return [(text, start)]
        return [(text[a:b].strip(_TRAIL), start + a) for a, b in groups]

    def _two_events(self, text: str, groups: list[list[int]]) -> bool:
        """`期中质量检测与质量分析会`: halves of one type are two activities when the last is a meeting
        (…会) and every half has its own strong head word."""
        if len(groups) != 2:
            return False
        halves = [text[a:b].strip(_TRAIL) for a, b in groups]
        heads = [self.head([h for h in self.found(half) if h.strength >= 3]) for half in halves]
        if any(h is None for h in heads) or len({h.word for h in heads if h is not None}) < 2:
            return False
        # each half ends with its own head noun (读书沙龙和班主任论坛), or the last is a meeting (…分析会)
        return text.endswith("会") or all(h is not None and half.endswith(h.word) and len(half) >= 4
                                          for h, half in zip(heads, halves, strict=True))

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
        name, offset = name[lead:].rstrip(_TRAIL), offset + lead
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


# The detector's caches (pure functions of the detector and a text), bounded.
@functools.lru_cache(maxsize=50_000)
def _found_cached(det: Detector, text: str) -> tuple[Hit, ...]:
    return tuple(det._hits(text))


@functools.lru_cache(maxsize=50_000)
def _piece_cached(det: Detector, piece: str) -> tuple[tuple[Hit, ...], Hit | None, bool, bool, float]:
    return det._piece_uncached(piece)


@functools.lru_cache(maxsize=50_000)
def _trimmed_cached(det: Detector, text: str) -> tuple[str, int]:
    return det._trim(text, 0)
