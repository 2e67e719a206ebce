"""Learned second opinions on the rules: plan or summary, a news report of one event, a real activity.

The rules find candidate activities and guess the document's kind; on pages of sites nobody here
has seen (template essays, news reports, kindergarten plans) they keep boilerplate, aims and every
sentence of a meeting report. Three small scikit-learn models trained on real annotated pages
(`miner train --real`, miner/learn/vetting.py) give a second opinion:

- kind: plan or summary, from the title, the opening and the rules' own guess;
- news: whether the page reports one event (a news report: one activity, the event itself);
- activity: whether a candidate is a concrete activity, from its name, its unit and a few flags.

Each document is vectorised once (all its candidates in one call); without the model (not trained)
the rules' answers stand.
"""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from miner.extract.linear import Blocks, LinearModel, predict
from miner.extract.loose import LOOSE_SCORE
from miner.records import Activity, replaced
from miner.shipped import MODELS, shipped_root

log = logging.getLogger(__name__)

MODEL_DIR = shipped_root(MODELS) / "vetting"  # models/vetting, installed as package data
MOOD_OF_KIND = {"plan": "planned", "summary": "reported"}  # the mood the gold files annotate
# the furniture of template and essay sites: never an activity, whatever its words
BOILERPLATE = re.compile(r"小编|仅供参考|范文|篇[一二三四五六七八九十]\b|精选\d*篇|欢迎(?:阅读|借鉴|分享)"
                         r"|希望(?:对|能)[^，。]{0,6}(?:帮助|参考)|供大家参考|怎么写")
OPENING_CHARS = 600  # how much of the text the document models read after the title
# words of reports about one event (who presided, spoke, attended) and of template sites
_DOC_CUES = ("主持", "讲话", "致辞", "出席", "参加", "参会", "本次活动", "此次活动", "活动中", "近日", "日前",
             "小编", "范文", "篇一", "精选", "计划", "总结", "安排", "行事历", "周", "了", "将", "要")


def doc_text(title: str, text: str) -> str:
    """What the document models read: the title, then the opening of the text."""
    return f"{title}\n{text[:OPENING_CHARS]}"


def doc_flags(title: str, text: str, rule_kind: str) -> dict[str, float]:
    """Counts of the cue words (per 1,000 characters), the length and the rules' kind."""
    per = 1000.0 / max(len(text), 200)
    flags: dict[str, float] = {f"rule={rule_kind}": 1.0, "chars": min(len(text), 4000) / 4000.0}
    for word in _DOC_CUES:
        n = text.count(word)
        if n:
            flags[f"cue={word}"] = min(n * per, 20.0) / 20.0
        if word in title:
            flags[f"title={word}"] = 1.0
    return flags


def activity_flags(a: Activity, doc_kind: str, n_chars: int, n_acts: int,
                   hint: dict[str, float] | None = None) -> dict[str, float]:
    """What an activity's record says beyond its words: type, mood, time, place, size, position (and
    the `hint` of the rules: see `pipeline.name_hints`)."""
    name, evidence = a.name or a.evidence, a.evidence
    flags: dict[str, float] = {**(hint or {}),
        f"type={a.type}": 1.0, f"mood={a.mood}": 1.0, f"kind={doc_kind}": 1.0,
        "confidence": a.confidence, "position": a.start / max(n_chars, 1),
        "name_chars": min(len(name), 40) / 40.0, "evidence_chars": min(len(evidence), 200) / 200.0,
        "n_activities": min(n_acts, 60) / 60.0,
    }
    if a.time_text:
        flags["timed"] = 1.0
    if a.schools:
        flags["schools"] = 1.0
    if a.confidence <= LOOSE_SCORE:
        flags["loose"] = 1.0
    if name.strip() == evidence.strip():
        flags["whole_unit"] = 1.0
    if "了" in evidence:
        flags["past"] = 1.0
    return flags


