"""Hostile files through `miner ingest`, each beside a good file in the same batch."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.hostile.cases import FILE_CASES, children_of, config, good_file, miner, stored

LIMIT_S = 60
LIMIT_MB = 2048


@pytest.mark.slow
@pytest.mark.parametrize(("name", "build", "codes"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_hostile_file_is_one_error_row_and_the_good_file_is_stored(tmp_path, name, build, codes):
    good = good_file(tmp_path)
    bad = build(tmp_path)
    db = tmp_path / "m.db"
    run = miner(["ingest", str(good), str(bad), "--db", str(db), "--config", str(config(tmp_path))],
                tmp_path)
    assert not run.traceback, run.err
    assert not run.leftover  # no worker outlives the run
    assert run.seconds < LIMIT_S and run.peak_mb < LIMIT_MB, (run.seconds, run.peak_mb)
    sources, errors = stored(db)
    assert str(good) in sources, (run.code, run.out, run.err)
    bad_errors = [code for source, code in errors if source.startswith(str(bad))]
    if "stored" in codes and not bad_errors:  # read for what it is, within the limits
        assert any(s.startswith(str(bad)) for s in sources), (errors, run.err)
        assert run.code == 0
    else:
        assert len(bad_errors) == 1 and bad_errors[0] in codes, (errors, run.err)
        assert run.code == 1


def _wait_for(predicate, seconds: float = 30.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _documents(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def _start(tmp_path: Path, *paths: Path) -> tuple[object, Path]:
    import subprocess
    import sys

    db = tmp_path / "m.db"
    cfg = config(tmp_path, timeout=120)
    proc = subprocess.Popen([sys.executable, "-c", "from miner.cli.app import main; main()", "ingest",
                             *map(str, paths), "--db", str(db), "--config", str(cfg)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, db


@pytest.mark.slow
def test_hostile_killed_worker_becomes_an_error_row_and_the_batch_goes_on(tmp_path):
    from tests.hostile.cases import one_line_text

    good = good_file(tmp_path)
    stuck = one_line_text(tmp_path / "stuck.txt", 16)  # keeps its worker busy until killed
    proc, db = _start(tmp_path, good, stuck)
    assert _wait_for(lambda: _documents(db) == 1), "the good file was not stored"
    workers = children_of(proc.pid)
    assert workers
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    sources, errors = stored(db)
    assert str(good) in sources
    assert [(s, c) for s, c in errors] == [(str(stuck), "W003")]
    assert proc.returncode == 1


@pytest.mark.slow
def test_hostile_workers_end_when_ingest_is_killed(tmp_path):
    from tests.hostile.cases import one_line_text

    good = good_file(tmp_path)
    stuck = one_line_text(tmp_path / "stuck.txt", 16)
    proc, db = _start(tmp_path, good, stuck)
    assert _wait_for(lambda: _documents(db) == 1)
    workers = children_of(proc.pid)
    assert workers
    proc.kill()
    proc.communicate(timeout=10)
    assert _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), 10), \
        "workers outlived their parent"
