"""Print the missed and spurious time mentions and the wrong `when`s of each document of a gold folder.

Usage: python scripts/time_errors.py ../shared/real/train [--docs DOCS] [--only ID,ID] [--when-only]
The text printed comes from the documents: it is for reading (error analysis on train), never for
copying into the repository.
"""

from __future__ import annotations

import argparse

from miner.evaluate.run import scored_documents
from miner.evaluate.score import pred_interval


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold_dir")
    ap.add_argument("--docs")
    ap.add_argument("--only", default="")
    ap.add_argument("--when-only", action="store_true")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    for gold, _, ex, s in scored_documents(args.gold_dir, args.docs, only):
        period = ex.facts.period
        print(f"== {gold.id} period gold={gold.period!r} pred={period.label if period else None!r}"
              f" times P={s.times.precision:.2f} R={s.times.recall:.2f} when={s.when.correct}/{s.when.total}")
        if not args.when_only:
            found = {m.text: m for m in ex.mentions if m.kind == "time"}
            for t in gold.times:
                if t not in found:
                    print(f"   TMISS {t!r}")
            for t, m in found.items():
                if t not in gold.times:
                    print(f"   TSPUR {t!r} {m.value}")
        by_id = {a.id: a for a in gold.activities}
        preds = {a.activity_id: a for a in ex.activities}
        for m in s.matches:
            g, p = by_id[m.gold_id], preds[m.pred_id]
            if g.when is None or pred_interval(p) == g.when:
                continue
            print(f"   WHEN {g.evidence!r} gold={g.time!r} {g.when[0]}..{g.when[1]}"
                  f" pred={p.time_text!r} {p.date_start}..{p.date_end}")
        for gid in s.missed:
            g = by_id[gid]
            if g.when is not None:
                print(f"   WMISS(activity) {g.evidence!r} time={g.time!r}")


if __name__ == "__main__":
    main()
