"""The SQLite schema of DESIGN.md's tables, and the migrations that bring an old file up to date."""

from __future__ import annotations

import re
import sqlite3

SCHEMA_VERSION = 2  # 2: mentions WITHOUT ROWID, blocks packed; comparison with probability, review flags

# List-valued columns (schools, subjects, people, types) hold names joined by "、", which no
# school or subject name contains; `also` and `meta`/`blocks` hold JSON.
TABLES = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id        TEXT PRIMARY KEY,      -- sha256 of the original bytes
    source        TEXT NOT NULL,         -- path or URL it was first ingested from
    title         TEXT,
    kind          TEXT,                  -- plan | summary | other
    group_name    TEXT,
    period_label  TEXT,
    period_start  TEXT,
    period_end    TEXT,
    published     TEXT,
    format        TEXT,
    encoding      TEXT,
    n_chars       INTEGER,
    n_activities  INTEGER,
    text          TEXT,
    blocks        BLOB,                  -- block offsets and table cells, packed (store/blocks.py)
    meta          TEXT,                  -- JSON: provenance, page furniture, attachments
    ingested_at   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
    source     TEXT PRIMARY KEY,         -- every path or URL a document was seen at
    doc_id     TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    meta       TEXT,
    seen_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sources_doc ON sources(doc_id);
CREATE TABLE IF NOT EXISTS mentions (
    doc_id  TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    kind    TEXT NOT NULL,               -- school | time | subject | person | group | theme
    text    TEXT NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    value   TEXT,
    PRIMARY KEY (doc_id, kind, start, end)
) WITHOUT ROWID;                         -- the key is the table: no second copy in an index
CREATE TABLE IF NOT EXISTS activities (
    doc_id       TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    activity_id  TEXT NOT NULL,
    type         TEXT NOT NULL,
    types        TEXT,
    name         TEXT,
    evidence     TEXT NOT NULL,
    start        INTEGER,
    end          INTEGER,
    mood         TEXT,
    time_text    TEXT,
    date_start   TEXT,
    date_end     TEXT,
    term         INTEGER,
    week         INTEGER,
    schools      TEXT,
    subjects     TEXT,
    people       TEXT,
    theme        TEXT,
    also         TEXT,
    recurrence   TEXT,
    confidence   REAL,
    PRIMARY KEY (doc_id, activity_id)
);
CREATE TABLE IF NOT EXISTS comparison (
    group_name          TEXT,
    period_label        TEXT,
    plan_doc            TEXT NOT NULL,
    summary_doc         TEXT NOT NULL,
    plan_activity_id    TEXT,
    report_activity_id  TEXT,
    status              TEXT NOT NULL,   -- done | shifted | cancelled | not_reported | unplanned
    probability         REAL,            -- the matcher's probability that the decision is right
    needs_review        INTEGER NOT NULL DEFAULT 0,  -- 1: below the review setting, check it first
    manual              INTEGER NOT NULL DEFAULT 0,  -- 1: a reviewer's correction
    plan_evidence       TEXT,
    report_evidence     TEXT,
    plan_date_start     TEXT,
    report_date_start   TEXT,
    shift_days          INTEGER,
    reasons             TEXT
);
CREATE INDEX IF NOT EXISTS comparison_pair ON comparison(plan_doc, summary_doc);
CREATE TABLE IF NOT EXISTS review (
    plan_doc            TEXT NOT NULL,
    summary_doc         TEXT NOT NULL,
    plan_activity_id    TEXT NOT NULL,   -- '' for an unplanned report
    report_activity_id  TEXT NOT NULL,   -- '' for a planned activity without report
    status              TEXT NOT NULL,
    reviewed_at         TEXT NOT NULL,
    source              TEXT,            -- the reviewed file it came from
    PRIMARY KEY (plan_doc, summary_doc, plan_activity_id, report_activity_id)
);
CREATE TABLE IF NOT EXISTS errors (
    source     TEXT NOT NULL,
    stage      TEXT NOT NULL,
    code       TEXT NOT NULL,
    error      TEXT NOT NULL,
    sha256     TEXT,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    PRIMARY KEY (source, stage, code)
);
-- Views for browsing (Datasette facets by group and period): activities and comparison decisions
-- with their document's group and period and the activity's type.
CREATE VIEW IF NOT EXISTS group_activities AS
    SELECT d.group_name, d.period_label, d.kind, d.title, a.*
    FROM activities a JOIN documents d USING (doc_id);
CREATE VIEW IF NOT EXISTS group_comparison AS
    SELECT COALESCE(p.type, r.type) AS type, c.*
    FROM comparison c
    LEFT JOIN activities p ON p.doc_id = c.plan_doc AND p.activity_id = c.plan_activity_id
    LEFT JOIN activities r ON r.doc_id = c.summary_doc AND r.activity_id = c.report_activity_id;
CREATE TABLE IF NOT EXISTS miner_meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);
"""

# Tables a user sees in `miner export`, in this order.
EXPORT_TABLES = ("documents", "mentions", "activities", "comparison", "review", "errors", "sources",
                 "fetches")


def migrate(conn: sqlite3.Connection) -> None:
    """Create missing tables, bring an older file up to date, record the schema version (idempotent)."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(comparison)")}
    if columns and "probability" not in columns:
        # schema 1's comparison rows (score, no review flags) are derived data: `miner compare` remakes them
        conn.execute("DROP TABLE comparison")
    conn.executescript(TABLES)
    row = conn.execute("SELECT value FROM miner_meta WHERE key = 'schema_version'").fetchone()
    found = int(row[0]) if row is not None else None
    if found is not None and found > SCHEMA_VERSION:
        raise RuntimeError(
            f"this database was written by a newer miner (schema {found} > {SCHEMA_VERSION}); upgrade miner"
        )
    if found is not None and found < 2:
        _to_version_2(conn)
    if found is None or found < SCHEMA_VERSION:
        conn.execute(
            "INSERT INTO miner_meta(key, value) VALUES ('schema_version', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(SCHEMA_VERSION),)
        )
    conn.commit()


def _to_version_2(conn: sqlite3.Connection) -> None:
    """Rebuild mentions WITHOUT ROWID and pack documents.blocks, then give the space back (VACUUM)."""
    from miner.store.blocks import pack_blocks, unpack_blocks

    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("ALTER TABLE mentions RENAME TO mentions_v1")
    mentions = re.search(r"CREATE TABLE IF NOT EXISTS mentions \(.*?WITHOUT ROWID;", TABLES, re.DOTALL)
    assert mentions is not None
    conn.execute(mentions.group(0))
    conn.execute("INSERT OR IGNORE INTO mentions SELECT doc_id, kind, text, start, end, value "
                 "FROM mentions_v1")
    conn.execute("DROP TABLE mentions_v1")
    rows = conn.execute("SELECT doc_id, text, blocks FROM documents WHERE typeof(blocks) = 'text'").fetchall()
    for doc_id, text, blocks in rows:
        packed = pack_blocks(unpack_blocks(blocks, text or ""), text or "")
        conn.execute("UPDATE documents SET blocks = ? WHERE doc_id = ?", (packed, doc_id))
    conn.execute("UPDATE miner_meta SET value = '2' WHERE key = 'schema_version'")
    conn.execute("COMMIT")
    conn.execute("VACUUM")
