"""Read the store's tables into the flat pandas frames every analysis starts from."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeAlias

import pandas as pd

from miner.errors import MinerError
from miner.store import Store, open_store
from miner.store.db import split_list

StoreLike: TypeAlias = Store | str | Path  # an open store, or the path of a database file

NO_GROUP = "（未注明集团）"  # documents whose group the extractor could not tell
LIST_COLUMNS = ("schools", "subjects", "people")


@contextmanager
def opened(db: StoreLike) -> Iterator[Store]:
    """The store itself, or one opened from a path for the length of an analysis."""
    if isinstance(db, Store):
        yield db
        return
    path = Path(db)
    if not path.exists():  # a folder or a junk file: open_store says which (S003, S002)
        raise MinerError(
            f"no database at {path}: ingest documents first (miner ingest ... --db {path})", code="S004"
        )
    with open_store(path) as store:
        yield store


def _selected(
    frame: pd.DataFrame, groups: Sequence[str] | None, periods: Sequence[str] | None
) -> pd.DataFrame:
    if groups:
        frame = frame[frame["group"].isin(list(groups))]
    if periods:
        frame = frame[frame["period"].isin(list(periods))]
    return frame.reset_index(drop=True)


def activities_frame(
    db: StoreLike,
    groups: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
    mood: str | None = None,
) -> pd.DataFrame:
    """One row per activity with its document's group, period and kind; list columns as lists.

    `mood` keeps only planned (plans) or reported (summaries) activities; `month` is `YYYY-MM` of the
    activity's start date (empty when undated).
    """
    with opened(db) as store:
        frame = pd.read_sql_query(
            "SELECT a.doc_id, a.activity_id, a.type, a.evidence, a.mood, a.time_text, a.date_start,"
            ' a.date_end, a.term, a.week, a.schools, a.subjects, a.people, a.theme, d.group_name AS "group",'
            " d.period_label AS period, d.kind, d.title FROM activities a JOIN documents d USING (doc_id)",
            store.conn,
        )
    frame["group"] = frame["group"].fillna(NO_GROUP).replace("", NO_GROUP)
    frame["period"] = frame["period"].fillna("")
    for col in LIST_COLUMNS:
        frame[col] = frame[col].map(lambda v: list(split_list(v)))
    frame["month"] = frame["date_start"].fillna("").str.slice(0, 7)
    if mood:
        frame = frame[frame["mood"] == mood]
    return _selected(frame, groups, periods)


def comparison_frame(
    db: StoreLike, groups: Sequence[str] | None = None, periods: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per comparison decision with the type and schools of its activity (planned, else reported)."""
    with opened(db) as store:
        tables = store.tables()
        if "comparison" not in tables or not store.count("comparison"):
            raise MinerError("the store has no comparison yet: run `miner compare` first", code="C002")
        # the view joins each decision to its activities through their keys (store/schema.py)
        frame = pd.read_sql_query("SELECT * FROM group_comparison", store.conn)
    frame = frame.rename(columns={"group_name": "group", "period_label": "period"})
    frame["group"] = frame["group"].fillna(NO_GROUP).replace("", NO_GROUP)
    frame["period"] = frame["period"].fillna("")
    frame["schools"] = frame["schools"].map(lambda v: list(split_list(v)))
    return _selected(frame, groups, periods)
