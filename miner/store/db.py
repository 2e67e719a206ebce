"""The SQLite store: transactional, idempotent writes of documents, mentions, activities and errors."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from miner.errors import StoreError
from miner.records import Activity, Block, ComparisonRow, Document, DocumentFacts, ErrorRecord, Extraction
from miner.store.blocks import pack_blocks, unpack_blocks
from miner.store.migrate import migrate
from miner.store.rows import (
    LIST_SEP,
    TermIds,
    activity_record,
    join_list,
    split_list,
    write_records,
)
from miner.store.schema import ACTIVITY_COLUMNS, ACTIVITY_JOINS, DOC_COLUMNS, EXPORT_TABLES

__all__ = ["LIST_SEP", "Store", "join_list", "open_store", "split_list"]
BUSY_TIMEOUT_S = 60.0


def _switch_to_wal(conn: sqlite3.Connection) -> bool:
    """WAL lets readers and one writer work at once; switching takes a lock that the busy handler
    does not always wait for, so a second process starting at the same moment retries. False when
    the file is read-only (reads work, writes raise)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return True
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc):
                return False
            if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class Store:
    """One SQLite database file. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a database file; pass a file name to --db",
                             code="S003")
        try:
            if not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            # a second process waits for the first one's write (up to BUSY_TIMEOUT_S) instead of failing
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_S)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the database {self.path}: {exc}", code="S003") from exc
        try:
            self.conn.row_factory = sqlite3.Row
            self.terms = TermIds()  # term ids this connection has written or read, kept across documents
            self.conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            self.read_only = not _switch_to_wal(self.conn)
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise _open_error(self.path, exc) from exc

    # -- plumbing -------------------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside commit together or not at all."""
        if self.conn.in_transaction:  # nested: join the outer transaction
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.terms.rollback()
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.terms.rollback()
            raise
        self.terms.commit()

    # -- documents ------------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def add_source(self, source: str, doc_id: str, meta: dict[str, Any] | None = None) -> None:
        """Remember that `doc_id` was also seen at `source` (re-ingesting adds no document)."""
        with self.transaction() as c:
            _add_source(c, source, doc_id, _json(meta or {}), _now())

    def write_document(
        self, doc: Document, extraction: Extraction | None = None, facts: DocumentFacts | None = None,
        *, replace: bool = False,
    ) -> bool:
        """Write one document with its mentions and activities, in one transaction; True when written.

        A document already stored (same doc_id, so the same bytes) is left as it is and only the
        source is added, unless `replace` (a re-extraction), which updates the row in place. Rows
        are never deleted and re-inserted, so no cascade removes what another process wrote.
        """
        facts = extraction.facts if extraction else facts
        period = facts.period if facts else None
        activities = extraction.activities if extraction else ()
        meta, now = _json(doc.meta), _now()
        values = (
            doc.doc_id,
            doc.source,
            doc.title,
            facts.kind if facts else None,
            facts.group_name if facts else None,
            period.label if period else None,
            _iso(period.start) if period else None,
            _iso(period.end) if period else None,
            _iso(doc.published),
            doc.format,
            doc.encoding,
            len(doc.text),
            len(activities),
            doc.text,
            pack_blocks(doc.blocks, doc.text),
            meta,
            now,
        )
        with self.transaction() as c:
            key = c.execute(_INSERT_DOC_REPLACE if replace else _INSERT_DOC, values).fetchall()
            written = bool(key)
            if written:
                doc_key = key[0][0]
                # (a new key has no rows, unless a document was deleted without its cascade)
                c.execute("DELETE FROM mention_rows WHERE doc_key = ?", (doc_key,))
                c.execute("DELETE FROM activity_rows WHERE doc_key = ?", (doc_key,))
            if written and extraction:
                write_records(c, doc_key, doc.text, extraction.mentions, activities, self.terms)
            _add_source(c, doc.source, doc.doc_id, meta, now)
        return written

    # -- errors ---------------------------------------------------------------------------------
    def record_error(self, err: ErrorRecord) -> None:
        """One row per (source, stage, code): re-running a failing batch adds no duplicates."""
        now = _now()
        with self.transaction() as c:
            c.execute(
                "INSERT INTO errors(source, stage, code, error, sha256, first_seen, last_seen) "
                "VALUES (?,?,?,?,?,?,?) ON CONFLICT(source, stage, code) DO UPDATE SET "
                "error = excluded.error, sha256 = excluded.sha256, last_seen = excluded.last_seen",
                (err.source, err.stage, err.code, err.error, err.sha256, now, now),
            )

    # -- comparison -----------------------------------------------------------------------------
    def replace_comparison(self, plan_doc: str, summary_doc: str, rows: Iterable[ComparisonRow]) -> None:
        """Replace the comparison rows of one plan/summary pair (idempotent)."""
        with self.transaction() as c:
            c.execute(
                "DELETE FROM comparison WHERE plan_doc = ? AND summary_doc = ?", (plan_doc, summary_doc)
            )
            c.executemany(
                "INSERT INTO comparison(group_name, period_label, plan_doc, summary_doc, plan_activity_id, "
                "report_activity_id, status, probability, needs_review, manual, plan_evidence, "
                "report_evidence, plan_date_start, report_date_start, shift_days, reasons) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        r.group_name, r.period_label, r.plan_doc, r.summary_doc, r.plan_activity_id,
                        r.report_activity_id, r.status, r.probability, int(r.needs_review), int(r.manual),
                        r.plan_evidence, r.report_evidence, _iso(r.plan_date_start),
                        _iso(r.report_date_start), r.shift_days, r.reasons,
                    )
                    for r in rows
                ],
            )

    def save_review(self, rows: Iterable[tuple[str, str, str | None, str | None, str]], source: str) -> int:
        """Keep reviewers' decisions (plan_doc, summary_doc, plan id, report id, status); a later
        correction of the same decision replaces the earlier one. Returns how many were kept."""
        now = _now()
        data = [(p, s, pa or "", ra or "", status, now, source) for p, s, pa, ra, status in rows]
        with self.transaction() as c:
            c.executemany(
                "INSERT INTO review(plan_doc, summary_doc, plan_activity_id, report_activity_id, status, "
                "reviewed_at, source) VALUES (?,?,?,?,?,?,?) ON CONFLICT(plan_doc, summary_doc, "
                "plan_activity_id, report_activity_id) DO UPDATE SET status = excluded.status, "
                "reviewed_at = excluded.reviewed_at, source = excluded.source", data)
        return len(data)

    def reviews(self, plan_doc: str, summary_doc: str) -> list[dict[str, Any]]:
        """The reviewers' decisions for one plan/summary pair, oldest first."""
        return self.rows(
            "SELECT plan_activity_id, report_activity_id, status FROM review "
            "WHERE plan_doc = ? AND summary_doc = ? ORDER BY reviewed_at", (plan_doc, summary_doc))

    # -- reads ----------------------------------------------------------------------------------
    def tables(self) -> list[str]:
        """The user-facing tables present in this database, in export order."""
        present = {r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        return [t for t in EXPORT_TABLES if t in present]

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def count(self, table: str) -> int:
        if table not in self.tables():
            raise ValueError(f"no table {table!r}")
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608

    def documents(self) -> list[dict[str, Any]]:
        return self.rows(
            "SELECT doc_id, source, title, kind, group_name, period_label, period_start, period_end, "
            "published, format, encoding, n_chars, n_activities, ingested_at "
            "FROM documents ORDER BY ingested_at, source"
        )

    def activities(self, doc_id: str) -> list[Activity]:
        """The stored activities of one document, as records, in reading order."""
        return self.activities_of([doc_id]).get(doc_id, [])

    def activities_of(self, doc_ids: Iterable[str]) -> dict[str, list[Activity]]:
        """The stored activities of several documents (doc_id → records in reading order), read with
        one query per PARAMS documents rather than one per document."""
        out: dict[str, list[Activity]] = {}
        for part in _parts(doc_ids):
            for r in self.conn.execute(
                    f"SELECT {ACTIVITY_COLUMNS} FROM {ACTIVITY_JOINS} "  # noqa: S608
                    f"WHERE d.doc_id IN ({','.join('?' * len(part))}) ORDER BY a.rowid", part):
                out.setdefault(r["doc_id"], []).append(activity_record(r))
        return out

    def texts(self, doc_ids: Iterable[str]) -> dict[str, str | None]:
        """The normalised text of several documents (doc_id → text)."""
        out: dict[str, str | None] = {}
        for part in _parts(doc_ids):
            out.update(self.conn.execute(
                f"SELECT doc_id, text FROM documents WHERE doc_id IN ({','.join('?' * len(part))})",  # noqa: S608
                part).fetchall())
        return out

    def reviewed_pairs(self) -> set[tuple[str, str]]:
        """The (plan_doc, summary_doc) pairs that have reviewers' decisions."""
        return {(r[0], r[1]) for r in self.conn.execute("SELECT DISTINCT plan_doc, summary_doc FROM review")}

    def blocks(self, doc_id: str) -> tuple[Block, ...]:
        """The stored block structure of one document (headings, paragraphs, tables with cells)."""
        row = self.conn.execute("SELECT text, blocks FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return unpack_blocks(row["blocks"], row["text"] or "") if row else ()

    def resolve_document(self, ref: str) -> str | None:
        """A doc_id from a doc_id, a unique doc_id prefix, or a path/URL it was ingested from."""
        if self.has_document(ref):
            return ref
        row = self.conn.execute("SELECT doc_id FROM sources WHERE source = ?", (ref,)).fetchone()
        if row:
            return str(row[0])
        matches = self.conn.execute(
            "SELECT doc_id FROM documents WHERE doc_id LIKE ?", (ref + "%",)
        ).fetchall()
        return str(matches[0][0]) if len(matches) == 1 else None


PARAMS = 500  # doc_ids per query, well within SQLite's limit on parameters


def _parts(doc_ids: Iterable[str]) -> Iterator[list[str]]:
    ids = sorted(set(doc_ids))
    for at in range(0, len(ids), PARAMS):
        yield ids[at:at + PARAMS]


_DOC_UPDATE = "UPDATE SET " + ", ".join(
    f"{c} = excluded.{c}" for c in DOC_COLUMNS.split(", ") if c not in ("doc_id", "source"))


_INSERT_DOC = (f"INSERT INTO documents({DOC_COLUMNS}) "
               f"VALUES ({','.join('?' * len(DOC_COLUMNS.split(', ')))}) ON CONFLICT(doc_id) DO ")
_INSERT_DOC_REPLACE = _INSERT_DOC + _DOC_UPDATE + " RETURNING doc_key"
_INSERT_DOC += "NOTHING RETURNING doc_key"


def _add_source(c: sqlite3.Connection, source: str, doc_id: str, meta: str, now: str) -> None:
    """Remember a source of a document (the latest document seen there wins); its errors are gone."""
    c.execute("INSERT INTO sources(source, doc_id, meta, seen_at) VALUES (?, ?, ?, ?) "
              "ON CONFLICT(source) DO UPDATE SET doc_id = excluded.doc_id, seen_at = excluded.seen_at",
              (source, doc_id, meta, now))
    c.execute("DELETE FROM errors WHERE source = ?", (source,))


def _open_error(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    """The coded error of a database file that opened but cannot be used."""
    reason = str(exc)
    if "not a database" in reason or "malformed" in reason or "file is encrypted" in reason:
        return StoreError(f"{path} is not a miner database (SQLite says: {reason})", code="S002")
    if "readonly" in reason or "read-only" in reason:
        return StoreError(f"the database {path} is read-only: miner needs to write to it (check its "
                          "permissions, or copy it somewhere writable)", code="S003")
    return StoreError(f"cannot use the database {path}: {reason}", code="S003")


def open_store(path: str | Path = "miner.db") -> Store:
    """Open (creating if needed) the database at `path`. A folder, or a file that is not a SQLite
    database raises a coded error (S002, S003). A read-only database opens for reading
    (`store.read_only`); writing to it raises sqlite3's "attempt to write a readonly database"."""
    return Store(path)
