"""Compare a plan with a summary given directly (paths, texts or extraction results), without a database.

This is `miner.compare(plan, summary)`: the subpackage itself is callable (see its __init__), and
the work is `compare_activities`, the same step `miner compare` runs on stored documents.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from miner.api import ExtractResult, extract_file, extract_text, frames, names_a_file
from miner.compare.align import PairComparison
from miner.compare.stored import compare_activities
from miner.records import ComparisonRow
from miner.settings import Settings, load_settings

if TYPE_CHECKING:
    import pandas as pd

Source = Union[str, "os.PathLike[str]", ExtractResult]  # noqa: UP007 - a str annotation needs Union


@dataclass(frozen=True, slots=True)
class Comparison:
    """A plan compared with a summary: both extractions and every matching decision."""

    plan: ExtractResult
    summary: ExtractResult
    pair: PairComparison

    @property
    def rows(self) -> tuple[ComparisonRow, ...]:
        """One row per decision: done, shifted, not_reported or unplanned, with the reasons."""
        return self.pair.rows()

    @property
    def notes(self) -> tuple[str, ...]:
        """What was left out or could not be done, in sentences."""
        return self.pair.notes

    def counts(self) -> dict[str, int]:
        """planned, done, shifted, not_reported, unplanned."""
        return self.pair.counts()

    def to_pandas(self) -> pd.DataFrame:
        """The comparison table's rows of this pair, with the columns `miner export` writes."""
        return frames([self.plan, self.summary], ("comparison",), self.rows)["comparison"]


def compare_documents(plan: Source, summary: Source, settings: Settings | None = None) -> Comparison:
    """Compare a plan with a summary: which planned activities were done, shifted or not reported,
    and which reported ones were never planned.

    Each side is a path (a `Path`, or a one-line str naming an existing file or ending in a document
    suffix such as .docx), a text (any other str), or an `ExtractResult` of `miner.extract_text` or
    `miner.extract_file`. The plan's planned activities are matched with the summary's reported ones,
    whatever the groups and periods the documents name. Every setting has its default.
    """
    settings = settings or load_settings()
    plan_result, summary_result = as_result(plan, settings), as_result(summary, settings)
    p, s = plan_result.facts, summary_result.facts
    pair = compare_activities(
        plan_result.activities, summary_result.activities, settings,
        plan_doc=plan_result.document.doc_id, summary_doc=summary_result.document.doc_id,
        group_name=s.group_name or p.group_name, period_label=s.period.label if s.period else None)
    return Comparison(plan_result, summary_result, pair)


def as_result(item: Source, settings: Settings) -> ExtractResult:
    """A path, a text or an ExtractResult as an ExtractResult."""
    if isinstance(item, ExtractResult):
        return item
    if isinstance(item, os.PathLike):
        return extract_file(item, settings)
    if isinstance(item, str):
        return extract_file(item, settings) if names_a_file(item) else extract_text(item, settings)
    raise TypeError(f"expected a path, a text or an ExtractResult, not {type(item).__name__}")
