"""Benchmark: parse + extraction time of a plan flattened onto ONE line of 1, 4 and 16 MB.

Such a line has no sentence end, so before lines were broken (miner.parse.builder.MAX_LINE_CHARS)
it was one unit of extraction, and work on a unit grows with the square of its length (every
school mention checked for every clause, every time for every clause, ...). Time must now grow
linearly with the size. Runs in this process, without the per-document time limit of `ingest`.

    python benchmarks/oneline_bench.py                  # 1, 4 and 16 MB
    python benchmarks/oneline_bench.py --sizes 0.1 0.4 --line-limit 100000000   # as before the fix
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import miner.parse.builder as builder  # noqa: E402
from miner.extract import extract, load_resources  # noqa: E402
from miner.parse import parse  # noqa: E402
from miner.records import RawInput  # noqa: E402
from miner.settings import load_settings  # noqa: E402
from tests.hostile.cases import one_line_text  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16], help="megabytes")
    parser.add_argument("--line-limit", type=int, default=builder.MAX_LINE_CHARS,
                        help="characters of one line (a huge value shows the time before the fix)")
    args = parser.parse_args()
    builder.MAX_LINE_CHARS = args.line_limit
    builder.wrap_long_lines.__defaults__ = (args.line_limit,)
    settings = load_settings()
    resources = load_resources(settings)
    print(f"line limit {args.line_limit} characters")
    print(f"{'MB':>6} {'characters':>11} {'parse s':>8} {'extract s':>10} {'s per MB':>9} {'activities':>10}"
          f" {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = one_line_text(Path(tmp) / f"line-{size}.txt", size)
            raw = RawInput(source=str(path), data=path.read_bytes(), name=path.name)
            start = time.perf_counter()
            doc = parse(raw, settings)
            parsed = time.perf_counter()
            extraction = extract(doc, resources)
            done = time.perf_counter()
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            mb = len(raw.data) / 1e6
            print(f"{mb:6.1f} {len(doc.text):11,} {parsed - start:8.1f} {done - parsed:10.1f} "
                  f"{(done - start) / mb:9.1f} {len(extraction.activities):10,} {peak:12.0f}", flush=True)


if __name__ == "__main__":
    main()
