"""Ingest end to end: real files of every kind, bad input as error rows, idempotent re-runs."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from miner.cli.app import app
from miner.core import ingest
from miner.store import open_store

from .parse.fixtures_office import plan_docx, scanned_pdf, zip_bomb

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

GBK_PAGE = """<html><head><meta charset="gb2312"><title>集团工作计划_城南中学</title></head><body>
<div class="position">当前位置：首页 &gt; 集团动态</div>
<h1>2023学年城南教育集团工作计划</h1><div>发布时间：2023-09-01 浏览次数：35</div>
<p>9月：召开集团理事会会议，在城南中学举行。</p><p>10月：开展初三数学联合教研活动。</p>
<div class="footer">版权所有 城南中学 备案号：浙ICP备12345678号</div></body></html>"""


@pytest.fixture()
def batch(tmp_path: Path) -> dict[str, Path]:
    """A folder of good and bad inputs, as a real bulk import would meet them."""
    d = tmp_path / "in"
    d.mkdir()
    files = {
        "good_gbk.html": GBK_PAGE.encode("gbk"),
        "good.docx": plan_docx(),
        "good_utf16.txt": (
            "2022年明德教育集团工作总结\n3月中旬，集团在明德小学开展了语文公开课展示活动。\n".encode("utf-16")
        ),
        "empty.txt": b"",
        "junk.txt": bytes(range(256)) * 40,
        "truncated.docx": plan_docx()[:3000],
        "bomb.docx": zip_bomb(),
        "scanned.pdf": scanned_pdf(),
        "huge.txt": "大".encode() * 800_000,
    }
    for name, data in files.items():
        (d / name).write_bytes(data)
    return {name: d / name for name in files}


def test_ingest_bad_inputs_become_error_rows_and_the_batch_goes_on(batch, tmp_path, settings):
    small = settings.replace("ingest", max_file_mb=2)
    paths = [*batch.values(), tmp_path / "missing.docx"]
    with open_store(tmp_path / "m.db") as store:
        summary = ingest(paths, store, small)
        errors = {Path(r["source"]).name: r for r in store.rows("SELECT * FROM errors")}
        formats = sorted(r["format"] for r in store.documents())
    assert summary.added == 3 and summary.failed == 7, summary.errors
    assert formats == ["docx", "html", "txt"]
    expected = {
        "empty.txt": "P001",
        "junk.txt": "P004",
        "truncated.docx": "P003",
        "bomb.docx": "P006",
        "scanned.pdf": "P005",
        "huge.txt": "A002",
        "missing.docx": "A001",
    }
    assert {name: row["code"] for name, row in errors.items()} == expected
    for row in errors.values():  # a sentence a person understands, no traceback
        assert row["error"].startswith(f"[{row['code']}] ") and "Traceback" not in row["error"]
        assert len(row["error"]) > 20


def test_ingest_rerun_adds_nothing_and_duplicates_no_error(batch, tmp_path, settings):
    small = settings.replace("ingest", max_file_mb=2)
    with open_store(tmp_path / "m.db") as store:
        ingest(batch.values(), store, small)
        again = ingest(batch.values(), store, small)
        assert (again.added, again.skipped, again.failed) == (0, 3, 6)
        assert store.count("documents") == 3 and store.count("errors") == 6


def test_ingest_cli_exit_code_and_summary_line(batch, tmp_path):
    db = tmp_path / "cli.db"
    good = [str(batch["good_gbk.html"]), str(batch["good.docx"])]
    ok = runner.invoke(app, ["ingest", *good, "--db", str(db), "--workers", "1"])
    assert ok.exit_code == 0, ok.output
    assert "2 documents added, 0 skipped as already present, 0 failed" in ok.output
    some = runner.invoke(app, ["ingest", *good, str(batch["junk.txt"]), "--db", str(db), "--workers", "1"])
    assert some.exit_code == 1 and "0 documents added, 2 skipped as already present, 1 failed" in some.output
    assert "Traceback" not in some.output
    none = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--db", str(db)])
    assert none.exit_code == 2


def test_ingest_gbk_html_reads_right(batch, tmp_path, settings):
    with open_store(tmp_path / "m.db") as store:
        ingest([batch["good_gbk.html"]], store, settings)
        (row,) = store.rows("SELECT title, text, published, encoding FROM documents")
    assert row["title"] == "2023学年城南教育集团工作计划"
    assert (
        "召开集团理事会会议" in row["text"] and "备案号" not in row["text"] and "当前位置" not in row["text"]
    )
    assert row["published"] == "2023-09-01" and row["encoding"] == "gb18030"


@pytest.mark.slow
def test_ingest_killed_half_way_then_rerun_has_every_document_once(tmp_path):
    """Kill a real `miner ingest` process mid-batch, run it again: every document exactly once."""
    docs = tmp_path / "docs"
    docs.mkdir()
    n = 40
    for i in range(n):
        (docs / f"{i:02d}.txt").write_text(
            f"2021年第{i}号教育集团工作总结\n{i % 12 + 1}月，集团在第{i}中学召开了教学质量分析会。\n" * 30,
            encoding="utf-8",
        )
    db = tmp_path / "kill.db"
    cmd = [sys.executable, "-m", "miner", "ingest", str(docs), "--db", str(db), "--workers", "1"]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
            if stored >= 3:
                break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < stored < n, "the first run should be killed part-way"
    subprocess.run(cmd, cwd=ROOT, check=False, capture_output=True, timeout=300)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == n
        assert conn.execute("SELECT COUNT(DISTINCT doc_id) FROM documents").fetchone()[0] == n
        assert conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == n
        orphans = conn.execute(
            "SELECT COUNT(*) FROM activities WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
        ).fetchone()[0]
        assert orphans == 0


def test_ingest_same_bytes_twice_in_one_batch_is_one_document_two_sources(tmp_path, settings):
    a, b = tmp_path / "a.txt", tmp_path / "sub" / "copy.txt"
    b.parent.mkdir()
    for p in (a, b):
        p.write_text("2021年城西教育集团工作总结\n5月，集团召开了教学工作会议。\n", encoding="utf-8")
    with open_store(tmp_path / "m.db") as store:
        summary = ingest([a, b], store, settings)
        assert (summary.added, summary.skipped, summary.failed) == (1, 1, 0)
        assert store.count("documents") == 1
        assert {r["source"] for r in store.rows("SELECT source FROM sources")} == {str(a), str(b)}


def test_ingest_library_function_is_reachable_from_the_package(tmp_path, settings):
    import miner

    with miner.open_store(tmp_path / "m.db") as store:
        for _ in range(2):  # the second call must not find a module under that name
            assert miner.ingest([tmp_path / "none"], store, settings).failed == 1
