#!/usr/bin/env bash
# Issue 7's bronze repro, repeated: on a fresh data directory each time, `lakehouse generate`, then
# `lakehouse run --layers bronze` (available-now), then `SELECT COUNT(*)` of every bronze table,
# compared with the line counts the generator printed. A second pipeline run works beside it all
# along: a continuous run on its own data directory, fed a new landing file before every run.
# Prints one line per run and ends with "N of M exact"; exits 1 unless every run was exact.
#
#   bench/bronze-repeat.sh [--runs 20] [--scale 20] [--seed 42] [--work DIR] [--no-neighbour]
#
# The data directory of a run that was not exact is kept under the work directory as evidence;
# exact ones are deleted. The CLI jar is built on first use by ./lakehouse.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAKEHOUSE="$ROOT/lakehouse"
RUNS=20
SCALE=20
SEED=42
WORK=""
NEIGHBOUR=1

while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --scale) SCALE="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --no-neighbour) NEIGHBOUR=0; shift ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bronze-repeat: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
WORK="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/bronze-repeat.XXXXXX")}"
mkdir -p "$WORK"
SOURCES=(customers airports flights bookings)

# Builds the jar if needed, before any clock starts.
"$LAKEHOUSE" --version >/dev/null

NEIGHBOUR_PID=""
stop_neighbour() {
  if [[ -n "$NEIGHBOUR_PID" ]] && kill -0 "$NEIGHBOUR_PID" 2>/dev/null; then
    kill "$NEIGHBOUR_PID" 2>/dev/null || true
    wait "$NEIGHBOUR_PID" 2>/dev/null || true
  fi
}
trap stop_neighbour EXIT

if [[ "$NEIGHBOUR" == 1 ]]; then
  N="$WORK/neighbour"
  "$LAKEHOUSE" generate --scale "$SCALE" --seed $((SEED + 1)) --data-dir "$N" >/dev/null
  "$LAKEHOUSE" run --pipeline "$N/pipeline.yaml" --data-dir "$N" --mode continuous \
    >"$N/cli.out" 2>&1 &
  NEIGHBOUR_PID=$!
  echo "Neighbour: continuous run on $N (pid $NEIGHBOUR_PID), output in $N/cli.out"
fi

# A copy of a neighbour's bookings file, landed atomically (hidden name, then rename).
feed_neighbour() {
  [[ "$NEIGHBOUR" == 1 ]] || return 0
  local dir="$WORK/neighbour/landing/bookings"
  cp "$dir/bookings-0001.csv" "$dir/.bookings-copy-$1.csv"
  mv "$dir/.bookings-copy-$1.csv" "$dir/bookings-copy-$1.csv"
}

echo "Work directory: $WORK; $RUNS runs at scale $SCALE, seed $SEED"
printf '%4s %8s %5s' run seconds exit
for s in "${SOURCES[@]}"; do printf ' %17s' "$s"; done
printf '  %s\n' result

exact=0
count_sql="$(for s in "${SOURCES[@]}"; do
  printf "SELECT '%s', COUNT(*) FROM bronze.%s UNION ALL " "$s" "$s"
done)"
count_sql="${count_sql% UNION ALL }"

for ((run = 1; run <= RUNS; run++)); do
  D="$WORK/run-$run"
  rm -rf "$D"
  generated="$("$LAKEHOUSE" generate --scale "$SCALE" --seed "$SEED" --data-dir "$D")"
  declare -A expected=() actual=()
  for s in "${SOURCES[@]}"; do
    expected[$s]="$(awk -v s="$s" '$1 == s && $3 == "lines" { print $2 }' <<<"$generated")"
  done
  feed_neighbour "$run"

  start=$(date +%s.%N)
  set +e
  "$LAKEHOUSE" run --pipeline "$D/pipeline.yaml" --data-dir "$D" --layers bronze >"$D/run.out" 2>&1
  exit_code=$?
  set -e
  seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')

  if counts="$("$LAKEHOUSE" query --format csv --data-dir "$D" "$count_sql" 2>"$D/query.err")"; then
    while IFS=, read -r source rows; do
      actual[$source]="$rows"
    done < <(tail -n +2 <<<"$counts")
  fi

  result=exact
  [[ "$exit_code" == 0 ]] || result="exit $exit_code"
  printf '%4d %8s %5s' "$run" "$seconds" "$exit_code"
  for s in "${SOURCES[@]}"; do
    got="${actual[$s]:-?}"
    [[ "$got" == "${expected[$s]}" ]] || result="NOT EXACT"
    printf ' %17s' "${expected[$s]}/$got"
  done
  printf '  %s\n' "$result"

  if [[ "$result" == exact ]]; then
    exact=$((exact + 1))
    rm -rf "$D"
  else
    echo "     kept $D (run.out, logs/lakehouse.log) as evidence"
  fi
  if [[ "$NEIGHBOUR" == 1 ]] && ! kill -0 "$NEIGHBOUR_PID" 2>/dev/null; then
    echo "The neighbour run ended; its output:" >&2
    tail -n 20 "$WORK/neighbour/cli.out" >&2
    exit 1
  fi
done

echo "(columns per source: expected/actual rows of bronze.<source>)"
echo "$exact of $RUNS exact"
[[ "$exact" == "$RUNS" ]]
