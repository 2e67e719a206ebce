"""Tests for miner.synth.evaluate and the `miner synth` command."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from miner.settings import load_settings
from miner.synth import evaluate


def test_synth_evaluate_alignment_meets_floor() -> None:
    result = evaluate(40, seed=5, settings=load_settings())
    assert result.pairs == 40 and result.activities > 300
    assert result.accuracy >= 0.9
    for status in ("done", "shifted", "not_reported"):
        assert result.recall(status) >= 0.85, status


@pytest.mark.slow
def test_synth_evaluate_end_to_end_meets_floor() -> None:
    """Parser + extractor + alignment on generated text (measured 0.95 on 200 pairs)."""
    result = evaluate(15, seed=5, settings=load_settings(), mode="extract")
    assert result.activities > 150
    assert result.accuracy >= 0.85
    assert result.missed <= result.activities * 0.1


def test_synth_cli_writes_and_evaluates(tmp_path: Path) -> None:
    from miner.cli.app import app

    importlib.import_module("miner.cli.synth")
    out = tmp_path / "pairs"
    res = CliRunner().invoke(app, ["synth", "--pairs", "2", "--seed", "1", "--to", str(out), "--eval",
                                   "--report", str(tmp_path / "r.html")])
    assert res.exit_code == 0, res.output
    assert (out / "plan_001.txt").exists() and (out / "align_001.json").exists()
    assert "status accuracy" in res.output
    assert "<svg" in (tmp_path / "r.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_synth_evaluate_noisy_mode_degrades_gracefully() -> None:
    truth = evaluate(30, seed=8, settings=load_settings())
    noisy = evaluate(30, seed=8, settings=load_settings(), mode="noisy")
    assert noisy.activities == truth.activities
    assert 0.8 <= noisy.accuracy <= truth.accuracy
