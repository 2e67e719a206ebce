"""Rows of the mentions and activities: records ↔ the public columns ↔ the smaller stored rows.

The public shape (the views `mentions` and `activities`, exports, shards) names the document by its
doc_id and writes every text out. The stored rows (`mention_rows`, `activity_rows`) name it by its
integer doc_key, hold the few distinct words of a corpus (a mention's kind and canonical value, an
activity's type and mood) as ids of the `terms` table, and leave NULL what the view puts back: a
text that is the document's text between the row's offsets, `types` that is just the type, an
empty `also`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from miner.records import Activity, Mention

LIST_SEP = "、"

MENTION_FIELDS = ("doc_id", "kind", "text", "start", "end", "value")
ACTIVITY_FIELDS = ("doc_id", "activity_id", "type", "types", "name", "evidence", "start", "end", "mood",
                   "time_text", "date_start", "date_end", "term", "week", "schools", "subjects", "people",
                   "theme", "also", "recurrence", "confidence")
INSERT_MENTION = ("INSERT OR REPLACE INTO mention_rows(doc_key, kind, start, end, text, value) "
                  "VALUES (?,?,?,?,?,?)")
INSERT_ACTIVITY = (f"INSERT OR REPLACE INTO activity_rows(doc_key, {', '.join(ACTIVITY_FIELDS[1:])}) "
                   f"VALUES ({', '.join('?' * len(ACTIVITY_FIELDS))})")
_MENTION_TERMS = (1, 5)  # kind, value: their positions in MENTION_FIELDS
_ACTIVITY_TERMS = (2, 8)  # type, mood: in ACTIVITY_FIELDS


def join_list(values: Iterable[str]) -> str:
    return LIST_SEP.join(filter(None, values))  # (empty names left out)


def split_list(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(v for v in value.split(LIST_SEP) if v)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _plain(text: str | None) -> str | None:
    """The text to cut stored values from: None for a text that holds a NUL, where SQLite's substr()
    (which counts characters as Python does) stops, so that such a text keeps its cuts written out."""
    return text if text is not None and "\x00" not in text else None


def _cut(text: str | None, start: Any, end: Any, value: str | None) -> str | None:
    """None when `value` is text[start:end], which the views give back with substr(); `text` comes
    through _plain (None: a text that holds a NUL, or no text)."""
    if (value is not None and text is not None and isinstance(start, int) and isinstance(end, int)
            and 0 <= start <= end <= len(text) and text[start:end] == value):
        return None
    return value


class TermIds:
    """A store's memory of term ids (term → term_id), so a document whose words are all known
    writes no statement for them. Ids added inside a transaction are `pending` until it commits
    (`commit()`), and dropped if it rolls back (`rollback()`), since SQLite would give them again.
    Terms are never deleted, so an id once committed stays right; a foreign key still checks it."""

    __slots__ = ("known", "pending")

    def __init__(self) -> None:
        self.known: dict[str, int] = {}
        self.pending: dict[str, int] = {}

    def commit(self) -> None:
        self.known.update(self.pending)
        self.pending.clear()

    def rollback(self) -> None:
        self.pending.clear()

    def ids(self, conn: sqlite3.Connection, terms: Iterable[str | None]) -> dict[str | None, int | None]:
        """The ids of these terms (None stays None), asking SQLite only about the ones not yet known."""
        out: dict[str | None, int | None] = {None: None}
        missing = []
        for t in set(terms):
            if t is None:
                continue
            i = self.known.get(t)
            if i is None:
                i = self.pending.get(t)
            if i is None:
                missing.append(t)
            else:
                out[t] = i
        if missing:
            for t, i in term_ids(conn, missing).items():
                if t is not None and i is not None:
                    self.pending[t] = i
                    out[t] = i
        return out


def term_ids(conn: sqlite3.Connection, terms: Iterable[str | None]) -> dict[str | None, int | None]:
    """The ids of these terms in the `terms` table, adding the new ones (None stays None)."""
    wanted = sorted({t for t in terms if t is not None})
    conn.executemany("INSERT OR IGNORE INTO terms(term) VALUES (?)", [(t,) for t in wanted])
    ids: dict[str | None, int | None] = {None: None}
    for i in range(0, len(wanted), 500):  # within SQLite's limit on parameters
        part = wanted[i:i + 500]
        marks = ",".join("?" * len(part))
        ids.update(conn.execute(f"SELECT term, term_id FROM terms WHERE term IN ({marks})", part).fetchall())
    return ids


def write_rows(conn: sqlite3.Connection, doc_key: int, text: str | None,
               mentions: Sequence[Sequence[Any]], activities: Sequence[Sequence[Any]]) -> None:
    """Insert one document's mentions (MENTION_FIELDS) and activities (ACTIVITY_FIELDS) as stored rows."""
    words = ([m[i] for m in mentions for i in _MENTION_TERMS]
             + [a[i] for a in activities for i in _ACTIVITY_TERMS])
    ids = term_ids(conn, words)
    plain = _plain(text)
    conn.executemany(INSERT_MENTION, [
        (doc_key, ids[kind], start, end, _cut(plain, start, end, mention_text), ids[value])
        for _, kind, mention_text, start, end, value in mentions])
    conn.executemany(INSERT_ACTIVITY, [_stored_activity(doc_key, plain, a, ids) for a in activities])


