"""Grouped cross-validation of the plan-versus-report matcher on the train split (prints figures).

Usage: .venv/bin/python benchmarks/matcher_cv.py [corpora/pairs] [--folds 5] [--kind ensemble]

Each fold holds out whole pairs (a pair is a group: its activities never train the model that
decides them), fits the matcher on the other train pairs and decides the held-out pairs' annotated
activities; the figures add up the held-out decisions of every fold. The model fitted on all of
train is then measured on dev. The test split is never read: this is how a change of the matcher
is chosen.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from miner.compare.corpus import GoldPair, load_split  # noqa: E402
from miner.compare.model import _load, fit_matcher  # noqa: E402
from miner.compare.score import PairScore, score_pairs  # noqa: E402
from miner.settings import Settings, load_settings  # noqa: E402


def held_out(train: Sequence[GoldPair], test: Sequence[GoldPair], settings: Settings, kind: str,
             into: PairScore | None = None) -> PairScore:
    """Fit on `train`, score the annotated activities of `test` (added to `into` when given)."""
    matcher = fit_matcher(train, kind)
    with tempfile.TemporaryDirectory() as tmp:
        matcher.save(tmp)
        trial = dataclasses.replace(settings, compare=dataclasses.replace(settings.compare, model=tmp))
        score = score_pairs(test, trial, "gold")
        _load.cache_clear()
    if into is None:
        return score
    for name in ("pairs", "decisions", "correct", "flagged", "correct_unflagged", "missed"):
        setattr(into, name, getattr(into, name) + getattr(score, name))
    into.support.update(score.support)
    into.hits.update(score.hits)
    return into


def grouped_cv(pairs: Sequence[GoldPair], folds: int, settings: Settings, kind: str) -> PairScore:
    """Out-of-fold figures: pair k goes to fold k mod `folds` (the pairs sorted by id)."""
    total = PairScore("gold")
    for k in range(folds):
        test = [p for i, p in enumerate(pairs) if i % folds == k]
        train = [p for i, p in enumerate(pairs) if i % folds != k]
        held_out(train, test, settings, kind, total)
    return total


def _line(name: str, d: dict[str, object]) -> str:
    keys = ("accuracy", "unflagged_accuracy", "flagged_share", "recall_done", "recall_shifted",
            "recall_cancelled", "recall_not_reported", "recall_unplanned")
    return f"{name:10s} " + " ".join(f"{k.replace('recall_', '')} {d[k]:.3f}" for k in keys) + \
        f"  (n {d['decisions']})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default="corpora/pairs")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--kind", default="ensemble", help="ensemble, boosting or logistic")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON lines too")
    args = parser.parse_args(argv)
    settings = load_settings()
    root = Path(args.root)
    train, dev = load_split(root / "train"), load_split(root / "dev")
    cv = grouped_cv(train, args.folds, settings, args.kind).as_dict()
    on_dev = held_out(train, dev, settings, args.kind).as_dict()
    for name, d in ((f"cv{args.folds}", cv), ("dev", on_dev)):
        sys.stdout.write(_line(name, d) + "\n")
        if args.json:
            sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
