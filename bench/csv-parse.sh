#!/usr/bin/env bash
# Parse speed of bronze's CSV reader (issue 9): generates a bookings-like CSV file of N rows (8
# columns, 2 M rows about 150 MB) in a temporary directory and reads it R times with one reader
# (CsvBulkFormat, as a bronze task does, no Flink job, no Iceberg), after one warm-up run. Prints
# seconds, rows/s and MB/s per run, and the median rows/s.
#
#   bench/csv-parse.sh [--rows 2000000] [--runs 5] [--kind plain|gzip|quoted]
#
# --kind gzip writes the file gzip-compressed (.csv.gz); quoted quotes every string field and puts
# a quoted line break into one row in a hundred. Builds ingestion's test classes first (offline if
# the local Maven repository has everything).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROWS=2000000
RUNS=5
KIND=plain
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --kind) KIND="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "csv-parse: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

cd "$ROOT"
./mvnw -B -q -pl ingestion -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test -Dspotless.check.skip=true >&2
CP="ingestion/target/test-classes:ingestion/target/classes:$(cat ingestion/target/bench.classpath)"
exec java -Xmx1g -cp "$CP" io.lakehouseflow.ingestion.format.CsvParseBench "$ROWS" "$RUNS" "$KIND"
