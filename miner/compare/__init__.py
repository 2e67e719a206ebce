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

# `miner.compare(plan, summary)`: the subpackage is also the one-call comparison of two documents
# (miner.compare.direct). A module's class may be a ModuleType subclass (Python's data model,
# "Customizing module attribute access"); every name above stays an attribute of the subpackage.
import sys as _sys  # noqa: E402
import types as _types  # noqa: E402

from miner.compare.direct import Comparison, compare_documents  # noqa: E402


class _CallableModule(_types.ModuleType):
    def __call__(self, plan: object, summary: object, settings: object = None) -> Comparison:
        return compare_documents(plan, summary, settings)  # type: ignore[arg-type]

    __call__.__doc__ = compare_documents.__doc__


_sys.modules[__name__].__class__ = _CallableModule
__all__ += ["Comparison", "compare_documents"]
