"""`ingest --shards` on the local engine: documents read one by one under the ingest limits."""

from __future__ import annotations

from miner.core import ingest
from miner.sharded import ingest_to_shards
from miner.store import open_store
from miner.store.shards import load_shards

PLAN = ("2024学年第一学期明德教育集团工作计划\n"
        "一、9月第2周召开集团校长会议，研究本学期联合教研安排。\n"
        "二、10月组织青年教师课堂教学比赛，地点在明德小学。\n")
SUMMARY = ("2024学年第一学期明德教育集团工作总结\n"
           "一、9月第2周召开了集团校长会议。\n"
           "二、10月举行了青年教师课堂教学比赛，明德小学承办。\n")


def _docs(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.txt").write_text(PLAN, encoding="utf-8")
    (docs / "summary.txt").write_text(SUMMARY, encoding="utf-8")
    return docs


def _tables(store) -> dict[str, list[tuple]]:
    clock = {"ingested_at", "seen_at", "first_seen", "last_seen", "doc_key"}
    out = {}
    for table in ("documents", "mentions", "activities", "sources", "errors"):
        cols = [c[1] for c in store.conn.execute(f"PRAGMA table_info({table})") if c[1] not in clock]
        rows = store.conn.execute(f"SELECT {', '.join(cols)} FROM {table}")
        out[table] = sorted(map(tuple, rows), key=repr)
    return out


def test_sharded_local_engine_parts_load_as_the_tables_of_a_direct_ingest(tmp_path, settings):
    local = settings.replace("engine", name="local")
    docs = _docs(tmp_path)
    summary = ingest_to_shards([docs], tmp_path / "shards", local)
    assert (summary.added, summary.failed) == (2, 0)
    with open_store(tmp_path / "loaded.db") as loaded, open_store(tmp_path / "direct.db") as direct:
        assert load_shards([tmp_path / "shards"], loaded).added == 2
        ingest([docs], direct, local)
        assert _tables(loaded) == _tables(direct)
        assert loaded.count("mentions") > 0 and loaded.count("activities") > 0


def test_sharded_local_engine_holds_each_document_to_the_time_limit(tmp_path, settings):
    # a millisecond is less than any document takes: each one overruns and becomes an error row,
    # where the shard workers of the earlier local engine read whole chunks without a limit
    strict = settings.replace("ingest", doc_timeout_s=0.001).replace("engine", name="local")
    docs = _docs(tmp_path)
    for name in ("plan.txt", "summary.txt"):  # long enough that even the compiled build needs > 1 ms
        path = docs / name
        lines = [f"{i}. 第{i % 20 + 1}周在明德小学开展第{i}次学科教研活动，主题为单元作业设计。"
                 for i in range(300)]
        path.write_text(path.read_text(encoding="utf-8") + "\n".join(lines), encoding="utf-8")
    summary = ingest_to_shards([docs], tmp_path / "shards", strict)
    assert (summary.added, summary.failed) == (0, 2)
    assert {e.code for e in summary.errors} == {"W001"}
    with open_store(tmp_path / "m.db") as store:
        load_shards([tmp_path / "shards"], store)
        assert store.count("documents") == 0
        assert {r["code"] for r in store.rows("SELECT code FROM errors")} == {"W001"}
