"""What a summary says about planned work that did not happen (未能, 取消, 暂缓) or moved (推迟至, 改为)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from miner.records import Activity, Period

_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_CLAUSE = re.compile(r"[^，,：:]+[，,：:]?")
# A statement that something did not take place (and was not merely moved).
CANCEL = re.compile(
    r"未能(?:如期|按时|按计划|正常)?(?:开展|举行|举办|进行|实施|召开|落实|成行|完成)|未(?:能)?如期(?:开展|举行|举办|进行)?"
    r"|没有(?:如期|按期|按计划)?(?:开展|举行|举办|进行|召开)|未(?:开展|举行|举办|召开|成行)|(?<!不)取消"
    r"|暂缓|停办|中止|搁置|延期至下(?:学期|学年|一学期)|推迟到下(?:学期|学年)|推迟至下(?:学期|学年)"
    r"|顺延至下(?:学期|学年)|暂停|不再(?:组织|安排|举办|举行|开展|进行)|未单独(?:组织|举办|开展)|未(?:能)?开设"
    r"|未到校")
# A statement that it happened at another time than planned.
POSTPONE = re.compile(r"推迟至|推迟到|延期至|延期到|延后至|延后到|顺延至|顺延到|改为|改在|改至|改到"
                      r"|调整至|调整到"
                      r"|调整为|挪至|提前至|提前到|移至")
_REASON = re.compile(r"[\s，,]*(?:因|由于|受|鉴于|考虑到|出于)")
_TRIM = "，,：:。；;！!？? \n\t"



_WHEN = re.compile(r"\d|[一二三四五六七八九十]+月|第.{1,3}周|[上中下]旬|月[底初末]")
_AWAY = re.compile(r"下(?:一)?(?:学期|学年)|秋季学期|春季学期|明年|来年")


def _dated(text: str) -> bool:
    """Whether the words after a postponement cue give a date in this period (not `下学期`)."""
    return bool(_WHEN.search(text)) and not _AWAY.search(text)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def _statement_span(s: Span, cue_at: int) -> Span:
    """The clause holding the cue, with the clauses before it while the span is short or starts with
    a reason (`原定第11周的学科视导，因台风停课，未能开展`)."""
    clauses = [(m.start(), m.end()) for m in _CLAUSE.finditer(s.text)]
    k = next((i for i, (a, b) in enumerate(clauses) if a <= cue_at < b), len(clauses) - 1)
    a, b = clauses[k]
    while k > 0 and ((b - a) < 14 or _REASON.match(s.text, a)):
        k -= 1
        a = clauses[k][0]
    while a < b and s.text[a] in _TRIM:
        a += 1
    while b > a and s.text[b - 1] in _TRIM:
        b -= 1
    return Span(s.start + a, s.start + b, s.text[a:b])


def cancellations(text: str, doc_id: str, period: Period | None = None) -> tuple[Activity, ...]:
    """Each statement of `text` that a planned activity did not happen, as a pseudo-activity
    (ids S1, S2, …; evidence: the clause that says so; dated by the time it names, `原定6月…`)."""
    from miner.extract.mentions.times.expressions import find_times

    out: list[Activity] = []
    for s in sentences(text):
        m = CANCEL.search(s.text)
        if not m:
            continue
        post = POSTPONE.search(s.text, m.end())
        if post and "取消" not in m.group() and _dated(s.text[post.end():post.end() + 10]):
            continue  # moved, not dropped: `未能如期举行，推迟至5月下旬`
        span = _statement_span(s, m.start())
        when = next((t for t in find_times(span.text, period) if t.date_start is not None), None)
        out.append(Activity(doc_id=doc_id, activity_id=f"S{len(out) + 1}", type="other", evidence=span.text,
                            start=span.start, end=span.end, mood="reported", name=span.text,
                            time_text=when.text if when else None,
                            date_start=when.date_start if when else None,
                            date_end=when.date_end if when else None))
    return tuple(out)


def _core(name: str) -> str:
    """A school name without its ending (新桥中学 → 新桥), as statements often shorten it."""
    m = re.match(r"(.{2,}?)(?:实验|中心)?(?:小学|中学|初中|高中|学校|幼儿园|附小|附中)$", name)
    return m.group(1) if m else name


def with_names(statements: Sequence[Activity], plans: Sequence[Activity]) -> tuple[Activity, ...]:
    """Statements with the schools and subjects of the plan that they name (read from their text)."""
    schools = {s for p in plans for s in p.schools}
    subjects = {s for p in plans for s in p.subjects}
    out = []
    for st in statements:
        named_s = tuple(sorted(s for s in schools if _core(s) in st.evidence))
        named_j = tuple(sorted(s for s in subjects if s in st.evidence))
        out.append(dataclasses.replace(st, schools=named_s, subjects=named_j))
    return tuple(out)


def inside(a: Activity, statements: Sequence[Activity]) -> bool:
    """Whether a reported activity was read from a cancellation statement (so it did not happen)."""
    return any(a.start < s.end and s.start < a.end for s in statements)


def redate(reports: Sequence[Activity], text: str,
           period: Period | None) -> tuple[list[Activity], dict[str, str]]:
    """A reported activity whose sentence says it was moved (`推迟至5月下旬举行`) gets the date it
    took place; returns the activities and, per moved activity id, a note with the original date."""
    from miner.extract.mentions.times.expressions import find_times

    out, notes = [], {}
    spans = sentences(text)
    for a in reports:
        s = next((x for x in spans if x.start <= a.start < x.end), None)
        m = POSTPONE.search(s.text) if s else None
        if s is None or m is None:
            out.append(a)
            continue
        after = s.text[m.end():]
        if not _dated(after[:10]):
            out.append(a)
            continue
        found = [t for t in find_times(after, period) if t.date_start is not None][:1]
        if not found or (found[0].date_start == a.date_start and found[0].date_end == a.date_end):
            out.append(a)
            continue
        t = found[0]
        was = a.time_text or (a.date_start.isoformat() if a.date_start else "no date")
        notes[a.activity_id] = f"moved ({m.group()}{t.text}); read before as {was}"
        out.append(dataclasses.replace(a, date_start=t.date_start, date_end=t.date_end, time_text=t.text))
    return out, notes
