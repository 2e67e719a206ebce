"""`extract()`: one Document in, its facts, mentions and activities out (a pure function of the document)."""

from __future__ import annotations

import logging
import operator
import re

from miner.extract.activities.attributes import AttributeFinder, DocIndex, Spans, row_cells
from miner.extract.activities.calendar_items import calendar_drafts
from miner.extract.activities.detection import Detector, Draft
from miner.extract.activities.loose import loose_drafts
from miner.extract.activities.merge import Pending, merge_calendar, number
from miner.extract.activities.mood import mood_of
from miner.extract.activities.rows import row_drafts
from miner.extract.activities.typer import type_names
from miner.extract.activities.units import Unit, split_units, strip_number
from miner.extract.activities.vetting import Vetter, load_vetter, with_every_school, with_lead_time
from miner.extract.resources import Resources, load_resources
from miner.records import (
    Activity,
    Block,
    Cell,
    DocKind,
    Document,
    DocumentFacts,
    Extraction,
    Mention,
    Mood,
    replaced,
)

log = logging.getLogger(__name__)

_LISTED = re.compile(r"^\s*(?:\d{1,2}[、.．]|[（(]\d{1,2}[)）])")
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．])")


def _index(doc: Document, facts: DocumentFacts, res: Resources) -> DocIndex:
    from miner.extract.mentions.people import find_people
    from miner.extract.mentions.schools.finder import find_schools
    from miner.extract.mentions.subjects import find_subjects
    from miner.extract.mentions.times.expressions import find_times, parse_time

    text = doc.text
    return DocIndex(
        facts=facts,
        times=Spans(find_times(text, facts.period, calendar=res.calendar)),
        schools=Spans(find_schools(text, group_name=facts.group_name, gazetteer=res.gazetteer)),
        subjects=Spans(find_subjects(text)),
        people=Spans(find_people(text)),
        calendar=res.calendar,
        parse_time=parse_time,
        text=text,
    )


def _dated_by_context(unit: Unit) -> bool:
    """Whether the unit is dated by its context or an attribute line."""
    if unit.calendar or unit.context_time:
        return True
    return bool(unit.attrs) and any(label in ("时间", "日期", "") for label, _ in unit.attrs)


def _has_time(unit: Unit, idx: DocIndex) -> bool:
    """Whether the unit is dated: by its context, an attribute line or a time of its own."""
    return _dated_by_context(unit) or bool(idx.dated.within(unit.start, unit.end))


def _unit_drafts(unit: Unit, idx: DocIndex, det: Detector, summary: bool) -> list[Draft]:
    if unit.kind == "heading":
        return []
    if unit.kind == "row":
        cells = row_cells(unit, idx, det)
        drafts = row_drafts(det, unit, cells)
        for d in drafts:
            d.cells = cells
        return drafts
    if unit.aim:  # aims name no activity (text_drafts gives none): skip the look-ups
        return []
    start, end = unit.start, unit.end
    named = tuple([(m.start, m.end) for m in idx.schools.within(start, end)])
    timed = tuple([(t.start, t.end) for t in idx.dated.within(start, end)])
    has_time = bool(timed) or _dated_by_context(unit)
    return det.text_drafts(unit, has_time=has_time, summary=summary, named=named, timed=timed)


def _drafts(units: list[Unit], idx: DocIndex, det: Detector, summary: bool,
            loose: bool = False) -> list[list[Draft]]:
    """Drafts per unit; intros that a table or list explains, and non-leaf headings, give none.

    With `loose` (a learned activity model will judge them), the clauses no rule took are
    candidates too (miner.extract.activities.loose)."""
    per_unit: list[list[Draft]] = []
    described: set[int] = set()  # units that describe the activity their heading names
    for unit in units:
        try:
            per_unit.append(_unit_drafts(unit, idx, det, summary))
        except Exception as exc:  # one odd unit must not cost the whole document its activities
            log.warning("unit at offset %d skipped: %s: %s", unit.start, type(exc).__name__, exc)
            per_unit.append([])
    for i, unit in enumerate(units):
        if unit.intro and i + 1 < len(units) and per_unit[i + 1] and not unit.aim:
            per_unit[i] = []
        if unit.kind == "heading" and _NUMBERED.match(unit.text) and not unit.aim:
            described.update(_leaf_heading(i, units, per_unit, idx, det, summary))
    if loose:
        for i, unit in enumerate(units):
            if not unit.intro and i not in described:
                per_unit[i] = per_unit[i] + loose_drafts(unit, per_unit[i], det)
    return per_unit


