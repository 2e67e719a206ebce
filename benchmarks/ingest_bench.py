"""Benchmark: ingest N mixed-format documents (txt in 3 encodings, html, docx, xlsx, pdf, doc, xls).

Prints documents per second and peak memory (resident set size of this process and of the
largest worker). Run with `make bench` or `python benchmarks/ingest_bench.py --n 1000`.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from miner.core import ingest  # noqa: E402
from miner.samples import ALL_FORMATS, render_formats  # noqa: E402
from miner.settings import load_settings  # noqa: E402
from miner.store import open_store  # noqa: E402


def base_texts() -> list[tuple[str, str]]:
    files = sorted((ROOT / "corpora").rglob("*.txt"))
    return [(p.stem, p.read_text(encoding="utf-8")) for p in files if p.stat().st_size > 500]


def variants(texts: list[tuple[str, str]], n: int) -> list[tuple[str, str]]:
    """n distinct documents: the corpus texts with years and a serial number changed."""
    out = []
    for i in range(n):
        stem, text = texts[i % len(texts)]
        shift = i // len(texts)
        text = re.sub(r"20(\d\d)", lambda m, s=shift: str(2000 + (int(m.group(1)) + s) % 30), text, count=3)
        out.append((f"{stem}_{i:04d}", f"{text}\n（存档编号 {i:04d}）\n"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1000, help="documents to ingest")
    ap.add_argument("--workers", type=int, default=0, help="worker processes (0 = one per core)")
    args = ap.parse_args()
    formats = [f for f in ALL_FORMATS if f != "zip"]
    per_format = -(-args.n // len(formats))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        files = render_formats(variants(base_texts(), per_format), Path(tmp) / "docs", formats)[: args.n]
        made = time.perf_counter() - t0
        sizes = sum(f.stat().st_size for f in files)
        settings = load_settings().replace("ingest", workers=args.workers)
        with open_store(Path(tmp) / "bench.db") as store:
            t0 = time.perf_counter()
            summary = ingest(files, store, settings)
            took = time.perf_counter() - t0
            chars = store.conn.execute("SELECT SUM(n_chars) FROM documents").fetchone()[0] or 0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"made {len(files)} files ({sizes / 1e6:.1f} MB, formats: {', '.join(formats)}) in {made:.1f} s")
    print(f"ingested: {summary.added} added, {summary.skipped} skipped, {summary.failed} failed")
    print(
        f"time: {took:.1f} s  →  {len(files) / took:.1f} documents/s, {chars / took / 1000:.0f}k chars/s "
        f"(workers: {settings.ingest.workers or 'one per core'})"
    )
    print(
        f"peak memory: main process {own:.0f} MB, largest child {kids:.0f} MB "
        "(children include LibreOffice conversions)"
    )
    for err in summary.errors[:10]:
        print("  error:", err.source, err.error)


if __name__ == "__main__":
    main()
