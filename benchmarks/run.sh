#!/usr/bin/env bash
# Whole-process benchmark. First every target of issue 15 with today's figure beside it, then one row per scale:
# cold `contour render` wall time (JVM start included), peak RSS, warm build+translate (JMH), output bytes.
#   benchmarks/run.sh                   # targets, then scales 100 1000 10000 50000
#   SCALES="100 10000" RUNS=3 benchmarks/run.sh
#   COMPARE="/work/other-checkout" benchmarks/run.sh   # the cold targets of other built checkouts too, runs interleaved
#   TARGETS=0 / SCALE_TABLE=0 / INCREMENTAL=0 / FANOUT=0   # leave a part out
#   FANOUT_OBJECTS=10000 FANOUT_CLIENTS=1000 benchmarks/run.sh   # the fan-out target's workload (default 1000 objects)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/run.sh   # every row on that JDK (25+: an AOT cache)
# Wall times are medians over RUNS runs (default 5) taken in turn with every compared checkout (A B, B A, ...), peak RSS
# the largest of those runs; on a shared machine read them beside the load average printed with them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
scales=${SCALES:-"100 1000 10000 50000"}
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -x /usr/bin/time ]; then
  echo "benchmarks/run.sh needs GNU time for peak RSS: apt-get install -y time" >&2
  exit 2
fi
./mvnw -B -q -DskipTests package >&2
./contour version >/dev/null   # makes the class-data archive, so no timed run pays for it
checkouts=("$here")
for c in ${COMPARE:-}; do
  "$c/contour" version >/dev/null   # builds it if needed and makes its archive
  checkouts+=("$c")
done
# The JVM of the `java -jar` rows: JAVA_HOME's when set, as ./contour (the other rows) chooses it.
java_cmd=java
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_cmd="$JAVA_HOME/bin/java"; fi
median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# The option that names render's output file: --output-file today, --output in older checkouts (such as the
# issue's baseline), so an older checkout is timed rendering, not failing on an unknown option.
outflag=()
for c in "${checkouts[@]}"; do
  if java -jar "$c/contour-cli/target/contour.jar" render --help 2>&1 | grep -q -- '--output-file'; then
    outflag+=(--output-file)
  else
    outflag+=(--output)
  fi
done

# `java -jar` runs a render in a child JVM whose class-data archive (in the user's cache) is written by the second
# render of a jar: two untimed renders make it, so no timed run pays for it.
./contour generate --objects 200 --seed 1 --output-file "$work/warm.yaml" 2>/dev/null
for i in "${!checkouts[@]}"; do
  for _ in 1 2; do
    "$java_cmd" -jar "${checkouts[$i]}/contour-cli/target/contour.jar" render "$work/warm.yaml" --format xds "${outflag[$i]}" "$work/warm.out" \
        >/dev/null 2>&1 || true
  done
done

