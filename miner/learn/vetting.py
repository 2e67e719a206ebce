"""Train the vetting models (kind, news report, activity) on real annotated pages; save them with a card.

Labels come from the gold files of `REAL/train`: the kind and, from `REAL/sources.csv`, whether a
page is a news report; a candidate activity of the rules is a positive when the scorer of `miner
eval` pairs it with a gold activity. The thresholds are chosen on out-of-fold probabilities (folds
by document), the shipped models learn from every training document, and the card records the
training data's hash, the library versions and the figures on `REAL/dev` (measured in aggregate).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from miner.evaluate.gold import GoldDocument, load_gold_dir, resolve_docs_dir
from miner.evaluate.run import evaluate, read_document
from miner.learn.real import data_sha256, genres, read_split
from miner.evaluate.score import match_activities
from miner.extract.document import document_kind, effective_title
from miner.extract.pipeline import _detector, extract, name_hints
from miner.extract.resources import load_resources
from miner.extract.typer import _versions
from miner.extract.vetting import MODEL_DIR, Vetter, activity_flags, doc_flags, doc_text, load_vetter
from miner.records import Activity, Document

MOOD_OF_KIND = {"plan": "planned", "summary": "reported"}
FOLDS = 5


@dataclass(frozen=True, slots=True)
class VetReport:
    """What `train_vetting` did: sizes, out-of-fold figures, the dev figures and where the model went."""

    n_documents: int
    n_candidates: int
    threshold: float
    oof: dict[str, float]  # out-of-fold on train: kind accuracy, news accuracy, activity P/R/F1
    dev: dict[str, float]  # `miner eval REAL/dev` with the new models (empty without a dev folder)
    model_path: str


def _doc_model(texts: list[str], flags: list[dict[str, float]], labels: list[int]) -> dict[str, Any]:
    from scipy.sparse import hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    words = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    vec = DictVectorizer()
    x = hstack([words.fit_transform(texts), vec.fit_transform(flags)]).tocsr()
    clf = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced", random_state=0).fit(x, labels)
    return {"text": words, "flags": vec, "clf": clf}


def _activity_model(names: list[str], units: list[str], flags: list[dict[str, float]],
                    labels: list[int]) -> dict[str, Any]:
    from scipy.sparse import hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    name = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1)
    unit = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, min_df=2, max_features=30000)
    vec = DictVectorizer()
    x = hstack([name.fit_transform(names), unit.fit_transform(units), vec.fit_transform(flags)]).tocsr()
    clf = LogisticRegression(C=2.0, max_iter=3000, class_weight="balanced", random_state=0).fit(x, labels)
    return {"name": name, "unit": unit, "flags": vec, "clf": clf}


@dataclass
class _Doc:
    gold: GoldDocument
    title: str
    text: str
    rule_kind: str
    summary: int
    news: int


def _fold_of(i: int) -> int:
    return i % FOLDS


def _candidates(docs: list[tuple[GoldDocument, Document]], vetter: Vetter) -> list[tuple[GoldDocument, list[Activity],
                                                                                        str, int]]:
    """Each document's candidate activities (kind from `vetter`, no activity model) with its kind."""
    res = load_resources()
    saved = res.extra.get("vetter")
    res.extra["vetter"] = vetter
    try:
        out = []
        for gold, doc in docs:
            ex = extract(doc, res)
            out.append((gold, list(ex.activities), ex.facts.kind, len(doc.text)))
        return out
    finally:
        res.extra["vetter"] = saved


