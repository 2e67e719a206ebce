"""Generator of realistic plan/summary pairs with known truth, for tests, benchmarks and demos."""

from miner.synth.evaluate import EvalResult, evaluate
from miner.synth.truth import SynthPair, generate_pair, generate_pairs, gold_activities, write_pair

__all__ = ["EvalResult", "SynthPair", "evaluate", "generate_pair", "generate_pairs", "gold_activities",
           "write_pair"]
