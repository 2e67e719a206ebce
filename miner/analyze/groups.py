"""Do groups differ? A chi-square test of their activity-type distributions, with Cramér's V."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from miner.analyze.data import StoreLike, activities_frame
from miner.errors import MinerError


@dataclass(frozen=True, slots=True)
class GroupComparison:
    """The contingency table of groups × types and what the test says about it."""

    observed: pd.DataFrame  # counts, groups as rows, types as columns
    expected: pd.DataFrame  # counts expected if every group had the same distribution
    residuals: pd.DataFrame  # adjusted standardised residuals: |r| > 2 marks a cell that differs
    chi2: float
    p_value: float
    dof: int
    cramers_v: float  # effect size: ~0.1 small, ~0.3 medium, ≥ 0.5 large

    @property
    def differ(self) -> bool:
        """True when the difference is more than chance at the 5 % level."""
        return self.p_value < 0.05

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "groups": len(self.observed),
                    "types": self.observed.shape[1],
                    "activities": int(self.observed.to_numpy().sum()),
                    "chi2": round(self.chi2, 3),
                    "dof": self.dof,
                    "p_value": self.p_value,
                    "cramers_v": round(self.cramers_v, 4),
                    "differ_at_5pct": self.differ,
                }
            ]
        )

    def to_pandas(self) -> pd.DataFrame:
        """Long table: group, type, observed, expected, share, residual."""
        long = self.observed.stack().rename("observed").reset_index()
        long.columns = ["group", "type", "observed"]
        long["expected"] = self.expected.stack().round(3).to_numpy()
        long["share"] = (long["observed"] / long.groupby("group")["observed"].transform("sum")).round(4)
        long["residual"] = self.residuals.stack().round(3).to_numpy()
        return long


def compare_groups(
    db: StoreLike,
    groups: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
    mood: str | None = "planned",
    by: str = "type",
) -> GroupComparison:
    """Test whether two or more groups' activity types (or another column) are distributed alike.

    Pearson's chi-square on the groups × types table (scipy), Cramér's V as the effect size and
    adjusted residuals per cell to say which types make the difference. Types no group has are dropped.
    """
    from scipy.stats import chi2_contingency

    frame = activities_frame(db, groups, periods, mood)
    if by not in frame.columns:
        raise ValueError(f"compare_groups: no column {by!r}")
    observed = pd.crosstab(frame["group"], frame[by])
    observed = observed.loc[:, observed.sum() > 0]
    if observed.shape[0] < 2 or observed.shape[1] < 2:
        raise MinerError(
            f"comparing groups needs at least two groups and two {by} values with activities "
            f"(found {observed.shape[0]} groups, {observed.shape[1]} values)",
            code="C003",
        )
    chi2, p, dof, expected = chi2_contingency(observed.to_numpy(), correction=False)
    n = observed.to_numpy().sum()
    k = min(observed.shape) - 1
    v = float(np.sqrt(chi2 / (n * k))) if n and k else 0.0
    row = observed.sum(axis=1).to_numpy()[:, None] / n
    col = observed.sum(axis=0).to_numpy()[None, :] / n
    with np.errstate(divide="ignore", invalid="ignore"):
        resid = (observed.to_numpy() - expected) / np.sqrt(expected * (1 - row) * (1 - col))
    frame_of = lambda values: pd.DataFrame(values, index=observed.index, columns=observed.columns)  # noqa: E731
    return GroupComparison(
        observed, frame_of(expected), frame_of(np.nan_to_num(resid)), float(chi2), float(p), int(dof), v
    )
