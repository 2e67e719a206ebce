"""Parquet shards of the store's tables, for workers without a shared disk, and their merge.

A shard is one file per table under SHARDS/<table>/part-<id>.parquet, all parts of one chunk
sharing the id. Rows are made by the store's own `write_document` (into an in-memory database) and
kept in the public columns (the views `mentions` and `activities`: doc_id and every text written
out, no doc_key), so a shard reads on its own and a merged shard gives exactly the rows a direct
ingest gives. Merging is idempotent: a document already in the database (same sha256) is not added
again, nor are its mentions and activities.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from miner.errors import StoreError
from miner.records import Document, ErrorRecord, Extraction
from miner.store.db import Store
from miner.store.rows import ACTIVITY_FIELDS, MENTION_FIELDS, write_rows

# Children of documents come after their parent; a row's doc_id decides whether it is new.
SHARD_TABLES = ("documents", "mentions", "activities", "sources", "errors")
_ARROW_TYPES = {"INTEGER": "int64", "REAL": "float64", "TEXT": "string", "BLOB": "binary"}


@dataclass(slots=True)
class LoadSummary:
    """What one `load_shards` run did."""

    parts: int = 0
    added: int = 0  # documents new to the database
    skipped: int = 0  # documents it already held (same sha256)
    errors: int = 0  # error rows merged
    doc_ids: list[str] = field(default_factory=list)


def _schema(conn: Any, table: str) -> Any:
    import pyarrow as pa

    cols = conn.execute(f"PRAGMA table_info({table})").fetchall()  # noqa: S608 - a known table name
    return pa.schema([(c[1], getattr(pa, _ARROW_TYPES.get(str(c[2]).upper(), "string"))()) for c in cols
                      if c[1] != "doc_key"])  # the database's own key: each store gives its own


def write_shard(out_dir: str | Path, documents: Sequence[tuple[Document, Extraction | None]],
                errors: Sequence[ErrorRecord] = ()) -> str:
    """Write one chunk's documents and errors as one part per table; returns the part's name."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    part = f"part-{uuid.uuid4().hex}.parquet"
    with Store(":memory:") as mem:
        for doc, extraction in documents:
            mem.write_document(doc, extraction)
        for err in errors:
            mem.record_error(err)
        for table in SHARD_TABLES:
            rows = [dict(r) for r in mem.conn.execute(f"SELECT * FROM {table}")]  # noqa: S608 - known names
            for row in rows:
                row.pop("doc_key", None)
            if not rows:
                continue
            folder = Path(out_dir) / table
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{part}.tmp"
            pq.write_table(pa.Table.from_pylist(rows, schema=_schema(mem.conn, table)), tmp,
                           compression="zstd")
            os.replace(tmp, folder / part)  # a half-written part is never seen by `load_shards`
    return part


def _parts(root: Path) -> list[str]:
    if not root.is_dir():
        raise StoreError(f"not a folder of shards: {root}", code="S005")
    names = {p.name for table in SHARD_TABLES if (root / table).is_dir()
             for p in (root / table).glob("part-*.parquet")}
    if not names and not any((root / t).is_dir() for t in SHARD_TABLES):
        raise StoreError(f"no shards in {root} (expected folders {', '.join(SHARD_TABLES)})", code="S005")
    return sorted(names)


def _read(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    if not path.is_file():
        return []
    try:
        return list(pq.read_table(path).to_pylist())
    except Exception as exc:  # noqa: BLE001 - a damaged part is reported with its name
        raise StoreError(f"cannot read the shard {path}: {type(exc).__name__}: {exc}", code="S005") from exc


def _insert(conn: Any, table: str, rows: list[dict[str, Any]], conflict: str = "DO NOTHING") -> int:
    if not rows:
        return 0
    cols = list(rows[0])
    sql = (f"INSERT INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "  # noqa: S608
           f"ON CONFLICT {conflict}")
    before = conn.total_changes
    conn.executemany(sql, [tuple(r[c] for c in cols) for r in rows])
    return int(conn.total_changes - before)


def load_shards(roots: Iterable[str | Path], store: Store) -> LoadSummary:
    """Merge folders of shards into the store, one part per transaction (idempotent)."""
    summary = LoadSummary()
    for root in map(Path, roots):
        for part in _parts(root):
            rows = {table: _read(root / table / part) for table in SHARD_TABLES}
            with store.transaction() as conn:
                children: dict[str, tuple[list[list[Any]], list[list[Any]]]] = {
                    d["doc_id"]: ([], []) for d in rows["documents"]}
                for r in rows["mentions"]:
                    children.get(r["doc_id"], ([], []))[0].append([r.get(f) for f in MENTION_FIELDS])
                for r in rows["activities"]:
                    children.get(r["doc_id"], ([], []))[1].append([r.get(f) for f in ACTIVITY_FIELDS])
                new: set[str] = set()
                for doc in rows["documents"]:
                    doc.pop("doc_key", None)
                    if not _insert(conn, "documents", [doc]):
                        summary.skipped += 1
                        continue
                    new.add(doc["doc_id"])
                    summary.doc_ids.append(doc["doc_id"])
                    key = conn.execute("SELECT doc_key FROM documents WHERE doc_id = ?", (doc["doc_id"],))
                    write_rows(conn, key.fetchone()[0], doc.get("text"), *children[doc["doc_id"]])
                _insert(conn, "sources", [r for r in rows["sources"]
                                          if conn.execute("SELECT 1 FROM documents WHERE doc_id = ?",
                                                          (r["doc_id"],)).fetchone()])
                summary.errors += _insert(conn, "errors", rows["errors"])
            summary.added += len(new)
            summary.parts += 1
    return summary
