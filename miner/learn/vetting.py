"""Train the vetting models (kind, news report, activity) on real annotated pages; save them with a card.

Labels come from the gold files of `REAL/train`: the kind and, from `REAL/sources.csv`, whether a
page is a news report; a candidate activity of the rules is a positive when the scorer of `miner
eval` pairs it with a gold activity. The thresholds (activity, rule, news) are chosen on
out-of-fold probabilities, with folds grouped by site (the registered domain of the page address
in `sources.csv`, `real.site_of`: no site is in a fold's training and test part, as no site is in
both train and dev),
the shipped models learn from every training document, and the card records the training data's
hash, the library versions and the figures on `REAL/dev` (measured in aggregate).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from miner.evaluate.gold import GoldDocument, load_gold, load_gold_dir, resolve_docs_dir
from miner.evaluate.run import evaluate, read_document
from miner.evaluate.score import match_activities
from miner.extract.activities.typer import _versions, load_typer
from miner.extract.activities.vetting import (
    MODEL_DIR,
    MOOD_OF_KIND,
    SHAPE,
    Vetter,
    activity_flags,
    covered_parts,
    doc_flags,
    doc_text,
    event_choice,
    load_vetter,
    never_activity,
    threshold_of,
)
from miner.extract.mentions.document import document_kind, effective_title
from miner.extract.pipeline import candidates
from miner.extract.resources import load_resources
from miner.learn.real import data_sha256, genres, sites, train_split
from miner.records import Activity, Document

FOLDS = 5
RULE_MAX = 0.3  # the model drops a candidate of the rules only when fairly sure it is no activity
LOOSE_MIN = 0.5  # and keeps a clause no rule took only when it is more likely an activity than not
NEWS_THRESHOLDS = (0.5, 0.6, 0.7)  # chosen by the grouped folds, with the activity thresholds
EXTRA_WEIGHT = 0.5  # a self-written plan or summary counts half a real page for the kind model
PAIR_WEIGHT = 0.5  # a pair's plan or summary (122 of them against 70 real pages) for the news model
# The pages of --more-real (annotated by other hands than --real's) teach the activity model at full
# weight, and never the document models. Measured out of fold by site on shared/real's 70 train pages
# (2026-12-08). Activity F1, sites as hosts: without added pages 0.651; with 82 of them at weight 1 /
# 0.5, 0.676 / 0.665; with 228, 0.673 / 0.679; sites as registered domains (as now), with the
# candidates and taxonomy of that day: 0.651 without, 0.671 with 228 at weight 1. The kind model,
# learning 167 added pages at weight 1 / 0.5 / 0.25 / not at all, was right on 0.900 / 0.914 /
# 0.929 / 0.957 of the 70 pages (and 0.934 / 0.928 / 0.922 / 0.910 of the added ones: 219 of 237
# right in all four); the news model on 0.886 / 0.900 / 0.943 / 1.000.
F1_TIE = 0.005  # out-of-fold F1s closer than this count as equal when thresholds are chosen
DOC_C = 1.0  # the document models' regularisation (grouped folds: C 1 and 4 tie, 16 is worse)


@dataclass(frozen=True, slots=True)
class VetReport:
    """What `train_vetting` did: sizes, out-of-fold figures, the dev figures and where the model went."""

    n_documents: int
    n_candidates: int
    threshold: float
    oof: dict[str, float]  # out-of-fold on train: kind accuracy, news accuracy, activity P/R/F1
    dev: dict[str, float]  # `miner eval REAL/dev` with the new models (empty without a dev folder)
    model_path: str


@dataclass
class _Doc:
    gold: GoldDocument
    title: str
    text: str
    rule_kind: str
    summary: int
    news: int
    weight: float = 1.0
    for_kind: bool = True  # the pairs' documents teach the news model only


def _doc_row(gold: GoldDocument, doc: Document, *, news: bool = False, weight: float = 1.0,
             for_kind: bool = True) -> _Doc:
    """A document as the document models read it: title, text, the rules' kind and its labels."""
    title = effective_title(doc)
    return _Doc(gold, title, doc.text, document_kind(title, doc.text), int(gold.kind == "summary"),
                int(news), weight, for_kind)


