"""Out-of-fold end-to-end figures on REAL/train per genre: each site-grouped fold is extracted with
vetting models (document and activity) trained on the other folds, at the shipped thresholds.

Usage: python scripts/oof_genres.py ../shared/real [--show news_report,template_essay]
Prints JSON (overall, per genre, the documents whose kind is wrong, the news probabilities); with
--show, the missed and spurious activities of those genres' documents (text for reading, never for
copying into the repository). A few minutes: the vetting is trained five times.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from miner import PROJECT_ROOT
from miner.evaluate.gold import load_gold, load_gold_dir, resolve_docs_dir
from miner.evaluate.run import EvalReport, read_document
from miner.evaluate.score import score_document
from miner.extract.activities.vetting import Vetter, load_vetter
from miner.extract.pipeline import extract
from miner.extract.resources import load_resources
from miner.learn import vetting as V
from miner.learn.real import genres, read_split, sites

SHOWN = ("activities_precision", "activities_recall", "activities_f1", "kind_accuracy", "when_accuracy",
         "type_accuracy")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("real")
    ap.add_argument("--show", default="")
    args = ap.parse_args()
    real, show = Path(args.real), set(filter(None, args.show.split(",")))
    shipped = load_vetter()
    assert shipped is not None, "train the vetting first: miner train --real REAL --skip-nlp"
    thresholds = {k: shipped.bundle[k] for k in ("threshold", "rule_threshold", "news_threshold")}
    docs, genre = read_split(real, "train"), genres(real)
    rows = [V._doc_row(g, d, news=genre.get(g.id) == "news_report") for g, d in docs]
    extra, extra_docs = [], []
    gold_dir = PROJECT_ROOT / "corpora" / "gold"
    for gold in load_gold_dir(gold_dir):
        doc = read_document(resolve_docs_dir(gold_dir) / gold.source)
        extra.append(V._doc_row(gold, doc, weight=V.EXTRA_WEIGHT))
        extra_docs.append((gold, doc))
    pairs = PROJECT_ROOT / "corpora" / "pairs" / "train"
    for pair in sorted(p for p in pairs.iterdir() if (p / "summary.json").is_file()):
        for name in ("plan.json", "summary.json"):
            gold = load_gold(pair / name)
            extra.append(V._doc_row(gold, read_document(pair / gold.source), weight=V.PAIR_WEIGHT,
                                    for_kind=False))
    fold_of = V.site_folds([d.gold.id for d in rows], sites(real))
    res = load_resources()
    scores, news, kinds, lines = [], {}, {}, []
    for fold in range(V.FOLDS):
        train = [d for i, d in enumerate(rows) if fold_of[i] != fold]
        bundle: dict[str, Any] = {"loose": True, "keep_rows": True, **thresholds,
                                  "document": V._doc_model(train + extra, {d.gold.id for d in train})}
        vetter = Vetter(dict(bundle))
        items = V._labelled(V._candidates([docs[i] for i in range(len(rows)) if fold_of[i] != fold], vetter))
        bundle["activity"] = V._activity_model_of(items + V._extra_items(extra_docs, vetter))
        res.extra["vetter"] = vetter = Vetter(bundle)
        for i in (i for i in range(len(rows)) if fold_of[i] == fold):
            (gold, doc), row = docs[i], rows[i]
            kinds[gold.id], news[gold.id] = vetter.reading(row.title, row.text, row.rule_kind)
            ex = extract(doc, res)
            score = score_document(gold, ex)
            scores.append(score)
            if genre.get(gold.id) in show:
                by_id, preds = {a.id: a for a in gold.activities}, {a.activity_id: a for a in ex.activities}
                lines.append(f"== {gold.id} kind {gold.kind}/{ex.facts.kind} news {news[gold.id]:.2f}")
                lines += [f"   MISS {by_id[g].evidence[:50]!r}" for g in score.missed]
                lines += [f"   SPUR {preds[p].name[:40]!r}" for p in score.spurious]
    report = EvalReport("train", "train", tuple(scores), "")
    out: dict[str, Any] = {"overall": report.overall, "genres": {}}
    for name in sorted({genre.get(s.doc, "") for s in scores}):
        part = report.subset({s.doc for s in scores if genre.get(s.doc, "") == name})
        out["genres"][name] = {"n": len(part.documents), **{k: part.overall[k] for k in SHOWN}}
    out["kind_wrong"] = sorted(g.id for g, _ in docs if kinds[g.id] != g.kind)
    out["news"] = {k: round(v, 2) for k, v in sorted(news.items())
                   if v >= 0.3 or genre.get(k) == "news_report"}
    print(json.dumps(out, indent=1, ensure_ascii=False))
    if lines:
        print("\n".join(lines))


if __name__ == "__main__":
    main()
