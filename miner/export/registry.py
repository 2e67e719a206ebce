"""Exporters by name: each writes one table (a DataFrame) to one file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from miner.store import Store

Writer = Callable[[pd.DataFrame, Path], None]


@dataclass(frozen=True, slots=True)
class Exporter:
    name: str
    suffix: str
    write: Writer
    tables: tuple[str, ...] | None = None  # None: every table


EXPORTERS: dict[str, Exporter] = {}


def register(name: str, suffix: str, tables: tuple[str, ...] | None = None) -> Callable[[Writer], Writer]:
    def deco(write: Writer) -> Writer:
        EXPORTERS[name] = Exporter(name, suffix, write, tables)
        return write

    return deco


def read_table(store: Store, table: str) -> pd.DataFrame:
    if table not in store.tables():
        raise ValueError(f"no table {table!r} in {store.path}; tables: {', '.join(store.tables())}")
    # the comparison's decisions that need review come first, least probable first
    order = " ORDER BY needs_review DESC, probability ASC" if table == "comparison" else ""
    frame = pd.read_sql_query(f"SELECT * FROM {table}{order}", store.conn)  # noqa: S608 - name checked above
    if table == "documents":
        frame = frame.drop(columns=["blocks"])  # offsets-heavy JSON; available through the library
    # INTEGER columns with gaps (term, week, shift_days) stay integers, not 2.0, in every format
    declared = store.conn.execute(f"PRAGMA table_info({table})").fetchall()  # noqa: S608
    for col in (row[1] for row in declared if row[2].upper() == "INTEGER"):
        if col in frame.columns:
            frame[col] = frame[col].astype("Int64")
    return frame


def export_tables(store: Store, out_dir: str | Path, fmt: str,
                  tables: Iterable[str] | None = None) -> list[Path]:
    """Write each table to OUT_DIR/<table>.<suffix>; returns the files written."""
    import miner.export.formats  # noqa: F401  (registers the exporters)

    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(sorted(EXPORTERS))}")
    exporter = EXPORTERS[fmt]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names = list(tables) if tables else list(exporter.tables or store.tables())
    written = []
    for table in names:
        path = out / f"{table}{exporter.suffix}"
        exporter.write(read_table(store, table), path)
        written.append(path)
    return written
