"""Fitted linear scikit-learn models scored by dictionary look-ups and a dot product.

The learned vetting and the typer are linear models over TF-IDF n-grams and flag dictionaries. Called
per document on a few strings, scikit-learn spends nearly all its time validating inputs and building
sparse matrices. `linear_model` reads the fitted objects once (vocabularies, n-gram ranges, idf,
norms, DictVectorizer feature names, LogisticRegression coefficients) and `LinearModel.proba` then
gives the same probabilities (to rounding: tests/extract/test_linear.py) with no scikit-learn call:

- CountVectorizer and TfidfVectorizer (exactly these classes): character n-grams are cut here, any
  other analyzer (words, a tokenizer, a callable) is the vectorizer's own `build_analyzer()`;
- DictVectorizer: string values become `name=value`, numbers their value;
- any other transformer is called as it is (`transform`) for its block of columns;
- LogisticRegression (binary: the logistic of the score, else the softmax); another classifier gets
  its `predict_proba` on the rows.

A model of objects it cannot reproduce (widths that do not add up) is None: scikit-learn scores.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from miner.extract.activities.blocks import SPACES, Block, Flags, Opaque, Row, Terms, Vectors

__all__ = ["Block", "Blocks", "Flags", "Head", "LinearModel", "Logistic", "Opaque", "OpaqueHead", "Row",
           "Terms", "Vectors", "linear_model", "pipeline_model", "predict"]


class Head:
    """A fitted classifier."""


class Logistic(Head):
    """A LogisticRegression: the intercept plus the dot product with the coefficients, then the
    logistic (two classes: one coefficient row) or the softmax (more: a row per class)."""

    def __init__(self, coef: Vectors, intercept: list[float]) -> None:
        self.coef = coef
        self.intercept = intercept

    def finish(self, scores: list[float]) -> list[float]:
        """The class probabilities from the dot products with the coefficient rows."""
        if len(scores) == 1:
            p = _expit(scores[0] + self.intercept[0])
            return [1.0 - p, p]
        z = [s + b for s, b in zip(scores, self.intercept, strict=True)]
        top = max(z)
        exps = [math.exp(x - top) for x in z]
        total = sum(exps)
        return [e / total for e in exps]


class OpaqueHead(Head):
    """Any other classifier: its own `predict_proba` on the rows as a sparse matrix."""

    def __init__(self, clf: Any) -> None:
        self.clf = clf

    def proba(self, rows: list[Row], width: int) -> Vectors:
        from scipy.sparse import csr_matrix

        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        for row in rows:
            for col in sorted(row):
                indices.append(col)
                data.append(row[col])
            indptr.append(len(indices))
        matrix = csr_matrix((data, indices, indptr), shape=(len(rows), width))
        return [[float(p) for p in r] for r in self.clf.predict_proba(matrix)]


def _expit(x: float) -> float:
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


class LinearModel:
    """Blocks of features side by side (a FeatureUnion, an hstack) and the classifiers that read them."""

    def __init__(self, blocks: list[Block], heads: list[Head | None]) -> None:
        self.blocks = blocks
        self.heads = heads
        self.width = sum(b.width for b in blocks)
        # every LogisticRegression's coefficient rows, read in one pass over the features
        self.vectors: Vectors = [w for h in heads if isinstance(h, Logistic) for w in h.coef]

    def rows(self, inputs: Sequence[Sequence[Any]]) -> list[Row]:
        """The feature rows: `inputs[b]` holds, per item, what block `b` reads (its text or flags)."""
        n = len(inputs[0]) if inputs else 0
        rows: list[Row] = [{} for _ in range(n)]
        for block, items in zip(self.blocks, inputs, strict=True):
            block.add(items, rows)
        return rows

    def predict_proba(self, inputs: Sequence[Sequence[Any]]) -> list[Vectors | None]:
        """Per classifier (None stays None) and per item, the class probabilities (in `classes_` order):
        `inputs[b]` holds, per item, what block `b` reads."""
        n = len(inputs[0]) if inputs else 0
        scores: Vectors = [[0.0] * len(self.vectors) for _ in range(n)]
        if self.vectors:
            for block, items in zip(self.blocks, inputs, strict=True):
                block.dots(items, self.vectors, scores)
        rows: list[Row] | None = None
        out: list[Vectors | None] = []
        at = 0
        for head in self.heads:
            if isinstance(head, Logistic):
                k = len(head.coef)
                out.append([head.finish(s[at:at + k]) for s in scores])
                at += k
            elif isinstance(head, OpaqueHead):
                rows = rows if rows is not None else self.rows(inputs)
                out.append(head.proba(rows, self.width))
            else:
                out.append(None)
        return out


def _block(transformer: Any, offset: int, weight: float) -> Block:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    kind = type(transformer)
    vocab = getattr(transformer, "vocabulary_", None)
    if kind is DictVectorizer and vocab is not None and all(isinstance(k, str) for k in vocab):
        return Flags(offset, weight, {str(k): int(v) for k, v in vocab.items()}, str(transformer.separator))
    counts = kind is CountVectorizer or (kind is TfidfVectorizer and transformer.dtype in (float, np.float64))
    texts = vocab is not None and transformer.input == "content" and all(isinstance(k, str) for k in vocab)
    if counts and texts and vocab is not None:
        idf: list[float] | None = None
        sublinear, norm = False, ""
        if kind is TfidfVectorizer:
            tfidf = transformer._tfidf  # noqa: SLF001 - the fitted TfidfTransformer inside
            sublinear = bool(tfidf.sublinear_tf)
            norm = str(tfidf.norm or "")
            if hasattr(tfidf, "idf_"):
                idf = [float(x) for x in tfidf.idf_]
        native = (transformer.analyzer == "char" and transformer.preprocessor is None
                  and not transformer.strip_accents)
        chars = (int(transformer.ngram_range[0]), int(transformer.ngram_range[1])) if native else None
        spaces = getattr(transformer, "_white_spaces", SPACES)
        return Terms(offset, weight, {str(k): int(v) for k, v in vocab.items()}, chars,
                     bool(transformer.lowercase), None if native else transformer.build_analyzer(),
                     bool(transformer.binary), sublinear, idf, norm, spaces)
    return Opaque(offset, len(transformer.get_feature_names_out()), weight, transformer)


def _head(clf: Any) -> Head | None:
    if clf is None:
        return None
    from sklearn.linear_model import LogisticRegression

    if type(clf) is LogisticRegression and len(clf.classes_) >= 2:
        return Logistic([[float(x) for x in row] for row in clf.coef_], [float(x) for x in clf.intercept_])
    return OpaqueHead(clf)


def linear_model(transformers: Sequence[Any], classifiers: Sequence[Any],
                 weights: Sequence[float] | None = None) -> LinearModel | None:
    """The model of fitted `transformers` (their columns side by side, in this order; `weights`: a
    FeatureUnion's) and `classifiers` reading them (None stays None); None when it cannot be built."""
    blocks: list[Block] = []
    offset = 0
    try:
        for n, transformer in enumerate(transformers):
            block = _block(transformer, offset, 1.0 if weights is None else float(weights[n]))
            blocks.append(block)
            offset += block.width
        heads = [_head(c) for c in classifiers]
    except (AttributeError, TypeError, ValueError):
        return None
    for clf in classifiers:
        width = getattr(clf, "n_features_in_", offset)
        if clf is not None and width != offset:
            return None
    return LinearModel(blocks, heads)


def pipeline_model(model: Any) -> LinearModel | None:
    """The model of a fitted Pipeline of one vectorizer or a FeatureUnion, then a classifier."""
    from sklearn.pipeline import FeatureUnion, Pipeline

    if type(model) is not Pipeline or len(model.steps) != 2:
        return None
    features, clf = model.steps[0][1], model.steps[1][1]
    if type(features) is not FeatureUnion:
        return linear_model([features], [clf])
    parts = [(name, t) for name, t in features.transformer_list if not (isinstance(t, str) and t == "drop")]
    if any(isinstance(t, str) for _, t in parts):  # "passthrough": no columns of its own to read
        return None
    given = features.transformer_weights or {}
    return linear_model([t for _, t in parts], [clf], [float(given.get(name, 1.0)) for name, _ in parts])


# (fitted transformer, what it reads of each item), in the order of their columns
Blocks = Sequence[tuple[Any, Sequence[Any]]]


def predict(cache: dict[str, LinearModel | None], key: str, blocks: Blocks,
            heads: Sequence[Any]) -> list[list[list[float]] | None]:
    """Per classifier of `heads` (None stays None) and per item, the class probabilities over the
    `blocks` side by side: by the LinearModel kept in `cache[key]` (built on first use), or by
    scikit-learn itself when none can be built."""
    if key not in cache:
        cache[key] = linear_model([t for t, _ in blocks], heads)
    model = cache[key]
    if model is not None:
        return model.predict_proba([items for _, items in blocks])
    from scipy.sparse import hstack

    matrix = hstack([t.transform(list(items)) for t, items in blocks]).tocsr()
    return [None if h is None else [[float(p) for p in r] for r in h.predict_proba(matrix)] for h in heads]
