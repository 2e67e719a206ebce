"""The store: schema, idempotent writes, transactions, errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from miner.parse.builder import DocumentBuilder
from miner.records import Activity, DocumentFacts, ErrorRecord, Extraction, Mention, Period
from miner.store import open_store


def _doc(doc_id: str = "a" * 64, source: str = "x.txt"):
    b = DocumentBuilder()
    b.heading("2022学年明德教育集团工作计划")
    b.paragraph("9月：集团校长会议，在明德小学举行。")
    return b.build(doc_id=doc_id, source=source, format="txt")


def _extraction(doc) -> Extraction:
    period = Period("2022学年", "school_year", 2022, dt.date(2022, 9, 1), dt.date(2023, 8, 31))
    facts = DocumentFacts("plan", "明德教育集团", period)
    start = doc.text.index("明德小学")
    mention = Mention(doc.doc_id, "school", "明德小学", start, start + 4, "明德小学")
    act = Activity(doc.doc_id, "A1", "meeting", "集团校长会议", 0, 10, "planned", name="集团校长会议",
                   types=("meeting",), time_text="9月", date_start=dt.date(2022, 9, 1),
                   date_end=dt.date(2022, 9, 30), schools=("明德小学",), also=("校长会议",))
    return Extraction(facts, (mention,), (act,))


def test_db_write_document_is_idempotent(store):
    doc = _doc()
    store.write_document(doc, _extraction(doc))
    store.write_document(doc, _extraction(doc))
    assert store.count("documents") == 1
    assert store.count("mentions") == 1
    assert store.count("activities") == 1
    row = store.documents()[0]
    assert (row["kind"], row["group_name"], row["period_label"]) == ("plan", "明德教育集团", "2022学年")
    assert row["period_start"] == "2022-09-01" and row["n_activities"] == 1


def test_db_activities_round_trip(store):
    doc = _doc()
    ext = _extraction(doc)
    store.write_document(doc, ext)
    assert store.activities(doc.doc_id) == list(ext.activities)


def test_db_transaction_rolls_back_on_error(store):
    doc = _doc()
    with pytest.raises(RuntimeError), store.transaction():
        store.write_document(doc, _extraction(doc))
        raise RuntimeError("killed half-way")
    assert store.count("documents") == 0 and store.count("activities") == 0


def test_db_errors_have_one_row_per_source_stage_code(store):
    err = ErrorRecord("bad.docx", "parse", "P003", "[P003] not a valid DOCX file")
    store.record_error(err)
    store.record_error(err)
    assert store.count("errors") == 1


def test_db_success_clears_earlier_error_of_that_source(store):
    store.record_error(ErrorRecord("x.txt", "parse", "P004", "[P004] could not decode"))
    store.write_document(_doc(source="x.txt"))
    assert store.count("errors") == 0


def test_db_resolve_document_by_id_prefix_and_source(store):
    doc = _doc()
    store.write_document(doc)
    assert store.resolve_document(doc.doc_id[:10]) == doc.doc_id
    assert store.resolve_document("x.txt") == doc.doc_id
    assert store.resolve_document("nope") is None


def test_db_reopen_keeps_data(tmp_path):
    path = tmp_path / "m.db"
    with open_store(path) as s:
        s.write_document(_doc())
    with open_store(path) as s:
        assert s.count("documents") == 1


def _kinds(store) -> list[tuple[str, str, str]]:
    return [(r["doc_id"][:1], r["type"], r["mood"]) for r in store.rows(
        "SELECT doc_id, type, mood FROM activities ORDER BY doc_id")]


def _with_type(doc, type_: str) -> Extraction:
    ext = _extraction(doc)
    return replace(ext, activities=tuple(replace(a, type=type_, types=(type_,)) for a in ext.activities))


def test_db_known_terms_cost_no_statement(store):
    first, second = _doc("a" * 64, "a.txt"), _doc("b" * 64, "b.txt")
    store.write_document(first, _extraction(first))
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    store.write_document(second, _extraction(second))
    store.conn.set_trace_callback(None)
    assert not [s for s in statements if "terms" in s]
    assert any("INSERT OR REPLACE INTO mention_rows" in s for s in statements)
    assert _kinds(store) == [("a", "meeting", "planned"), ("b", "meeting", "planned")]


def test_db_term_ids_of_a_rolled_back_write_are_forgotten(store):
    """SQLite gives a rolled-back term's id again: the store must not keep the old one."""
    a, b, c = _doc("a" * 64, "a.txt"), _doc("b" * 64, "b.txt"), _doc("c" * 64, "c.txt")
    with pytest.raises(RuntimeError), store.transaction():
        store.write_document(a, _with_type(a, "lecture"))
        raise RuntimeError("stopped half-way")
    store.write_document(b, _with_type(b, "training"))  # takes the id "lecture" had
    store.write_document(c, _with_type(c, "lecture"))
    assert _kinds(store) == [("b", "training", "planned"), ("c", "lecture", "planned")]
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_db_terms_written_by_another_connection(tmp_path):
    """Two stores on one file (two processes): each finds the other's terms, ids stay right."""
    path = tmp_path / "m.db"
    a, b, c = _doc("a" * 64, "a.txt"), _doc("b" * 64, "b.txt"), _doc("c" * 64, "c.txt")
    with open_store(path) as one, open_store(path) as two:
        one.write_document(a, _with_type(a, "lecture"))
        two.write_document(b, _with_type(b, "training"))
        one.write_document(c, _with_type(c, "training"))
        two.write_document(_doc("d" * 64, "d.txt"), _extraction(_doc("d" * 64, "d.txt")))
        assert _kinds(one) == [("a", "lecture", "planned"), ("b", "training", "planned"),
                               ("c", "training", "planned"), ("d", "meeting", "planned")]
        assert one.count("mentions") == 4 and one.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert one.rows("SELECT COUNT(*) AS n FROM terms")[0]["n"] == 6  # school, 明德小学, planned + 3 types


@pytest.mark.parametrize("text_extra, evidence, types, also, mood", [
    ("", "集团校长会议", ("meeting",), (), "planned"),
    ("", "另写的证据", ("meeting", "training"), ("校长会议", "例会"), None),
    ("\x00", "集团校长会议", ("meeting",), ("校长会议",), "planned"),  # a NUL: texts kept
])
def test_db_records_store_the_rows_of_their_public_columns(tmp_path, text_extra, evidence, types, also, mood):
    """write_document (from the records) stores what write_rows stores from the public columns."""
    from miner.store.rows import public_activity, public_mention, write_rows

    doc = _doc()
    doc = replace(doc, text=doc.text + text_extra)
    ext = _extraction(doc)
    act = replace(ext.activities[0], evidence=evidence, types=types, also=also, mood=mood)
    ext = replace(ext, activities=(act,))
    tables = "SELECT * FROM mention_rows", "SELECT * FROM activity_rows", "SELECT * FROM terms"
    with open_store(tmp_path / "a.db") as a, open_store(tmp_path / "b.db") as b:
        a.write_document(doc, ext)
        b.write_document(doc)
        with b.transaction() as conn:
            write_rows(conn, 1, doc.text, [public_mention(m) for m in ext.mentions],
                       [public_activity(x) for x in ext.activities])
        for sql in tables:
            assert [tuple(r) for r in a.conn.execute(sql)] == [tuple(r) for r in b.conn.execute(sql)]
        assert a.activities(doc.doc_id) == [act]
