"""Tests for the look-up scorer of fitted linear models (miner.extract.activities.linear): the same
probabilities as scikit-learn, on the shipped models over the repository's corpora and on small
pipelines of every component it reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from scipy.sparse import hstack
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from miner.evaluate.gold import load_gold_dir, resolve_docs_dir
from miner.evaluate.run import read_document
from miner.extract.activities.linear import (
    Flags,
    Logistic,
    Opaque,
    OpaqueHead,
    Terms,
    linear_model,
    pipeline_model,
    predict,
)
from miner.extract.activities.typer import ActivityTyper, load_typer
from miner.extract.activities.vetting import Vetter, load_vetter
from miner.extract.mentions.document import document_kind, effective_title
from miner.extract.pipeline import candidates
from miner.extract.resources import load_resources
from miner.records import Activity, Document

ROOT = Path(__file__).resolve().parents[2]
TOLERANCE = 1e-9

PLAN = ["第3周 召开教研组长会议，布置新学期工作", "10月下旬 举办青年教师  赛课活动", "组织学生参加秋季运动会",
        "开展“双减”专题研讨", "English Week：学生英语演讲比赛", "期末质量分析会\n各年级组长参加",
        "家长开放日；幼儿体检", "学习保育规范、技能考核", "", "三月"]
LABELS = ["meeting", "competition", "student_activity", "seminar", "competition", "quality_analysis",
          "student_activity", "training", "other", "other"]


def _close(got: list[list[float]], want: object) -> None:
    want_rows = [[float(p) for p in row] for row in want]  # type: ignore[attr-defined]
    assert len(got) == len(want_rows)
    for g, w in zip(got, want_rows, strict=True):
        assert g == pytest.approx(w, abs=TOLERANCE, rel=0)


def _corpus_documents() -> list[Document]:
    """The repository's own documents: the seeds, the gold corpus, the held-out corpus."""
    out = []
    for name in ("seed_gold", "gold", "heldout"):
        folder = ROOT / "corpora" / name
        docs = resolve_docs_dir(folder, None)
        out += [read_document(docs / gold.source) for gold in load_gold_dir(folder)]
    return out


@pytest.fixture(scope="module")
def corpus() -> list[tuple[Document, list[Activity], list[dict[str, float]], str]]:
    res = load_resources()
    out = []
    for doc in _corpus_documents():
        found, hints = candidates(doc, res)
        out.append((doc, list(found.activities), hints, found.facts.kind))
    return out


def _sklearn_vetter(vetter: Vetter) -> Vetter:
    """The same models, scored by scikit-learn itself (the cache holds no look-up model)."""
    twin = Vetter(vetter.bundle, vetter.card)
    twin._linear = {"document": None, "activity": None}
    return twin


def test_linear_vetting_models_match_sklearn_on_the_corpora(corpus) -> None:
    vetter = load_vetter()
    assert vetter is not None, "models/vetting is not trained: run `miner train --real ../shared/real`"
    reference = _sklearn_vetter(vetter)
    n_acts = 0
    for doc, acts, hints, kind in corpus:
        title = effective_title(doc)
        rule_kind = document_kind(title, doc.text)
        got = vetter._doc_proba(title, doc.text, rule_kind)
        want = reference._doc_proba(title, doc.text, rule_kind)
        assert got[0] is not None and got[1] is not None and want[0] is not None and want[1] is not None
        assert got == pytest.approx(want, abs=TOLERANCE, rel=0)
        proba = vetter.activity_proba(acts, kind, len(doc.text), hints)
        want_acts = reference.activity_proba(acts, kind, len(doc.text), hints)
        assert proba == pytest.approx(want_acts, abs=TOLERANCE, rel=0)
        n_acts += len(acts)
    assert n_acts > 500
    assert vetter._linear["document"] is not None and vetter._linear["activity"] is not None  # no fallback


def test_linear_typer_matches_sklearn_on_the_corpora(corpus) -> None:
    typer = load_typer()
    assert typer is not None and typer._linear is not None
    names = sorted({a.name for _, acts, _, _ in corpus for a in acts})[:3000]
    fresh = ActivityTyper(typer.model)
    got = fresh.proba(names)
    want = typer.model.predict_proba(names)
    _close([[p[c] for c in fresh.codes] for p in got], want)


def test_linear_reads_every_known_component() -> None:
    words = CountVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), binary=True)
    chars = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), norm="l1", lowercase=False, use_idf=False)
    wide = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 2), sublinear_tf=True)
    union = FeatureUnion([("words", words), ("chars", chars), ("wide", wide), ("off", "drop")],
                         transformer_weights={"words": 0.5, "wide": 2.0})
    clf = LogisticRegression(C=5.0, max_iter=2000)
    model = Pipeline([("features", union), ("clf", clf)]).fit(PLAN, LABELS)
    linear = pipeline_model(model)
    assert linear is not None
    assert [type(b) for b in linear.blocks] == [Terms, Terms, Terms]
    assert [b.native for b in linear.blocks if isinstance(b, Terms)] == [False, True, False]
    assert isinstance(linear.heads[0], Logistic)
    probe = [*PLAN, "未见过的文字 ABC", "  召开  会议  "]
    _close(linear.predict_proba([probe] * 3)[0], model.predict_proba(probe))


def test_linear_flags_read_strings_numbers_and_lists() -> None:
    flags = [{"kind": "plan", "n": 3, "share": 0.25, "tags": ["a", "b"], "on": True},
             {"kind": "summary", "share": 0.75}, {"tags": ["b"], "n": 1}, {"kind": "plan"}]
    vec = DictVectorizer().fit(flags)
    clf = LogisticRegression().fit(vec.transform(flags), [1, 0, 1, 0])
    linear = linear_model([vec], [clf])
    assert linear is not None and isinstance(linear.blocks[0], Flags)
    probe = [*flags, {"kind": "other", "unknown": 1.0}, {}]
    _close(linear.predict_proba([probe])[0], clf.predict_proba(vec.transform(probe)))