# cold LABEL HOW INPUT: HOW is "launcher" (./contour) or "jar" (java -jar, no options); runs every checkout in turn
# RUNS times and prints "LABEL<TAB>checkout<TAB>median wall<TAB>max RSS MB<TAB>median user CPU<TAB>failed runs<TAB>
# paired ratio" per checkout. User CPU moves less with the machine's load than wall time does, and the paired ratio
# least: this checkout's wall time over a compared one's taken just before or after it (this machine's speed drifts
# by a quarter over minutes). The checkouts take turns going first (A B, then B A): run one after the other in a
# fixed order, the same jar timed against itself came out 8-12% apart either way, which a fixed order would have
# charged to one checkout. So the ratio is the median, over each two rounds, of the geometric mean of their two
# ratios (one with each checkout first); a last odd round only counts when it is the only one. For `java -jar` the
# RSS is that of the larger of its two JVMs (GNU time reports the largest process waited for), the child; the
# parent adds ~54 MB.
cold() {
  local label=$1 how=$2 in=$3 r i c cmd order
  for r in $(seq "$runs"); do
    order=("${!checkouts[@]}")
    if [ $((r % 2)) = 0 ]; then
      order=()
      for ((i = ${#checkouts[@]} - 1; i >= 0; i--)); do order+=("$i"); done
    fi
    for i in "${order[@]}"; do
      c=${checkouts[$i]}
      if [ "$how" = launcher ]; then cmd=("$c/contour"); else cmd=("$java_cmd" -jar "$c/contour-cli/target/contour.jar"); fi
      rm -f "$work/out$i.yaml"
      if /usr/bin/time -f "%e %M %U" -o "$work/time" "${cmd[@]}" render "$in" --format xds "${outflag[$i]}" \
          "$work/out$i.yaml" >/dev/null 2>&1 && [ -s "$work/out$i.yaml" ]; then
        tail -1 "$work/time" >> "$work/runs.$i"
        tail -1 "$work/time" | awk '{print $1}' >> "$work/rounds.$i"
      else
        echo fail >> "$work/fails.$i"
        echo NA >> "$work/rounds.$i"
      fi
    done
  done
  for i in "${!checkouts[@]}"; do
    touch "$work/runs.$i" "$work/fails.$i" "$work/rounds.$i"
    # This checkout (the first) against checkout i, round by round; "-" for the first itself.
    ratio=-
    if [ "$i" -gt 0 ]; then
      ratio=$(paste "$work/rounds.0" "$work/rounds.$i" | awk '
          { ok = $1 != "NA" && $2 != "NA" && $2 > 0; r = ok ? $1 / $2 : 0 }
          NR % 2 == 1 { first = r; next }
          first > 0 && r > 0 { print sqrt(first * r) }
          END { if (NR == 1 && first > 0) print first }' | median)
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "${checkouts[$i]}" "$(awk '{print $1}' "$work/runs.$i" | median)" \
        "$(awk '{if ($2 > m) m = $2} END {printf "%d", m / 1024}' "$work/runs.$i")" \
        "$(awk '{print $3}' "$work/runs.$i" | median)" "$(wc -l < "$work/fails.$i")" "${ratio:--}"
  done
  for i in "${!checkouts[@]}"; do
    rm -f "$work/runs.$i" "$work/fails.$i" "$work/rounds.$i"
  done
}

if [ "${TARGETS:-1}" != 0 ]; then
  ./contour generate --objects 100 --seed 42 --output-file "$work/w100.yaml" 2>/dev/null
  ./contour generate --objects 10000 --seed 42 --output-file "$work/w10k.yaml" 2>/dev/null
  ./contour generate --objects 10000 --seed 42 --tls --output-file "$work/t10k.yaml" 2>/dev/null
  ./contour generate --objects 50000 --seed 42 --output-file "$work/w50k.yaml" 2>/dev/null
  echo "Targets of issue 15 (median of $runs cold runs on Java $("$java_cmd" -XshowSettings:properties -version 2>&1 | awk '/java.version =/ {print $3}'); load average $(cut -d' ' -f1-3 /proc/loadavg) at the start):"
  echo
  {
    cold "100 objects, ./contour" launcher "$work/w100.yaml"
    cold "10k generated, ./contour" launcher "$work/w10k.yaml"
    cold "10k generated, java -jar" jar "$work/w10k.yaml"
    cold "10k TLS-heavy, ./contour" launcher "$work/t10k.yaml"
    cold "10k TLS-heavy, java -jar" jar "$work/t10k.yaml"
    cold "50k generated, ./contour" launcher "$work/w50k.yaml"
    cold "50k generated, java -jar" jar "$work/w50k.yaml"
  } > "$work/targets.tsv"
  echo "| target | checkout | today: wall (s) | today: peak RSS (MB) | user CPU (s) | this checkout ÷ it, paired | met |"
  echo "|---|---|---:|---:|---:|---:|---|"
  awk -F'\t' '{
      wall = 2; rss = 512
      if ($1 ~ /^100 /) { wall = 0.4; rss = 0 }
      if ($1 ~ /^50k /) { wall = 6; rss = 1536 }
      goal = "<= " wall " s" (rss ? ", <= " rss " MB" : "")
      if ($6 > 0) {
        printf "| %s (%s) | %s | %s of %s runs failed | | | | no |\n", $1, goal, $2, $6, '"$runs"'
        next
      }
      met = ($3 <= wall && (rss == 0 || $4 <= rss)) ? "yes" : "no"
      ratio = ($7 == "-" || $7 == "") ? "" : sprintf("%.3f", $7)
      printf "| %s (%s) | %s | %s | %s | %s | %s | %s |\n", $1, goal, $2, $3, $4, $5, ratio, met
    }' "$work/targets.tsv"
  echo "| serve, one object changed at 10k: p99 <= 50 ms, p50 <= 15 ms | | see the incremental figures below (incremental engine) | | | | see below |"
  if [ "${FANOUT:-1}" != 0 ]; then
    # contour serve --watch (through ./contour) and Envoy-like ADS clients; 2 warm-up changes, median of 3 measured.
    fo_objects=${FANOUT_OBJECTS:-1000}
    fo_clients=${FANOUT_CLIENTS:-1000}
    ./contour generate --objects "$fo_objects" --seed 42 --output-file "$work/fanout.yaml" 2>/dev/null
    fo_load=$(cut -d' ' -f1 /proc/loadavg)
    java -cp benchmarks/target/benchmarks.jar io.contourcore.bench.FanOutBenchmark "$here/contour" \
        "$work/fanout.yaml" "$fo_clients" > "$work/fanout.txt" 2>&1 || true
    awk -v n="$fo_clients" -v o="$fo_objects" -v load="$fo_load" '
        /^last-ack-ms / {last = $2} /^p50-ack-ms / {p50 = $2}
        END {
          if (last == "") { printf "| %s ADS clients, last ACK <= 1 s after the save | | failed: see FanOutBenchmark | | | | no |\n", n; exit }
          printf "| %s ADS clients at %s objects, last ACK <= 1 s after the save (load %s) | | last %.2f s, median client %.2f s | | | | %s |\n",
              n, o, load, last / 1000, p50 / 1000, last <= 1000 ? "yes" : "no"
        }' "$work/fanout.txt"
  fi
  echo
  if [ -f "$work/fanout.txt" ]; then
    echo "Fan-out changes (one HTTPProxy route prefix edited; CPU includes the 2 s of quiet that ends each wait):"
    grep -E '^change ' "$work/fanout.txt" | sed 's/^/- /'
    echo
  fi
fi

if [ "${SCALE_TABLE:-1}" != 0 ]; then
  echo "| objects | cold render (s, median of $runs) | peak RSS (MB) | warm build+translate (ms) | output bytes (xds yaml) |"
  echo "|---:|---:|---:|---:|---:|"
  saved=("${checkouts[@]}")
  checkouts=("$here")
  for n in $scales; do
    in="$work/w$n.yaml"
    [ -f "$in" ] || ./contour generate --objects "$n" --seed 42 --output-file "$in" 2>/dev/null
    IFS=$'\t' read -r _ _ wall rss _ < <(cold "$n" launcher "$in")
    bytes=$(wc -c < "$work/out0.yaml")
    warm=$(java -jar benchmarks/target/benchmarks.jar "PipelineBenchmark.buildAndTranslate" -p objects="$n" \
        -wi 4 -w 2 -i 6 -r 2 -f 1 -rf csv -rff "$work/jmh.csv" >/dev/null 2>&1 && \
        awk -F, 'NR==2 {printf "%.1f", $5}' "$work/jmh.csv" || echo "n/a")
    echo "| $n | $wall | $rss | $warm | $bytes |"
  done
  checkouts=("${saved[@]}")
fi

# Incremental serve at 10,000 objects: one EndpointSlice address or one HTTPProxy route prefix changed, the new
# snapshot built, checked and published through serve's incremental engine and, in the same run, from scratch as
# serve did before (p50/p99 of each and their ratio); then the CPU time of the same paths on one thread, which a
# shared machine inflates less than wall time; then what a state-of-the-world and a delta client are sent.
if [ "${INCREMENTAL:-1}" != 0 ]; then
  echo
  echo "Incremental serve, 10,000 objects, one object changed (target p99 <= 50 ms, p50 <= 15 ms):"
  java -jar benchmarks/target/benchmarks.jar IncrementalBenchmark -p objects=10000 -wi 3 -w 2 -i 10 -r 3 -f 1 \
      -rf csv -rff "$work/inc.csv" >"$work/inc.txt" 2>&1 || true
  awk '/IncrementalBenchmark\.(incremental|fromScratch):p0\.(50|99) / {
         name = $1; sub(/^IncrementalBenchmark\./, "", name); split(name, a, ":"); v[a[1] " " $2 " " a[2]] = $5 }
       END {
         n = split("endpointslice httpproxy", c, " ")
         for (i = 1; i <= n; i++) for (q = 1; q <= 2; q++) {
           k = q == 1 ? "p0.50" : "p0.99"
           inc = v["incremental " c[i] " " k]; full = v["fromScratch " c[i] " " k]
           if (inc != "") printf "- %s changed, %s: incremental %s ms, from scratch %s ms (ratio %.2f)\n", \
               c[i], (q == 1 ? "p50" : "p99"), inc, full, (full > 0 ? inc / full : 0)
         }
       }' "$work/inc.txt"
  java -cp benchmarks/target/benchmarks.jar io.contourcore.bench.IncrementalBenchmark 10000 latency 100 2>/dev/null |
      grep -v ' INFO ' | awk '{print "- " $0}'
  java -cp benchmarks/target/benchmarks.jar io.contourcore.bench.IncrementalBenchmark 10000 2>/dev/null |
      grep -v ' INFO ' | awk '{print "- " $0}'
fi
