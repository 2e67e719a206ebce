"""Benchmark: time and peak memory of `miner` on each hostile case, with the shipped settings.

Each case is built from nothing (tests/hostile/cases.py), run through the CLI beside a good file,
and reported with its wall time, the peak resident memory of the largest miner process (the CLI
or one of its workers), the exit code and what became of the bad input.

    python benchmarks/hostile_bench.py            # every case
    python benchmarks/hostile_bench.py --only pdf # cases whose name contains "pdf"
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile.cases import (  # noqa: E402
    FILE_CASES,
    MINER,
    Run,
    good_file,
    injected_text,
    miner,
    stored,
)


def outcome(db: Path, bad: str) -> str:
    sources, errors = stored(db)
    codes = sorted({code for source, code in errors if source.startswith(bad)})
    if codes:
        return "error " + ",".join(codes)
    return "stored" if any(s.startswith(bad) for s in sources) else "?"


def file_case(name: str, build, folder: Path) -> tuple[Run, str]:  # type: ignore[no-untyped-def]
    good = good_file(folder)
    bad = build(folder)
    db = folder / "m.db"
    run = miner(["ingest", str(good), str(bad), "--db", str(db)], folder, timeout=300)
    good_ok = str(good) in stored(db)[0]
    return run, outcome(db, str(bad)) + ("" if good_ok else "; GOOD FILE LOST")


def crawl_case(folder: Path) -> tuple[Run, str]:
    from tests.hostile.test_crawl import CONFIG, serve

    other = serve()
    main = serve(f"http://127.0.0.1:{other.server_address[1]}")
    cfg = folder / "crawl.toml"
    # the shipped deadline (120 s) would make this case last two minutes: 10 s shows the mechanism
    cfg.write_text(CONFIG.replace("deadline_s = 3", "deadline_s = 10").replace("max_list_pages = 4",
                                                                               "max_list_pages = 20"))
    db = folder / "m.db"
    try:
        run = miner(["scrape", f"http://127.0.0.1:{main.server_address[1]}/list.html?page=1", "--db", str(db),
                     "--config", str(cfg)], folder, timeout=300)
    finally:
        main.shutdown()
        other.shutdown()
    lists = sum(1 for p in main.log if p.startswith("/list.html"))  # type: ignore[attr-defined]
    with sqlite3.connect(db) as conn:
        errors = sorted(r[0] for r in conn.execute("SELECT code FROM errors"))
    return run, f"other port asked {len(other.log)} times; {lists} list pages; errors {errors}"  # type: ignore[attr-defined]


def injection_case(folder: Path) -> tuple[Run, str]:
    bad = injected_text(folder / "inject.txt")
    db = folder / "m.db"
    miner(["ingest", str(good_file(folder)), str(bad), "--db", str(db)], folder)
    run = miner(["export", "--to", str(folder / "out"), "--format", "xlsx", "--db", str(db)], folder)
    return run, "export xlsx"


def concurrency_case(folder: Path) -> tuple[Run, str]:
    """Four folders with the same twelve documents under their own paths; process k ingests
    folders k and k+1 (as tests/hostile/test_store.py)."""
    parts = []
    for k in range(4):
        part = folder / f"part{k}"
        part.mkdir()
        for j in range(12):
            (part / f"p{j}.txt").write_text(f"2024学年第{j}号学校工作计划\n9月第{j + 1}周召开教研会议。\n",
                                            encoding="utf-8")
        parts.append(str(part))
    db = folder / "shared.db"
    runs = [[parts[k], parts[(k + 1) % 4]] for k in range(4)]
    script = ("import subprocess, sys\n"
              f"runs = {runs!r}\n"
              f"procs = [subprocess.Popen({MINER!r} + ['ingest', *r, '--db', {str(db)!r}]) for r in runs]\n"
              "sys.exit(max(p.wait() for p in procs))\n")
    run = miner([], folder, timeout=600, argv=[sys.executable, "-c", script])
    with sqlite3.connect(db) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        docs = conn.execute("SELECT COUNT(*), COUNT(DISTINCT doc_id) FROM documents").fetchone()
        sources = conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
    return run, f"integrity {check}; documents {docs[0]} ({docs[1]} distinct); sources {sources} of 48"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    args = parser.parse_args()
    cases = [(name, (lambda d, b=build, n=name: file_case(n, b, d))) for name, build, _ in FILE_CASES]
    cases += [("crawl: other port, 1 byte/s, pagination trap", crawl_case),
              ("formulas in an export", injection_case),
              ("4 processes, one database", concurrency_case)]
    print(f"{'case':46} {'seconds':>8} {'peak MB':>8} {'exit':>4}  outcome")
    for name, run_case in cases:
        if args.only.lower() not in name.lower():
            continue
        with tempfile.TemporaryDirectory() as tmp:
            try:
                run, what = run_case(Path(tmp))
            except subprocess.TimeoutExpired:
                print(f"{name:46} {'timeout':>8}")
                continue
        flag = " TRACEBACK" if run.traceback else ""
        print(f"{name:46} {run.seconds:8.1f} {run.peak_mb:8.0f} {run.code:4d}  {what}{flag}", flush=True)


if __name__ == "__main__":
    main()
