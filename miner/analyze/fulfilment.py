"""Fulfilment across groups and years: rates from the comparison table by group, period, type, school."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from miner.analyze.data import StoreLike, comparison_frame
from miner.compare.rollup import rates

DIMENSIONS = ("group", "period", "type", "school")


def fulfilment(
    db: StoreLike,
    by: Sequence[str] = ("group", "period"),
    groups: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Planned, done, shifted, not reported and unplanned counts with fulfilment and on-time rates.

    `by` is one or more of DIMENSIONS (group and period by default: each group's rate per year). The
    rates are miner.compare.rollup's (one definition of fulfilment for the report, `miner compare
    --by` and this). An activity of two schools counts for each school when `by` has "school".
    """
    by = list(by)
    unknown = [b for b in by if b not in DIMENSIONS]
    if unknown or not by:
        raise ValueError(f"unknown fulfilment dimension {unknown} (choose from {', '.join(DIMENSIONS)})")
    frame = comparison_frame(db, groups, periods)
    if "school" in by:
        frame = frame.assign(school=frame["schools"].map(lambda v: v or ["—"])).explode("school")
    if frame.empty:
        return pd.DataFrame(
            columns=[*by, "planned", "done", "shifted", "not_reported", "unplanned", "fulfilment", "on_time"]
        )
    return rates(frame, by)
