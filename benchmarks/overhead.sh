#!/usr/bin/env bash
# CPU cost of a steady recording at a fixed rate, JVM start-up excluded: starts examples/workload.py on CPython
# VERSION, records it with `pysample record -r RATE` and measures the recorder's CPU time (utime+stime from
# /proc/PID/stat) over WINDOW seconds after a WARMUP; then does the same for CPython 3.15's own sampling profiler
# (`python3.15 -m profiling.sampling attach -a --mode cpu`, same rate, same kind of target) as the reference, and
# for a JVM that only wakes up at that rate (IdleWakeups, same launcher options): the floor on this machine. Last, the
# latency of one sample hot (back to back) and cold (after a sleep of one interval at RATE), by phase
# (ColdSampleLatency against benchmarks' threads.py).
#   bash benchmarks/overhead.sh [VERSION=3.14] [RATE=100] [WINDOW=30] [WARMUP=10]
# Needs: bash scripts/install-pythons.sh VERSION 3.15 && mvn -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-3.14}" rate="${2:-100}" window="${3:-30}" warmup="${4:-10}"
py="$(bash scripts/install-pythons.sh --print-path "$version")"
py315="$(bash scripts/install-pythons.sh --print-path 3.15 2>/dev/null || true)"
hz="$(getconf CLK_TCK)"
out="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$out"' EXIT

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# measure NAME PID: CPU % of one core and RSS of PID over the window
measure() {
  local name="$1" pid="$2"
  sleep "$warmup"
  local t0 s0 t1 s1
  t0="$(ticks "$pid")"; s0="$(date +%s.%N)"
  sleep "$window"
  t1="$(ticks "$pid")"; s1="$(date +%s.%N)"
  awk -v n="$name" -v d="$((t1 - t0))" -v hz="$hz" -v a="$s0" -v b="$s1" -v rss="$(rss_kb "$pid")" -v r="$rate" \
    'BEGIN { printf "%-28s %6.2f%% of one core at %s Hz over %.0f s, RSS %d MB\n", n, 100 * d / hz / (b - a), r, b - a, rss / 1024 }'
}

# target_for: starts the workload for a recording and prints its pid
target_for() {
  "$1" examples/workload.py "$((warmup + window + 30))" > /dev/null 2>&1 &
  echo $!
}

echo "CPython $version workload, $(nproc) CPUs, $(java -version 2>&1 | head -n 1)"
target="$(target_for "$py")"
sleep 1
start_ns="$(date +%s%N)"
bin/pysample record -r "$rate" -d "$((warmup + window + 2))" -o "$out/profile.html" "$target" > "$out/record.log" 2>&1 &
rec=$!
sleep 0.2
jvm="$(pgrep -P "$rec" java || echo "$rec")"
measure "pysample record" "$jvm"
wait "$rec" || true
kill "$target" 2>/dev/null || true
grep -h '^pysample:' "$out/record.log" | head -n 1 || true

java -XX:+UseSerialGC -Xms16m -XX:-UsePerfData -cp benchmarks/target/benchmarks.jar io.pysample.bench.IdleWakeups \
  "$rate" "$((warmup + window + 2))" &
idle=$!
measure "JVM waking, no work (floor)" "$idle"
wait "$idle" || true

if [[ -n "$py315" && -x "$py315" ]]; then
  target="$(target_for "$py315")"
  sleep 1
  "$py315" -m profiling.sampling attach -a --mode cpu -r "$rate" -d "$((warmup + window + 2))" --collapsed \
    -o "$out/ref.txt" "$target" > "$out/ref.log" 2>&1 &
  ref=$!
  measure "3.15 profiling.sampling" "$ref"
  wait "$ref" || true
  kill "$target" 2>/dev/null || true
fi

echo
java -cp benchmarks/target/benchmarks.jar io.pysample.bench.ColdSampleLatency "$version" threads.py 200 \
  "$(awk -v r="$rate" 'BEGIN { printf "%.3f", 1000 / r }')"