def _doc_model(docs: list[_Doc], news_ids: set[str]) -> dict[str, Any]:
    """One vectorisation of title+opening and cue counts; a kind classifier on every document and a
    news classifier on the real ones (`news_ids`) and the self-written ones (weight below 1)."""
    from scipy.sparse import diags, hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    words = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    vec = DictVectorizer()
    x = hstack([words.fit_transform([doc_text(d.title, d.text) for d in docs]),
                vec.fit_transform([doc_flags(d.title, d.text, d.rule_kind) for d in docs])]).tocsr()
    kind = LogisticRegression(C=DOC_C, max_iter=3000, class_weight="balanced", random_state=0)
    some = [i for i, d in enumerate(docs) if d.for_kind]
    # the page's shape (numbered lines, days named) tells a report of one event from a plan or a
    # review; it says nothing of plan against summary: the kind model learns with it at zero
    offset = x.shape[1] - len(vec.vocabulary_)
    blank = diags([0.0 if name.startswith(SHAPE) else 1.0 for name in
                   [*([""] * offset), *vec.get_feature_names_out()]]).tocsr()
    kind.fit((x @ blank)[some], [docs[i].summary for i in some],
             sample_weight=[docs[i].weight for i in some])
    # the news model learns from the real pages and, as negatives at their weight, from the
    # self-written plans and summaries: without them it took any summary with a byline and a dated
    # opening for the report of one event (72 of the 79 pair summaries)
    rows = [i for i, d in enumerate(docs) if d.gold.id in news_ids or d.weight < 1.0]
    news = LogisticRegression(C=DOC_C, max_iter=3000, class_weight="balanced", random_state=0)
    news.fit(x[rows], [docs[i].news for i in rows], sample_weight=[docs[i].weight for i in rows])
    return {"text": words, "flags": vec, "kind": kind, "news": news}


# The activity model's regularisation. Measured out of fold by site on train (2026-12-07, 1,738
# candidates, thresholds re-chosen each time; F1 0.593, P 0.690 / R 0.520 as shipped): C 0.5 / 1 / 4 /
# 8 gave F1 0.587 / 0.598 / 0.590 / 0.591, no class weights 0.587, without the self-written
# documents 0.587. Context read beside a candidate did not help either: cues of the heading it sits
# under (aims, measures, schedule, review, a month or week) 0.584, with the top-level heading 0.582,
# its unit's position in the document 0.596, document signals (shares of weekday, dated and list-item
# candidates, P(news)) 0.592, a stacked second pass on the first pass's out-of-fold probabilities
# (previous and next candidate, best of its unit and of the units around it, the share of candidates
# of its shape kept, the document's mean) 0.590 over every feature and 0.581 on those alone, the
# shapes of the previous and next candidate (same unit, a label before it, unit kind, date) 0.597. The
# out-of-fold F1 is flat at 0.59-0.60 over any thresholds too: on 70 pages a gain under ~0.02 is
# noise, and none of these was shipped. Measured again on 2026-12-07 (1,834 candidates, with the
# calendar-fact filter of activities/vetting.py, which alone took the out-of-fold F1 from 0.631 to 0.645,
# P 0.711 -> 0.746): candidates weighted by 1/sqrt of their document's count 0.649, no unit n-grams
# 0.632, name n-grams seen twice or more 0.646, sigmoid-calibrated LogisticRegression 0.617 (its
# probabilities fall below the threshold grid), LogisticRegression averaged with gradient boosting on
# the flags 0.646 (P 0.766 / R 0.559); logits shifted by the document's mean logit 0.643 at best, and
# a news page keeping more than its event (any candidate above 0.6-0.95) lower at every bound. None
# was shipped: the learner is not what limits the figure. The largest loss is the weekly arrangements
# (out of fold P 0.37 / R 0.15 against the rules' R 0.97): the train ones are kindergarten class plans
# from one site, whose annotated items no other site's pages teach.
# Measured again on 2026-12-08 with scripts/vet_oof.py, on shared/real's 70 train pages alone and on
# them with the 228 added pages of 214 other sites (--more-real, 298 pages, 5 folds by site; F1 on the
# 70 / the 228 / all, thresholds chosen on the 70). Shipped model: 0.651 alone; 0.671 / 0.599 / 0.619
# with the added pages. Context flags (the cue of the heading a candidate sits under, the page's shares
# of table rows, dated and loose candidates, P(news), its unit's neighbours): 0.635 alone; 0.667 /
# 0.605 / 0.622. A second pass on the first pass's inner out-of-fold logit, its neighbours', the
# document's mean and its rank: gradient boosting 0.649 alone (P 0.69 / R 0.61), 0.678 / 0.594 / 0.618
# (weekly arrangements 0.32 -> 0.45 on the 70 and 0.27 -> 0.48 on the 228, the rest lower); a logistic
# regression 0.649 alone, 0.671 / 0.592 / 0.614. C 1 / 4: 0.669 / 0.671 on the 70, 0.615 / 0.616 on all.
# Each trades precision for recall at equal F1: none was shipped.
ACT_C = 2.0


