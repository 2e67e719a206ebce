"""Features of one planned × reported pair: shared distinctive words, n-grams, titles, schools, dates."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from miner.compare.tfidf import cosine_block
from miner.records import Activity

FEATURES = (
    "char_tfidf", "word_cover_plan", "word_cover_report", "word_dice", "common_run", "quote_same",
    "quote_differ", "subject_same", "subject_differ", "school_share", "school_differ", "type_same",
    "type_other", "date_known", "date_overlap", "gap_months", "gap_far", "row_margin", "col_margin",
    "row_rank1", "col_rank1", "statement", "shared_rarest", "left_plan", "left_report",
)
_QUOTED = re.compile(r"[“\"「『《<]([^”\"」』》>]{2,30})[”\"」』》>]")
_WORD_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_PUNCT = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")
# Words that say nothing about which activity is meant (verbs of doing, counters, the group itself).
GENERIC = frozenset({"开展", "进行", "组织", "举行", "举办", "召开", "活动", "工作", "集团", "学校", "各校",
                     "成员", "成员校", "教育", "完成", "计划", "按计划", "顺利", "本学期", "我们", "全体",
                     "参加", "参与", "教师", "老师", "一次", "本次", "此次", "相关", "部分", "全面"})


@lru_cache(maxsize=1)
def _jieba() -> object:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=50_000)
def words(text: str) -> tuple[str, ...]:
    """Content words of `text` (jieba), without punctuation, single characters and generic words."""
    jieba = _jieba()
    out = []
    for w in jieba.lcut(text):  # type: ignore[attr-defined]
        w = w.strip()
        if len(w) >= 2 and _WORD_CHARS.search(w) and w not in GENERIC:
            out.append(w)
    return tuple(dict.fromkeys(out))


def label(a: Activity) -> str:
    """The text that names an activity: its name (or evidence), theme, subjects and other mentions."""
    parts = [a.name or a.evidence, *a.also]
    parts += [x for x in (a.theme, *a.subjects) if x and x not in parts[0]]
    return " ".join(p for p in parts if p)


def quoted(a: Activity, text: str | None = None) -> set[str]:
    """Quoted titles and themes of an activity (“春晖杯”, 《…》); `text`: its label when known."""
    found = {m.group(1) for m in _QUOTED.finditer((label(a) if text is None else text) + " " + a.evidence)}
    if a.theme:
        found.add(a.theme)
    return found


def same_name(a: str, b: str) -> bool:
    """School or subject names match by containment: 城东实验 ~ 城东实验学校, 语文 ~ 中小学语文."""
    a, b = a.strip(), b.strip()
    return bool(a and b) and (a in b or b in a)


def shared_names(a: Sequence[str], b: Sequence[str]) -> list[str]:
    """The names of `a` that one of `b` names too."""
    return [x for x in a if any(same_name(x, y) for y in b)]


def types_of(a: Activity) -> set[str]:
    return set(a.types or (a.type,))


def gap_days(plan: Activity, report: Activity) -> int | None:
    """Signed days from the planned interval to the reported one (0 when they overlap)."""
    ps, rs = plan.date_start, report.date_start
    if ps is None or rs is None:
        return None
    pe, re_ = plan.date_end or ps, report.date_end or rs
    if rs > pe:
        return (rs - pe).days
    if re_ < ps:
        return -(ps - re_).days
    return 0


RUN_CAP = 6  # common_run counts shared runs of characters up to this length


def bare(name: str) -> str:
    """A name without punctuation, as common_run reads it."""
    return _PUNCT.sub("", name)


def common_run(a: str, b: str) -> int:
    """Length (at most RUN_CAP) of the longest run of characters two bare names share: the largest k
    with a k-gram of `a` inside `b` (a shared name part)."""
    starts = [i for i, c in enumerate(a) if c in b]  # where a shared run of length `run` starts
    run = 1 if starts else 0
    while starts and run < RUN_CAP:
        # a shared run of k + 1 characters begins with one of k: only those starts can grow
        starts = [i for i in starts if i + run < len(a) and a[i:i + run + 1] in b]
        run += bool(starts)
    return run


def char_similarity(plans: Sequence[str], reports: Sequence[str]) -> np.ndarray:
    """Cosine similarity of TF-IDF character 1–3-grams, fitted on this pair's texts (scikit-learn's
    arithmetic without its per-call cost: miner.compare.tfidf)."""
    return cosine_block(list(plans), list(reports))


def _weight(ws: Iterable[str], idf: Mapping[str, float], default: float) -> float:
    """The summed IDF weight of words, correctly rounded (`math.fsum`): the same float in whatever
    order a set of words is walked (that order follows Python's string hash seed, and with `sum` a
    report covered entirely came out 1.0 or 0.9999999999999999 by the seed)."""
    return math.fsum(idf.get(w, default) for w in ws)


def _rarest(ws: Iterable[str], idf: Mapping[str, float], default: float) -> float:
    """The IDF of the rarest of `ws` as a share of an unseen word's (0 without words)."""
    return max((idf.get(w, default) for w in ws), default=0.0) / default if default else 0.0


