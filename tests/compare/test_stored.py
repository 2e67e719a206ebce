"""Tests for miner.compare.stored: compare the store's documents and write the comparison table."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from miner.compare.stored import compare_store
from miner.errors import CompareError
from miner.parse.builder import DocumentBuilder
from miner.records import Document, DocumentFacts, Extraction, Period
from miner.settings import load_settings
from miner.store import Store, open_store
from miner.synth import generate_pair, gold_activities


def _period(label: str) -> Period:
    year = int(label[:4])
    if label.endswith("学年"):
        return Period(label, "school_year", year, dt.date(year, 9, 1), dt.date(year + 1, 8, 31))
    return Period(label, "calendar_year", year, dt.date(year, 1, 1), dt.date(year, 12, 31))


def _add(store: Store, text: str, gold: dict, source: str) -> str:
    b = DocumentBuilder()
    for line in text.split("\n"):
        b.paragraph(line)
    doc_id = hashlib.sha256(text.encode()).hexdigest()
    doc: Document = b.build(doc_id=doc_id, source=source, format="txt")
    acts = gold_activities(gold, doc.text, doc_id)
    facts = DocumentFacts(gold["kind"], gold["group"], _period(gold["period"]))
    store.write_document(doc, Extraction(facts, (), acts))
    store.add_source(source, doc_id)
    return doc_id


@pytest.fixture()
def filled(tmp_path: Path) -> tuple[Store, list[str]]:
    store = open_store(tmp_path / "c.db")
    ids = []
    for i in (1, 2):
        pair = generate_pair(i, seed=11)
        ids.append(_add(store, pair.plan_text, pair.plan_gold, f"plans/plan_{i}.txt"))
        ids.append(_add(store, pair.summary_text, pair.summary_gold, f"summaries/summary_{i}.txt"))
    yield store, ids
    store.close()


def test_stored_pairs_and_writes_rows(filled: tuple[Store, list[str]]) -> None:
    store, ids = filled
    result = compare_store(store, load_settings())
    assert len(result.comparisons) == 2 and not result.unpaired
    n_rows = store.count("comparison")
    assert n_rows == sum(len(c.matches) for c in result.comparisons)
    statuses = {r["status"] for r in store.rows("SELECT status FROM comparison")}
    assert {"done", "not_reported"} <= statuses
    compare_store(store, load_settings())  # idempotent: rows replaced, not added
    assert store.count("comparison") == n_rows


def test_stored_explicit_by_prefix_and_source(filled: tuple[Store, list[str]]) -> None:
    store, ids = filled
    result = compare_store(store, load_settings(), plan=ids[0][:10], summary="summaries/summary_2.txt")
    comp = result.comparisons[0]
    assert comp.plan_docs == (ids[0],) and comp.summary_doc == ids[3]
    assert any("different groups" in n for n in comp.notes)


def test_stored_unknown_reference(filled: tuple[Store, list[str]]) -> None:
    store, _ = filled
    with pytest.raises(CompareError, match="no document matches"):
        compare_store(store, load_settings(), plan="nope-not-there")


def test_stored_empty_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "e.db") as store:
        result = compare_store(store, load_settings())
    assert not result.comparisons and "no documents" in result.notes[0]


def test_stored_compare_activities_leaves_out_wrong_mood() -> None:
    from miner.compare.stored import compare_activities
    from miner.records import Activity

    plans = [Activity("p", "A1", "seminar", "作业设计专题研讨", 0, 8, "planned", name="作业设计专题研讨"),
             Activity("p", "A2", "review", "上一学年工作总结", 0, 8, "reported", name="上一学年工作总结")]
    reports = [Activity("s", "A1", "seminar", "作业设计研讨活动", 0, 8, "reported", name="作业设计研讨活动"),
               Activity("s", "A2", "training", "明年计划开展培训", 0, 8, "planned", name="明年计划开展培训")]
    comp = compare_activities(plans, reports, load_settings(), plan_doc="p", summary_doc="s")
    assert [m.status for m in comp.matches] == ["done"]
    assert any("future plans" in n for n in comp.notes) and any("already done" in n for n in comp.notes)
