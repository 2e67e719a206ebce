"""Plan-versus-report accuracy on the annotated pair corpus (prints figures; not a timed test).

Usage: .venv/bin/python benchmarks/pairs_eval.py [corpora/pairs/test] [--gold-only]

"extract" runs the real parser, extractor and matcher on plan.txt and summary.txt (end to end);
"gold" puts the annotated activities (plan.json, summary.json) straight into the matcher, which
separates matching errors from extraction errors. Targets (issue 11, on the test split): status
accuracy ≥ 0.90; accuracy among unflagged decisions ≥ 0.95 with ≤ 20 % flagged; each status's
recall ≥ 0.80.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from miner.compare.score import evaluate_pairs  # noqa: E402
from miner.settings import load_settings  # noqa: E402

STATUSES = ("done", "shifted", "cancelled", "not_reported", "unplanned")


def _verdicts(d: dict[str, object]) -> list[tuple[str, float, str]]:
    out = [("accuracy", float(d["accuracy"]), "≥ 0.90"),  # type: ignore[arg-type]
           ("unflagged_accuracy", float(d["unflagged_accuracy"]), "≥ 0.95"),  # type: ignore[arg-type]
           ("flagged_share", float(d["flagged_share"]), "≤ 0.20")]  # type: ignore[arg-type]
    out += [(f"recall_{s}", float(d[f"recall_{s}"]), "≥ 0.80") for s in STATUSES]  # type: ignore[arg-type]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="corpora/pairs/test")
    parser.add_argument("--gold-only", action="store_true", help="skip the end-to-end run")
    args = parser.parse_args(argv)
    settings = load_settings()
    for mode in ("gold",) if args.gold_only else ("extract", "gold"):
        began = time.perf_counter()
        d = evaluate_pairs(args.folder, settings, mode).as_dict()
        d["seconds"] = round(time.perf_counter() - began, 1)
        sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
        for key, value, target in _verdicts(d):
            ok = value <= 0.20 if target.startswith("≤") else value >= float(target.split()[-1])
            verdict = "ok" if ok else "BELOW"
            sys.stdout.write(f"  {mode:8s} {key:22s} {value:.3f}  (target {target}) {verdict}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
