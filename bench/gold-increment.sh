#!/usr/bin/env bash
# Issue 8's cost test: does an available-now gold run cost what its new data costs, not what the
# history costs? On a fresh data directory: `lakehouse generate --scale N`, a first `lakehouse
# run`, then P% more bookings landed as one new file (new booking ids, copies of existing lines
# otherwise), a second `lakehouse run`, and `lakehouse verify`. Prints the gold layer's time in
# both runs (from the CLI log's "Layer gold ... finished in" line), their ratio, the whole-process
# time and peak RSS of each run, and the size of the gold state kept between runs.
#
#   bench/gold-increment.sh [--scale 100] [--percent 1] [--seed 42] [--data-dir DIR] [--keep]
#
# The data directory is deleted at the end unless --keep is given. The CLI jar is built on first
# use by ./lakehouse.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAKEHOUSE="$ROOT/lakehouse"
SCALE=100
PERCENT=1
SEED=42
DATA=""
KEEP=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) SCALE="$2"; shift 2 ;;
    --percent) PERCENT="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --data-dir) DATA="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "gold-increment: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
DATA="${DATA:-$(mktemp -d "${TMPDIR:-/tmp}/gold-increment.XXXXXX")}"
# A failed run leaves a marker (timed_run runs in a subshell, where setting KEEP would not stick).
trap '[[ "$KEEP" == 1 || -f "$DATA/.failed" ]] || rm -rf "$DATA"' EXIT

# Builds the jar if needed, before any clock starts.
"$LAKEHOUSE" --version >/dev/null

LOG="$DATA/logs/lakehouse.log"

# Runs the pipeline under /usr/bin/time; prints "<gold ms> <wall s> <peak RSS KiB>".
timed_run() {
  local before
  before=$(grep -c "Layer gold of pipeline" "$LOG" 2>/dev/null || true)
  /usr/bin/time -f "%e %M" -o "$DATA/time.out" \
    "$LAKEHOUSE" run --pipeline "$DATA/pipeline.yaml" --data-dir "$DATA" >"$DATA/run.out" 2>&1 || {
    echo "gold-increment: lakehouse run failed, output in $DATA/run.out" >&2
    touch "$DATA/.failed"
    exit 1
  }
  local gold_ms
  gold_ms=$(grep "Layer gold of pipeline" "$LOG" | sed -n "$((before + 1))p" \
    | sed -E 's/.*finished in ([0-9]+) ms.*/\1/')
  echo "$gold_ms $(cat "$DATA/time.out")"
}

"$LAKEHOUSE" generate --scale "$SCALE" --seed "$SEED" --data-dir "$DATA" >/dev/null
BOOKINGS=$(cat "$DATA"/landing/bookings/*.csv | grep -vc '^booking_id')
echo "Flights sample at scale $SCALE: $BOOKINGS booking lines, data in $DATA"

read -r FIRST_GOLD FIRST_WALL FIRST_RSS < <(timed_run)
echo "First run:  gold ${FIRST_GOLD} ms; whole run ${FIRST_WALL} s, peak RSS $((FIRST_RSS / 1024)) MiB"

# New bookings: the first P% of existing lines, under booking ids above every existing one, landed
# atomically (a hidden name, then a rename) as the landing directory's watchers expect.
ADDED=$((BOOKINGS * PERCENT / 100))
MAX_ID=$(awk -F, '$1 != "booking_id" && $1 + 0 > max { max = $1 + 0 } END { print max }' \
  "$DATA"/landing/bookings/*.csv)
{
  head -1 "$(ls "$DATA"/landing/bookings/*.csv | head -1)"
  # One awk, not head: head closing the pipe early would fail it under pipefail.
  awk -F, -v OFS=, -v base="$MAX_ID" -v n="$ADDED" \
    '$1 != "booking_id" && ++i <= n { $1 = base + i; print }' "$DATA"/landing/bookings/*.csv
} >"$DATA/landing/bookings/.bookings-increment.csv"
mv "$DATA/landing/bookings/.bookings-increment.csv" "$DATA/landing/bookings/bookings-increment.csv"

read -r NEXT_GOLD NEXT_WALL NEXT_RSS < <(timed_run)
echo "+${PERCENT}% run: gold ${NEXT_GOLD} ms; whole run ${NEXT_WALL} s, peak RSS $((NEXT_RSS / 1024)) MiB ($ADDED bookings added)"
echo "Increment / first build (gold): $(awk -v a="$NEXT_GOLD" -v b="$FIRST_GOLD" 'BEGIN { printf "%.1f%%", 100 * a / b }')"
echo "Gold state kept between runs: $(du -sh "$DATA/checkpoints/available-now/gold" 2>/dev/null | cut -f1)"

"$LAKEHOUSE" verify --pipeline "$DATA/pipeline.yaml" --data-dir "$DATA" >"$DATA/verify.out" 2>&1 || {
  echo "gold-increment: lakehouse verify failed, output in $DATA/verify.out" >&2
  KEEP=1
  exit 1
}
tail -1 "$DATA/verify.out"
