"""Migration of a schema-2 store (doc_id in every child row, texts written out) to schema 3."""

from __future__ import annotations

import sqlite3

import pytest

from miner.store import SCHEMA_VERSION, open_store
from miner.store.blocks import pack_blocks
from miner.store.schema import TABLES

# schema 2 as miner wrote it (documents keyed by doc_id; mentions WITHOUT ROWID; activities with an index)
SCHEMA_2 = """
CREATE TABLE documents (doc_id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT, kind TEXT,
  group_name TEXT, period_label TEXT, period_start TEXT, period_end TEXT, published TEXT, format TEXT,
  encoding TEXT, n_chars INTEGER, n_activities INTEGER, text TEXT, blocks BLOB, meta TEXT,
  ingested_at TEXT NOT NULL);
CREATE TABLE sources (source TEXT PRIMARY KEY,
  doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, meta TEXT, seen_at TEXT NOT NULL);
CREATE INDEX sources_doc ON sources(doc_id);
CREATE TABLE mentions (doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  kind TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, value TEXT,
  PRIMARY KEY (doc_id, kind, start, end)) WITHOUT ROWID;
CREATE TABLE activities (doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
  activity_id TEXT NOT NULL, type TEXT NOT NULL, types TEXT, name TEXT, evidence TEXT NOT NULL,
  start INTEGER, end INTEGER, mood TEXT, time_text TEXT, date_start TEXT, date_end TEXT, term INTEGER,
  week INTEGER, schools TEXT, subjects TEXT, people TEXT, theme TEXT, also TEXT, recurrence TEXT,
  confidence REAL, PRIMARY KEY (doc_id, activity_id));
CREATE TABLE comparison (group_name TEXT, period_label TEXT, plan_doc TEXT NOT NULL,
  summary_doc TEXT NOT NULL, plan_activity_id TEXT, report_activity_id TEXT, status TEXT NOT NULL,
  probability REAL, needs_review INTEGER NOT NULL DEFAULT 0, manual INTEGER NOT NULL DEFAULT 0,
  plan_evidence TEXT, report_evidence TEXT, plan_date_start TEXT, report_date_start TEXT,
  shift_days INTEGER, reasons TEXT);
CREATE VIEW group_comparison AS SELECT COALESCE(p.type, r.type) AS type, c.* FROM comparison c
  LEFT JOIN activities p ON p.doc_id = c.plan_doc AND p.activity_id = c.plan_activity_id
  LEFT JOIN activities r ON r.doc_id = c.summary_doc AND r.activity_id = c.report_activity_id;
CREATE TABLE miner_meta (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO miner_meta VALUES ('schema_version', '2');
"""

PLAN = "2023学年育才集团工作计划\n9月：在东湖小学召开集团理事会。\n10月中旬：数学同课异构。"
SUMMARY = "2023学年育才集团工作总结\n9月召开了理事会。"
P, S = "p" * 64, "s" * 64


def _activity(doc_id, n, type_, types, evidence, start, end, also):
    return (doc_id, f"A{n}", type_, types, "", evidence, start, end, "planned", None, "2023-09-01",
            "2023-09-30", 1, None, "东湖小学", "", "", None, also, None, 0.9)


