"""Out-of-fold activity-vetting figures by site for variants of the activity model, from cached candidates.

Usage: python scripts/vet_oof.py cache ../shared/real OUT.pkl [--more-real /work/extra/realx]
       python scripts/vet_oof.py measure OUT.pkl base|context|stack|stack-lr

`cache` runs the slow part of `miner train --real`'s vetting once (per site-grouped fold: the document
models of the other folds, then the rules' candidates of the fold's pages, labelled by the scorer) and
pickles it. `measure` then trains one variant of the activity model per fold in a few minutes and
prints JSON: activity P/R/F1 with the thresholds chosen as `train_vetting` chooses them (on REAL's own
pages, or on every page), on REAL's pages, on --more-real's pages and on all, and F1 per genre. With
the cache of REAL alone, `base` gives exactly the card's `train_out_of_fold_by_site` figures.

Variants: `base` is the shipped model; `context` adds flags of the candidate's surroundings (the cue
of the heading it sits under, the page's shares of table rows, dated and loose candidates, P(news),
whether its unit holds the candidates before and after it); `stack` and `stack-lr` add a second pass
(gradient boosting or a logistic regression) on the first pass's inner out-of-fold logit, its
neighbours', the document's mean, its rank in the document and a few flags. Figures: miner/learn/vetting.py.
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import re
from pathlib import Path
from typing import Any

from miner.extract.activities.loose import LOOSE_SCORE
from miner.extract.activities.vetting import activity_flags
from miner.learn import vetting as V

# the cue of a heading (words of the project's own choosing), first match wins
HEADS = [("aims", "目标 指导思想 思路 原则 意义 背景 理念 总体要求 现状 情况分析 基本情况 宗旨"),
         ("problem", "不足 问题 反思 困惑 努力方向 改进 打算 设想 展望 思考"),
         ("review", "成绩 成效 收获 亮点 做法 经验 回顾 特色"),
         ("schedule", "安排 行事历 日程 进度 具体活动 活动 月 周"),
         ("measures", "措施 举措 途径 策略 重点 任务 内容 要点 工作")]
HEAD_LINE = re.compile(r"^[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}[、.．]"
                       r"|[（(][一二三四五六七八九十\d]{1,3}[)）]|第[一二三四五六七八九十]+[部章节])")


def cache(real: Path, out: Path, more: tuple[Path, ...]) -> None:
    """The out-of-fold candidates of `train_vetting` (miner.learn.vetting.out_of_fold, with the
    extra documents `miner train` gives it), pickled."""
    from miner.cli.train import CORPUS_GOLD, PAIRS_TRAIN

    pairs = tuple(sorted(p for p in PAIRS_TRAIN.iterdir() if (p / "summary.json").is_file()))
    folds = V.out_of_fold(real, extra_kind_dirs=(CORPUS_GOLD,), pair_dirs=pairs, more_real=more)
    texts = {g.id: d for g, d in [*folds.docs, *folds.extra_docs]}
    with out.open("wb") as fh:
        pickle.dump({"labelled": folds.labelled, "extra": folds.extra_items, "own": folds.own,
                     "genre": folds.genre, "docs": texts}, fh)


def _heading_cue(line: str) -> str:
    return next((cat for cat, words in HEADS if any(w in line for w in words.split())), "other")


def context_flags(item: Any, doc: Any) -> list[dict[str, float]]:
    """Per candidate, flags of its surroundings (the `context` variant)."""
    acts, n = item.acts, max(len(item.acts), 1)
    heads: list[tuple[int, str]] = []
    if doc is not None:
        pos = 0
        for line in doc.text.split("\n"):
            if line.strip() and len(line.strip()) <= 40 and HEAD_LINE.match(line):
                heads.append((pos, _heading_cue(line)))
            pos += len(line) + 1
        heads += [(b.start, _heading_cue(b.text)) for b in doc.blocks if b.kind == "heading"]
        heads.sort()
    rows = sum("unit=row" in h for h in item.hints) / n
    dated = sum(bool(a.time_text) for a in acts) / n
    loose = sum(a.confidence <= LOOSE_SCORE for a in acts) / n
    out = []
    for i, a in enumerate(acts):
        cue = next((c for p, c in reversed(heads) if p <= a.start), "none")
        f = {f"head={cue}": 1.0, "doc_rows=" + ("0" if not rows else "lo" if rows < 0.5 else "hi"): 1.0,
             "doc_dated=" + ("lo" if dated < 0.3 else "mid" if dated < 0.7 else "hi"): 1.0,
             "doc_loose=" + ("lo" if loose < 0.3 else "mid" if loose < 0.6 else "hi"): 1.0,
             "news_b=" + ("lo" if item.news < 0.1 else "mid" if item.news < 0.4 else "hi"): 1.0}
        if i > 0 and acts[i - 1].start == a.start:
            f["same_prev"] = 1.0
        if i + 1 < len(acts) and acts[i + 1].start == a.start:
            f["same_next"] = 1.0
        out.append(f)
    return out


class Variant:
    """One variant of the activity model: fit on items, probabilities per item."""

    def __init__(self, name: str, docs: dict[str, Any]) -> None:
        self.name, self.docs = name, docs
        self.context = name == "context"

    def _flags(self, it: Any) -> list[dict[str, float]]:
        ctx = context_flags(it, self.docs.get(it.gold.id)) if self.context else [{} for _ in it.acts]
        return [{**activity_flags(a, it.kind, it.n_chars, len(it.acts), h), **c}
                for a, h, c in zip(it.acts, it.hints, ctx, strict=True)]

    def fit_linear(self, items: list[Any]) -> dict[str, Any]:
        names, units, flags, labels, weights = [], [], [], [], []
        for it in items:
            wanted = V.MOOD_OF_KIND.get(it.gold.kind)
            for a, f, y in zip(it.acts, self._flags(it), it.labels, strict=True):
                if wanted is None or a.mood == wanted:
                    names.append(a.name or a.evidence)
                    units.append(a.evidence)
                    flags.append(f)
                    labels.append(y)
                    weights.append(it.weight)
        return V._activity_model(names, units, flags, labels, weights)

    def linear_proba(self, model: dict[str, Any], items: list[Any]) -> list[list[float]]:
        from scipy.sparse import hstack

        out: list[list[float]] = []
        for it in items:
            if not it.acts:
                out.append([])
                continue
            x = hstack([model["name"].transform([a.name or a.evidence for a in it.acts]),
                        model["unit"].transform([a.evidence for a in it.acts]),
                        model["flags"].transform(self._flags(it))]).tocsr()
            out.append([float(p) for p in model["clf"].predict_proba(x)[:, 1]])
        return out

    def fit(self, items: list[Any]) -> tuple[dict[str, Any], Any]:
        if not self.name.startswith("stack"):
            return self.fit_linear(items), None
        import numpy as np
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.linear_model import LogisticRegression

        x, y = [], []  # the second pass learns from inner out-of-fold first-pass logits (real pages only)
        for f in sorted({it.fold for it in items if it.weight == 1.0}):
            test = [it for it in items if it.fold == f and it.weight == 1.0]
            first = self.fit_linear([it for it in items if it.fold != f or it.weight != 1.0])
            for it, probs in zip(test, self.linear_proba(first, test), strict=True):
                wanted = V.MOOD_OF_KIND.get(it.gold.kind)
                for row, a, lab in zip(dense(it, probs), it.acts, it.labels, strict=True):
                    if wanted is None or a.mood == wanted:
                        x.append(row)
                        y.append(lab)
        second: Any = HistGradientBoostingClassifier(
            max_iter=150, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=30, l2_regularization=1.0,
            class_weight="balanced", random_state=0)
        if self.name == "stack-lr":
            second = LogisticRegression(max_iter=2000, class_weight="balanced")
        second.fit(np.array(x), np.array(y))
        return self.fit_linear(items), second

    def proba(self, fitted: tuple[dict[str, Any], Any], items: list[Any]) -> list[list[float]]:
        import numpy as np

        first = self.linear_proba(fitted[0], items)
        if fitted[1] is None:
            return first
        return [[float(p) for p in fitted[1].predict_proba(np.array(dense(it, probs)))[:, 1]] if probs else []
                for it, probs in zip(items, first, strict=True)]


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def dense(it: Any, probs: list[float]) -> list[list[float]]:
    """The second pass's features of each candidate of one document."""
    n = len(it.acts)
    lg = [_logit(p) for p in probs]
    mean = sum(lg) / n if n else 0.0
    rank = {i: k / max(n - 1, 1) for k, i in enumerate(sorted(range(n), key=lambda i: -probs[i]))}
    unit_max: dict[int, float] = {}
    for a, v in zip(it.acts, lg, strict=True):
        unit_max[a.start] = max(unit_max.get(a.start, -99.0), v)
    share = sum(p >= 0.3 for p in probs) / max(n, 1)
    return [[lg[i], lg[i - 1] if i else 0.0, lg[i + 1] if i + 1 < n else 0.0, mean, rank[i], share,
             unit_max[a.start] - lg[i], math.log1p(n), a.start / max(it.n_chars, 1),
             float(a.confidence <= LOOSE_SCORE), float(bool(a.time_text)), float("unit=row" in it.hints[i]),
             it.news, float(it.kind == "summary"), float(it.kind == "plan")] for i, a in enumerate(it.acts)]