def _activity_model(names: list[str], units: list[str], flags: list[dict[str, float]],
                    labels: list[int], weights: list[float]) -> dict[str, Any]:
    from scipy.sparse import hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    name = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1)
    unit = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, min_df=2,
                           max_features=30000)
    vec = DictVectorizer()
    x = hstack([name.fit_transform(names), unit.fit_transform(units), vec.fit_transform(flags)]).tocsr()
    clf = LogisticRegression(C=ACT_C, max_iter=3000, class_weight="balanced", random_state=0)
    clf.fit(x, labels, sample_weight=weights)
    return {"name": name, "unit": unit, "flags": vec, "clf": clf}


def site_folds(ids: list[str], site: Mapping[str, str], folds: int = FOLDS) -> list[int]:
    """Each document's fold, grouped by site (`site`: id → its site, as `real.sites` reads it), so
    that a fold is tested on sites its models never saw."""
    from sklearn.model_selection import GroupKFold

    groups = [site.get(i) or i for i in ids]
    out = [0] * len(ids)
    for fold, (_, test) in enumerate(GroupKFold(n_splits=folds).split(ids, groups=groups)):
        for i in test:
            out[int(i)] = fold
    return out


Candidate = tuple[GoldDocument, list[Activity], str, int, list[dict[str, float]]]


def _candidates(docs: list[tuple[GoldDocument, Document]], vetter: Vetter) -> list[Candidate]:
    """Each document's candidate activities (kind from `vetter`, before vetting) with its kind,
    length and hints."""
    res = load_resources()
    saved = res.extra.get("vetter")
    res.extra["vetter"] = vetter
    try:
        out: list[Candidate] = []
        for gold, doc in docs:
            ex, hints = candidates(doc, res)
            out.append((gold, list(ex.activities), ex.facts.kind, len(doc.text), hints))
        return out
    finally:
        res.extra["vetter"] = saved


@dataclass
class _Labelled:
    """One document's candidates with their hints and labels (1: the scorer pairs it with a gold one)."""

    gold: GoldDocument
    acts: list[Activity]
    kind: str
    n_chars: int
    hints: list[dict[str, float]]
    labels: list[int]
    fold: int = 0
    proba: list[float] | None = None
    news: float = 0.0
    weight: float = 1.0  # a self-written document's candidates count less (EXTRA_WEIGHT)
    title: str = ""  # the document's title, where a news report's event is named


def _labelled(cands: list[Candidate], fold: int = 0) -> list[_Labelled]:
    out = []
    for gold, acts, kind, n, hints in cands:
        matched = {j for _, j, _ in match_activities(gold, tuple(acts))}
        out.append(_Labelled(gold, acts, kind, n, hints, [int(j in matched) for j in range(len(acts))], fold))
    return out


def _extra_items(docs: list[tuple[GoldDocument, Document]], vetter: Vetter) -> list[_Labelled]:
    """The candidates of the self-written plans and summaries, labelled by their gold files, at
    EXTRA_WEIGHT: they keep the model from dropping the activities of well-formed documents."""
    items = _labelled(_candidates(docs, vetter))
    for it in items:
        it.weight = EXTRA_WEIGHT
    return items


