"""Crawl state in the store: every fetch, the frontier still to visit, and documents awaiting ingest."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from miner.acquire.http import FetchResult, now_iso

SCHEMA = """
CREATE TABLE IF NOT EXISTS fetches (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL,         -- the URL asked for
    final_url     TEXT,                  -- where redirects ended
    kind          TEXT NOT NULL,         -- robots | page | list | article | attachment
    status        INTEGER,               -- last HTTP status; NULL when none arrived or not fetched
    content_type  TEXT,
    sha256        TEXT,                  -- of the body, for 2xx responses
    size          INTEGER,
    etag          TEXT,
    last_modified TEXT,
    fetched_at    TEXT NOT NULL,
    changed       INTEGER,               -- 1 new or changed body, 0 same as last time or 304
    error         TEXT,                  -- "[A004] ..." when failed or refused (robots, host)
    referer       TEXT                   -- the page that linked to it
);
CREATE INDEX IF NOT EXISTS fetches_url ON fetches(url);
CREATE TABLE IF NOT EXISTS crawl_frontier (
    url        TEXT PRIMARY KEY,
    host       TEXT NOT NULL,            -- host without "www.", to resume one site's crawl
    kind       TEXT NOT NULL,            -- page | list | article | attachment
    priority   INTEGER NOT NULL,         -- attachments, then articles, then lists, then navigation
    depth      INTEGER NOT NULL,         -- navigation hops from a start page
    nav_budget INTEGER NOT NULL,         -- navigation hops still allowed from here
    referer    TEXT,
    meta       TEXT,                     -- JSON: link text, list date, article title and date
    state      TEXT NOT NULL,            -- pending | done | failed
    seq        INTEGER NOT NULL          -- discovery order
);
CREATE INDEX IF NOT EXISTS crawl_frontier_next ON crawl_frontier(state, host, priority, seq);
CREATE TABLE IF NOT EXISTS crawl_pending (
    url          TEXT PRIMARY KEY,       -- fetched documents not yet ingested (survive a kill)
    name         TEXT NOT NULL,
    content_type TEXT,
    meta         TEXT NOT NULL,
    data         BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS crawl_runs (
    run_id      INTEGER PRIMARY KEY,
    hosts       TEXT NOT NULL,           -- the crawled hosts, sorted, comma-separated
    refresh     INTEGER NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT
);
"""

PRIORITY = {"attachment": 0, "article": 1, "list": 2, "page": 3}


@dataclass(frozen=True, slots=True)
class Target:
    """One frontier row: a URL to fetch and why."""

    url: str
    kind: str
    depth: int
    nav_budget: int
    referer: str | None
    meta: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Previous:
    """The last successful fetch of a URL (for conditional requests and change detection)."""

    sha256: str | None
    etag: str | None
    last_modified: str | None


class CrawlState:
    """Reads and writes the crawl tables on the store's connection (the caller holds transactions)."""

    def __init__(self, conn: sqlite3.Connection, hosts: Iterable[str]) -> None:
        self.conn = conn
        self.hosts = tuple(sorted(set(hosts)))
        conn.executescript(SCHEMA)
        row = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM crawl_frontier").fetchone()
        self._seq = int(row[0])

    # -- runs -------------------------------------------------------------------------------
    def begin_run(self, refresh: bool) -> tuple[int, bool]:
        """Start a run; returns its id and whether it is a refresh. A refresh re-queues the hosts'
        known URLs, unless an unfinished refresh of the same hosts is being continued (which any
        run of those hosts does, so an interrupted refresh goes on as one)."""
        key = ",".join(self.hosts)
        last = self.conn.execute(
            "SELECT run_id, refresh, finished_at FROM crawl_runs WHERE hosts = ? "
            "ORDER BY run_id DESC LIMIT 1",
            (key,),
        ).fetchone()
        continuing = last is not None and bool(last[1]) and last[2] is None
        if refresh and not continuing:
            marks = ",".join("?" * len(self.hosts))
            self.conn.execute(
                f"UPDATE crawl_frontier SET state = 'pending' WHERE host IN ({marks})",  # noqa: S608
                self.hosts,
            )
        cur = self.conn.execute(
            "INSERT INTO crawl_runs(hosts, refresh, started_at) VALUES (?, ?, ?)",
            (key, int(refresh or continuing), now_iso()),
        )
        return int(cur.lastrowid or 0), refresh or continuing

    def finish_run(self, run_id: int) -> None:
        self.conn.execute("UPDATE crawl_runs SET finished_at = ? WHERE run_id = ?", (now_iso(), run_id))

    # -- frontier ---------------------------------------------------------------------------
    def add(self, url: str, host: str, kind: str, *, depth: int, nav_budget: int,
            referer: str | None, meta: dict[str, Any], state: str = "pending") -> bool:
        """Queue a URL unless it is known already; True when it was new."""
        self._seq += 1
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO crawl_frontier(url, host, kind, priority, depth, nav_budget, referer, "
            "meta, state, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (url, host, kind, PRIORITY[kind], depth, nav_budget, referer,
             json.dumps(meta, ensure_ascii=False), state, self._seq),
        )
        return cur.rowcount > 0

    def next_batch(self, limit: int) -> list[Target]:
        marks = ",".join("?" * len(self.hosts))
        rows = self.conn.execute(
            "SELECT url, kind, depth, nav_budget, referer, meta FROM crawl_frontier "  # noqa: S608
            f"WHERE state = 'pending' AND host IN ({marks}) ORDER BY priority, seq LIMIT ?",
            (*self.hosts, limit),
        ).fetchall()
        return [Target(r[0], r[1], r[2], r[3], r[4], json.loads(r[5] or "{}")) for r in rows]

    def list_pages(self, root: str) -> int:
        """Pagination pages queued so far (in any run) for the list that starts at `root`."""
        row = self.conn.execute(
            "SELECT COUNT(*) FROM crawl_frontier "
            "WHERE kind = 'list' AND json_extract(meta, '$.list_root') = ?",
            (root,),
        ).fetchone()
        return int(row[0])

    def pending_count(self) -> int:
        marks = ",".join("?" * len(self.hosts))
        row = self.conn.execute(
            f"SELECT COUNT(*) FROM crawl_frontier WHERE state = 'pending' AND host IN ({marks})",  # noqa: S608
            self.hosts,
        ).fetchone()
        return int(row[0])

    def mark(self, url: str, state: str) -> None:
        self.conn.execute("UPDATE crawl_frontier SET state = ? WHERE url = ?", (state, url))

    # -- fetches ----------------------------------------------------------------------------
    def previous(self, url: str) -> Previous | None:
        row = self.conn.execute(
            "SELECT sha256, etag, last_modified FROM fetches WHERE url = ? AND status BETWEEN 200 AND 299 "
            "ORDER BY id DESC LIMIT 1",
            (url,),
        ).fetchone()
        return Previous(row[0], row[1], row[2]) if row else None

    def record(self, result: FetchResult, kind: str, *, changed: bool | None, referer: str | None) -> None:
        self.conn.execute(
            "INSERT INTO fetches(url, final_url, kind, status, content_type, sha256, size, etag, "
            "last_modified, fetched_at, changed, error, referer) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (result.url, result.final_url, kind, result.status, result.content_type, result.sha256,
             len(result.data) if result.ok else None, result.etag, result.last_modified,
             result.fetched_at or now_iso(), None if changed is None else int(changed), result.error,
             referer),
        )

    # -- documents awaiting ingest ----------------------------------------------------------
    def hold(self, url: str, name: str, content_type: str | None, meta: dict[str, Any], data: bytes) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO crawl_pending(url, name, content_type, meta, data) "
            "VALUES (?, ?, ?, ?, ?)",
            (url, name, content_type, json.dumps(meta, ensure_ascii=False), data),
        )

    def held(self) -> list[tuple[str, str, str | None, dict[str, Any], bytes]]:
        rows = self.conn.execute(
            "SELECT url, name, content_type, meta, data FROM crawl_pending ORDER BY rowid")
        return [(r[0], r[1], r[2], json.loads(r[3]), bytes(r[4])) for r in rows]

    def held_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM crawl_pending").fetchone()[0])

    def release(self, urls: Iterable[str]) -> None:
        self.conn.executemany("DELETE FROM crawl_pending WHERE url = ?", [(u,) for u in urls])