@dataclass(frozen=True, slots=True)
class Side:
    """What the pair features read of one activity (or cancellation statement), computed once per
    comparison rather than once per pair."""

    activity: Activity
    label: str
    words: set[str]
    weight: float  # the IDF weight of its words
    quoted: set[str]
    types: set[str]
    name: str | None  # its bare name, for common_run (None: it has none)
    pairs: frozenset[str]  # two characters in a row, of its words and of its name (feature_matrix)


def side(a: Activity, idf: Mapping[str, float], default_idf: float, statement: bool = False) -> Side:
    """The features' view of one activity; a statement is read by its sentence (evidence)."""
    text = label(a)
    ws = set(words(a.evidence if statement else text))
    name = bare(a.name or text) if a.name or text else None
    pairs = {w[k:k + 2] for w in ws for k in range(len(w) - 1)}
    if name:
        pairs.update(name[k:k + 2] for k in range(len(name) - 1))
    return Side(a, text, ws, _weight(ws, idf, default_idf), quoted(a, text), types_of(a), name,
                frozenset(pairs))


def _pair(p: Side, r: Side, char_sim: float, idf: Mapping[str, float], default_idf: float,
          statement: bool) -> dict[str, float]:
    plan, report = p.activity, r.activity
    pw, rw = p.words, r.words
    shared = pw & rw
    # a word of one side inside a longer word of the other (课堂教学评比 ~ 评比) counts half
    near = {w for w in pw - shared if any(w in x or x in w for x in rw)}
    near_r = {w for w in rw - shared if any(w in x or x in w for x in pw)}
    wp, wr = p.weight, r.weight
    ws = _weight(shared, idf, default_idf) + 0.5 * _weight(near, idf, default_idf)
    cover_p = ws / wp if wp else 0.0
    cover_r = min(1.0, ws / wr) if wr else 0.0
    qp, qr = p.quoted, r.quoted
    q_same = any(same_name(a, b) for a in qp for b in qr)
    run = common_run(p.name, r.name) if p.name is not None and r.name is not None else 0
    f = {
        "char_tfidf": char_sim, "word_cover_plan": min(1.0, cover_p), "word_cover_report": cover_r,
        "word_dice": 2 * ws / (wp + wr) if wp + wr else 0.0,
        "common_run": min(1.0, run / float(RUN_CAP)),
        "quote_same": float(q_same), "quote_differ": float(bool(qp and qr) and not q_same),
        "statement": float(statement),
        # how distinctive the shared part is (比赛 or 联合教研 alone is shared by many events of a
        # group), and the most distinctive word each side has that the other lacks (经典诵读 vs 征文)
        "shared_rarest": _rarest(shared | near, idf, default_idf),
        "left_plan": _rarest(pw - shared - near, idf, default_idf),
        "left_report": _rarest(rw - shared - near_r, idf, default_idf),
    }
    if plan.subjects and report.subjects:
        same = bool(shared_names(plan.subjects, report.subjects))
        f["subject_same"], f["subject_differ"] = float(same), float(not same)
    if plan.schools and report.schools:
        shared_s = shared_names(plan.schools, report.schools)
        f["school_share"] = len(shared_s) / min(len(plan.schools), len(report.schools))
        f["school_differ"] = float(not shared_s)
    tp, tr = p.types, r.types
    f["type_same"] = float(bool(tp & tr))
    f["type_other"] = float("other" in tp | tr)
    gap = gap_days(plan, report)
    if gap is not None:
        f["date_known"] = 1.0
        f["date_overlap"] = float(gap == 0)
        f["gap_months"] = min(abs(gap), 240) / 30.0
        f["gap_far"] = float(abs(gap) > 60)
    return f


