"""Several processes ingesting into one database: nothing lost, nothing twice, no lock errors."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest

from tests.hostile.cases import MINER, config

SCHOOLS = ["明德", "育才", "实验", "东城", "西湖", "南山", "北辰", "启明", "新华", "阳光", "博雅", "致远"]


@pytest.mark.slow
def test_hostile_four_processes_ingest_overlapping_folders_into_one_database(tmp_path):
    """Four folders hold the same twelve documents under their own paths; each process ingests two
    neighbouring folders, so every document is parsed by several processes at the same time."""
    texts = [f"2024学年{school}小学教研工作计划\n一、9月第{n + 1}周召开{school}小学教研组长会议。\n"
             for n, school in enumerate(SCHOOLS)]
    parts = [tmp_path / f"part{k}" for k in range(4)]
    paths = []
    for part in parts:
        part.mkdir()
        for n, text in enumerate(texts):
            path = part / f"plan{n}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    db = tmp_path / "shared.db"
    cfg = config(tmp_path)
    commands = [[*MINER, "ingest", str(parts[k]), str(parts[(k + 1) % 4]), "--db", str(db),
                 "--config", str(cfg)] for k in range(4)]
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        docs = [r[0] for r in conn.execute("SELECT doc_id FROM documents")]
        sources = [r[0] for r in conn.execute("SELECT source FROM sources")]
        per_doc = conn.execute("SELECT COUNT(*) FROM documents d WHERE n_activities != "
                               "(SELECT COUNT(*) FROM activities a WHERE a.doc_id = d.doc_id)").fetchone()[0]
        errors = conn.execute("SELECT COUNT(*) FROM errors").fetchone()[0]
    assert len(docs) == len(set(docs)) == len(SCHOOLS)
    assert sorted(sources) == sorted(str(p) for p in paths)  # all 48 paths, each once
    assert per_doc == 0 and errors == 0
