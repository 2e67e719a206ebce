"""The activity typer: a scikit-learn model over characters and jieba words, combined with head-noun rules."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any

from miner.errors import ResourceError
from miner.extract.activities.detection import outside_brackets
from miner.extract.activities.linear import pipeline_model
from miner.extract.lexicons.taxonomy import Hit, Taxonomy
from miner.extract.text.memo import BatchMemo
from miner.shipped import CORPORA, MODELS, shipped_root

log = logging.getLogger(__name__)

CORPUS_DIR = shipped_root(CORPORA) / "training"  # in a checkout only: a wheel does not carry it
MODEL_DIR = shipped_root(MODELS) / "activity_typer"  # models/activity_typer, installed as package data
RULE_CONFIDENCE = {3: 0.95, 2: 0.85, 1: 0.6}
C_DEFAULT = 32.0  # inverse regularisation, chosen by site-grouped cross-validation on real train pages
FEATURES = "TF-IDF char 1-3-grams + jieba words of the folded name; LogisticRegression (balanced)"
RULE_STRENGTH = 2  # a taxonomy word this strong decides by itself; the model types names without one
MIN_MODEL_PROB = 0.3  # below this (17 codes) the model is guessing: "other" (site-grouped CV: 0.2–0.35 alike)
WEAK_SUPPORT = 0.1  # a weak word (交流, 课程) whose type the model gives less than this yields to "other"
_HEAD_KEY = attrgetter("strength", "start")  # the head noun: the strongest hit, the right-most of equals


def words(text: str) -> list[str]:
    """jieba words of `text` (module-level so a saved model can find it again)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return [w for w in jieba.lcut(text) if w.strip()]


def keywords(text: str) -> list[str]:
    """The taxonomy's words in `text` as features: each hit's code (with its strength) and the head's."""
    from miner.extract.lexicons.taxonomy import load_taxonomy

    hits = load_taxonomy().hits(text)
    if not hits:
        return ["none"]
    head = max(hits, key=_HEAD_KEY)
    out = [f"head={head.code}", f"head={head.code}/{head.strength}", f"top={head.strength}"]
    out += [f"hit={h.code}/{h.strength}" for h in hits]
    return out


def build_model(seed: int = 0, c: float = C_DEFAULT, taxonomy_words: bool = False) -> Any:
    """TF-IDF over character 1–3-grams and jieba words, then a balanced logistic regression. The taxonomy's
    words as features (`taxonomy_words`) scored lower in site-grouped cross-validation: off by default."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    parts: list[tuple[str, Any]] = [
        ("chars", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1)),
        ("words", TfidfVectorizer(tokenizer=words, token_pattern=None, lowercase=False, sublinear_tf=True)),
    ]
    if taxonomy_words:
        parts.append(("taxonomy", CountVectorizer(analyzer=keywords, binary=True)))
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", random_state=seed)
    return Pipeline([("features", FeatureUnion(parts)), ("clf", clf)])


def fold_texts(texts: Sequence[str]) -> list[str]:
    """The texts folded as extraction folds a document (Traditional → Simplified, full-width → ASCII)."""
    from miner.extract.text.fold import fold

    return [fold(t) for t in texts]


def training_set(examples: Sequence[Example]) -> tuple[list[str], list[str]]:
    """Folded texts and labels, each (text, label) once: a page repeating one item (a weekly meeting
    listed under every week) must not outweigh the other sites."""
    pairs = list(dict.fromkeys(zip(fold_texts([e.text for e in examples]), (e.label for e in examples),
                                   strict=True)))
    return [t for t, _ in pairs], [lab for _, lab in pairs]


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled unit of the training corpus."""

    text: str
    label: str
    split: str = "train"  # train | paraphrase (held out: wording without trigger words)


def read_corpus(corpus_dir: str | Path | None = None) -> list[Example]:
    """Every `*.jsonl` file of the corpus folder: one {"text", "label", "split"?} object a line."""
    folder = Path(corpus_dir) if corpus_dir else CORPUS_DIR
    if not folder.is_dir():
        raise ResourceError(f"no training corpus at {folder}: train in a checkout of the repository, "
                            "or pass a folder of labelled *.jsonl units", code="A001")
    out: list[Example] = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row.get("text"), str) or not isinstance(row.get("label"), str):
                raise ValueError(f"{path.name}:{n}: needs string fields text and label")
            out.append(Example(row["text"], row["label"], row.get("split", "train")))
    return out


