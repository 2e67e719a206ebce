"""The typer's errors on gold evidence: accuracy, by route, and the confusion of gold against predicted codes.

Usage:
  python scripts/typer_errors.py GOLD_DIR [--by sources.csv] [--show GOLD:PRED]
      the shipped typer alone on a gold folder's evidence (--show prints that confusion's evidence: for a
      train folder only, never dev);
  python scripts/typer_errors.py --cv ../shared/real [--more /work/extra/realx] [--folds 5]
      site-grouped cross-validation: the typer retrained without the held-out sites, on REAL's train pages
      and, with --more, on the added pages too (held out by site alike), with and without learning them.
The text printed comes from the documents: it is for reading, never for copying into the repository.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Sequence
from pathlib import Path

from miner.evaluate.typeeval import TypedGold, TypeReport


def show(items: Sequence[TypedGold], which: str) -> None:
    """Print the evidence of the errors `which` names: GOLD:PRED, or `all`."""
    for t in items:
        if not t.correct and (which == "all" or which == f"{t.gold[0]}:{t.predicted}"):
            print(f"   {t.doc_id}  {t.gold[0]:>17} -> {t.predicted:<17} {t.evidence}")


def summary(label: str, items: Sequence[TypedGold], top: int) -> None:
    """Accuracy, by route, and the most frequent (gold, predicted) errors, one a line."""
    report = TypeReport(tuple(items))
    routes = report.by_route()
    print(f"{label}: n {report.n}, accuracy {report.accuracy:.4f} "
          f"(rule {routes['rule'][0]} {routes['rule'][1]:.4f}, model {routes['model'][0]} "
          f"{routes['model'][1]:.4f}), {sum(not t.correct for t in items)} errors")
    print("\n".join(f"   {n:4d}  {g:>17} -> {p}" for (g, p), n in report.confusions(top)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold_dir", nargs="?")
    ap.add_argument("--by", help="sources.csv: accuracy by genre too")
    ap.add_argument("--show", default="", help="GOLD:PRED or all: print the evidence of those errors "
                                               "(of REAL's train pages with --cv)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--cv", help="REAL folder: site-grouped cross-validation instead")
    ap.add_argument("--more", action="append", default=[], help="added real pages (repeatable), with --cv")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    if args.cv:
        from miner.extract.activities.typer import read_corpus
        from miner.learn.typer_data import Setting, grouped_cv, project_gold_examples

        real, more = Path(args.cv), [Path(m) for m in args.more]
        base = [e for e in read_corpus() if e.split == "train"] + project_gold_examples()
        settings = [Setting("real only", 32.0, learn_more=False)]
        if more:
            settings.append(Setting("real + more", 32.0, learn_more=True))
        added = {p.stem for m in more for p in (m / "train").glob("*.json")}
        for result in grouped_cv(real, base, settings, args.folds, more=more):
            own = [t for t in result.items if t.doc_id not in added]
            summary(f"[{result.setting}] {real.name} train, out of fold", own, args.top)
            if args.show:
                show(own, args.show)
            if more:
                summary(f"[{result.setting}] added pages, out of fold",
                        [t for t in result.items if t.doc_id in added], args.top)
        return
    from miner.evaluate.typeeval import type_gold_dir

    groups: dict[str, str] = {}
    if args.by:
        with open(args.by, encoding="utf-8") as fh:
            groups = {row["id"]: row["genre"] for row in csv.DictReader(fh)}
    report = type_gold_dir(args.gold_dir, groups=groups)
    summary(f"typer alone on {args.gold_dir}", report.items, args.top)
    for genre, (n, acc) in report.by_group().items():
        print(f"   genre {genre or '-':>20}: n {n:4d} accuracy {acc:.4f}")
    if args.show:
        show(report.items, args.show)


if __name__ == "__main__":
    main()