def _leaf_heading(i: int, units: list[Unit], per_unit: list[list[Draft]], idx: DocIndex, det: Detector,
                  summary: bool) -> list[int]:
    """`（二）举办集团科技节` over a paragraph that only describes it: the heading names the activity.
    Returns the units found to describe it."""
    unit = units[i]
    body = strip_number(unit.text)[0]
    hits = [h for h in det.hits(body) if h.strength >= 2]
    head = det.head(hits)
    if head is None:
        return []
    # `（二）教研联动` names a field of work; `（二）举办集团科技节` or `2、特色课程的交流` an activity
    listed = _LISTED.match(unit.text) is not None
    if not (listed or body.startswith(det.verbs) or det.eventish(body, head)):
        return []
    children = [j for j in range(i + 1, len(units)) if units[j].heading == i]
    if any(h.strength >= 2 for j in children for d in per_unit[j] for h in d.hits):
        return []
    for j in children:
        per_unit[j] = []
        if units[j].kind != "row":
            unit.attrs.append(("", units[j].span()))
    per_unit[i] = det.text_drafts(unit, has_time=_has_time(unit, idx), summary=summary)
    return children


def _activities(doc: Document, facts: DocumentFacts, units: list[Unit], per_unit: list[list[Draft]],
                idx: DocIndex, det: Detector, res: Resources,
                origins: dict[tuple[int, str], Unit] | None = None) -> list[Activity]:
    """The drafts typed, dated, placed and numbered (`origins` collects each one's unit)."""
    flat = [(i, d) for i, drafts in enumerate(per_unit) for d in drafts]
    typed = type_names([d.name for _, d in flat], [d.hits for _, d in flat], res.typer, det.tax)
    finder = AttributeFinder(idx, det)
    pending: list[Pending] = []
    last_unit: Unit | None = None
    mood: Mood = "planned"
    for n, ((_, draft), (code, confidence)) in enumerate(zip(flat, typed, strict=True)):
        types = (code, *[c for c in draft.extra_codes if c != code])[:2] if draft.extra_codes else (code,)
        attrs = finder.attach(draft)
        unit = draft.unit
        if unit is not last_unit:  # the drafts of one unit come one after another and share its mood
            last_unit, mood = unit, mood_of(unit.text, facts.kind, det.tax)
        name = draft.name
        if draft.name_start >= 0:  # the name as written (the units were read from the folded text)
            name = doc.text[draft.name_start:draft.name_start + len(name)]
        activity = Activity(
            doc_id=doc.doc_id, activity_id=f"A{n + 1}", type=code, evidence=doc.text[unit.start:unit.end],
            start=unit.start, end=unit.end, mood=mood, name=name,
            types=types,
            time_text=attrs.time_text, date_start=attrs.date_start, date_end=attrs.date_end, term=attrs.term,
            week=attrs.week, schools=tuple(attrs.schools), subjects=tuple(attrs.subjects),
            people=tuple(attrs.people), theme=attrs.theme, recurrence=attrs.recurrence,
            confidence=round(min(confidence, draft.score), 3),
        )
        pending.append(Pending(activity, unit.calendar, n))  # its id holds unless merging moves it
        if origins is not None:
            origins[(activity.start, name)] = unit
    return number(merge_calendar(pending))


