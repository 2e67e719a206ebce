"""Candidate recall before vetting, per genre: how many gold activities some candidate can stand for.

Usage: python scripts/candidate_recall.py ../shared/real/train [--misses] [--genre G]
       python scripts/candidate_recall.py ../shared/real/dev          (aggregate figures only)

For each genre (REAL/sources.csv) it prints the number of gold activities, the share that some
candidate is compatible with by its name alone (the scorer's `pair_score` without the evidence: the
names match and the times do not conflict), the share the scorer's one-to-one matching pairs with a
candidate (the ceiling of the vetting), the number of candidates in the annotated mood, and P/R
after the shipped vetting model. `--misses` prints, per document, the gold activities no candidate
is paired with or names (train only: the text printed comes from the documents, for reading, never
for copying into the repository).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from miner.evaluate.score import match_activities, pair_score
from miner.extract.activities.vetting import MOOD_OF_KIND, load_vetter
from miner.extract.pipeline import _vetter, candidates, document_reading
from miner.extract.resources import load_resources
from miner.learn.real import genres, read_split
from miner.records import replaced


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold_dir")
    ap.add_argument("--misses", action="store_true", help="print the uncovered gold activities")
    ap.add_argument("--genre", default="", help="only this genre")
    ap.add_argument("--vetting", default="", help="a folder of vetting models (default: the shipped ones)")
    args = ap.parse_args()
    gold_dir = Path(args.gold_dir)
    real_dir, split = gold_dir.parent, gold_dir.name
    if args.misses and split == "dev":
        raise SystemExit("dev is measured in aggregate only")
    genre_of = genres(real_dir)
    res = load_resources()
    if args.vetting:
        res.extra["vetter"] = load_vetter(args.vetting)
    vetter = _vetter(res)
    rows: dict[str, list[int]] = defaultdict(lambda: [0] * 7)  # docs gold covered matched cands tp fp
    for gold, doc in read_split(real_dir, split):
        genre = genre_of.get(gold.id, "?")
        if args.genre and genre != args.genre:
            continue
        reading = document_reading(doc, res)
        ex, hints = candidates(doc, res, reading)
        acts = ex.activities
        wanted = MOOD_OF_KIND.get(gold.kind)
        by_name = [replaced(p, evidence="") for p in acts]  # the names alone, as the scorer reads them
        covered = [i for i, g in enumerate(gold.activities)
                   if any(pair_score(gold, g, p) is not None for p in by_name)]
        matched = match_activities(gold, acts)
        kept = acts if vetter is None else tuple(vetter.vet(list(acts), ex.facts.kind, len(doc.text),
                                                             reading[1], hints))
        final = match_activities(gold, kept)
        hit = {j for _, j, _ in final}
        fp = sum(1 for j, p in enumerate(kept) if j not in hit and (wanted is None or p.mood == wanted))
        r = rows[genre]
        for k, v in enumerate((1, len(gold.activities), len(covered), len(matched),
                               sum(1 for p in acts if wanted is None or p.mood == wanted), len(final), fp)):
            r[k] += v
        if args.misses:
            paired = {i for i, _, _ in matched}
            print(f"== {gold.id} [{genre}] gold={len(gold.activities)} covered={len(covered)} "
                  f"matched={len(paired)} cands={len(acts)} kind={ex.facts.kind}/{gold.kind}")
            for i, g in enumerate(gold.activities):
                if i not in paired or i not in covered:  # NAME: only the evidence of a candidate
                    how = "NAME" if i in paired else "LOST"  # holds it; LOST: no candidate left
                    print(f"   {how} {g.evidence!r} time={g.time!r}")
                    at = doc.text.find(g.evidence)
                    near = [p for p in acts if at >= 0 and p.start <= at < p.end]
                    for p in near:
                        print(f"        cand {p.name!r} ({p.confidence}) in {p.evidence[:50]!r}")
    total = [sum(r[k] for r in rows.values()) for k in range(7)]
    print(f"{'genre':24} {'docs':>4} {'gold':>5} {'cover':>6} {'match':>6} {'cands':>6} {'P':>6} {'R':>6}")
    for name, r in [*sorted(rows.items()), ("ALL", total)]:
        docs, n, cov, mat, cands, tp, fp = r
        p = tp / (tp + fp) if tp + fp else 1.0
        print(f"{name:24} {docs:4d} {n:5d} {cov / max(n, 1):6.3f} {mat / max(n, 1):6.3f} {cands:6d} "
              f"{p:6.3f} {tp / max(n, 1):6.3f}")


if __name__ == "__main__":
    main()