def pair_features(plan: Activity, report: Activity, char_sim: float, idf: Mapping[str, float],
                  default_idf: float, statement: bool = False) -> dict[str, float]:
    """The features of one pair that do not depend on the other candidates."""
    return _pair(side(plan, idf, default_idf), side(report, idf, default_idf, statement), char_sim,
                 idf, default_idf, statement)


_INDEX = {name: k for k, name in enumerate(FEATURES)}


def _rivals(key: np.ndarray, same: np.ndarray) -> np.ndarray:
    """Per cell (i, j) of `key` (a × b), the best key[i, k] over the k whose `same[j, k]` is False
    (the rivals of j), 0 when j has none."""
    best = np.where(same[None, :, :], -np.inf, key[:, None, :]).max(axis=2)
    return np.where(np.isneginf(best), 0.0, best)


def feature_matrix(plans: Sequence[Activity], reports: Sequence[Activity], idf: Mapping[str, float],
                   default_idf: float, statements: int = 0) -> np.ndarray:
    """A (plans × reports × features) array; the last `statements` reports are cancellation sentences.

    A pair that shares no content is never a match and is not learned from (`shares_content`): of
    its features only char_tfidf and the rivals' margins, which its row and column read, are filled."""
    n_p, n_r = len(plans), len(reports)
    out = np.zeros((n_p, n_r, len(FEATURES)))
    if not n_p or not n_r:
        return out
    ps = [side(p, idf, default_idf) for p in plans]
    rs = [side(r, idf, default_idf, statement=j >= n_r - statements) for j, r in enumerate(reports)]
    texts = [r.label if j < n_r - statements else r.activity.evidence for j, r in enumerate(rs)]
    sim = char_similarity([p.label for p in ps], texts)
    out[:, :, _INDEX["char_tfidf"]] = sim
    cells: list[int] = []  # flat indexes into `out` of the features computed, and their values
    values: list[float] = []
    for i, p in enumerate(ps):
        for j, r in enumerate(rs):
            # a pair certainly sharing no content (`shares_content`) is skipped cheaply: a shared
            # word, or a word inside a longer one of the other side, holds two characters in a row
            # of both sides' words; a shared run of two characters of their names is one of both
            # names' pairs; a shared quoted title needs quoted titles on both sides
            if p.pairs.isdisjoint(r.pairs) and not (p.quoted and r.quoted):
                continue
            at = (i * n_r + j) * len(FEATURES)
            for name, value in _pair(p, r, float(sim[i, j]), idf, default_idf, j >= n_r - statements).items():
                cells.append(at + _INDEX[name])
                values.append(value)
    np.put(out, cells, values)
    # competition: how far a pair stands above the plan's (row) and report's (column) other
    # candidates; a candidate of the same name (a monthly 例会 again) is no rival: dates decide there
    key = out[:, :, _INDEX["word_dice"]] + out[:, :, _INDEX["char_tfidf"]]
    p_names = np.array([p.label for p in ps], dtype=object)
    r_names = np.array([r.label for r in rs], dtype=object)
    row_best = _rivals(key, r_names[:, None] == r_names[None, :])
    col_best = _rivals(key.T, p_names[:, None] == p_names[None, :]).T
    out[:, :, _INDEX["row_margin"]] = key - row_best
    out[:, :, _INDEX["col_margin"]] = key - col_best
    out[:, :, _INDEX["row_rank1"]] = (key >= row_best).astype(float)
    out[:, :, _INDEX["col_rank1"]] = (key >= col_best).astype(float)
    return out


def shares_content(x: np.ndarray) -> np.ndarray:
    """Whether each pair (rows of features) shares any content: a word, a run of two characters or a
    quoted title. Type, school and month are shared by many activities of a group and cannot decide
    alone, so a pair without shared content is never a match (and is not learned from)."""
    ix = {name: k for k, name in enumerate(FEATURES)}
    return np.asarray((x[..., ix["word_dice"]] > 0) | (x[..., ix["common_run"]] >= 2 / 6 - 1e-9)
                      | (x[..., ix["quote_same"]] > 0))


def fit_idf(texts: Iterable[str]) -> tuple[dict[str, float], float]:
    """Smoothed inverse document frequency of the content words of `texts`, and the default for
    words never seen (as rare as a word seen once)."""
    df: dict[str, int] = {}
    n = 0
    for t in texts:
        n += 1
        for w in words(t):  # each word once, in reading order (not a set's: the table's order is kept)
            df[w] = df.get(w, 0) + 1
    idf = {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}
    return idf, math.log((1 + n) / 2) + 1.0
