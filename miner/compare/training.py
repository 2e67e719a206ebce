"""`miner train --pairs`: fit the matcher on the train split, measure it on dev, save it with its card."""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path

from miner.compare.corpus import corpus_hash, load_split
from miner.compare.model import default_model_dir, fit_matcher, versions
from miner.compare.score import PairScore, evaluate_pairs
from miner.errors import CompareError
from miner.settings import Settings, load_settings


@dataclass(frozen=True, slots=True)
class MatcherReport:
    """What training did: pairs used, where the model went, its figures on the dev split."""

    n_train: int
    n_dev: int
    model_dir: Path
    dev: dict[str, object] | None


def train_matcher(pairs_dir: str | Path, to: str | Path | None = None, settings: Settings | None = None,
                  kind: str = "boosting") -> MatcherReport:
    """Fit on `pairs_dir`/train, score the gold activities of `pairs_dir`/dev, save into `to`
    (default models/matcher) with card.json: data hashes, versions, dev figures."""
    root = Path(pairs_dir)
    train = load_split(root / "train") if (root / "train").is_dir() else []
    if not train:
        raise CompareError(f"no train pairs under {root / 'train'}")
    dev = load_split(root / "dev") if (root / "dev").is_dir() else []
    matcher = fit_matcher(train, kind)
    settings = settings or load_settings()
    figures: dict[str, object] | None = None
    if dev:
        with tempfile.TemporaryDirectory() as tmp:
            matcher.save(tmp)
            trial = dataclasses.replace(settings, compare=dataclasses.replace(settings.compare, model=tmp))
            score: PairScore = evaluate_pairs(root / "dev", trial, "gold")
            figures = score.as_dict()
    target = Path(to) if to else default_model_dir()
    matcher.card.update({"model": "matcher", "versions": versions(), "dev_pairs": len(dev),
                         "dev_hash": corpus_hash(dev) if dev else None, "dev_gold": figures,
                         "threshold": settings.compare.threshold, "review_below": settings.compare.review_below,
                         "note": "probabilities calibrated by isotonic regression (5-fold on train); "
                                 "dev figures: annotated activities straight into the matcher"})
    matcher.save(target)
    from miner.compare.model import _load

    _load.cache_clear()
    return MatcherReport(len(train), len(dev), target, figures)
