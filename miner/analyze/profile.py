"""Group profiles: what a group does (types), when (months, term weeks), in which subjects and with whom."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from miner.analyze.data import StoreLike, activities_frame

DIMENSIONS = ("type", "month", "week", "subject", "school")
_COLUMN = {"type": "type", "month": "month", "week": "week", "subject": "subjects", "school": "schools"}
# A school hosts an activity when the evidence puts the activity at it (在X / 走进X / 到X) or says it
# organised it (X承办 / X主办 / 由X组织).
_HOST = r"(?:在|走进|赴|到|来到|由){name}|{name}(?:承办|主办|举办|举行|组织)"


def profile(
    db: StoreLike,
    by: str = "type",
    groups: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
    mood: str | None = "planned",
    per_period: bool = True,
) -> pd.DataFrame:
    """Activities per group (and period) by one dimension: counts and shares within the group-period.

    `by` is one of DIMENSIONS; an activity of two schools or subjects counts once for each. `mood`
    "planned" reads plans, "reported" summaries, None both. Columns: group, [period], <by>, count, share.
    """
    if by not in DIMENSIONS:
        raise ValueError(f"unknown profile dimension {by!r} (choose from {', '.join(DIMENSIONS)})")
    frame = activities_frame(db, groups, periods, mood)
    column = _COLUMN[by]
    if column in ("schools", "subjects"):
        frame = frame.explode(column)
    frame = frame[frame[column].notna() & (frame[column].astype(str) != "")]
    keys = ["group", "period"] if per_period else ["group"]
    counts = frame.groupby([*keys, column]).size().rename("count").reset_index()
    counts = counts.rename(columns={column: by})
    counts["share"] = (counts["count"] / counts.groupby(keys)["count"].transform("sum")).round(4)
    if by == "week":
        counts["week"] = counts["week"].astype(int)
    return counts.sort_values([*keys, "count"], ascending=[True] * len(keys) + [False]).reset_index(drop=True)


def schools(
    db: StoreLike,
    groups: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
    mood: str | None = None,
) -> pd.DataFrame:
    """Per group and school: activities it takes part in, those it hosts, and the share of the group's."""
    activities = activities_frame(db, groups, periods, mood)
    totals = activities.groupby("group").size()  # the group's activities, before one row per school
    frame = activities.explode("schools")
    frame = frame[frame["schools"].notna() & (frame["schools"] != "")]
    if frame.empty:
        return pd.DataFrame(columns=["group", "school", "activities", "hosted", "share"])
    frame = frame.assign(
        hosted=[
            _hosts(school, evidence)
            for school, evidence in zip(frame["schools"], frame["evidence"], strict=True)
        ]
    )
    out = (
        frame.groupby(["group", "schools"])
        .agg(activities=("activity_id", "size"), hosted=("hosted", "sum"))
        .reset_index()
    )
    out = out.rename(columns={"schools": "school"})
    out["share"] = (out["activities"] / out["group"].map(totals)).round(4)
    return out.sort_values(["group", "activities"], ascending=[True, False]).reset_index(drop=True)


def _hosts(school: str, evidence: str) -> bool:
    name = re.escape(school)
    return bool(re.search(_HOST.format(name=name), evidence or ""))
