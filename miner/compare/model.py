"""The learned matcher: a calibrated classifier over pair features, trained on the pair corpus."""

from __future__ import annotations

import datetime as dt
import json
import logging
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from miner.compare.corpus import GoldPair, corpus_hash
from miner.compare.features import FEATURES, feature_matrix, fit_idf, label, shares_content
from miner.compare.statements import cancellations, with_names
from miner.errors import CompareError
from miner.records import Activity

log = logging.getLogger(__name__)
MODEL_FILE = "matcher.pkl"
# One comparison for the matcher: planned activities, reported ones followed by the summary's
# cancellation statements, and how many of the latter there are.
Problem = tuple[Sequence[Activity], Sequence[Activity], int]
CARD_FILE = "card.json"


def default_model_dir() -> Path:
    """models/matcher, wherever the build put it (the checkout, or the package data of a wheel)."""
    from miner.shipped import MODELS, shipped_root

    return shipped_root(MODELS) / "matcher"


@dataclass
class Matcher:
    """Probability that a planned and a reported activity (or a cancellation statement) are one event."""

    idf: dict[str, float]
    default_idf: float
    classifier: Any  # a fitted scikit-learn classifier with predict_proba (calibrated)
    features: tuple[str, ...] = FEATURES
    card: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, plans: Sequence[Activity], reports: Sequence[Activity],
                      statements: int = 0) -> np.ndarray:
        """A (plans × reports) matrix of probabilities; the last `statements` reports are
        cancellation statements."""
        return self.probabilities_many([(plans, reports, statements)])[0]

    def probabilities_many(self, problems: Sequence[Problem]) -> list[np.ndarray]:
        """`probabilities` of several comparisons with one call of the classifier, whose fixed cost
        per call (input checks, five calibrated models) is larger than the work for one pair; each
        row is predicted on its own, so the figures are those of one call per comparison."""
        width = len(self.features)
        flats = [feature_matrix(p, r, self.idf, self.default_idf, s).reshape(-1, width)
                 for p, r, s in problems]
        x = np.vstack(flats) if flats else np.zeros((0, width))
        prob = np.zeros(len(x))
        # only the pairs that share content are predicted (the others are never a match, about five
        # in six rows); each row is predicted on its own, so the figures do not change
        keep = shares_content(x)
        if keep.any():
            # one OpenMP thread: the gradient-boosted trees predict a few hundred rows per call, and
            # their threads' spin-waits cost ten times the work itself (CPU of a 100-pair compare:
            # 10.4 s with the default threads, 1.1 s with one), worse still on a busy machine
            with threadpool_limits(limits=1, user_api="openmp"):
                prob[keep] = self.classifier.predict_proba(x[keep])[:, 1]
        out, at = [], 0
        for (plans, reports, _), flat in zip(problems, flats, strict=True):
            out.append(prob[at:at + len(flat)].reshape(len(plans), len(reports)))
            at += len(flat)
        return out

    def save(self, folder: str | Path) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / MODEL_FILE).open("wb") as fh:
            pickle.dump({"idf": self.idf, "default_idf": self.default_idf, "classifier": self.classifier,
                         "features": self.features}, fh)
        (folder / CARD_FILE).write_text(json.dumps(self.card, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
        return folder


def load_matcher(folder: str | Path | None = None) -> Matcher:
    """The trained matcher of `folder` (default: the shipped models/matcher)."""
    return _load(str(Path(folder) if folder else default_model_dir()))


@lru_cache(maxsize=4)
def _load(folder: str) -> Matcher:
    path = Path(folder) / MODEL_FILE
    if not path.is_file():
        raise CompareError(f"no trained matcher at {folder}: run `miner train --pairs corpora/pairs`")
    with path.open("rb") as fh:
        data = pickle.load(fh)  # noqa: S301 - our own artefact, written by `miner train --pairs`
    if tuple(data["features"]) != FEATURES:
        raise CompareError(f"the matcher at {folder} was trained on other features: retrain it with "
                           "`miner train --pairs corpora/pairs`")
    card_path = Path(folder) / CARD_FILE
    card = json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}
    return Matcher(data["idf"], data["default_idf"], data["classifier"], tuple(data["features"]), card)


# ---- training ---------------------------------------------------------------------------------

def pair_examples(pair: GoldPair, idf: dict[str, float], default_idf: float) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every planned × reported pair (and × cancellation statement) of a pair."""
    plans, reports = pair.plan_activities(), pair.report_activities()
    found = with_names(cancellations(pair.summary_text, f"{pair.pair_id}.summary", pair.period()), plans)
    statements = [s for s in found if not any(s.start < r.end and r.start < s.end for r in reports)]
    ident_p = {a.activity_id: a.activity_id for a in plans}
    ident_r = {a.activity_id: a.activity_id for a in reports}
    return labelled(pair, plans, reports, statements, ident_p, ident_r, pair.summary_text, idf, default_idf)


def labelled(pair: GoldPair, plans: Sequence[Activity], reports: Sequence[Activity],
             statements: Sequence[Activity], plan_gold: dict[str, str], report_gold: dict[str, str],
             summary_text: str, idf: dict[str, float], default_idf: float) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of activities (gold or extracted) mapped onto the pair's gold ids."""
    columns = [*reports, *statements]
    if not plans or not columns:
        return np.zeros((0, len(FEATURES))), np.zeros(0)
    x = feature_matrix(plans, columns, idf, default_idf, len(statements))
    y = np.zeros((len(plans), len(columns)))
    together = {(p, r) for d in pair.decisions if d.status in ("done", "shifted")
                for p in d.plan for r in d.report}
    reasons = [(d.reason, set(d.plan)) for d in pair.decisions if d.status == "cancelled" and d.reason]
    for i, a in enumerate(plans):
        gp = plan_gold.get(a.activity_id)
        for j, r in enumerate(reports):
            y[i, j] = (gp, report_gold.get(r.activity_id)) in together
        for k, s in enumerate(statements):
            for reason, ids in reasons:
                at = summary_text.find(reason)
                if gp in ids and at >= 0 and at < s.end and s.start < at + len(reason):
                    y[i, len(reports) + k] = 1
    return x.reshape(-1, len(FEATURES)), y.reshape(-1)


def corpus_texts(pairs: Sequence[GoldPair]) -> list[str]:
    return [label(a) for p in pairs for a in (*p.plan_activities(), *p.report_activities())]


KINDS = ("ensemble", "boosting", "logistic")


def _classifier(kind: str) -> Any:
    """A calibrated classifier: gradient boosting, logistic regression, or (ensemble, the default)
    the mean of both calibrated probabilities. Chosen by grouped cross-validation on the train
    pairs (benchmarks/matcher_cv.py, five folds of whole pairs): boosting alone grew confident on a
    distractor that shares a common word with a plan item (比赛, 联合教研) in the same month, and so
    matched a not-reported plan item with an unplanned report; the linear model is smoother there."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier, VotingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if kind not in KINDS:
        raise CompareError(f"unknown matcher kind {kind!r} (one of {', '.join(KINDS)})")
    logistic = CalibratedClassifierCV(
        make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")),
        method="isotonic", cv=5)
    boosting = CalibratedClassifierCV(
        HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15,
                                       min_samples_leaf=10, l2_regularization=1.0, random_state=0),
        method="isotonic", cv=5)
    ensemble = VotingClassifier([("boosting", boosting), ("logistic", logistic)], voting="soft")
    return {"ensemble": ensemble, "boosting": boosting, "logistic": logistic}[kind]


Examples = Callable[[GoldPair, dict[str, float], float], tuple[np.ndarray, np.ndarray]]


def fit_matcher(train: Sequence[GoldPair], kind: str = "ensemble", more: Examples | None = None) -> Matcher:
    """Fit IDF and a calibrated classifier on the train pairs (isotonic calibration, 5-fold);
    `more` gives further examples of a pair (its activities as the extractor reads them)."""
    if not train:
        raise CompareError("no training pairs: give a folder with train/ pairs (plan.txt, summary.txt, "
                           "plan.json, summary.json, alignment.json)")
    idf, default_idf = fit_idf(corpus_texts(train))
    makers = [pair_examples] if more is None else [pair_examples, more]
    xs, ys = zip(*(make(p, idf, default_idf) for p in train for make in makers), strict=True)
    x, y = np.vstack(xs), np.concatenate(ys)
    keep = shares_content(x)
    x, y = x[keep], y[keep]
    if y.sum() < 10:
        raise CompareError(f"too few matched pairs to learn from ({int(y.sum())})")
    clf = _classifier(kind).fit(x, y)
    return Matcher(idf, default_idf, clf, FEATURES, {
        "kind": kind, "trained": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "train_pairs": [p.pair_id for p in train], "train_examples": int(len(y)),
        "train_positives": int(y.sum()), "train_hash": corpus_hash(list(train)),
    })


def versions() -> dict[str, str]:
    import platform
    from importlib.metadata import version

    names = ("scikit-learn", "numpy", "jieba")
    return {"python": platform.python_version(), **{n: version(n) for n in names}}
