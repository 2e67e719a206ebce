#!/usr/bin/env bash
# `make demo`: the main job on the bundled corpus, end to end, and where the results are.
set -euo pipefail
PY=${1:-.venv/bin/python}
OUT=${2:-demo-output}
miner() { "$PY" -m miner "$@"; }
# ingest/compare exit 1 when some inputs failed; the demo reports that and goes on.
tolerate() { "$@" || { rc=$?; [ $rc -eq 1 ] || exit $rc; echo "(some inputs failed: see the errors table)"; }; }

rm -rf "$OUT" && mkdir -p "$OUT"
echo "== 1. sample files in every format, from the bundled seed documents"
miner samples --to "$OUT/formats"
echo "== 2. generated plan/summary pairs with known truth"
miner synth --pairs 6 --seed 7 --to "$OUT/synth"
echo "== 3. ingest the seeds, the gold corpus, the sample files and the generated pairs"
tolerate miner ingest corpora/seeds corpora/gold/docs "$OUT/formats" "$OUT/synth" --db "$OUT/miner.db"
miner documents --db "$OUT/miner.db"
echo "== 4. compare plans with reports"
tolerate miner compare --db "$OUT/miner.db"
echo "== 5. export the tables and write the report"
miner export --to "$OUT/tables" --format csv --db "$OUT/miner.db"
miner export --to "$OUT/tables-xlsx" --format xlsx --db "$OUT/miner.db"
miner report --to "$OUT/report.html" --db "$OUT/miner.db"
if command -v chromium >/dev/null 2>&1; then
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --no-first-run --user-data-dir="$profile" --window-size=1280,2400 \
    --screenshot="$PWD/$OUT/report.png" "file://$PWD/$OUT/report.html" >/dev/null 2>&1 || true
  rm -rf "$profile"
fi
echo
echo "Results in $OUT/:"
echo "  database      $OUT/miner.db            (miner documents --db $OUT/miner.db)"
echo "  tables (CSV)  $OUT/tables/             (UTF-8 with BOM: opens in Excel)"
echo "  tables (XLSX) $OUT/tables-xlsx/"
echo "  report        file://$PWD/$OUT/report.html"
[ -f "$OUT/report.png" ] && echo "  screenshot    $OUT/report.png (the report as opened from disk in headless Chromium)"
exit 0
