"""miner.compare.tfidf computes what scikit-learn's TfidfVectorizer (char_wb, 1–3, sublinear) computes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miner.compare.tfidf import char_wb_ngrams, cosine_block

LABELS = ["语文学科联合教研", "青年教师数学优质课评比", "集团理事会 例会", "Science week  开放日",
          "语文联合教研活动", "期末 质量分析会", "师徒结对签约仪式", "a", ""]


def _sklearn(left, right):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
    m = vec.fit_transform([*left, *right])
    return (m[: len(left)] @ m[len(left):].T).toarray()


def test_tfidf_ngrams_match_sklearn_analyzer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyze = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)).build_analyzer()
    for label in LABELS:
        assert char_wb_ngrams(label) == analyze(label)


@pytest.mark.parametrize("split", [1, 3, 5])
def test_tfidf_cosine_matches_sklearn(split):
    left, right = LABELS[:split], LABELS[split:-1]
    assert np.allclose(cosine_block(left, right), _sklearn(left, right), atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="教研会议语文数学 Aab12、", min_size=1, max_size=12),
                min_size=2, max_size=8))
def test_tfidf_cosine_matches_sklearn_on_any_labels(labels):
    left, right = labels[: len(labels) // 2], labels[len(labels) // 2:]
    if not any(s.strip() for s in labels):
        return  # scikit-learn refuses an empty vocabulary; ours gives zeros
    assert np.allclose(cosine_block(left, right), _sklearn(left, right), atol=1e-12)