def _mentions(doc: Document, facts: DocumentFacts, idx: DocIndex) -> list[Mention]:
    out: list[Mention] = []
    for te in idx.times.items:
        out.append(Mention(doc.doc_id, "time", te.text, te.start, te.end, te.value()))
    for m in idx.schools.items:
        if not m.bare:  # (a bare 中心小学 gives activities its school, but names none itself)
            out.append(Mention(doc.doc_id, "school", m.text, m.start, m.end, m.canonical))
    for m in idx.subjects.items:
        out.append(Mention(doc.doc_id, "subject", m.text, m.start, m.end, m.canonical))
    for m in idx.people.items:
        out.append(Mention(doc.doc_id, "person", m.text, m.start, m.end, None))
    if facts.group_name:  # every occurrence, left to right, none overlapping
        name, at = facts.group_name, doc.text.find(facts.group_name)
        while at >= 0:
            out.append(Mention(doc.doc_id, "group", name, at, at + len(name), name))
            at = doc.text.find(name, at + len(name))
    try:
        from miner.extract.mentions.themes import find_themes

        for t in find_themes(doc.text):
            out.append(Mention(doc.doc_id, "theme", t.text, t.start, t.end, getattr(t, "value", None)))
    except Exception as exc:  # themes are optional: a failure there must not lose the document
        log.debug("themes skipped: %s", exc)
    out.sort(key=_MENTION_ORDER)
    return out


_MENTION_ORDER = operator.attrgetter("start", "end", "kind")


def _vetter(res: Resources) -> Vetter | None:
    """The learned vetting models, kept in the resources (None: not trained, or switched off)."""
    if "vetter" not in res.extra:
        res.extra["vetter"] = load_vetter()
    vetter = res.extra["vetter"]
    return vetter if isinstance(vetter, Vetter) else None


def document_reading(doc: Document, res: Resources, title: str | None = None) -> tuple[DocKind | None, float]:
    """What the document models read in the whole document, in one look: its kind and the
    probability that it reports one event (None and 0.0 without the models); `title`: the
    document's effective_title when the caller has it already."""
    vetter = _vetter(res)
    if vetter is None:
        return None, 0.0
    from miner.extract.mentions.document import document_kind, effective_title

    title = effective_title(doc) if title is None else title
    kind, news = vetter.reading(title, doc.text, document_kind(title, doc.text))
    return _as_kind(kind), news


def _as_kind(kind: str) -> DocKind:
    return "plan" if kind == "plan" else "summary" if kind == "summary" else "other"


def name_hints(activities: list[Activity], det: Detector,
               origins: dict[tuple[int, str], Unit] | None = None) -> list[dict[str, float]]:
    """What the rules say of each activity: its name's strongest trigger, a lead verb, an aim word,
    the kind of its unit (a table row, a line under a month or week, a labelled item), how many
    candidates share its unit, and whether an earlier candidate had the same name."""
    out = []
    seen: set[str] = set()
    per_unit: dict[int, int] = {}
    for a in activities:
        per_unit[a.start] = per_unit.get(a.start, 0) + 1
    for a in activities:
        name = a.name or a.evidence
        hint: dict[str, float] = {}
        if name.strip() in seen:
            hint["dup"] = 1.0
        seen.add(name.strip())
        siblings = per_unit[a.start]
        hint["siblings=1" if siblings == 1 else "siblings=2" if siblings == 2
             else "siblings<=4" if siblings <= 4 else "siblings>4"] = 1.0
        unit = origins.get((a.start, a.name)) if origins else None
        if unit is not None:
            hint[f"unit={unit.kind}"] = 1.0
            if unit.calendar or unit.context_time is not None:
                hint["dated_context"] = 1.0
            if unit.label is not None:
                hint["labelled"] = 1.0
            if unit.heading >= 0:
                hint["under_heading"] = 1.0
            if unit.aim:
                hint["aim_section"] = 1.0
        strength = max([h.strength for h in det.found(name)], default=0)
        hint[f"strength={strength}"] = 1.0
        if name.startswith(det.verbs):
            hint["verb"] = 1.0
        if det.aim_re.search(a.evidence):
            hint["aim"] = 1.0
        if det.result_re.search(a.evidence):
            hint["result"] = 1.0
        out.append(hint)
    return out


def _vetted(vetter: Vetter, facts: DocumentFacts, n_chars: int, activities: list[Activity],
            hints: list[dict[str, float]], news: float, title: str) -> list[Activity]:
    """The candidates the activity model keeps (a news report of one event: its event), renumbered."""
    if not activities:
        return activities
    kept = vetter.vet(activities, facts.kind, n_chars, news, hints, title)
    return [a if a.activity_id == f"A{i}" else replaced(a, activity_id=f"A{i}")
            for i, a in enumerate(kept, 1)]