def test_linear_reads_terms_and_flags_for_a_classifier_it_does_not_know() -> None:
    texts = PLAN[:8]
    flags = [{"kind": "plan" if i % 3 else "summary", "share": i / 8} for i in range(8)]
    chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 2)).fit(texts)
    vec = DictVectorizer().fit(flags)
    x = hstack([chars.transform(texts), vec.transform(flags)]).tocsr()
    labels = [i % 2 for i in range(8)]
    calibrated = CalibratedClassifierCV(LogisticRegression(), cv=2).fit(x, labels)
    plain = LogisticRegression().fit(x, labels)
    linear = linear_model([chars, vec], [calibrated, None, plain])
    assert linear is not None and isinstance(linear.heads[0], OpaqueHead) and linear.heads[1] is None
    got = linear.predict_proba([texts, flags])
    assert got[1] is None and got[0] is not None and got[2] is not None
    _close(got[0], calibrated.predict_proba(x))
    _close(got[2], plain.predict_proba(x))


class _OwnVectorizer(CountVectorizer):
    """A vectorizer class the scorer does not know: read through its own transform."""


def test_linear_falls_back_to_the_components_own_calls() -> None:
    own = _OwnVectorizer(analyzer="char", ngram_range=(1, 2)).fit(PLAN)
    x = own.transform(PLAN)
    calibrated = CalibratedClassifierCV(LogisticRegression(), cv=2).fit(x, [i % 2 for i in range(len(PLAN))])
    linear = linear_model([own], [calibrated])
    assert linear is not None
    assert isinstance(linear.blocks[0], Opaque) and isinstance(linear.heads[0], OpaqueHead)
    _close(linear.predict_proba([PLAN])[0], calibrated.predict_proba(x))
    # a transformer without readable columns: no look-up model, scikit-learn scores
    hashing = HashingVectorizer(n_features=64)
    clf = LogisticRegression().fit(hashing.transform(PLAN), [i % 2 for i in range(len(PLAN))])
    cache: dict = {}
    got = predict(cache, "h", [(hashing, PLAN)], [clf, None])
    assert cache["h"] is None and got[1] is None
    assert got[0] is not None
    _close(got[0], clf.predict_proba(hashing.transform(PLAN)))


def test_linear_refuses_widths_that_do_not_add_up() -> None:
    vec = TfidfVectorizer(analyzer="char").fit(PLAN)
    clf = LogisticRegression().fit(TfidfVectorizer(analyzer="char", ngram_range=(1, 2)).fit_transform(PLAN),
                                   [i % 2 for i in range(len(PLAN))])
    assert linear_model([vec], [clf]) is None


def test_linear_scores_a_repeated_line_once_with_the_same_probabilities() -> None:
    lines = ["第五周 召开班主任例会，布置安全教育", "举办校园读书节  启动仪式", "组织期中考试质量分析"]
    flags = [{"unit": "row", "n": i} for i in range(9)]
    items = [lines[i % 3] for i in range(9)]  # several candidates cut from each line
    chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True).fit(PLAN + lines)
    vec = DictVectorizer().fit(flags)
    x = hstack([chars.transform(items), vec.transform(flags)]).tocsr()
    binary = LogisticRegression().fit(x, [i % 2 for i in range(9)])
    multi = LogisticRegression(max_iter=2000).fit(x, [i % 4 for i in range(9)])
    linear = linear_model([chars, vec], [binary, multi])
    assert linear is not None
    got = linear.predict_proba([items, flags])
    assert got[0] is not None and got[1] is not None
    _close(got[0], binary.predict_proba(x))
    _close(got[1], multi.predict_proba(x))
    assert got[0][0] != got[0][3]  # same line, other flags: scored apart
    for i in range(9):  # a repeated line adds the very same products as the line scored alone
        alone = linear.predict_proba([[items[i]], [flags[i]]])
        assert alone[0] == [got[0][i]] and alone[1] == [got[1][i]]


@pytest.mark.parametrize("sizes", [(1, 1), (1, 2), (1, 3), (2, 3), (2, 4), (3, 3), (1, 5)])
def test_linear_terms_count_what_the_vectorizer_counts_in_its_order(sizes: tuple[int, int]) -> None:
    """Longer n-grams are looked up only where a shorter one begins a longer term: the counts and the
    order of first sight stay scikit-learn's, for every range of sizes, with unknown characters and
    terms that end where the text ends."""
    fitted = ["教研组长会议", "教研活动安排", "青年教师赛课", "会议纪要 第3周", "赛课评比", "𠀋字测试"]
    vectorizer = CountVectorizer(analyzer="char", ngram_range=sizes).fit(fitted)
    terms = linear_model([vectorizer], [None])
    assert terms is not None
    block = terms.blocks[0]
    assert isinstance(block, Terms) and block.native
    texts = ["召开教研组长会议，研究赛课", "教研教研教研", "无关的字", "", "会", "𠀋字测试 教师赛课评比会议",
             "第3周  教研活动安排与青年教师赛课"]
    for text in texts:
        seen = [0] * block.width
        order = block.tally(text, seen)
        analyzer = vectorizer.build_analyzer()
        want_order: list[int] = []
        for term in analyzer(text):
            j = vectorizer.vocabulary_.get(term)
            if j is not None and j not in want_order:
                want_order.append(j)
        counts = vectorizer.transform([text]).toarray()[0]
        assert order == want_order
        assert seen == [int(c) for c in counts]