def _simulate(rows: list[tuple[GoldDocument, list[Activity], list[int], list[float], float]],
              threshold: float, news_threshold: float) -> dict[str, float]:
    """Activity P/R/F1 when candidates below `threshold` are dropped (a news page keeps its best)."""
    tp = fp = fn = 0
    for gold, acts, labels, proba, news in rows:
        wanted = MOOD_OF_KIND.get(gold.kind)
        if not acts:
            fn += len(gold.activities)
            continue
        if news >= news_threshold:
            keep = {max(range(len(acts)), key=lambda i: (proba[i], -i))}
        else:
            keep = {i for i, p in enumerate(proba) if p >= threshold}
        hit = sum(labels[i] for i in keep)
        tp += hit
        fp += sum(1 for i in keep if not labels[i] and (wanted is None or acts[i].mood == wanted))
        fn += len(gold.activities) - hit
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def train_vetting(real_dir: str | Path, out_dir: str | Path | None = None, *,
                  extra_kind_dirs: tuple[Path, ...] = ()) -> VetReport:
    """Train, choose thresholds out of fold, refit on every training document, save, measure on dev."""
    import joblib

    real = Path(real_dir)
    docs = read_split(real, "train")
    genre = genres(real)
    rows: list[_Doc] = []
    for gold, doc in docs:
        title = effective_title(doc)
        rows.append(_Doc(gold, title, doc.text, document_kind(title, doc.text), int(gold.kind == "summary"),
                         int(genre.get(gold.id) == "news_report")))
    extra: list[_Doc] = []  # more plans and summaries for the kind model (project-written gold)
    for folder in extra_kind_dirs:
        for gold in load_gold_dir(folder):
            doc = read_document(resolve_docs_dir(folder) / gold.source)
            title = effective_title(doc)
            extra.append(_Doc(gold, title, doc.text, document_kind(title, doc.text), int(gold.kind == "summary"), 0))

    def doc_models(train: list[_Doc], news_rows: list[_Doc]) -> dict[str, Any]:
        return {
            "loose": True,
            "kind": _doc_model([doc_text(d.title, d.text) for d in train],
                               [doc_flags(d.title, d.text, d.rule_kind) for d in train], [d.summary for d in train]),
            "news": _doc_model([doc_text(d.title, d.text) for d in news_rows],
                               [doc_flags(d.title, d.text, d.rule_kind) for d in news_rows],
                               [d.news for d in news_rows]),
        }

    # out of fold: the document models, then the candidates each fold's kind model leads to
    oof_kind = oof_news = 0
    news_of: dict[str, float] = {}
    cand_rows: list[tuple[GoldDocument, list[Activity], str, int, int]] = []  # + fold
    for fold in range(FOLDS):
        train_rows = [d for i, d in enumerate(rows) if _fold_of(i) != fold]
        test = [(i, d) for i, d in enumerate(rows) if _fold_of(i) == fold]
        vetter = Vetter(doc_models(train_rows + extra, train_rows))
        for i, d in test:
            oof_kind += int(vetter.kind(d.title, d.text, d.rule_kind) == d.gold.kind)
            news_of[d.gold.id] = vetter.news(d.title, d.text, d.rule_kind)
            oof_news += int((news_of[d.gold.id] >= 0.5) == bool(d.news))
        for (gold, acts, kind, n), (i, d) in zip(_candidates([docs[i] for i, _ in test], vetter), test, strict=True):
            cand_rows.append((gold, acts, kind, n, fold))
    # labels: the candidates the scorer pairs with a gold activity
    labelled = []
    for gold, acts, kind, n, fold in cand_rows:
        matched = {j for _, j, _ in match_activities(gold, tuple(acts))}
        labelled.append((gold, acts, kind, n, fold, [int(j in matched) for j in range(len(acts))]))

    def act_model(items: list[Any]) -> dict[str, Any]:
        names = [a.name or a.evidence for _, acts, _, _, _, _ in items for a in acts]
        units = [a.evidence for _, acts, _, _, _, _ in items for a in acts]
        det = _detector(load_resources())
        flags = [activity_flags(a, kind, n, len(acts), h) for _, acts, kind, n, _, _ in items
                 for a, h in zip(acts, name_hints(acts, det), strict=True)]
        labels = [y for *_, ys in items for y in ys]
        return _activity_model(names, units, flags, labels)

    sim: list[tuple[GoldDocument, list[Activity], list[int], list[float], float]] = []
    for fold in range(FOLDS):
        model = act_model([r for r in labelled if r[4] != fold])
        vetter = Vetter({"activity": model})
        for gold, acts, kind, n, f, ys in labelled:
            if f == fold:
                hints = name_hints(acts, _detector(load_resources()))
                sim.append((gold, acts, ys, vetter.activity_proba(acts, kind, n, hints), news_of[gold.id]))
    grid = [round(0.05 * k, 2) for k in range(2, 17)]
    best = max(grid, key=lambda t: (_simulate(sim, t, 0.5)["f1"], -abs(t - 0.5)))
    figures = _simulate(sim, best, 0.5)
    before = _simulate(sim, 0.0, 2.0)

    # the shipped models: every training document
    bundle = doc_models(rows + extra, rows)
    final_cands = _candidates(docs, Vetter(dict(bundle)))
    items = []
    for gold, acts, kind, n in final_cands:
        matched = {j for _, j, _ in match_activities(gold, tuple(acts))}
        items.append((gold, acts, kind, n, 0, [int(j in matched) for j in range(len(acts))]))
    bundle["activity"] = act_model(items)
    bundle["threshold"] = best
    bundle["news_threshold"] = 0.5
    folder = Path(out_dir) if out_dir else MODEL_DIR
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(bundle, folder / "model.joblib", compress=3)
    oof = {"kind_accuracy": round(oof_kind / len(rows), 4), "news_accuracy": round(oof_news / len(rows), 4),
           **{f"activity_{k}": round(v, 4) for k, v in figures.items()},
           **{f"activity_{k}_rules_only": round(v, 4) for k, v in before.items()}}
    card: dict[str, Any] = {
        "name": "vetting",
        "task": "plan/summary kind, news report of one event, and whether a rule's candidate is an activity",
        "features": "TF-IDF char n-grams of title+opening / activity name and unit, plus flags; "
                    "LogisticRegression (balanced)",
        "trained": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "training_data": {"dir": "shared/real/train", "sha256": data_sha256(real), "n_documents": len(rows),
                          "n_candidates": sum(len(i[1]) for i in items),
                          "extra_kind_documents": len(extra)},
        "threshold": best,
        "metrics": {"train_out_of_fold": oof},
        "versions": _versions(),
    }
    card_path = folder / "card.json"
    card_path.write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    load_vetter.cache_clear()
    res = load_resources()
    res.extra.pop("vetter", None)
    dev: dict[str, float] = {}
    if (real / "dev").is_dir() and folder == MODEL_DIR:
        dev = {k: round(v, 4) for k, v in evaluate(real / "dev").overall.items()}
        card["metrics"]["dev"] = dev
        card_path.write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return VetReport(len(rows), card["training_data"]["n_candidates"], best, oof, dev, str(folder / "model.joblib"))
