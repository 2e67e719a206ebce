"""TF-IDF cosine similarity of short labels as scikit-learn computes it, without its per-call cost.

`align` compares each plan with its summary using TF-IDF of character 1–3-grams fitted on that
pair's activity names. scikit-learn's vectorizer spends about 15 ms a call validating and building
sparse matrices for thirty short strings, which made comparing 5,000 pairs take minutes; the same
arithmetic on a small dense matrix takes well under a millisecond. Tested against scikit-learn
(`TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)`, its defaults
otherwise: lowercase, smooth idf, l2 norm).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

_SPACES = re.compile(r"\s\s+")


def char_wb_ngrams(text: str, low: int = 1, high: int = 3) -> list[str]:
    """Character n-grams inside word boundaries padded with a space (scikit-learn's char_wb)."""
    grams: list[str] = []
    for word in _SPACES.sub(" ", text.lower()).split():
        w = f" {word} "
        for n in range(low, high + 1):
            grams += [w[i:i + n] for i in range(max(1, len(w) - n + 1))]
            if len(w) <= n:  # a word shorter than n counts once
                break
    return grams


_SUBLINEAR = [0.0, *(1.0 + math.log(n) for n in range(1, 64))]  # 1 + log(n), the sublinear TF


def tfidf_matrix(texts: Sequence[str]) -> np.ndarray:
    """Rows of l2-normalised sublinear TF × smooth IDF weights, one per text."""
    counts = [Counter(char_wb_ngrams(t)) for t in texts]
    vocab: dict[str, int] = {}
    for c in counts:
        for gram in c:
            vocab.setdefault(gram, len(vocab))
    rows = np.repeat(np.arange(len(texts)), [len(c) for c in counts])
    cols = [vocab[gram] for c in counts for gram in c]
    values = [_SUBLINEAR[n] if n < 64 else 1.0 + math.log(n) for c in counts for n in c.values()]
    matrix = np.zeros((len(texts), len(vocab)))
    matrix[rows, cols] = values
    df = np.count_nonzero(matrix, axis=0)
    matrix *= np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    return matrix / norms[:, None]


def cosine_block(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Similarity of every left text with every right one, TF-IDF fitted on all of them together."""
    if not left or not right:
        return np.zeros((len(left), len(right)))
    matrix = tfidf_matrix([*left, *right])
    return np.asarray(matrix[: len(left)] @ matrix[len(left):].T)