def _activity_model_of(items: list[_Labelled]) -> dict[str, Any]:
    """The activity model learns from the candidates in the mood the gold annotates (a summary's
    plans for next year are neither right nor wrong there)."""
    names: list[str] = []
    units: list[str] = []
    flags: list[dict[str, float]] = []
    labels: list[int] = []
    weights: list[float] = []
    for it in items:
        wanted = MOOD_OF_KIND.get(it.gold.kind)
        for a, h, y in zip(it.acts, it.hints, it.labels, strict=True):
            if wanted is None or a.mood == wanted:
                names.append(a.name or a.evidence)
                units.append(a.evidence)
                flags.append(activity_flags(a, it.kind, it.n_chars, len(it.acts), h))
                labels.append(y)
                weights.append(it.weight)
    return _activity_model(names, units, flags, labels, weights)


def _simulate(rows: list[_Labelled], threshold: float, news_threshold: float, keep_rows: bool,
              rule_threshold: float | None = None) -> dict[str, float]:
    """Activity P/R/F1 when candidates below `threshold` are dropped (a news page keeps its event)."""
    tp = fp = fn = 0
    for r in rows:
        wanted = MOOD_OF_KIND.get(r.gold.kind)
        proba = r.proba or [1.0] * len(r.acts)
        if not r.acts:
            fn += len(r.gold.activities)
            continue
        if r.news >= news_threshold:  # its event, scored on its own (another candidate may be the
            event = r.acts[event_choice(r.acts, proba, r.title)]  # one the full list paired)
            hit = int(bool(match_activities(r.gold, (event,))))
            tp, fp, fn = tp + hit, fp + 1 - hit, fn + len(r.gold.activities) - hit
            continue
        rule = threshold if rule_threshold is None else rule_threshold
        keep = {i for i, p in enumerate(proba) if not never_activity(r.acts[i]) and (
                p >= threshold_of(r.acts[i], threshold, rule, r.news)
                or (keep_rows and "unit=row" in r.hints[i]))}
        keep -= covered_parts(r.acts, sorted(keep))
        hit = sum(r.labels[i] for i in keep)
        tp += hit
        fp += sum(1 for i in keep if not r.labels[i] and (wanted is None or r.acts[i].mood == wanted))
        fn += len(r.gold.activities) - hit
    p = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": rec, "f1": 2 * p * rec / (p + rec) if p + rec else 0.0}


@dataclass
class Folds:
    """The training data of `train_vetting` and its out-of-fold part: the documents as the document
    models read them (`rows`, `extra`), and, per fold grouped by site, the rules' candidates of the
    held-out pages with the document models of the other folds (`labelled`: their labels, news
    probability and title; `extra_items`: the self-written documents' candidates)."""

    docs: list[tuple[GoldDocument, Document]]
    rows: list[_Doc]
    extra: list[_Doc]
    extra_docs: list[tuple[GoldDocument, Document]]  # the extra_kind_dirs' documents (not the pairs')
    own: set[str]  # REAL's own train pages (not --more-real's)
    added: set[str]  # --more-real's pages
    genre: dict[str, str]
    keep_rows: bool
    labelled: list[_Labelled] = field(default_factory=list)
    extra_items: list[_Labelled] = field(default_factory=list)
    kind_ok: dict[str, bool] = field(default_factory=dict)  # the kind model right out of fold, per page
    oof_news: int = 0  # pages whose news reading out of fold is right

    def doc_models(self, train: list[_Doc], news_rows: list[_Doc]) -> dict[str, Any]:
        """The document models learnt from `train` (--more-real's pages teach none of them)."""
        learnt = [d for d in train if d.gold.id not in self.added]
        return {"loose": True, "keep_rows": self.keep_rows,
                "document": _doc_model(learnt, {d.gold.id for d in news_rows})}


