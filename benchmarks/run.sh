#!/usr/bin/env bash
# Whole-process benchmark: for each scale, cold `contour render` wall time (JVM start included), peak RSS,
# warm build+translate (JMH), and output bytes. Prints one Markdown table.
#   benchmarks/run.sh                 # scales 100 1000 10000 50000
#   SCALES="100 10000" benchmarks/run.sh
#   INCREMENTAL=0 benchmarks/run.sh  # skip the incremental serve measurement (about 2 minutes)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
scales=${SCALES:-"100 1000 10000 50000"}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -x /usr/bin/time ]; then
  echo "benchmarks/run.sh needs GNU time for peak RSS: apt-get install -y time" >&2
  exit 2
fi
./mvnw -B -q -DskipTests package >&2
./contour version >/dev/null   # makes the class-data archive, so no timed run pays for it

echo "| objects | cold render (s, best of $runs) | peak RSS (MB) | warm build+translate (ms) | output bytes (xds yaml) |"
echo "|---:|---:|---:|---:|---:|"
for n in $scales; do
  in="$work/w$n.yaml"
  ./contour generate --objects "$n" --seed 42 --output-file "$in" 2>/dev/null
  best=""
  rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" ./contour render "$in" --format xds --output-file "$work/out.yaml" 2>/dev/null || true
    read -r secs kb < "$work/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
  done
  bytes=$(wc -c < "$work/out.yaml")
  warm=$(java -jar benchmarks/target/benchmarks.jar "PipelineBenchmark.buildAndTranslate" -p objects="$n" \
      -wi 4 -w 2 -i 6 -r 2 -f 1 -rf csv -rff "$work/jmh.csv" >/dev/null 2>&1 && \
      awk -F, 'NR==2 {printf "%.1f", $5}' "$work/jmh.csv" || echo "n/a")
  echo "| $n | $best | $((rss / 1024)) | $warm | $bytes |"
done

# Incremental serve at 10,000 objects: one EndpointSlice address changed, rebuild and publish (time to a new
# snapshot, p50/p99 over at least 200 changes), and what a state-of-the-world client and a delta client are sent.
if [ "${INCREMENTAL:-1}" != 0 ]; then
  echo
  echo "Incremental serve, 10,000 objects, one object changed:"
  java -jar benchmarks/target/benchmarks.jar IncrementalBenchmark -p objects=10000 -wi 3 -w 1 -i 12 -r 5 -f 1 \
      -rf csv -rff "$work/inc.csv" >"$work/inc.txt" 2>&1 || true
  awk '/rebuildAndPublish +10000 +sample/ {printf "- snapshots measured: %s, mean %s ms\n", $4, $5}
       /rebuildAndPublish:p0.50 / {printf "- p50 %s ms\n", $4}
       /rebuildAndPublish:p0.99 / {printf "- p99 %s ms\n", $4}' "$work/inc.txt"
  java -cp benchmarks/target/benchmarks.jar io.contourcore.bench.IncrementalBenchmark 10000 2>/dev/null |
      awk '{print "- " $0}'
fi
