"""Print the missed and spurious activities of each document of a gold folder (error analysis on train).

Usage: python scripts/act_errors.py ../shared/real/train [--docs DOCS] [--only ID,ID] [--totals]
A miss is marked `MISS cand` when a rule made a candidate for it that the vetting dropped, `MISS none`
when no candidate matched it; the last lines total both, with the candidates' own recall (the rules).
With --totals only those totals are printed (what a dev folder may be measured with).
The text printed comes from the documents: it is for reading, never for copying into the repository.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter

from miner.evaluate.run import scored_documents
from miner.evaluate.score import score_document
from miner.extract import load_resources
from miner.extract.activities.loose import LOOSE_SCORE
from miner.extract.pipeline import candidates


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold_dir")
    ap.add_argument("--docs")
    ap.add_argument("--only", default="")
    ap.add_argument("--totals", action="store_true", help="print only the totals, no document text")
    ap.add_argument("--by", help="sources.csv: the totals of the misses by genre too")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    res = load_resources()
    genre = {}
    if args.by:
        with open(args.by, encoding="utf-8") as f:
            genre = {row["id"]: row["genre"] for row in csv.DictReader(f)}
    by_genre: Counter[tuple[str, str]] = Counter()
    n_gold = n_found = n_cand = dropped = never = n_spurious = loose_drop = 0
    for gold, doc, ex, s in scored_documents(args.gold_dir, args.docs, only):
        found = candidates(doc, res)[0]
        cand = score_document(gold, found)
        in_cand = {m.gold_id for m in cand.matches}
        confidence = {a.activity_id: a.confidence for a in found.activities}
        for m in cand.matches:
            if m.gold_id in s.missed:
                loose_drop += int(confidence[m.pred_id] <= LOOSE_SCORE)
        n_gold += len(gold.activities)
        n_found += len(s.matches)
        n_spurious += len(s.spurious)
        n_cand += len(in_cand)
        doc_dropped = sum(1 for gid in s.missed if gid in in_cand)  # a candidate the vetting dropped
        dropped += doc_dropped
        never += len(s.missed) - doc_dropped  # no candidate at all
        g_name = genre.get(gold.id, "")
        by_genre[(g_name, "gold")] += len(gold.activities)
        by_genre[(g_name, "dropped")] += doc_dropped
        by_genre[(g_name, "none")] += len(s.missed) - doc_dropped
        if args.totals:
            continue
        print(f"== {gold.id} kind gold={gold.kind} pred={ex.facts.kind} "
              f"P={s.activities.precision:.2f} R={s.activities.recall:.2f}")
        by_id = {a.id: a for a in gold.activities}
        preds = {a.activity_id: a for a in ex.activities}
        for m in s.matches:
            g, p = by_id[m.gold_id], preds[m.pred_id]
            flag = "" if p.type in g.types else f"  TYPE {p.type} vs {'/'.join(g.types)}"
            print(f"   ok   {g.evidence!r} <- {p.name!r}{flag}")
        for gid in s.missed:
            g = by_id[gid]
            stage = "cand" if gid in in_cand else "none"
            print(f"   MISS {stage} {g.evidence!r} [{'/'.join(g.types)}] time={g.time!r}")
        for pid in s.spurious:
            p = preds[pid]
            print(f"   SPUR {p.name!r} ({p.mood}) in {p.evidence[:60]!r}")
    recall, cover = (n_found / n_gold, n_cand / n_gold) if n_gold else (0.0, 0.0)
    precision = n_found / (n_found + n_spurious) if n_found + n_spurious else 0.0
    print(f"gold {n_gold}: found {n_found} (R {recall:.3f}, P {precision:.3f}); candidates cover {n_cand} "
          f"(R {cover:.3f}); missed {dropped + never}: {dropped} dropped by the vetting, "
          f"{never} with no candidate; of the dropped, {loose_drop} were loose candidates")
    for g_name in sorted({g for g, _ in by_genre} - {""}):
        print(f"  {g_name:22} gold {by_genre[(g_name, 'gold')]:4}  dropped by the vetting "
              f"{by_genre[(g_name, 'dropped')]:3}  no candidate {by_genre[(g_name, 'none')]:3}")


if __name__ == "__main__":
    main()
