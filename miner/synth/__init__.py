"""Generator of realistic plan/summary pairs with known truth, for tests, benchmarks and demos."""

from miner.synth.corpus import CorpusPair, draw_groups, generate_corpus, planted_types, write_corpus
from miner.synth.evaluate import EvalResult, evaluate
from miner.synth.truth import SynthPair, generate_pair, generate_pairs, gold_activities, write_pair

__all__ = ["CorpusPair", "EvalResult", "SynthPair", "draw_groups", "evaluate", "generate_corpus",
           "generate_pair", "generate_pairs", "gold_activities", "planted_types", "write_corpus",
           "write_pair"]
