"""Store size: blocks packed and restored exactly, a schema-1 file migrated in place."""

from __future__ import annotations

import json
import sqlite3

from miner.parse import parse
from miner.records import RawInput
from miner.store import SCHEMA_VERSION, open_store
from miner.store.blocks import pack_blocks, unpack_blocks

from ..parse.fixtures_office import plan_docx


def _doc(settings):
    return parse(RawInput(source="plan.docx", data=plan_docx(), name="plan.docx"), settings)


def test_size_blocks_pack_round_trip_with_tables_and_carried_cells(settings):
    doc = _doc(settings)
    assert any(b.kind == "table" and any(c.carried for r in b.rows for c in r) for b in doc.blocks)
    packed = pack_blocks(doc.blocks, doc.text)
    assert unpack_blocks(packed, doc.text) == doc.blocks
    full_json = str([b.as_dict() for b in doc.blocks]).encode()
    assert len(packed) * 4 < len(full_json)


def test_size_store_returns_the_blocks_it_wrote(store, settings):
    doc = _doc(settings)
    store.write_document(doc)
    assert store.blocks(doc.doc_id) == doc.blocks


SCHEMA_1 = """
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT, kind TEXT,
  group_name TEXT, period_label TEXT, period_start TEXT, period_end TEXT, published TEXT, format TEXT,
  encoding TEXT, n_chars INTEGER, n_activities INTEGER, text TEXT, blocks TEXT, meta TEXT,
  ingested_at TEXT NOT NULL);
CREATE TABLE mentions (doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  kind TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, value TEXT,
  PRIMARY KEY (doc_id, kind, start, end));
CREATE TABLE miner_meta (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO miner_meta VALUES ('schema_version', '1');
"""


def test_size_schema_1_file_is_migrated_in_place(tmp_path, settings):
    doc = _doc(settings)
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_1)
    conn.execute("INSERT INTO documents(doc_id, source, text, blocks, ingested_at) VALUES (?,?,?,?,?)",
                 ("d1", "plan.docx", doc.text, json.dumps([b.as_dict() for b in doc.blocks]), "2024"))
    conn.execute("INSERT INTO mentions VALUES ('d1', 'time', '9月', 0, 2, '2023-09-01/2023-09-30')")
    conn.commit()
    conn.close()
    with open_store(path) as store:
        assert store.blocks("d1") == doc.blocks
        assert store.rows("SELECT kind, text FROM mentions") == [{"kind": "time", "text": "9月"}]
        ddl = store.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'mention_rows'").fetchone()[0]
        assert "WITHOUT ROWID" in ddl
        assert store.conn.execute("SELECT typeof(blocks) FROM documents").fetchone()[0] == "blob"
        assert store.rows("SELECT value FROM miner_meta WHERE key = 'schema_version'") == [
            {"value": str(SCHEMA_VERSION)}]
