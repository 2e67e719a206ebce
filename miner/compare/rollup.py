"""Roll comparison decisions up into fulfilment and on-time rates by group, school, type, month, term."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from miner.compare.align import Match, PairComparison

if TYPE_CHECKING:
    import pandas as pd

DIMENSIONS = ("group", "school", "type", "month", "term")
STATUSES = ("done", "shifted", "not_reported", "unplanned")
NO_VALUE = "—"


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
        "status": m.status, "decision": n,
    }
    return [{**base, "school": s} for s in schools]


def decisions(comparisons: Iterable[PairComparison]) -> pd.DataFrame:
    """One row per decision and school (`decision` numbers the decisions)."""
    import pandas as pd

    matches = [(m, comp) for comp in comparisons for m in comp.matches]
    rows = [f for n, (m, comp) in enumerate(matches) for f in _facts(m, comp, n)]
    return pd.DataFrame(rows, columns=["decision", "group", "school", "type", "month", "term", "status"])


def rates(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Counts per status and the fulfilment and on-time rates of each value of `key` (one row each).

    `frame` has a `status` column and `key`; the one definition of the rates that the roll-ups, the
    report and `miner analyze fulfilment` share.
    """
    import pandas as pd

    counts = pd.crosstab(frame[key], frame["status"]).reindex(columns=list(STATUSES), fill_value=0)
    counts.insert(0, "planned", counts["done"] + counts["shifted"] + counts["not_reported"])
    planned = counts["planned"].where(counts["planned"] > 0)
    counts["fulfilment"] = ((counts["done"] + counts["shifted"]) / planned).round(3)
    counts["on_time"] = (counts["done"] / planned).round(3)
    counts.columns.name = None
    return counts.reset_index().rename(columns={key: key})


def rollup(comparisons: Iterable[PairComparison], by: Iterable[str] = DIMENSIONS) -> dict[str, pd.DataFrame]:
    """Fulfilment (done+shifted over planned) and on-time (done over planned) rates per dimension."""
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