def write_records(conn: sqlite3.Connection, doc_key: int, text: str | None, mentions: Sequence[Mention],
                  activities: Sequence[Activity], terms: TermIds) -> None:
    """write_rows from the records themselves: the same stored rows, without the public tuples between."""
    words: list[str | None] = [m.kind for m in mentions] + [m.value for m in mentions]
    words += [a.type for a in activities] + [a.mood for a in activities]
    ids = terms.ids(conn, words)
    plain = _plain(text)
    conn.executemany(INSERT_MENTION, [
        (doc_key, ids[m.kind], m.start, m.end, _cut(plain, m.start, m.end, m.text), ids[m.value])
        for m in mentions])
    conn.executemany(INSERT_ACTIVITY, [_activity_row(doc_key, plain, a, ids) for a in activities])


def _activity_row(doc_key: int, text: str | None, a: Activity,
                  ids: dict[str | None, int | None]) -> tuple[Any, ...]:
    """An activity → its row of activity_rows (INSERT_ACTIVITY), as _stored_activity(public_activity(a))."""
    types = join_list(a.types or (a.type,))
    return (
        doc_key, a.activity_id, ids[a.type], None if types == a.type else types, a.name,
        _cut(text, a.start, a.end, a.evidence), a.start, a.end, ids[a.mood], a.time_text, _iso(a.date_start),
        _iso(a.date_end), a.term, a.week, join_list(a.schools), join_list(a.subjects), join_list(a.people),
        a.theme, json.dumps(list(a.also), ensure_ascii=False) if a.also else None, a.recurrence, a.confidence,
    )


def public_mention(m: Mention) -> tuple[Any, ...]:
    return (m.doc_id, m.kind, m.text, m.start, m.end, m.value)


def public_activity(a: Activity) -> tuple[Any, ...]:
    """An activity in the public columns (ACTIVITY_FIELDS)."""
    return (
        a.doc_id, a.activity_id, a.type, join_list(a.types or (a.type,)), a.name, a.evidence, a.start, a.end,
        a.mood, a.time_text, _iso(a.date_start), _iso(a.date_end), a.term, a.week, join_list(a.schools),
        join_list(a.subjects), join_list(a.people), a.theme, json.dumps(list(a.also), ensure_ascii=False),
        a.recurrence, a.confidence,
    )


def _stored_activity(doc_key: int, text: str | None, row: Sequence[Any],
                     ids: dict[str | None, int | None]) -> tuple[Any, ...]:
    """An activity's public columns (ACTIVITY_FIELDS order) → its row of activity_rows (INSERT_ACTIVITY);
    `text` is the document's, None when it holds a NUL (see _cut)."""
    out = list(row)
    out[0] = doc_key
    if out[3] == out[2]:
        out[3] = None  # types: the type alone
    out[5] = _cut(text, out[6], out[7], out[5])  # evidence
    if out[18] == "[]":
        out[18] = None  # also: none
    for i in _ACTIVITY_TERMS:
        out[i] = ids[out[i]]
    return tuple(out)


def activity_record(r: Any) -> Activity:
    """A row of the public columns (a sqlite3.Row or a mapping) → the Activity it was written from."""
    return Activity(
        doc_id=r["doc_id"],
        activity_id=r["activity_id"],
        type=r["type"],
        evidence=r["evidence"],
        start=r["start"],
        end=r["end"],
        mood=r["mood"],
        name=r["name"] or "",
        types=split_list(r["types"]),
        time_text=r["time_text"],
        date_start=dt.date.fromisoformat(r["date_start"]) if r["date_start"] else None,
        date_end=dt.date.fromisoformat(r["date_end"]) if r["date_end"] else None,
        term=r["term"],
        week=r["week"],
        schools=split_list(r["schools"]),
        subjects=split_list(r["subjects"]),
        people=split_list(r["people"]),
        theme=r["theme"],
        also=_also(r["also"]),
        recurrence=r["recurrence"],
        confidence=r["confidence"] if r["confidence"] is not None else 1.0,
    )


def _also(value: str | None) -> tuple[str, ...]:
    """The `also` column (a JSON list, mostly empty) as a tuple."""
    return tuple(json.loads(value)) if value and value != "[]" else ()
