"""Decide which units plan or report an activity, and cut each activity's short name out of its unit."""

from __future__ import annotations

import re
from operator import attrgetter

from miner.extract.activities.clauses import (
    CLAUSE_SEPS,
    TRAIL,
    Clause,
    ClauseReader,
    Draft,
    inside,
    outside_brackets,
    quote_spans,
    unquote,
)
from miner.extract.activities.pieces import Span, Unit, strip_number
from miner.extract.lexicons.taxonomy import Hit

__all__ = ["Detector", "Draft", "outside_brackets", "quote_spans", "unquote"]

_CONJ = re.compile(r"以及|和|及|与|并")
_LIST_CONJ = re.compile(r"以及|和|及|与|并|、")
_TIME_LABEL = re.compile(
    r"^(?:第[一二三四五六七八九十\d]{1,3}[周週]|\d{1,2}月|[一二三四五六七八九十]{1,3}月)[^：:，,。]{0,12}[：:]")
_AS_FOLLOWS = re.compile(r"如下[:：]?$")
_START = attrgetter("start")


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


class Detector(ClauseReader):
    """Which units name activities, and how many: the clauses chosen, coordinated names, turns."""

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

    def _subjects(self, clauses: list[Clause], named: tuple[tuple[int, int], ...]) -> list[Clause]:
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

    def _parallel(self, best: Clause, clauses: list[Clause], timed: tuple[tuple[int, int], ...],
                  listing: bool = False, every: list[Clause] | None = None) -> list[Clause]:
        """Other clauses naming their own activity of the same type: `完善…制度，健全…机制`, or
        `9月召开A研讨会，10月召开B研讨会` (each clause with a time of its own)."""
        head = best.head
        if head is None or head.strength < 3 or len(clauses) < 2:
            return []
        # a clause holding only a time (`2022年6月，集团组织了…`) dates the clause after it
        every = every or clauses
        reach = {c.start: (p.start if not p.hits else c.start)
                 for p, c in zip([every[0], *every], every, strict=False)}

        def own_time(c: Clause) -> bool:
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
        begin = max((before.rfind(ch, 0, m.start()) for ch in CLAUSE_SEPS), default=-1) + 1 + unit.start
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

    def _turns(self, draft: Draft, clauses: list[Clause], timed: tuple[tuple[int, int], ...]) -> list[Draft]:
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

    def _coordinated(self, clause: Clause, listing: bool = False) -> list[tuple[str, int]]:
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
            if inside(quotes, m.start(), m.end()):
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
        return [(text[a:b].strip(TRAIL), start + a) for a, b in groups]

    def _two_events(self, text: str, groups: list[list[int]]) -> bool:
        """`期中质量检测与质量分析会`: halves of one type are two activities when the last is a meeting
        (…会) and every half has its own strong head word."""
        if len(groups) != 2:
            return False
        halves = [text[a:b].strip(TRAIL) for a, b in groups]
        heads = [self.head([h for h in self.found(half) if h.strength >= 3]) for half in halves]
        if any(h is None for h in heads) or len({h.word for h in heads if h is not None}) < 2:
            return False
        # each half ends with its own head noun (读书沙龙和班主任论坛), or the last is a meeting (…分析会)
        return text.endswith("会") or all(h is not None and half.endswith(h.word) and len(half) >= 4
                                          for h, half in zip(heads, halves, strict=True))
