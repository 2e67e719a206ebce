"""Benchmark: ingest N distinct generated documents (no line repeats) and say what it cost.

Prints documents/s, characters/s, peak memory per process (this one, and the largest worker,
read from /proc while the run goes on; LibreOffice, which only makes the mixed-format inputs,
is left out) and database bytes per document, with the bytes of each table and index.

    python benchmarks/scale_bench.py --n 2000 --workers 2 --engine local
    python benchmarks/scale_bench.py --n 2000 --workers 2 --engine dask --formats mix
    python benchmarks/scale_bench.py --n 100000 --checkpoints 2000,20000 --every 5000  # one long run

`--checkpoints` prints the same figures (so far) when that many documents are in, `--every` a short
progress line, so one long run gives the 2,000 / 20,000 / 100,000 rows of the same code.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from distinct_docs import generate  # noqa: E402

MIX = ("txt-utf8", "txt-gbk", "html-utf8", "docx", "xlsx", "pdf")


class PeakMemory(threading.Thread):
    """Polls /proc for the peak resident set (VmHWM) of this process and every descendant."""

    def __init__(self, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.every = every
        self.peaks: dict[int, tuple[str, int]] = {}
        self.stop = threading.Event()

    def _children(self, pid: int) -> list[int]:
        try:
            tasks = Path(f"/proc/{pid}/task").iterdir()
            return [int(c) for t in tasks for c in (t / "children").read_text().split()]
        except OSError:
            return []

    def sample(self) -> None:
        todo, me = [os.getpid()], os.getpid()
        while todo:
            pid = todo.pop()
            todo += self._children(pid)
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if "soffice" in cmd or "oosplash" in cmd:
                continue
            kb = next((int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmHWM:")), 0)
            role = "main" if pid == me else "worker"
            self.peaks[pid] = (role, max(kb, self.peaks.get(pid, (role, 0))[1]))

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.every)

    def largest(self, role: str) -> float:
        return max((kb for r, kb in self.peaks.values() if r == role), default=0) / 1024


def stored_bytes(db: Path) -> int:
    """The database's size as a checkpoint would leave it (pages in the file and the WAL), read
    from a second connection while the run goes on."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        pages, free, size = (conn.execute(f"PRAGMA {p}").fetchone()[0]
                             for p in ("page_count", "freelist_count", "page_size"))
    finally:
        conn.close()
    return int((pages - free) * size)


class Checkpoints:
    """The ingest progress callback: figures so far at the given counts of documents added."""

    def __init__(self, db: Path, memory: PeakMemory, at: set[int], every: int) -> None:
        self.db, self.memory, self.at, self.every = db, memory, at, every
        self.added = 0
        self.t0 = time.perf_counter()

    def __call__(self, event: str, source: str) -> None:
        if event != "added":
            return
        self.added += 1
        if self.added in self.at or (self.every and self.added % self.every == 0):
            took = time.perf_counter() - self.t0
            self.memory.sample()
            size = stored_bytes(self.db)
            mark = "checkpoint" if self.added in self.at else "progress"
            print(f"{mark} {self.added} documents: {took:.0f} s, {self.added / took:.1f} documents/s; "
                  f"peak memory so far main {self.memory.largest('main'):.0f} MB, largest worker "
                  f"{self.memory.largest('worker'):.0f} MB; database {size / 1e6:.1f} MB, "
                  f"{size / self.added / 1000:.1f} KB a document", flush=True)


def make_inputs(n: int, formats: str, out: Path) -> list[Path]:
    docs = generate(n)
    if formats == "txt":
        out.mkdir(parents=True, exist_ok=True)
        files = []
        for stem, text in docs:
            files.append(out / f"{stem}.txt")
            files[-1].write_text(text, encoding="utf-8")
        return files
    from miner.samples import render_formats

    docs_list = list(docs)
    files: list[Path] = []
    for k, fmt in enumerate(MIX):  # each document in one format: n documents in all
        files += render_formats(docs_list[k::len(MIX)], out, (fmt,))
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--engine", choices=("local", "dask"), default="local")
    ap.add_argument("--formats", choices=("txt", "mix"), default="txt")
    ap.add_argument("--keep", type=Path, help="keep the database here")
    ap.add_argument("--checkpoints", default="", help="counts of documents to print figures at: 2000,20000")
    ap.add_argument("--every", type=int, default=0, help="print a progress line every N documents")
    args = ap.parse_args()

    from miner.core import ingest
    from miner.settings import load_settings
    from miner.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        files = make_inputs(args.n, args.formats, Path(tmp) / "docs")
        made = time.perf_counter() - t0
        print(f"{len(files)} inputs made in {made:.0f} s", flush=True)
        settings = load_settings().replace("ingest", workers=args.workers).replace("engine", name=args.engine)
        db = args.keep or Path(tmp) / "bench.db"
        db.unlink(missing_ok=True)
        memory = PeakMemory()
        memory.start()
        with open_store(db) as store:
            t0 = time.perf_counter()
            marks = {int(c) for c in args.checkpoints.split(",") if c.strip()}
            summary = ingest(files, store, settings, Checkpoints(db, memory, marks, args.every))
            took = time.perf_counter() - t0
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            chars = store.conn.execute("SELECT SUM(n_chars) FROM documents").fetchone()[0] or 0
        memory.stop.set()
        memory.join()
        memory.sample()
        size = db.stat().st_size
        conn = sqlite3.connect(db)
        parts = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
        conn.close()
    n = max(summary.added, 1)
    print(f"{args.n} distinct documents ({args.formats}), engine {args.engine}, {args.workers} workers; "
          f"inputs made in {made:.0f} s")
    print(f"ingested: {summary.added} added, {summary.skipped} skipped, {summary.failed} failed")
    print(f"time {took:.1f} s: {summary.added / took:.1f} documents/s, "
          f"{chars / took / 1000:.0f}k characters/s (mean {chars / n:.0f} characters a document)")
    print(f"peak memory: main process {memory.largest('main'):.0f} MB, largest worker "
          f"{memory.largest('worker'):.0f} MB")
    print(f"database: {size / 1e6:.1f} MB, {size / n / 1000:.1f} KB a document, "
          f"{size / n:.0f} bytes = {size / n * 1000 / 1e6:.1f} MB per 1,000 documents")
    big = [f"{name} {pg / n / 1000:.1f}" for name, pg in parts if pg / n >= 50]
    print("  KB a document: " + ", ".join(big))
    for err in summary.errors[:5]:
        print("  error:", err.source, err.error)


if __name__ == "__main__":
    main()
