"""Score one document's extraction against its gold: surface sets, activity matching, attributes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from miner.evaluate.dates import expected_when, tidy
from miner.evaluate.gold import GoldActivity, GoldDocument
from miner.records import Activity, Extraction

# Weights of the pair score used for the one-to-one assignment; text is required, the rest
# breaks ties between gold activities that share an evidence string.
TEXT_WEIGHT, TIME_WEIGHT, SCHOOL_WEIGHT, SUBJECT_WEIGHT, TYPE_WEIGHT = 1.0, 0.5, 0.25, 0.25, 0.1
BIGRAM_THRESHOLD = 0.7  # share of the gold evidence's character bigrams found in the prediction
MIN_NAME_CHARS = 3  # a predicted name this short is not evidence that it is the gold activity
_INCOMPATIBLE = -1e6
MOOD_OF_KIND = {"plan": "planned", "summary": "reported"}


@dataclass(frozen=True, slots=True)
class PRF:
    """Counts of true positives, false positives and false negatives, with P/R/F1.

    Precision with nothing predicted and recall with nothing to find are 1.0 (nothing went wrong);
    F1 is 0.0 whenever either is 0."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True, slots=True)
class Ratio:
    """A share of correct items (accuracy), 1.0 when there is nothing to count."""

    correct: int = 0
    total: int = 0

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.correct + other.correct, self.total + other.total)

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "value": round(self.value, 4)}


@dataclass(frozen=True, slots=True)
class Match:
    """A gold activity paired with a predicted one."""

    gold_id: str
    pred_id: str
    score: float


@dataclass(frozen=True, slots=True)
class DocScore:
    """All figures for one document."""

    doc: str
    schools: PRF = PRF()
    times: PRF = PRF()
    activities: PRF = PRF()
    types: Ratio = Ratio()  # matched activities whose type agrees
    when: Ratio = Ratio()  # gold activities with `when` whose matched prediction has exactly it
    intervals: PRF = PRF()  # intervals of matched pairs: equal = tp
    activity_schools: PRF = PRF()  # schools of matched pairs (canonical names)
    mood: Ratio = Ratio()
    kind: Ratio = Ratio()
    matches: tuple[Match, ...] = ()
    missed: tuple[str, ...] = ()  # gold activity ids without a match
    spurious: tuple[str, ...] = ()  # predicted activity ids without a match
    error: str | None = None  # the document could not be read or extracted


def set_prf(predicted: Iterable[str], gold: Iterable[str]) -> PRF:
    """P/R/F1 of two sets of strings."""
    p, g = set(predicted), set(gold)
    return PRF(len(p & g), len(p - g), len(g - p))


def _bigrams(text: str) -> set[str]:
    text = tidy(text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def bigram_cover(gold_text: str, predicted: str) -> float:
    """Share of the gold text's character bigrams that occur in the predicted text."""
    g = _bigrams(gold_text)
    return len(g & _bigrams(predicted)) / len(g) if g else 0.0


def text_score(gold: GoldActivity, pred: Activity) -> float:
    """How well the texts say it is the same activity (0 = not at all).

    Compatible when a gold string (evidence or `also`) is in the predicted name or evidence, the
    predicted name is in a gold string, or the predicted text covers most of the gold evidence's
    character bigrams. A match on the short name scores higher than one on the whole evidence
    sentence, so that the assignment pairs activities that share a sentence by their names.
    """
    evidence, name = pred.evidence or "", pred.name or ""
    golds = [s for s in (gold.evidence, *gold.also) if s]
    if name and any(s in name for s in golds):
        return 1.0
    if len(name) >= MIN_NAME_CHARS and any(name in s for s in golds):
        return 0.95
    if any(s in evidence for s in golds):
        return 0.8
    by_name = bigram_cover(gold.evidence, name) if name else 0.0
    if by_name >= BIGRAM_THRESHOLD:
        return 0.9 * by_name
    by_evidence = bigram_cover(gold.evidence, evidence)
    return 0.7 * by_evidence if by_evidence >= BIGRAM_THRESHOLD else 0.0


def pred_interval(pred: Activity) -> tuple[dt.date, dt.date] | None:
    if pred.date_start is None:
        return None
    return pred.date_start, pred.date_end or pred.date_start


def _overlaps(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def times_conflict(gold_doc: GoldDocument, gold: GoldActivity, pred: Activity) -> bool:
    """True when gold and prediction both have a definite time and the two cannot meet.

    A predicted interval is compared with the gold `when`; a predicted time text without an
    interval is read with the gold format's date rules in the document's period. A recurrence or
    a vague time (每学期, 年初, 暑假) on either side contradicts nothing.
    """
    if gold.when is None:
        return False
    interval = pred_interval(pred)
    if interval:
        return not _overlaps(interval, gold.when)
    if not pred.time_text:
        return False
    expected = expected_when(gold_doc.period, pred.time_text)
    options = expected if isinstance(expected, list) else [expected] if expected else []
    return bool(options) and not any(_overlaps(o, gold.when) for o in options)


def time_agreement(gold: GoldActivity, pred: Activity) -> float:
    interval = pred_interval(pred)
    if gold.when and interval:
        return 1.0 if interval == gold.when else 0.5
    if gold.time and pred.time_text:
        return 1.0 if tidy(gold.time) == tidy(pred.time_text) else 0.5
    return 0.5 if not gold.time and not pred.time_text else 0.0


def pred_types(pred: Activity) -> set[str]:
    return {pred.type, *pred.types} - {""}


def type_correct(gold: GoldActivity, pred: Activity) -> bool:
    """The predicted primary type is one of the gold codes, or the predicted codes overlap them."""
    return pred.type in gold.types or bool(pred_types(pred) & set(gold.types))


def subject_agrees(gold_subject: str, predicted: Iterable[str]) -> bool:
    """A predicted subject names the gold one (`语文` agrees with `中小学语文`)."""
    return any(s and (s in gold_subject or gold_subject in s) for s in predicted)


def canonical_schools(gold_doc: GoldDocument, names: Iterable[str]) -> set[str]:
    return {gold_doc.canonical(n) for n in names}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def pair_score(gold_doc: GoldDocument, gold: GoldActivity, pred: Activity) -> float | None:
    """The assignment weight of a gold/predicted pair, or None when they are incompatible."""
    text = text_score(gold, pred)
    if text <= 0 or times_conflict(gold_doc, gold, pred):
        return None
    schools = _jaccard(set(gold.schools), canonical_schools(gold_doc, pred.schools))
    subject = 1.0 if not gold.subject else float(subject_agrees(gold.subject, pred.subjects))
    return (TEXT_WEIGHT * text + TIME_WEIGHT * time_agreement(gold, pred) + SCHOOL_WEIGHT * schools
            + SUBJECT_WEIGHT * subject + TYPE_WEIGHT * type_correct(gold, pred))


def match_activities(gold_doc: GoldDocument, preds: tuple[Activity, ...]) -> list[tuple[int, int, float]]:
    """One-to-one matching (gold index, predicted index, score) maximising the number of compatible
    pairs first and their total score second."""
    golds = gold_doc.activities
    if not golds or not preds:
        return []
    weights = np.full((len(golds), len(preds)), _INCOMPATIBLE)
    for i, g in enumerate(golds):
        for j, p in enumerate(preds):
            s = pair_score(gold_doc, g, p)
            if s is not None:
                weights[i, j] = s
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(i), int(j), float(weights[i, j]))
            for i, j in zip(rows, cols, strict=True) if weights[i, j] > 0]


