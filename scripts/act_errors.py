"""Print the missed and spurious activities of each document of a gold folder (error analysis on train).

Usage: python scripts/act_errors.py ../shared/real/train [--docs DOCS] [--only ID,ID]
The text printed comes from the documents: it is for reading, never for copying into the repository.
"""

from __future__ import annotations

import argparse

from miner.evaluate.run import scored_documents


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold_dir")
    ap.add_argument("--docs")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    for gold, _, ex, s in scored_documents(args.gold_dir, args.docs, only):
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
            print(f"   MISS {g.evidence!r} [{'/'.join(g.types)}] time={g.time!r}")
        for pid in s.spurious:
            p = preds[pid]
            print(f"   SPUR {p.name!r} ({p.mood}) in {p.evidence[:60]!r}")


if __name__ == "__main__":
    main()
