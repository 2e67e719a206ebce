"""Language: keywords per group and period (jieba words, TF-IDF against the rest of the corpus) and themes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd

from miner.analyze.data import NO_GROUP, StoreLike, activities_frame, opened

_WORD = re.compile(r"[\u4e00-\u9fff]")  # a keyword has at least one Chinese character
_NUMBERED = re.compile(r"^第?[〇零一二三四五六七八九十百两\d]+[年月周日号次届]?$")  # 一月, 第十七, 四周


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The shipped stop-word list (miner/data/stopwords.txt; `#` starts a comment line)."""
    text = resources.files("miner.data").joinpath("stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def tokens(text: str, names: Sequence[str] = ()) -> list[str]:
    """jieba words of two or more characters with a Chinese character; stop words, numbered time words
    (一月, 第十七) and `names` (kept whole by the segmenter, then dropped) removed."""
    return _Words(names)(text)


class _Words:
    """`tokens` for many texts: the segmenter and the names are prepared once."""

    def __init__(self, names: Sequence[str]) -> None:
        import jieba

        jieba.setLogLevel(60)
        self.segmenter = _segmenter(tuple(sorted(set(names))))
        self.stop = stop_words()
        self.inside = "\n".join(names)  # a word inside a name: a short form (明德 of 明德小学)

    def __call__(self, text: str) -> list[str]:
        return [w for w in self.segmenter.lcut(text)
                if len(w) >= 2 and _WORD.search(w) and w not in self.stop and w not in self.inside
                and not _NUMBERED.match(w)]


@lru_cache(maxsize=4)
def _segmenter(names: tuple[str, ...]) -> Any:
    """A jieba tokenizer of its own that knows `names` as words (the global one is left as it is)."""
    import jieba

    if not names:
        return jieba.dt
    segmenter = jieba.Tokenizer()
    for name in names:
        segmenter.add_word(name, freq=100_000)
    return segmenter


def keywords(
    db: StoreLike,
    by: Sequence[str] = ("group",),
    top: int = 15,
    groups: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
    names: bool = False,
) -> pd.DataFrame:
    """The words that set each group (or group and period) apart from the rest of the corpus.

    All documents of a unit (`by`: "group", or "group" and "period") form one text; TF-IDF (sublinear
    term frequency, smoothed IDF over the units) ranks its words. Names set groups apart trivially, so
    words inside a school or group name found by the extractor are left out unless `names` is True.
    Columns: group, [period], rank, word, tfidf, count.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    by = list(by)
    if not by or any(b not in ("group", "period") for b in by):
        raise ValueError("keywords: `by` is group, or group and period")
    with opened(db) as store:
        docs = pd.read_sql_query(
            'SELECT group_name AS "group", period_label AS period, text FROM documents', store.conn
        )
        named = (
            []
            if names
            else [
                r[0]
                for r in store.conn.execute(
                    "SELECT DISTINCT text FROM mentions WHERE kind IN ('school', 'group') UNION "
                    "SELECT DISTINCT group_name FROM documents WHERE group_name IS NOT NULL"
                )
            ]
        )
    docs["group"] = docs["group"].fillna(NO_GROUP).replace("", NO_GROUP)
    docs["period"] = docs["period"].fillna("")
    if groups:  # IDF still comes from the whole corpus: the chosen groups are compared to the rest
        wanted = set(groups)
    units = docs.groupby(by)["text"].apply(lambda texts: "\n".join(t or "" for t in texts)).reset_index()
    columns = [*by, "rank", "word", "tfidf", "count"]
    if units.empty:
        return pd.DataFrame(columns=columns)
    words_of = _Words([n for n in named if n and len(n) >= 2])
    unit_words = [words_of(text) for text in units["text"]]  # each text segmented once
    vectorizer = TfidfVectorizer(analyzer=lambda words: words, sublinear_tf=True, norm="l2")
    matrix = vectorizer.fit_transform(unit_words)
    words = vectorizer.get_feature_names_out()
    rows = []
    for i, unit in units.iterrows():
        if groups and unit["group"] not in wanted:
            continue
        if periods and unit.get("period") not in set(periods):
            continue
        row = matrix.getrow(i)
        counted = Counter(unit_words[i])
        best = sorted(zip(row.indices, row.data, strict=True), key=lambda kv: -kv[1])[:top]
        for rank, (j, score) in enumerate(best, 1):
            rows.append(
                {
                    **{b: unit[b] for b in by},
                    "rank": rank,
                    "word": words[j],
                    "tfidf": round(float(score), 4),
                    "count": int(counted.get(words[j], 0)),
                }
            )
    return pd.DataFrame(rows, columns=columns)


def themes(
    db: StoreLike, groups: Sequence[str] | None = None, periods: Sequence[str] | None = None
) -> pd.DataFrame:
    """The themes (quoted titles: “春晖杯”, 《…》) each group used: group, theme, activities, periods."""
    frame = activities_frame(db, groups, periods)
    frame = frame[frame["theme"].notna() & (frame["theme"] != "")]
    columns = ["group", "theme", "activities", "periods"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    out = (
        frame.groupby(["group", "theme"])
        .agg(
            activities=("activity_id", "size"),
            periods=("period", lambda p: "、".join(sorted({x for x in p if x}))),
        )
        .reset_index()
    )
    return out.sort_values(["group", "activities"], ascending=[True, False]).reset_index(drop=True)[columns]