def fold_document(doc: Document) -> Document:
    """The document with Traditional → Simplified and full-width → ASCII, one char for one (same offsets)."""
    from miner.extract.text.fold import fold

    whole = fold(doc.text)

    def piece(text: str, start: int) -> str:  # folding is char for char: a piece of the text is
        end = start + len(text)  # folded already
        return whole[start:end] if start >= 0 and doc.text[start:end] == text else fold(text)

    def cell(c: Cell) -> Cell:  # an unchanged record is kept (the records are frozen)
        text = piece(c.text, c.start)
        return c if text == c.text else replaced(c, text=text)

    def block(b: Block) -> Block:
        text = piece(b.text, b.start)
        if not b.rows:
            return b if text == b.text else replaced(b, text=text)
        rows = tuple(tuple(map(cell, r)) for r in b.rows)
        kept = all(new is old for new_row, old_row in zip(rows, b.rows, strict=True)
                   for new, old in zip(new_row, old_row, strict=True))
        return b if text == b.text and kept else replaced(b, text=text, rows=rows)

    return replaced(doc, text=whole, blocks=tuple(map(block, doc.blocks)))


def _detector(res: Resources) -> Detector:
    """The taxonomy's Detector, kept in the resources so its clause cache serves every document."""
    det = res.extra.get("detector")
    if not isinstance(det, Detector) or det.tax is not res.taxonomy:
        det = res.extra["detector"] = Detector(res.taxonomy)
    return det


Reading = tuple[DocKind | None, float]  # document_reading: the models' kind, P(a report of one event)


def candidates(doc: Document, resources: Resources | None = None,
               reading: Reading | None = None) -> tuple[Extraction, list[dict[str, float]]]:
    """`extract` before vetting: every candidate activity, with what the rules say of each
    (`name_hints`, what the activity model reads beside the words). `reading`: document_reading's."""
    found, hints, _ = _candidates(doc, resources or load_resources(), reading)
    return found, hints


def _candidates(doc: Document, res: Resources, reading: Reading | None,
                ) -> tuple[Extraction, list[dict[str, float]], DocIndex]:
    """`candidates`, with the index of the document's mentions they were read with."""
    from miner.extract.mentions.document import document_facts

    kind = (reading if reading is not None else document_reading(doc, res))[0]
    facts = document_facts(doc, calendar=res.calendar, kind=kind)
    idx = _index(doc, facts, res)
    det = _detector(res)
    folded = fold_document(doc)
    units = split_units(folded, res.taxonomy)
    vetter = _vetter(res)
    loose = vetter is not None and vetter.loose
    per_unit = _drafts(units, idx, det, summary=facts.kind == "summary", loose=loose)
    per_unit = calendar_drafts(folded.text, units, per_unit, idx.times.items, det)  # 校历 / 行事历 entries
    origins: dict[tuple[int, str], Unit] = {}
    found = _activities(doc, facts, units, per_unit, idx, det, res, origins)
    hints = name_hints(found, det, origins) if vetter is not None else [{} for _ in found]
    mentions = tuple(_mentions(doc, facts, idx))
    return Extraction(facts=facts, mentions=mentions, activities=tuple(found)), hints, idx


def extract(doc: Document, resources: Resources | None = None) -> Extraction:
    """Facts, mentions (school/time/subject/person/group/theme) and activities of one document."""
    res = resources or load_resources()
    vetter = _vetter(res)
    if vetter is None:
        return _candidates(doc, res, (None, 0.0))[0]
    from miner.extract.mentions.document import effective_title

    title = effective_title(doc)
    reading = document_reading(doc, res, title)  # the document is vectorised once, for its kind and news
    found, hints, idx = _candidates(doc, res, reading)
    activities = _vetted(vetter, found.facts, len(doc.text), list(found.activities), hints, reading[1], title)
    if len(activities) == 1 and reading[1] >= vetter.news_threshold:
        activities = [with_every_school(with_lead_time(activities[0], doc, idx.times.items), found.mentions)]
    return replaced(found, activities=tuple(activities))