def out_of_fold(real: Path, *, extra_kind_dirs: tuple[Path, ...] = (), pair_dirs: tuple[Path, ...] = (),
                keep_rows: bool = True, more_real: Sequence[Path] = ()) -> Folds:
    """`train_vetting`'s data and out-of-fold candidates (its arguments: see there); also used by
    scripts/vet_oof.py to measure variants of the activity model on the same candidates."""
    res = load_resources()
    res.typer = load_typer()  # candidates are typed by the typer as saved now (maybe just retrained)
    docs = train_split(real, more_real)
    genre = genres(real, more_real)
    own = {g.id for g in load_gold_dir(real / "train")}
    rows = [_doc_row(gold, doc, news=genre.get(gold.id) == "news_report") for gold, doc in docs]
    extra: list[_Doc] = []  # more plans and summaries (project-written gold), at EXTRA_WEIGHT
    extra_docs: list[tuple[GoldDocument, Document]] = []
    for folder in extra_kind_dirs:
        for gold in load_gold_dir(folder):
            doc = read_document(resolve_docs_dir(folder) / gold.source)
            extra.append(_doc_row(gold, doc, weight=EXTRA_WEIGHT))
            extra_docs.append((gold, doc))
    for pair in pair_dirs:  # a plan and a summary of several activities each: for the document models only
        for name in ("plan.json", "summary.json"):
            gold = load_gold(pair / name)
            doc = read_document(pair / gold.source)
            extra.append(_doc_row(gold, doc, weight=PAIR_WEIGHT, for_kind=False))
    folds = Folds(docs, rows, extra, extra_docs, own, {g.id for g, _ in docs} - own, genre, keep_rows)

    # out of fold: the document models, then the candidates each fold's kind model leads to
    news_of: dict[str, float] = {}
    fold_of = site_folds([d.gold.id for d in rows], sites(real, more_real))
    for fold in range(FOLDS):
        train_rows = [d for i, d in enumerate(rows) if fold_of[i] != fold]
        test = [i for i in range(len(rows)) if fold_of[i] == fold]
        vetter = Vetter(folds.doc_models(train_rows + extra, train_rows))
        for i in test:
            d = rows[i]
            folds.kind_ok[d.gold.id] = vetter.kind(d.title, d.text, d.rule_kind) == d.gold.kind
            news_of[d.gold.id] = vetter.news(d.title, d.text, d.rule_kind)
            folds.oof_news += int((news_of[d.gold.id] >= 0.5) == bool(d.news))
        folds.labelled += _labelled(_candidates([docs[i] for i in test], vetter), fold)
    title_of = {d.gold.id: d.title for d in rows}
    for r in folds.labelled:
        r.news, r.title = news_of[r.gold.id], title_of[r.gold.id]
    folds.extra_items = _extra_items(extra_docs, Vetter(folds.doc_models(rows + extra, rows)))
    return folds


