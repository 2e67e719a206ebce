"""Exporters by name: each writes one table (a DataFrame) to one file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from miner.errors import MinerError
from miner.store import Store

Writer = Callable[[pd.DataFrame, Path], None]


@dataclass(frozen=True, slots=True)
class Exporter:
    name: str
    suffix: str
    write: Writer
    tables: tuple[str, ...] | None = None  # None: every table
    spreadsheet: bool = False  # opened by Excel & co.: text cells are neutralised against formulas


EXPORTERS: dict[str, Exporter] = {}


def register(name: str, suffix: str, tables: tuple[str, ...] | None = None,
             spreadsheet: bool = False) -> Callable[[Writer], Writer]:
    def deco(write: Writer) -> Writer:
        EXPORTERS[name] = Exporter(name, suffix, write, tables, spreadsheet)
        return write

    return deco


def read_table(store: Store, table: str) -> pd.DataFrame:
    if table not in store.tables():
        raise ValueError(f"no table {table!r} in {store.path}; tables: {', '.join(store.tables())}")
    # the comparison's decisions that need review come first, least probable first
    order = " ORDER BY needs_review DESC, probability ASC" if table == "comparison" else ""
    frame = pd.read_sql_query(f"SELECT * FROM {table}{order}", store.conn)  # noqa: S608 - name checked above
    if table == "documents":
        # blocks: packed offsets, available through the library; doc_key: the database's own row key
        frame = frame.drop(columns=["blocks", "doc_key"], errors="ignore")
    # INTEGER columns with gaps (term, week, shift_days) stay integers, not 2.0, in every format
    declared = store.conn.execute(f"PRAGMA table_info({table})").fetchall()  # noqa: S608
    for col in (row[1] for row in declared if row[2].upper() == "INTEGER"):
        if col in frame.columns:
            frame[col] = frame[col].astype("Int64")
    return frame


# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (OWASP,
# "CSV Injection"): `=HYPERLINK(...)` in a document title would become a live link.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells starting like a formula carry a leading apostrophe, as OWASP
    recommends, so spreadsheet programs show them as text."""
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == object or pd.api.types.is_string_dtype(frame[col].dtype):
            frame[col] = frame[col].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
    return frame


def export_tables(store: Store, out_dir: str | Path, fmt: str,
                  tables: Iterable[str] | None = None, *, neutralise: bool = True) -> list[Path]:
    """Write each table to OUT_DIR/<table>.<suffix>; returns the files written.

    In CSV and XLSX, text cells that a spreadsheet would run as a formula are neutralised unless
    `neutralise=False`; SQLite, Parquet and JSONL always keep the raw text.
    """
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(sorted(EXPORTERS))}")
    exporter = EXPORTERS[fmt]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names = list(tables) if tables else list(exporter.tables or store.tables())
    written = []
    for table in names:
        path = out / f"{table}{exporter.suffix}"
        frame = read_table(store, table)
        if neutralise and exporter.spreadsheet:
            frame = neutralise_formulas(frame)
        exporter.write(frame, path)
        written.append(path)
    return written


def write_frame(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write one DataFrame with the exporter its file ending names (.csv, .xlsx, .jsonl, .parquet)."""
    path = Path(path)
    by_suffix = {e.suffix: e for e in EXPORTERS.values() if e.tables is None}
    exporter = by_suffix.get(path.suffix.lower())
    if exporter is None:
        raise MinerError(f"cannot write a table as {path.suffix or 'a file without ending'}: use one of "
                         f"{', '.join(sorted(by_suffix))}", code="X001")
    path.parent.mkdir(parents=True, exist_ok=True)
    exporter.write(frame, path)
    return path
