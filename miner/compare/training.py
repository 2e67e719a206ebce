"""`miner train --pairs`: fit the matcher on the train split, measure it on dev, save it with its card."""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from miner.compare.corpus import GoldPair, corpus_hash, gold_activities, load_split
from miner.compare.model import Examples, default_model_dir, fit_matcher, labelled, versions
from miner.compare.score import PairScore, _extract, evaluate_pairs, overlap_map
from miner.compare.statements import cancellations, inside, redate, with_names
from miner.errors import CompareError
from miner.settings import Settings, load_settings


@dataclass(frozen=True, slots=True)
class MatcherReport:
    """What training did: pairs used, where the model went, its figures on the dev split."""

    n_train: int
    n_dev: int
    model_dir: Path
    dev: dict[str, object] | None


def extracted_examples(settings: Settings) -> Examples:
    """Examples of a pair as the extractor reads it: its activities mapped onto the gold ids by
    their evidence, so that the matcher also learns from sentence-long evidence and lost dates."""
    from miner.compare.stored import _in_mood

    def make(pair: GoldPair, idf: dict[str, float], default_idf: float) -> tuple[np.ndarray, np.ndarray]:
        ptext, read_plans, _ = _extract(pair.plan_text, "plan.txt", settings)
        stext, read_reports, period = _extract(pair.summary_text, "summary.txt", settings)
        plans = _in_mood(read_plans, "planned")
        statements = with_names(cancellations(stext, "summary", period or pair.period()), plans)
        kept = [a for a in _in_mood(read_reports, "reported") if not inside(a, statements)]
        reports, _ = redate(kept, stext, period)
        pm = overlap_map(plans, gold_activities(pair.plan_gold, ptext, "plan"))
        rm = overlap_map(reports, gold_activities(pair.summary_gold, stext, "summary"))
        return labelled(pair, plans, reports, statements, pm, rm, stext, idf, default_idf)

    return make


def train_matcher(pairs_dir: str | Path, to: str | Path | None = None, settings: Settings | None = None,
                  kind: str = "ensemble", extracted: bool = False) -> MatcherReport:
    """Fit on `pairs_dir`/train (the annotated activities and, with `extracted`, the same pairs as
    the extractor reads them), score the gold activities of `pairs_dir`/dev, save into `to`
    (default models/matcher) with card.json: data hashes, versions, dev figures."""
    root = Path(pairs_dir)
    train = load_split(root / "train") if (root / "train").is_dir() else []
    if not train:
        raise CompareError(f"no train pairs under {root / 'train'}")
    dev = load_split(root / "dev") if (root / "dev").is_dir() else []
    settings = settings or load_settings()
    matcher = fit_matcher(train, kind, extracted_examples(settings) if extracted else None)
    figures: dict[str, object] | None = None
    if dev:
        with tempfile.TemporaryDirectory() as tmp:
            matcher.save(tmp)
            trial = dataclasses.replace(settings, compare=dataclasses.replace(settings.compare, model=tmp))
            score: PairScore = evaluate_pairs(root / "dev", trial, "gold")
            figures = score.as_dict()
    target = Path(to) if to else default_model_dir()
    matcher.card.update({"model": "matcher", "versions": versions(), "dev_pairs": len(dev),
                         "extracted_examples": extracted,
                         "dev_hash": corpus_hash(dev) if dev else None, "dev_gold": figures,
                         "threshold": settings.compare.threshold,
                         "review_below": settings.compare.review_below,
                         "note": "probabilities calibrated by isotonic regression (5-fold on train; "
                                 "ensemble: the mean of calibrated gradient boosting and logistic "
                                 "regression); "
                                 "dev figures: annotated activities straight into the matcher"})
    matcher.save(target)
    from miner.compare.model import _load

    _load.cache_clear()
    return MatcherReport(len(train), len(dev), target, figures)
