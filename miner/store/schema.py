"""The SQLite schema of DESIGN.md's tables (migrate.py brings an older file up to date)."""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 3  # 3: children keyed by an integer doc_key, texts kept once (views give the columns)

# List-valued columns (schools, subjects, people, types) hold names joined by "、", which no
# school or subject name contains; `also` and `meta`/`blocks` hold JSON.
#
# Size (schema 3): the child rows of a document (about 200 mentions and 60 activities for a dense
# plan) refer to it by `doc_key`, a small integer, not by its 64-character sha256; a mention's text
# and an activity's evidence are NULL where they are the document's text between their offsets (so
# the text is stored once), `types` is NULL where it is just `type`, `also` NULL where empty; the
# words that repeat across a corpus (mention kinds and canonical values, activity types and moods)
# are ids of `terms`. The views `mentions` and `activities` give the full columns back, so exports,
# Datasette and SQL users see the tables of DESIGN.md; the rows are in `mention_rows` and
# `activity_rows` (see store/rows.py).
# The documents' columns a writer fills (doc_key is SQLite's to give).
DOC_COLUMNS = ("doc_id, source, title, kind, group_name, period_label, period_start, period_end, published, "
               "format, encoding, n_chars, n_activities, text, blocks, meta, ingested_at")

# The public columns of the views, from the stored rows `m`/`a` and their document `d`. SQLite's
# substr() counts characters, as Python's offsets do (a text holding NUL keeps its cut texts stored).
# The terms (k, v, t, o) are joined by MENTION_JOINS and ACTIVITY_JOINS.
MENTION_COLUMNS = ("d.doc_id, k.term AS kind, COALESCE(m.text, substr(d.text, m.start + 1, m.end - m.start)) "
                   "AS text, m.start, m.end, v.term AS value")
MENTION_JOINS = ("mention_rows m JOIN documents d USING (doc_key) JOIN terms k ON k.term_id = m.kind "
                 "LEFT JOIN terms v ON v.term_id = m.value")
ACTIVITY_COLUMNS = (
    "d.doc_id, a.activity_id, t.term AS type, COALESCE(a.types, t.term) AS types, a.name, "
    "COALESCE(a.evidence, substr(d.text, a.start + 1, a.end - a.start)) AS evidence, a.start, a.end, "
    "o.term AS mood, a.time_text, a.date_start, a.date_end, a.term, a.week, a.schools, a.subjects, a.people, "
    "a.theme, COALESCE(a.also, '[]') AS also, a.recurrence, a.confidence"
)
ACTIVITY_JOINS = ("activity_rows a JOIN documents d USING (doc_key) JOIN terms t ON t.term_id = a.type "
                  "LEFT JOIN terms o ON o.term_id = a.mood")

TABLES = """
CREATE TABLE IF NOT EXISTS documents (
    doc_key       INTEGER PRIMARY KEY,   -- the small key child rows use (SQLite's rowid)
    doc_id        TEXT NOT NULL UNIQUE,  -- sha256 of the original bytes
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
    text          TEXT,                  -- plain: mentions and activities are cut from it
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
CREATE TABLE IF NOT EXISTS terms (     -- the few distinct words of a corpus, stored once
    term_id  INTEGER PRIMARY KEY,
    term     TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS mention_rows (
    doc_key INTEGER NOT NULL REFERENCES documents(doc_key) ON DELETE CASCADE,
    kind    INTEGER NOT NULL REFERENCES terms(term_id),  -- school | time | subject | person | group | theme
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    text    TEXT,                        -- NULL: documents.text[start:end], as almost always
    value   INTEGER REFERENCES terms(term_id),  -- canonical name, ISO interval
    PRIMARY KEY (doc_key, kind, start, end)
) WITHOUT ROWID;                         -- the key is the table: no second copy in an index
CREATE TABLE IF NOT EXISTS activity_rows (
    doc_key      INTEGER NOT NULL REFERENCES documents(doc_key) ON DELETE CASCADE,
    activity_id  TEXT NOT NULL,
    type         INTEGER NOT NULL REFERENCES terms(term_id),
    types        TEXT,                   -- NULL: the type alone
    name         TEXT,
    evidence     TEXT,                   -- NULL: documents.text[start:end]
    start        INTEGER,
    end          INTEGER,
    mood         INTEGER REFERENCES terms(term_id),
    time_text    TEXT,
    date_start   TEXT,
    date_end     TEXT,
    term         INTEGER,
    week         INTEGER,
    schools      TEXT,
    subjects     TEXT,
    people       TEXT,
    theme        TEXT,
    also         TEXT,                   -- NULL: none
    recurrence   TEXT,
    confidence   REAL
);
CREATE UNIQUE INDEX IF NOT EXISTS activity_rows_key ON activity_rows(doc_key, activity_id);
CREATE VIEW IF NOT EXISTS mentions AS
    SELECT MENTION_COLUMNS FROM MENTION_JOINS;
CREATE VIEW IF NOT EXISTS activities AS
    SELECT ACTIVITY_COLUMNS FROM ACTIVITY_JOINS;
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
    SELECT (SELECT term FROM terms WHERE term_id = COALESCE(p.type, r.type)) AS type, c.*,
           COALESCE(p.schools, r.schools) AS schools
    FROM comparison c
    LEFT JOIN documents pd ON pd.doc_id = c.plan_doc
    LEFT JOIN activity_rows p ON p.doc_key = pd.doc_key AND p.activity_id = c.plan_activity_id
    LEFT JOIN documents sd ON sd.doc_id = c.summary_doc
    LEFT JOIN activity_rows r ON r.doc_key = sd.doc_key AND r.activity_id = c.report_activity_id;
CREATE TABLE IF NOT EXISTS miner_meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);
"""
for _name, _sql in (("MENTION_COLUMNS", MENTION_COLUMNS), ("MENTION_JOINS", MENTION_JOINS),
                    ("ACTIVITY_COLUMNS", ACTIVITY_COLUMNS), ("ACTIVITY_JOINS", ACTIVITY_JOINS)):
    TABLES = TABLES.replace(_name, _sql)

# Tables a user sees in `miner export`, in this order.
EXPORT_TABLES = ("documents", "mentions", "activities", "comparison", "review", "errors", "sources",
                 "fetches")


def schema_version(conn: sqlite3.Connection) -> int | None:
    """The schema version a file records; None for a new file."""
    present = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'miner_meta'").fetchone()
    row = present and conn.execute("SELECT value FROM miner_meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None