class Vetter:
    """The trained models (any of kind, news, activity may be missing) and their card."""

    def __init__(self, bundle: dict[str, Any], card: dict[str, Any] | None = None) -> None:
        self.bundle = bundle
        self.card = card or {}
        self.threshold: float = float(bundle.get("threshold", 0.5))  # for the loose candidates
        # the rules' own candidates go unless the model is fairly sure they are no activity
        self.rule_threshold: float = float(bundle.get("rule_threshold", self.threshold))
        self.news_threshold: float = float(bundle.get("news_threshold", 0.5))
        # whether the rules' passed-by clauses become candidates (miner.extract.loose)
        self.loose: bool = bool(bundle.get("loose", "activity" in bundle))
        # table rows the rules found stand without the model's word (their forms are the rules' field)
        self.keep_rows: bool = bool(bundle.get("keep_rows", False))
        self._linear: dict[str, LinearModel | None] = {}  # the models as look-ups (miner.extract.linear)

    def _doc_proba(self, title: str, text: str, rule_kind: str) -> tuple[float | None, float | None]:
        """P(summary) and P(news report of one event): the document is vectorised once for both."""
        model = self.bundle.get("document")
        if model is None:
            return None, None
        blocks: Blocks = [(model["text"], [doc_text(title, text)]),
                          (model["flags"], [doc_flags(title, text, rule_kind)])]
        kind, news = predict(self._linear, "document", blocks, [model.get("kind"), model.get("news")])
        return (None if kind is None else kind[0][1]), (None if news is None else news[0][1])

    def reading(self, title: str, text: str, rule_kind: str) -> tuple[str, float]:
        """The document's kind (plan or summary; the rules' kind without a kind model) and the
        probability that it reports one event (0 without a news model), from one vectorisation."""
        p_kind, p_news = self._doc_proba(title, text, rule_kind)
        kind = rule_kind if p_kind is None else "summary" if p_kind >= 0.5 else "plan"
        return kind, 0.0 if p_news is None else p_news

    def kind(self, title: str, text: str, rule_kind: str) -> str:
        """plan or summary (the rules' kind when there is no kind model)."""
        return self.reading(title, text, rule_kind)[0]

    def news(self, title: str, text: str, rule_kind: str) -> float:
        """The probability that the page reports one event (0 without a news model)."""
        return self.reading(title, text, rule_kind)[1]

    def activity_proba(self, acts: list[Activity], doc_kind: str, n_chars: int,
                       hints: list[dict[str, float]] | None = None) -> list[float]:
        """Per candidate, the probability that it is a concrete activity (1.0 without a model)."""
        model = self.bundle.get("activity")
        if model is None or not acts:
            return [1.0] * len(acts)
        names = [a.name or a.evidence for a in acts]
        units = [a.evidence for a in acts]
        marks = hints if hints is not None and len(hints) == len(acts) else [{} for _ in acts]
        flags = [activity_flags(a, doc_kind, n_chars, len(acts), h) for a, h in zip(acts, marks, strict=True)]
        proba = predict(self._linear, "activity", [(model["name"], names), (model["unit"], units),
                                                   (model["flags"], flags)], [model["clf"]])[0]
        return [] if proba is None else [row[1] for row in proba]

    def vet(self, acts: list[Activity], doc_kind: str, n_chars: int, news: float,
            hints: list[dict[str, float]] | None = None) -> list[Activity]:
        """The candidates the activity model keeps; a news report of one event keeps its best one."""
        if not acts or self.bundle.get("activity") is None:
            return acts
        proba = self.activity_proba(acts, doc_kind, n_chars, hints)
        if news >= self.news_threshold:
            best = max(range(len(acts)), key=lambda i: (proba[i], -i))
            return [replaced(acts[best], confidence=round(min(acts[best].confidence, proba[best]), 3))]
        marks = hints if hints is not None and len(hints) == len(acts) else [{} for _ in acts]
        wanted = MOOD_OF_KIND.get(doc_kind)
        out = []
        for a, p, h in zip(acts, proba, marks, strict=True):
            if BOILERPLATE.search(a.evidence):
                continue
            if wanted is not None and a.mood != wanted:  # a summary's plans for next year: the
                if a.confidence > LOOSE_SCORE:  # annotations leave them out, the rules' word stands
                    out.append(a)
            elif p >= (self.threshold if a.confidence <= LOOSE_SCORE else self.rule_threshold):
                out.append(a if a.confidence <= p else replaced(a, confidence=round(p, 3)))
            elif self.keep_rows and "unit=row" in h:
                out.append(a)
        return out


@lru_cache(maxsize=2)
def load_vetter(path: str | None = None) -> Vetter | None:
    """The saved models (models/vetting/model.joblib), or None when they have not been trained."""
    import joblib

    folder = Path(path) if path else MODEL_DIR
    model_file = folder / "model.joblib"
    if not model_file.is_file():
        log.warning("no vetting model at %s: the rules' activities and kinds stand", model_file)
        return None
    card_file = folder / "card.json"
    card = json.loads(card_file.read_text(encoding="utf-8")) if card_file.is_file() else {}
    return Vetter(joblib.load(model_file), card)