def _old_store(path):
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_2)
    for doc_id, text, kind in ((P, PLAN, "plan"), (S, SUMMARY, "summary")):
        conn.execute("INSERT INTO documents(doc_id, source, kind, group_name, text, blocks, ingested_at) "
                     "VALUES (?,?,?,?,?,?,?)", (doc_id, f"{kind}.txt", kind, "育才集团", text,
                                                pack_blocks((), text), "2024-01-01"))
        conn.execute("INSERT INTO sources VALUES (?, ?, '{}', '2024-01-01')", (f"{kind}.txt", doc_id))
    school = PLAN.index("东湖小学")
    mentions = [
        (P, "school", "东湖小学", school, school + 4, "东湖小学"),
        (P, "time", "9月", PLAN.index("9月"), PLAN.index("9月") + 2, "2023-09-01/2023-09-30"),
        (P, "group", "育才教育集团", 6, 10, "育才集团"),  # as written elsewhere: not the text's cut
    ]
    conn.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?)", mentions)
    line2 = PLAN.index("9月")
    line3 = PLAN.index("10月")
    activities = [
        _activity(P, 1, "meeting", "meeting", PLAN[line2:line3 - 1], line2, line3 - 1, "[]"),
        _activity(P, 2, "joint_research", "joint_research、open_lesson", "数学 同课异构", line3, len(PLAN),
                  '["同课异构"]'),
        _activity(P, 10, "other", "other", PLAN[:5], 0, 5, "[]"),
        _activity(S, 1, "meeting", "meeting", SUMMARY[-9:], len(SUMMARY) - 9, len(SUMMARY), "[]"),
    ]
    conn.executemany(f"INSERT INTO activities VALUES ({', '.join('?' * 21)})", activities)
    conn.execute("INSERT INTO comparison(group_name, plan_doc, summary_doc, plan_activity_id, "
                 "report_activity_id, status) VALUES ('育才集团', ?, ?, 'A1', 'A1', 'done')", (P, S))
    conn.commit()
    conn.close()
    return mentions, activities


def test_migrate_schema_2_store_keeps_every_public_row(tmp_path):
    path = tmp_path / "v2.db"
    mentions, activities = _old_store(path)
    with open_store(path) as store:
        assert store.rows("SELECT value FROM miner_meta WHERE key = 'schema_version'") == [
            {"value": str(SCHEMA_VERSION)}]
        got = store.conn.execute("SELECT * FROM mentions ORDER BY kind, start").fetchall()
        assert sorted(map(tuple, got)) == sorted(mentions)
        got = store.conn.execute("SELECT * FROM activities").fetchall()
        assert sorted(map(tuple, got)) == sorted(activities)
        # reading order survives (A10 after A2, not between A1 and A2)
        assert [a.activity_id for a in store.activities(P)] == ["A1", "A2", "A10"]
        assert store.activities(P)[1].also == ("同课异构",)
        assert sorted(r["source"] for r in store.rows("SELECT source FROM sources")) == ["plan.txt",
                                                                                         "summary.txt"]
        assert store.rows("SELECT type, status FROM group_comparison") == [
            {"type": "meeting", "status": "done"}]
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # the texts the document holds are not stored twice; the ones it does not are kept
        stored = dict(store.conn.execute("SELECT term, text FROM mention_rows JOIN terms ON term_id = kind"
                                         ).fetchall())
        assert stored == {"school": None, "time": None, "group": "育才教育集团"}
        kept = store.conn.execute("SELECT evidence, types, also FROM activity_rows WHERE evidence IS NOT "
                                  "NULL OR types IS NOT NULL OR also IS NOT NULL").fetchall()
        assert list(map(tuple, kept)) == [("数学 同课异构", "joint_research、open_lesson", '["同课异构"]')]


def test_migrate_is_idempotent_and_a_new_store_writes_the_same_schema(tmp_path):
    path = tmp_path / "v2.db"
    _old_store(path)
    with open_store(path):
        pass
    with open_store(path) as store:  # a second opening changes nothing
        assert store.count("activities") == 4 and store.count("mentions") == 3
        migrated = {r[0]: r[1] for r in store.conn.execute("SELECT name, type FROM sqlite_master")}
    with open_store(tmp_path / "new.db") as store:
        fresh = {r[0]: r[1] for r in store.conn.execute("SELECT name, type FROM sqlite_master")}
    assert migrated == fresh
    assert fresh["mentions"] == "view" and fresh["activities"] == "view"
    assert "CREATE TABLE IF NOT EXISTS mention_rows" in TABLES


def test_migrate_refuses_a_store_from_a_newer_miner(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.executescript(f"CREATE TABLE miner_meta (key TEXT PRIMARY KEY, value TEXT);"
                       f"INSERT INTO miner_meta VALUES ('schema_version', '{SCHEMA_VERSION + 1}');")
    conn.close()
    with pytest.raises(RuntimeError, match="newer miner"):
        open_store(path)
