"""The SQLite schema of DESIGN.md's tables, and the migrations that bring an old file up to date."""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 2

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
    blocks        TEXT,                  -- JSON list of blocks with offsets and table cells
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
);
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
CREATE TABLE IF NOT EXISTS miner_meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);
"""

# Tables a user sees in `miner export`, in this order.
EXPORT_TABLES = ("documents", "mentions", "activities", "comparison", "review", "errors", "sources",
                 "fetches")


def migrate(conn: sqlite3.Connection) -> None:
    """Create missing tables and record the schema version (idempotent)."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(comparison)")}
    if columns and "probability" not in columns:
        # schema 1's comparison rows (score, no review flags) are derived data: `miner compare` remakes them
        conn.execute("DROP TABLE comparison")
    conn.executescript(TABLES)
    row = conn.execute("SELECT value FROM miner_meta WHERE key = 'schema_version'").fetchone()
    if row is None or int(row[0]) < SCHEMA_VERSION:
        conn.execute(
            "INSERT INTO miner_meta(key, value) VALUES ('schema_version', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(SCHEMA_VERSION),)
        )
    elif int(row[0]) > SCHEMA_VERSION:
        raise RuntimeError(
            f"this database was written by a newer miner (schema {row[0]} > {SCHEMA_VERSION}); upgrade miner"
        )
    conn.commit()
