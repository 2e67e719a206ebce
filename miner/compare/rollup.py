"""Roll comparison decisions up into fulfilment and on-time rates by group, school, type, month, term."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from miner.compare.align import Match, PairComparison

if TYPE_CHECKING:
    import pandas as pd

DIMENSIONS = ("group", "school", "type", "month", "term")
STATUSES = ("done", "shifted", "cancelled", "not_reported", "unplanned")
NO_VALUE = "—"


def fulfilment(done: float, shifted: float, planned: float) -> float | None:
    """The one definition of the fulfilment rate: planned activities that took place (done or
    shifted) over all planned activities (cancelled and not reported ones included); None when
    nothing was planned."""
    return (done + shifted) / planned if planned else None


def term_label(day: dt.date | None, term: int | None = None) -> str:
    """The school term a date falls in: 2023学年第一学期 (Sep–Jan) or 第二学期 (Feb–Aug)."""
    if day is None:
        return NO_VALUE
    year = day.year if day.month >= 9 else day.year - 1
    t = term or (1 if day.month >= 9 or day.month == 1 else 2)
    return f"{year}学年第{'一' if t == 1 else '二'}学期"


def _facts(m: Match, comp: PairComparison, n: int) -> list[dict[str, Any]]:
    a = m.plan or m.report
    assert a is not None
    day = a.date_start
    schools = a.schools or (m.report.schools if m.report else ()) or (NO_VALUE,)
    base = {
        "group": comp.group_name or NO_VALUE, "type": a.type,
        "month": day.strftime("%Y-%m") if day else NO_VALUE, "term": term_label(day, a.term),
        "status": m.status, "decision": n, "needs_review": m.needs_review,
    }
    return [{**base, "school": s} for s in schools]


def decisions(comparisons: Iterable[PairComparison]) -> pd.DataFrame:
    """One row per decision and school (`decision` numbers the decisions)."""
    import pandas as pd

    matches = [(m, comp) for comp in comparisons for m in comp.matches]
    rows = [f for n, (m, comp) in enumerate(matches) for f in _facts(m, comp, n)]
    return pd.DataFrame(rows, columns=["decision", "group", "school", "type", "month", "term", "status",
                                       "needs_review"])


def _counts(frame: pd.DataFrame, key: str | list[str]) -> pd.DataFrame:
    import pandas as pd

    keys = [key] if isinstance(key, str) else key
    counts = pd.crosstab([frame[k] for k in keys], frame["status"]).reindex(columns=list(STATUSES),
                                                                          fill_value=0)
    counts.insert(0, "planned", counts[["done", "shifted", "cancelled", "not_reported"]].sum(axis=1))
    return counts


def rates(frame: pd.DataFrame, key: str | list[str]) -> pd.DataFrame:
    """Counts per status and the rates of each value of `key` (one column, or several: one row per
    combination): what the roll-ups, the report and `miner analyze fulfilment` share. `frame` has
    `status`, `needs_review` and the key columns."""
    counts = _counts(frame, key)
    counts["fulfilment"] = [fulfilment(d, s, p) for d, s, p in
                            zip(counts["done"], counts["shifted"], counts["planned"], strict=True)]
    counts["on_time"] = [fulfilment(d, 0, p) for d, p in zip(counts["done"], counts["planned"], strict=True)]
    sure = _counts(frame[~frame["needs_review"].astype(bool)], key).reindex(counts.index, fill_value=0)
    counts["needs_review"] = (counts["planned"] - sure["planned"]).astype(int)
    counts["fulfilment_sure"] = [fulfilment(d, s, p) for d, s, p in
                                 zip(sure["done"], sure["shifted"], sure["planned"], strict=True)]
    for col in ("fulfilment", "on_time", "fulfilment_sure"):
        counts[col] = counts[col].astype(float).round(3)
    counts.columns.name = None
    return counts.reset_index()


def rollup(comparisons: Iterable[PairComparison], by: Iterable[str] = DIMENSIONS) -> dict[str, pd.DataFrame]:
    """Counts per status, fulfilment (done+shifted over planned, cancelled counted apart but planned),
    on-time (done over planned) and fulfilment among the decisions that do not need review
    (`fulfilment_sure`; `needs_review` counts the planned ones left out), per dimension."""
    frame = decisions(comparisons)
    out = {}
    for key in by:
        if key not in DIMENSIONS:
            raise ValueError(f"unknown roll-up dimension {key!r} (choose from {', '.join(DIMENSIONS)})")
        if not len(frame):
            out[key] = frame.iloc[0:0]
            continue
        # an activity of two schools counts once for each school, and once everywhere else
        once = frame if key == "school" else frame.drop_duplicates("decision")
        out[key] = rates(once, key)
    return out
