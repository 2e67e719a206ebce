"""Plan versus report: pairing documents, a learned matcher, statuses, review, fulfilment roll-ups."""

from miner.compare.align import Match, PairComparison, align
from miner.compare.model import Matcher, fit_matcher, load_matcher
from miner.compare.pairing import DocInfo, Pairing, Unpaired, pair_documents, same_group
from miner.compare.review import apply_review
from miner.compare.rollup import fulfilment, rollup
from miner.compare.stored import CompareResult, compare_activities, compare_store

__all__ = [
    "CompareResult", "DocInfo", "Match", "Matcher", "PairComparison", "Pairing", "Unpaired", "align",
    "apply_review", "compare_activities", "compare_store", "fit_matcher", "fulfilment", "load_matcher",
    "pair_documents", "rollup", "same_group",
]
