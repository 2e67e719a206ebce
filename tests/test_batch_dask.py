"""The Dask engine: same tables as the local engine on a real LocalCluster; shards merge idempotently."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from miner.cli.app import app
from miner.core import ingest
from miner.store import open_store
from miner.store.shards import load_shards

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
pytestmark = pytest.mark.slow  # a cluster of two worker processes loads the models in each

# Columns that record when a row was written, not what it says (doc_key: the database's own row
# key, given in the order the documents were written)
CLOCK = {"ingested_at", "seen_at", "first_seen", "last_seen", "doc_key"}


def _square(x: int) -> int:
    return x * x


def _die_on_three(x: int) -> int:
    if x == 3:
        os._exit(1)  # the worker process dies, as one killed for its memory would
    return x


@pytest.fixture(scope="module")
def scheduler() -> str:
    """A LocalCluster of two single-threaded worker processes, on loopback, for the module."""
    import dask

    # a task whose worker dies is not retried elsewhere: the lost-worker test then ends quickly
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", scheduler_port=0,
            dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Eight gold documents, a copy of one (a repeat), an unreadable file and a missing one."""
    d = tmp_path_factory.mktemp("corpus")
    files = []
    for src in sorted((ROOT / "corpora" / "gold" / "docs").glob("*.txt"))[:8]:
        files.append(d / src.name)
        files[-1].write_bytes(src.read_bytes())
    (d / "copy.txt").write_bytes(files[0].read_bytes())
    (d / "junk.txt").write_bytes(bytes(range(256)) * 40)
    return [*files, d / "copy.txt", d / "junk.txt", d / "missing.txt"]


def tables(db: Path) -> dict[str, list[tuple]]:
    """Every row of the content tables, without the clock columns, in a stable order."""
    conn = sqlite3.connect(db)
    out = {}
    for table in ("documents", "mentions", "activities", "sources", "errors"):
        cols = [c[1] for c in conn.execute(f"PRAGMA table_info({table})") if c[1] not in CLOCK]
        out[table] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
    conn.close()
    return out


@pytest.fixture(scope="module")
def local_tables(corpus, tmp_path_factory, settings) -> dict[str, list[tuple]]:
    db = tmp_path_factory.mktemp("local") / "local.db"
    with open_store(db) as store:
        summary = ingest(corpus, store, settings)
    assert summary.added == 8 and summary.skipped == 1 and summary.failed == 2
    return tables(db)


def test_batch_dask_map_returns_every_result_once(scheduler):
    from miner.batch_dask import map_batches_dask

    results = list(map_batches_dask(_square, range(40), scheduler=scheduler, chunk_size=3, in_flight=2))
    assert sorted(results) == [x * x for x in range(40)]


def test_batch_dask_lost_worker_turns_its_chunk_into_errors(scheduler):
    from miner.batch_dask import map_batches_dask

    results = list(map_batches_dask(_die_on_three, range(6), scheduler=scheduler, chunk_size=1,
                                    on_error=lambda item, exc: ("lost", item)))
    # every item comes back once, as its result or as lost; the one that killed its worker is lost
    # (with no retries, a chunk queued on the same worker may be lost with it)
    assert sorted(r[1] if isinstance(r, tuple) else r for r in results) == list(range(6))
    assert ("lost", 3) in results and len(results) == 6


def test_batch_dask_engine_gives_the_local_engines_tables(corpus, scheduler, settings, local_tables,
                                                          tmp_path):
    dask_settings = settings.replace("engine", name="dask", scheduler=scheduler)
    with open_store(tmp_path / "dask.db") as store:
        summary = ingest(corpus, store, dask_settings)
    assert (summary.added, summary.skipped, summary.failed) == (8, 1, 2)
    got = tables(tmp_path / "dask.db")
    assert len(got["activities"]) > 20 and len(got["mentions"]) > 100
    assert got == local_tables


def test_batch_dask_shards_merged_twice_give_the_same_tables(corpus, scheduler, local_tables, tmp_path):
    shards = tmp_path / "shards"
    args = ["ingest", *map(str, corpus), "--engine", "dask", "--scheduler", scheduler,
            "--shards", str(shards)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output  # some inputs failed: junk and missing
    assert sorted(p.name for p in shards.iterdir()) == ["activities", "documents", "errors", "mentions",
                                                        "sources"]
    db = tmp_path / "merged.db"
    first = runner.invoke(app, ["load", str(shards), "--db", str(db)])
    assert first.exit_code == 0, first.output
    once = tables(db)
    with open_store(db) as store:
        again = load_shards([shards], store)
    assert again.added == 0 and again.skipped == 8
    assert tables(db) == once
    # the copy's source is not in the shards (repeats are found by `miner load`'s sha256 only)
    assert {k: v for k, v in once.items() if k != "sources"} == {
        k: v for k, v in local_tables.items() if k != "sources"}
    assert len(once["sources"]) == len(local_tables["sources"]) - 1


def test_batch_dask_load_refuses_a_folder_without_shards(tmp_path):
    result = runner.invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "[S005]" in result.output


def test_batch_dask_compare_writes_the_local_comparison_table(scheduler, settings, tmp_path, monkeypatch):
    from miner.compare import compare_store
    from miner.synth.truth import generate_pairs, write_pair

    # several batches read from the store and one task a pairing, whose results come back in any order
    monkeypatch.setattr("miner.compare.stored.BATCH", 3)
    monkeypatch.setattr("miner.compare.stored.TASK", 1)

    docs = tmp_path / "pairs"
    for pair in generate_pairs(4, seed=3):
        write_pair(pair, docs)
    tables_of = {}
    for engine in ("local", "dask"):
        with open_store(tmp_path / f"{engine}.db") as store:
            ingest([docs], store, settings)
            result = compare_store(store, settings.replace("engine", name=engine, scheduler=scheduler))
            assert len(result.comparisons) >= 3
            rows = store.conn.execute("SELECT * FROM comparison ORDER BY rowid")
            tables_of[engine] = [tuple(r) for r in rows]
    assert len(tables_of["local"]) > 20
    assert tables_of["dask"] == tables_of["local"]  # the same rows in the same order
