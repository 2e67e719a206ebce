"""Plan versus report: pairing documents, aligning activities, rolling up fulfilment rates."""

from miner.compare.align import Match, PairComparison, align, score_pair
from miner.compare.pairing import DocInfo, Pairing, Unpaired, pair_documents, same_group
from miner.compare.rollup import rollup
from miner.compare.stored import CompareResult, compare_activities, compare_store

__all__ = [
    "CompareResult", "DocInfo", "Match", "PairComparison", "Pairing", "Unpaired", "align",
    "compare_activities", "compare_store", "pair_documents", "rollup", "same_group", "score_pair",
]