def measure(path: Path, name: str) -> dict[str, Any]:
    with path.open("rb") as fh:
        data = pickle.load(fh)  # noqa: S301 - the cache this script wrote
    labelled, own, genre = data["labelled"], data["own"], data["genre"]
    variant = Variant(name, data["docs"])
    for fold in range(V.FOLDS):
        test = [r for r in labelled if r.fold == fold]
        fitted = variant.fit([r for r in labelled if r.fold != fold] + data["extra"])
        for r, probs in zip(test, variant.proba(fitted, test), strict=True):
            r.proba = probs
    grid = [round(0.05 * k, 2) for k in range(2, 17)]
    triples = [(t, r, n) for t in grid for r in grid if t >= V.LOOSE_MIN and r <= V.RULE_MAX
               for n in V.NEWS_THRESHOLDS]

    def sim(rows: list[Any], t: tuple[float, float, float]) -> dict[str, float]:
        return {k: round(v, 4) for k, v in V._simulate(rows, t[0], t[2], True, t[1]).items()}

    def choose(rows: list[Any]) -> tuple[float, float, float]:
        sims = {t: sim(rows, t) for t in triples}
        top = max(s["f1"] for s in sims.values())
        ties = [t for t in triples if sims[t]["f1"] >= top - V.F1_TIE]
        return max(ties, key=lambda t: (min(sims[t]["precision"], sims[t]["recall"]), t[2], t[0], t[1]))

    mine = [r for r in labelled if r.gold.id in own]
    added = [r for r in labelled if r.gold.id not in own]
    out: dict[str, Any] = {"variant": name}
    for label, pick in (("chosen_on_own", mine), ("chosen_on_all", labelled)):
        t = choose(pick)
        out[label] = {"thresholds": t, "own": sim(mine, t)}
        if added:
            out[label].update({"added": sim(added, t), "all": sim(labelled, t)})
        out[label]["f1_by_genre"] = {g: sim([r for r in labelled if genre.get(r.gold.id) == g], t)["f1"]
                                     for g in sorted({genre.get(r.gold.id, "") for r in labelled})}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("cache")
    c.add_argument("real", type=Path)
    c.add_argument("out", type=Path)
    c.add_argument("--more-real", type=Path, action="append", default=[])
    m = sub.add_parser("measure")
    m.add_argument("cache", type=Path)
    m.add_argument("variant", choices=("base", "context", "stack", "stack-lr"))
    args = ap.parse_args()
    if args.command == "cache":
        cache(args.real, args.out, tuple(args.more_real))
    else:
        print(json.dumps(measure(args.cache, args.variant), ensure_ascii=False))


if __name__ == "__main__":
    main()
