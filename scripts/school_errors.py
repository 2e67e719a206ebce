"""Print the missed and spurious school mentions (and activity schools) of each document of a gold folder.

Usage: python scripts/school_errors.py ../shared/real/train [--docs DOCS] [--only ID,ID] [--context N]
For error analysis on train only; the text printed comes from the documents: it is for reading, never
for copying into the repository.
"""

from __future__ import annotations

import argparse

from miner.evaluate.run import scored_documents
from miner.evaluate.score import _surface_schools, canonical_schools


def _around(text: str, needle: str, width: int) -> str:
    at = text.find(needle)
    if at < 0:
        return ""
    return text[max(0, at - width):at + len(needle) + width].replace("\n", "⏎")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold_dir")
    ap.add_argument("--docs")
    ap.add_argument("--only", default="")
    ap.add_argument("--context", type=int, default=8)
    ap.add_argument("--activities", action="store_true", help="also print activity-school errors")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    for gold, doc, ex, s in scored_documents(args.gold_dir, args.docs, only):
        pred = _surface_schools(gold, (m.text for m in ex.mentions if m.kind == "school"))
        missed = [g for g in gold.schools if g not in pred]
        spurious = sorted(pred - set(gold.schools))
        if not missed and not spurious and not args.activities:
            continue
        print(f"== {gold.id} P={s.schools.precision:.2f} R={s.schools.recall:.2f} "
              f"act-sch F1={s.activity_schools.f1:.2f}")
        for g in missed:
            print(f"   MISS {g!r}  …{_around(doc.text, g, args.context)}…")
        for p in spurious:
            print(f"   SPUR {p!r}  …{_around(doc.text, p, args.context)}…")
        if args.activities:
            by_id = {a.id: a for a in gold.activities}
            preds = {a.activity_id: a for a in ex.activities}
            for m in s.matches:
                g, p = by_id[m.gold_id], preds[m.pred_id]
                got = canonical_schools(gold, p.schools)
                if got != set(g.schools):
                    print(f"   ACT {g.evidence!r}: gold={sorted(g.schools)} pred={sorted(got)}")


if __name__ == "__main__":
    main()
