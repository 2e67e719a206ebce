"""Tests for the pair corpus, the matcher's training and the scorer (miner.compare.corpus/model/score)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from miner.compare.corpus import load_split
from miner.compare.model import fit_matcher, load_matcher
from miner.compare.score import evaluate_pairs
from miner.compare.training import train_matcher
from miner.errors import CompareError
from miner.settings import load_settings

PAIRS = Path(__file__).resolve().parents[2] / "corpora" / "pairs"


def test_score_corpus_has_the_splits() -> None:
    counts = {split: len(load_split(PAIRS / split)) for split in ("train", "dev", "test")}
    assert counts["train"] >= 20 and counts["dev"] >= 5 and counts["test"] >= 10
    statuses = {d.status for p in load_split(PAIRS / "dev") for d in p.decisions}
    assert statuses == {"done", "shifted", "cancelled", "not_reported", "unplanned"}


def test_score_shipped_matcher_card() -> None:
    card = load_matcher().card
    assert card["train_hash"] and card["dev_hash"] and card["versions"]["scikit-learn"]
    assert card["dev_gold"]["accuracy"] >= 0.85


def test_score_train_writes_model_and_card(tmp_path: Path) -> None:
    small = tmp_path / "pairs"
    for split, n in (("train", 6), ("dev", 2)):
        for pair in sorted((PAIRS / split).iterdir())[:n + 1]:
            if pair.is_dir():
                shutil.copytree(pair, small / split / pair.name)
    report = train_matcher(small, tmp_path / "model")
    card = json.loads((tmp_path / "model" / "card.json").read_text(encoding="utf-8"))
    assert report.n_train == 6 and report.n_dev == 2 and len(card["train_pairs"]) == 6
    assert card["dev_gold"]["decisions"] > 10 and 0.0 <= card["dev_gold"]["accuracy"] <= 1.0


def test_score_gold_mode_on_dev_pairs() -> None:
    score = evaluate_pairs(PAIRS / "dev", load_settings(), "gold")
    assert score.pairs >= 5 and score.missed == 0
    assert score.accuracy >= 0.85  # the annotated activities straight into the shipped matcher
    assert score.flagged_share <= 0.3


def test_score_missing_folder_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(CompareError, match="no pair folder"):
        evaluate_pairs(tmp_path / "nothing", load_settings(), "gold")


def test_score_shipped_matcher_is_the_ensemble() -> None:
    """The shipped matcher is the mean of calibrated boosting and logistic regression (chosen by
    grouped cross-validation, benchmarks/matcher_cv.py); an unknown kind is one coded error."""
    assert load_matcher().card["kind"] == "ensemble"
    with pytest.raises(CompareError, match="unknown matcher kind"):
        fit_matcher(load_split(PAIRS / "dev"), "forest")
