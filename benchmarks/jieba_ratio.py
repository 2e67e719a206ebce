"""Benchmark: plain-text ingest against jieba alone on the same distinct documents (issue 10's budget).

Generates N distinct documents (benchmarks/distinct_docs.py: no line repeats, so no cache helps),
then measures on one core (CPU time of this process and its worker; resources loaded and warmed up first):
jieba's segmentation of every text (`jieba.lcut`), and `miner.ingest` of the same files as plain
text into a fresh database with one worker (read, decode, parse, extract, store). Prints both and
their ratio; the budget is 1.5. Run a few times and report the spread:

    python benchmarks/jieba_ratio.py --n 300
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.distinct_docs import generate  # noqa: E402
from miner.core import ingest  # noqa: E402
from miner.native import describe  # noqa: E402
from miner.settings import load_settings  # noqa: E402
from miner.store import open_store  # noqa: E402


def cpu() -> float:
    """CPU seconds of this process and of its finished children (ingest's worker runs in a child)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=300, help="documents")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    import jieba

    from miner.cli.worker import start_worker

    settings = load_settings().replace("ingest", workers=1)
    start_worker(settings)  # the CLI's worker start-up: resources loaded and warmed up
    jieba.setLogLevel(60)
    jieba.lcut("预热")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        texts = []
        for name, text in generate(args.n, args.seed, start=10_000):
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
            texts.append(text)
        chars = sum(len(t) for t in texts)
        t0 = time.process_time()
        for text in texts:
            jieba.lcut(text)
        seg = time.process_time() - t0
        one = Path(tmp) / "one"
        one.mkdir()
        (one / "warm.txt").write_text(texts[0] + "\n（另一份）\n", encoding="utf-8")
        t0 = cpu()
        with open_store(Path(tmp) / "fixed.db") as store:  # the fixed cost: a worker starting, one document
            ingest([one], store, settings)
        fixed = cpu() - t0
        t0 = cpu()
        with open_store(Path(tmp) / "bench.db") as store:
            summary = ingest([folder], store, settings)
        full = cpu() - t0 - fixed  # the worker's start-up (loading the models) is paid once per batch
    print(f"{len(texts)} documents, {chars / len(texts):,.0f} characters on average; "
          f"extraction: {describe()}")
    print(f"jieba alone: {seg:.2f} s ({chars / seg / 1000:,.0f}k characters/s); miner ingest: {full:.2f} s "
          f"beyond a batch's fixed {fixed:.2f} s ({summary.added} added, {summary.failed} failed)")
    print(f"ratio: {full / seg:.2f} (budget 1.5)")


if __name__ == "__main__":
    main()