def _surface_schools(gold_doc: GoldDocument, predicted: Iterable[str]) -> set[str]:
    """Predicted school surface forms; a repaired-typo alias key (育秀学校) counts as the listed
    defective form that contains it (育秀学校学校)."""
    listed = set(gold_doc.schools)
    out = set()
    for p in predicted:
        if p not in listed and p in gold_doc.school_aliases:
            containing = [s for s in listed if p in s]
            p = max(containing, key=len) if containing else p
        out.add(p)
    return out


def score_document(gold_doc: GoldDocument, extraction: Extraction) -> DocScore:
    """Every figure for one document."""
    schools = _surface_schools(gold_doc, (m.text for m in extraction.mentions if m.kind == "school"))
    times = {m.text for m in extraction.mentions if m.kind == "time"}
    preds = extraction.activities
    pairs = match_activities(gold_doc, preds)
    types, when, mood = Ratio(), Ratio(), Ratio()
    intervals, act_schools = PRF(), PRF()
    wanted_mood = MOOD_OF_KIND.get(gold_doc.kind)
    matched_gold = {i: (j, s) for i, j, s in pairs}
    for i, g in enumerate(gold_doc.activities):
        if i not in matched_gold:
            if g.when:
                when += Ratio(0, 1)
            continue
        p = preds[matched_gold[i][0]]
        types += Ratio(int(type_correct(g, p)), 1)
        mood += Ratio(int(p.mood == wanted_mood), 1)
        interval = pred_interval(p)
        if g.when:
            when += Ratio(int(interval == g.when), 1)
        hit = int(bool(g.when) and interval == g.when)
        intervals += PRF(hit, int(interval is not None and not hit), int(g.when is not None and not hit))
        act_schools += set_prf(canonical_schools(gold_doc, p.schools), g.schools)
    matched_pred = {j for _, j, _ in pairs}
    # The gold lists a plan's planned and a summary's reported activities only (gold README), so an
    # unmatched prediction in the other mood (a summary's "明年…计划") is out of scope, not spurious.
    spurious = [j for j, p in enumerate(preds)
                if j not in matched_pred and (wanted_mood is None or p.mood == wanted_mood)]
    return DocScore(
        doc=gold_doc.id,
        schools=set_prf(schools, gold_doc.schools),
        times=set_prf(times, gold_doc.times),
        activities=PRF(len(pairs), len(spurious), len(gold_doc.activities) - len(pairs)),
        types=types, when=when, intervals=intervals, activity_schools=act_schools, mood=mood,
        kind=Ratio(int(extraction.facts.kind == gold_doc.kind), 1),
        matches=tuple(Match(gold_doc.activities[i].id, preds[j].activity_id, round(s, 4))
                      for i, j, s in pairs),
        missed=tuple(g.id for i, g in enumerate(gold_doc.activities) if i not in matched_gold),
        spurious=tuple(preds[j].activity_id for j in spurious),
    )


def failed_document(gold_doc: GoldDocument, error: str) -> DocScore:
    """A document that could not be read or extracted: everything in the gold is missed."""
    n_when = sum(1 for a in gold_doc.activities if a.when)
    return DocScore(
        doc=gold_doc.id, schools=PRF(fn=len(set(gold_doc.schools))), times=PRF(fn=len(set(gold_doc.times))),
        activities=PRF(fn=len(gold_doc.activities)), when=Ratio(0, n_when), kind=Ratio(0, 1),
        missed=tuple(a.id for a in gold_doc.activities), error=error)
