"""Plan-versus-report accuracy on generated pairs with known truth (prints figures; not a timed test).

Usage: .venv/bin/python benchmarks/compare_eval.py [--pairs 200] [--seed 0] [--end-to-end]

"truth" aligns the generated truth activities (the alignment alone); "noisy" spoils them first the
way an imperfect extractor does (sentence evidence, lost schools and dates, wrong types); "extract" runs the
real parser and extractor on the generated text (end to end), when the extract stage is available.
Targets (issue 4): status accuracy ≥ 0.90; recall of done, shifted and not_reported ≥ 0.85 each.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from miner.settings import load_settings  # noqa: E402
from miner.synth import evaluate  # noqa: E402

TARGETS = {"accuracy": 0.90, "recall_done": 0.85, "recall_shifted": 0.85, "recall_not_reported": 0.85}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--end-to-end", action="store_true", help="also run parse + extract on the text")
    args = parser.parse_args(argv)
    settings = load_settings()
    modes = ["truth", "noisy", "extract"] if args.end_to_end else ["truth", "noisy"]
    failed = False
    for mode in modes:
        began = time.perf_counter()
        result = evaluate(args.pairs, args.seed, settings, mode).as_dict()
        result["seconds"] = round(time.perf_counter() - began, 1)
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        for key, floor in TARGETS.items():
            value = float(result[key])  # type: ignore[arg-type]
            ok = value >= floor
            failed |= not ok and mode == "truth"
            verdict = "ok" if ok else "BELOW"
            sys.stdout.write(f"  {mode:8s} {key:22s} {value:.3f}  (target ≥ {floor:.2f}) {verdict}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
