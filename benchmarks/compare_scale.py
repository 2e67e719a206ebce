"""Benchmark: `miner compare` over a store of N generated plan/summary pairs.

Ingests N pairs from `miner synth` (2N documents, through the real parser and extractor) unless
--db names a store that holds them already, then times the pairing of documents and the whole
comparison (pairing, alignment, writing the comparison table).

    python benchmarks/compare_scale.py --pairs 5000 --db /tmp/pairs.db
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=5000)
    ap.add_argument("--db", type=Path, default=Path("compare-bench.db"))
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    import scipy.optimize  # noqa: F401  (imported before the clock starts, as in a long session)

    from miner.compare.pairing import DocInfo, pair_documents
    from miner.compare.stored import compare_store
    from miner.core import ingest_raw
    from miner.records import RawInput
    from miner.settings import load_settings
    from miner.store import open_store
    from miner.synth.truth import generate_pairs

    settings = load_settings().replace("ingest", workers=args.workers)
    with open_store(args.db) as store:
        if store.count("documents") < 2 * args.pairs:
            def raws():
                for p in generate_pairs(args.pairs, seed=7):
                    for side, text in (("plan", p.plan_text), ("summary", p.summary_text)):
                        name = f"{p.stem}_{side}.txt"
                        yield RawInput(source=name, data=text.encode(), name=name)

            t0 = time.perf_counter()
            summary = ingest_raw(raws(), store, settings)
            print(f"ingested {summary.added} documents in {time.perf_counter() - t0:.0f} s")
        docs = [DocInfo.from_row(r) for r in store.documents()]
        t0 = time.perf_counter()
        pairings, unpaired = pair_documents(docs)
        print(f"pairing {len(docs)} documents: {time.perf_counter() - t0:.2f} s "
              f"({len(pairings)} pairings, {len(unpaired)} documents unpaired)")
        t0, c0 = time.perf_counter(), time.process_time()
        result = compare_store(store, settings)
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"compare: {took:.1f} s for {len(result.comparisons)} pairings "
              f"({took / max(len(result.comparisons), 1) * 1000:.1f} ms each), {cpu:.1f} s of CPU "
              f"(this process; wall time on a busy machine counts the waits), "
              f"{store.count('comparison')} comparison rows")


if __name__ == "__main__":
    main()