def train_vetting(real_dir: str | Path, out_dir: str | Path | None = None, *,
                  extra_kind_dirs: tuple[Path, ...] = (), pair_dirs: tuple[Path, ...] = (),
                  keep_rows: bool = True, more_real: Sequence[Path] = ()) -> VetReport:
    """Train, choose thresholds out of fold, refit on every training document, save, measure on dev.

    `extra_kind_dirs`: gold folders of self-written plans and summaries, at EXTRA_WEIGHT for every
    model; `pair_dirs`: pair folders (plan.json, summary.json beside their texts), at PAIR_WEIGHT for
    the news model only (a plan or summary of many items is no news report); `more_real`: more
    annotated real pages shaped as REAL (train/, sources.csv), trained on and folded by site alike;
    the out-of-fold figures are then also given on REAL's own train pages."""
    import joblib

    real = Path(real_dir)
    res = load_resources()
    folds = out_of_fold(real, extra_kind_dirs=extra_kind_dirs, pair_dirs=pair_dirs, keep_rows=keep_rows,
                        more_real=more_real)
    docs, rows, extra, own, genre = folds.docs, folds.rows, folds.extra, folds.own, folds.genre
    labelled, extra_items, kind_ok = folds.labelled, folds.extra_items, folds.kind_ok
    doc_models = folds.doc_models
    for fold in range(FOLDS):
        fold_items = [r for r in labelled if r.fold != fold] + extra_items
        vetter = Vetter({"activity": _activity_model_of(fold_items)})
        for r in labelled:
            if r.fold == fold:
                r.proba = vetter.activity_proba(r.acts, r.kind, r.n_chars, r.hints)
    grid = [round(0.05 * k, 2) for k in range(2, 17)]
    triples = [(t, r, n) for t in grid for r in grid if t >= LOOSE_MIN and r <= RULE_MAX
               for n in NEWS_THRESHOLDS]
    # the thresholds are chosen on REAL's own pages, where the figures that count are measured:
    # --more-real's pages teach the model, REAL's annotators say where an activity begins
    mine = [r for r in labelled if r.gold.id in own]
    sims = {trn: _simulate(mine, trn[0], trn[2], keep_rows, trn[1]) for trn in triples}
    # F1s this close are ties on 70 pages. Among them, the pair of activity thresholds whose weaker
    # figure, precision or recall, is highest (the issue asks for both at 0.80; out of fold recall is
    # far the weaker), then the highest news threshold, since a page wrongly read as one event loses
    # all its activities but one, while a missed report only keeps a few sentences too many
    top = max(sim["f1"] for sim in sims.values())
    ties = [trn for trn in triples if sims[trn]["f1"] >= top - F1_TIE]
    best, rule_best, news_best = max(
        ties, key=lambda trn: (min(sims[trn]["precision"], sims[trn]["recall"]), trn[2], trn[0], trn[1]))
    figures = _simulate(labelled, best, news_best, keep_rows, rule_best)
    before = _simulate(labelled, 0.0, 2.0, keep_rows)

    # the shipped models: every training document
    bundle = doc_models(rows + extra, rows)
    items = _labelled(_candidates(docs, Vetter(dict(bundle))))
    bundle["activity"] = _activity_model_of(items + extra_items)
    bundle["threshold"] = best
    bundle["rule_threshold"] = rule_best
    bundle["news_threshold"] = news_best
    folder = Path(out_dir) if out_dir else MODEL_DIR
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(bundle, folder / "model.joblib", compress=3)
    oof = {"news_threshold": news_best, "kind_accuracy": round(sum(kind_ok.values()) / len(rows), 4),
           "news_accuracy": round(folds.oof_news / len(rows), 4),
           **{f"activity_{k}": round(v, 4) for k, v in figures.items()},
           **{f"activity_{k}_rules_only": round(v, 4) for k, v in before.items()}}
    if more_real:  # on REAL's own train pages: the figures comparable with a training on REAL alone
        oof["kind_accuracy_real_only"] = round(sum(kind_ok[i] for i in own) / len(own), 4)
        oof.update({f"activity_{k}_real_only": round(v, 4)
                    for k, v in sims[(best, rule_best, news_best)].items()})
    by_genre = {g: _simulate([r for r in mine if genre.get(r.gold.id) == g], best, news_best, keep_rows,
                             rule_best)["f1"] for g in sorted({genre.get(i, "") for i in own})}

    card: dict[str, Any] = {
        "name": "vetting",
        "task": "plan/summary kind, news report of one event, and whether a rule's candidate is an activity",
        "features": "TF-IDF char n-grams of title+opening (markup stripped, folded) / activity name and "
                    "unit, plus flags (cue words, unit shape, clause, weekday/date, verbs of doing vs aims, "
                    "people, duplicates); LogisticRegression (balanced)",
        "model_selection": f"{FOLDS} folds grouped by site (the registered domain of the page address in "
                           "sources.csv)",
        "trained": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "training_data": {"dir": "shared/real/train", "sha256": data_sha256(real),
                          "more": {folder.name: data_sha256(folder) for folder in more_real},
                          "n_documents": len(rows),
                          "n_candidates": sum(len(i.acts) for i in items),
                          "extra_kind_documents": len(extra)},
        "threshold": best,
        "rule_threshold": rule_best,
        "news_threshold": news_best,
        "metrics": {"train_out_of_fold_by_site": oof,
                    "train_out_of_fold_by_site_activity_f1_by_genre": {
                        g: round(f, 4) for g, f in by_genre.items()}},
        "versions": _versions(),
    }
    card_path = folder / "card.json"
    card_path.write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    load_vetter.cache_clear()
    res.extra.pop("vetter", None)
    dev: dict[str, float] = {}
    if (real / "dev").is_dir() and folder == MODEL_DIR:
        dev = {k: round(v, 4) for k, v in evaluate(real / "dev").overall.items()}
        card["metrics"]["dev"] = dev
        card_path.write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return VetReport(len(rows), card["training_data"]["n_candidates"], best, oof, dev,
                     str(folder / "model.joblib"))