def corpus_sha256(corpus_dir: str | Path | None = None, patterns: tuple[str, ...] = ("*.jsonl",)) -> str:
    """sha256 over the names and bytes of a folder's files matching `patterns`, in name order."""
    folder = Path(corpus_dir) if corpus_dir else CORPUS_DIR
    digest = hashlib.sha256()
    for path in sorted({p for pattern in patterns for p in folder.glob(pattern)}):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class ActivityTyper:
    """A trained model: `proba(texts)` gives, per text, the probability of every code."""

    def __init__(self, model: Any, card: dict[str, Any] | None = None) -> None:
        self.model = model
        self.codes: tuple[str, ...] = tuple(model.classes_)
        self.card = card or {}
        # each row is scored on its own: cacheable
        self._known: BatchMemo[str, dict[str, float]] = BatchMemo(self._score, 50_000)
        self._linear = pipeline_model(model)  # the fitted model as look-ups (None: scikit-learn scores)

    def proba(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Per text, the probability of every code (names seen before come from a cache)."""
        known = self._known.results(texts)
        return [dict(known[t]) for t in texts]

    def _score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        if not texts:
            return []
        if self._linear is not None:  # every block of the FeatureUnion reads the same texts
            proba = self._linear.predict_proba([texts] * len(self._linear.blocks))[0] or []
            return [dict(zip(self.codes, row, strict=True)) for row in proba]
        from scipy.sparse import hstack

        features, clf = self.model.named_steps["features"], self.model.named_steps["clf"]
        parts = [step.transform(list(texts)) for _, step in features.transformer_list]
        matrix = clf.predict_proba(hstack(parts).tocsr())  # FeatureUnion without its joblib overhead
        return [dict(zip(self.codes, map(float, row), strict=True)) for row in matrix]

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [max(p, key=p.__getitem__) for p in self.proba(texts)]


@lru_cache(maxsize=2)
def load_typer(path: str | None = None) -> ActivityTyper | None:
    """The saved typer (models/activity_typer/model.joblib); R001 when it is missing."""
    import joblib

    folder = Path(path) if path else MODEL_DIR
    model_file = folder / "model.joblib"
    if not model_file.is_file():
        raise ResourceError(f"no activity typer at {model_file}: reinstall miner, or run `miner train` "
                            "in a checkout")
    card_file = folder / "card.json"
    card = json.loads(card_file.read_text(encoding="utf-8")) if card_file.is_file() else {}
    return ActivityTyper(joblib.load(model_file), card)


def decide(hits: Sequence[Hit], proba: dict[str, float] | None,
           rule_strength: int = RULE_STRENGTH, min_prob: float = MIN_MODEL_PROB) -> tuple[str, float]:
    """The type of one name: the head-noun rule when the name has a word of `rule_strength` or more,
    else the model (which reads the taxonomy's words among its features).

    A weaker trigger (研讨, 交流) yields to the model when the model is confident of another type.
    """
    if hits:
        head = hits[0] if len(hits) == 1 else max(hits, key=_HEAD_KEY)
        if head.strength >= rule_strength or not proba:
            return head.code, RULE_CONFIDENCE[head.strength]
        code = max(proba, key=proba.__getitem__)
        if code != head.code and proba[code] >= 0.6:
            return str(code), proba[code]
        if code == "other" or proba.get(head.code, 0.0) < WEAK_SUPPORT:  # only a generic word: other
            return "other", max(0.3, proba.get("other", 0.0))
        return head.code, max(RULE_CONFIDENCE[1], proba.get(head.code, 0.0))
    if proba:
        code = max(proba, key=proba.__getitem__)
        if proba[code] >= min_prob:
            return str(code), proba[code]
    return "other", 0.3


def type_names(names: Sequence[str], hits: Sequence[Sequence[Hit]], typer: ActivityTyper | None,
               tax: Taxonomy, rule_strength: int = RULE_STRENGTH,
               min_prob: float = MIN_MODEL_PROB) -> list[tuple[str, float]]:
    """The code and confidence of each activity name (`hits`: its taxonomy hits), as extraction types it:
    a word of `rule_strength` decides by the head-noun rule, the model (one call for all) types the rest."""
    # the head noun lies outside a bracketed aside: `教研活动(观摩研究)` is still a 教研活动
    hits = [outside_brackets(tuple(found), name) for name, found in zip(names, hits, strict=True)]
    ask = [n for n, found in enumerate(hits) if not any(h.strength >= rule_strength for h in found)]
    probas: list[dict[str, float] | None] = [None] * len(names)
    if typer is not None and ask:
        for n, scored in zip(ask, typer.proba([names[n] for n in ask]), strict=True):
            probas[n] = scored
    out: list[tuple[str, float]] = []
    for name, found, proba in zip(names, hits, probas, strict=True):
        code, confidence = decide(found, proba, rule_strength, min_prob)
        tail = tax.tail_code(name) or ("" if any(h.strength >= rule_strength for h in found)
                                       else tax.cue_code(name))
        if tail and tail != code:  # the name's last word is its head noun, or a typing cue names it
            code, confidence = tail, RULE_CONFIDENCE[2]
        out.append((tax.audience_code(code, name), confidence))
    return out


@dataclass(frozen=True, slots=True)
class TrainReport:
    """What `train` did: sizes, held-out accuracies and where the model went."""

    n_train: int
    n_test: int
    accuracy: float  # on a stratified 20 % of the labelled units
    paraphrase_accuracy: float | None  # on held-out paraphrases without trigger words
    n_paraphrase: int
    model_path: str
    corpus_sha256: str


def _versions() -> dict[str, str]:
    import jieba
    import sklearn

    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "jieba": getattr(jieba, "__version__", "unknown")}


def train(corpus_dir: str | Path | None = None, out_dir: str | Path | None = None,
          *, seed: int = 0, extra: Sequence[Example] = (),
          extra_source: dict[str, Any] | None = None) -> TrainReport:
    """Train on the corpus (plus `extra` units, e.g. real pages' gold activities), measure on held-out
    units and paraphrases, save model + card."""
    import joblib
    from sklearn.model_selection import train_test_split

    examples = read_corpus(corpus_dir) + list(extra)
    labelled = [e for e in examples if e.split == "train"]
    paraphrases = [e for e in examples if e.split == "paraphrase"]
    if len(labelled) < 50:
        raise ValueError(f"only {len(labelled)} labelled units in the corpus; need at least 50")
    texts, labels = training_set(labelled)
    x_tr, x_te, y_tr, y_te = train_test_split(texts, labels, test_size=0.2, random_state=seed,
                                              stratify=labels)
    probe = build_model(seed).fit(x_tr, y_tr)
    accuracy = float((probe.predict(x_te) == y_te).mean()) if x_te else 0.0
    para_acc = None
    if paraphrases:
        guess = probe.predict(fold_texts([e.text for e in paraphrases]))
        right = sum(g == e.label for g, e in zip(guess, paraphrases, strict=True))
        para_acc = float(right / len(paraphrases))
    model = build_model(seed).fit(texts, labels)  # the shipped model learns from every labelled unit
    folder = Path(out_dir) if out_dir else MODEL_DIR
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, folder / "model.joblib")
    sha = corpus_sha256(corpus_dir)
    card = {
        "name": "activity_typer",
        "task": "activity type (taxonomy code) of a short activity name or unit",
        "features": FEATURES,
        "trained": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "training_data": {"dir": "corpora/training", "sha256": sha, "n_labelled": len(labelled),
                          "n_paraphrase": len(paraphrases), "n_extra": len(extra),
                          **({"extra": extra_source} if extra_source else {})},
        "metrics": {"heldout_accuracy": round(accuracy, 4), "n_heldout": len(x_te),
                    "paraphrase_accuracy": None if para_acc is None else round(para_acc, 4)},
        "codes": sorted(set(labels)),
        "versions": _versions(),
    }
    (folder / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    load_typer.cache_clear()
    return TrainReport(len(x_tr), len(x_te), accuracy, para_acc, len(paraphrases),
                       str(folder / "model.joblib"), sha)
