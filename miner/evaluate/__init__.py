"""Gold annotations and scoring behind `miner eval`: read and validate gold files, score an extractor."""

from miner.evaluate.gold import GoldActivity, GoldDocument, check_gold, load_gold, load_gold_dir, validate_dir
from miner.evaluate.oracle import gold_extraction, oracle_extractor
from miner.evaluate.run import EvalReport, corpus_hash, evaluate
from miner.evaluate.score import PRF, DocScore, Ratio, score_document

__all__ = [
    "PRF", "DocScore", "EvalReport", "GoldActivity", "GoldDocument", "Ratio", "check_gold", "corpus_hash",
    "evaluate", "gold_extraction", "load_gold", "load_gold_dir", "oracle_extractor", "score_document",
    "validate_dir",
]
