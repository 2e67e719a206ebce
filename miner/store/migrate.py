"""Bring a store written by an older miner (schema 1 or 2) up to schema 3, in place and in one go.

Schema 1 kept every block's text in documents.blocks as JSON; schema 2 packed it. Both kept the
mentions and activities keyed by the 64-character doc_id, with each mention's text and each
activity's evidence written out again beside the document's text. Schema 3 keys them by the
documents' integer `doc_key` and leaves out what the document's text already holds (see schema.py).
The rebuild runs in one transaction with foreign keys off (dropping the old documents table must not
cascade into the sources), then the file is vacuumed once to give the space back.
"""

from __future__ import annotations

import re
import sqlite3

from miner.store.blocks import pack_blocks, unpack_blocks
from miner.store.schema import DOC_COLUMNS, SCHEMA_VERSION, TABLES, schema_version

_CUT = "substr(d.text, {t}.start + 1, {t}.end - {t}.start)"


def _create(conn: sqlite3.Connection, table: str, as_name: str | None = None) -> None:
    """Run the current DDL of one table of TABLES (under another name when `as_name`)."""
    found = re.search(rf"CREATE TABLE IF NOT EXISTS {table} \(.*?\)( WITHOUT ROWID)?;", TABLES, re.DOTALL)
    if found is None:
        raise RuntimeError(f"no table {table} in the schema")
    ddl = found.group(0)
    conn.execute(ddl.replace(f"IF NOT EXISTS {table} (", f"{as_name or table} (", 1))


def migrate(conn: sqlite3.Connection) -> None:
    """Create missing tables, bring an older file up to date, record the schema version (idempotent)."""
    found = schema_version(conn)
    if found is not None and found > SCHEMA_VERSION:
        raise RuntimeError(
            f"this database was written by a newer miner (schema {found} > {SCHEMA_VERSION}); upgrade miner"
        )
    if found is not None and found < SCHEMA_VERSION:
        upgrade(conn)
    conn.executescript(TABLES)
    if found is None:
        conn.execute("INSERT OR IGNORE INTO miner_meta(key, value) VALUES ('schema_version', ?)",
                     (str(SCHEMA_VERSION),))
    if conn.in_transaction:
        conn.commit()


def upgrade(conn: sqlite3.Connection) -> None:
    """Rebuild the tables of a schema-1 or schema-2 file as schema 3 (no-op if another process did)."""
    if conn.in_transaction:
        conn.commit()
    conn.execute("PRAGMA foreign_keys=OFF")  # cannot change inside a transaction
    try:
        conn.execute("BEGIN IMMEDIATE")
        found = schema_version(conn)
        if found is None or found >= SCHEMA_VERSION:  # upgraded meanwhile by another process
            conn.execute("COMMIT")
            return
        _rebuild(conn)
        conn.execute("UPDATE miner_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("VACUUM")


def _rebuild(conn: sqlite3.Connection) -> None:
    """documents with a doc_key, then mentions and activities as stored rows (in the caller's transaction)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for view in ("group_activities", "group_comparison"):
        conn.execute(f"DROP VIEW IF EXISTS {view}")
    comparison = {r[1] for r in conn.execute("PRAGMA table_info(comparison)")}
    if comparison and "probability" not in comparison:
        # schema 1's comparison rows (score, no review flags) are derived data: `miner compare` remakes them
        conn.execute("DROP TABLE comparison")
    if "documents" not in tables:
        return
    _create(conn, "documents", "documents_v3")
    conn.execute(f"INSERT INTO documents_v3({DOC_COLUMNS}) "  # noqa: S608 - the schema's own names
                 f"SELECT {DOC_COLUMNS} FROM documents ORDER BY rowid")
    conn.execute("DROP TABLE documents")
    conn.execute("ALTER TABLE documents_v3 RENAME TO documents")
    for doc_key, text, blocks in conn.execute(
            "SELECT doc_key, text, blocks FROM documents WHERE typeof(blocks) = 'text'").fetchall():
        conn.execute("UPDATE documents SET blocks = ? WHERE doc_key = ?",
                     (pack_blocks(unpack_blocks(blocks, text or ""), text or ""), doc_key))
    _create(conn, "terms")
    if "mentions" in tables:
        _create(conn, "mention_rows")
        conn.execute("INSERT OR IGNORE INTO terms(term) SELECT kind FROM mentions UNION "
                     "SELECT value FROM mentions WHERE value IS NOT NULL")
        cut = _CUT.format(t="m")
        conn.execute(
            "INSERT OR IGNORE INTO mention_rows(doc_key, kind, start, end, text, value) "
            f"SELECT d.doc_key, k.term_id, m.start, m.end, "
            f"CASE WHEN m.text = {cut} THEN NULL ELSE m.text END, v.term_id "
            "FROM mentions m JOIN documents d USING (doc_id) JOIN terms k ON k.term = m.kind "
            "LEFT JOIN terms v ON v.term = m.value")
        conn.execute("DROP TABLE mentions")
    if "activities" in tables:
        _create(conn, "activity_rows")
        have = {r[1] for r in conn.execute("PRAGMA table_info(activities)")}
        new = [r[1] for r in conn.execute("PRAGMA table_info(activity_rows)")]
        conn.execute("INSERT OR IGNORE INTO terms(term) SELECT type FROM activities UNION "
                     "SELECT mood FROM activities WHERE mood IS NOT NULL")
        special = {
            "doc_key": "d.doc_key",
            "type": "t.term_id",
            "mood": "o.term_id",
            "types": "CASE WHEN a.types = a.type THEN NULL ELSE a.types END",
            "evidence": f"CASE WHEN a.evidence = {_CUT.format(t='a')} THEN NULL ELSE a.evidence END",
            "also": "CASE WHEN a.also = '[]' THEN NULL ELSE a.also END",
        }
        select = ", ".join(special.get(c, f"a.{c}") if c in have or c == "doc_key" else "NULL" for c in new)
        conn.execute(f"INSERT OR IGNORE INTO activity_rows({', '.join(new)}) SELECT {select} "  # noqa: S608
                     "FROM activities a JOIN documents d USING (doc_id) JOIN terms t ON t.term = a.type "
                     "LEFT JOIN terms o ON o.term = a.mood ORDER BY a.rowid")
        conn.execute("DROP TABLE activities")
