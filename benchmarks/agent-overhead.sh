#!/usr/bin/env bash
# Cost of `pysample agent` against N target processes at RATE Hz, next to N separate `pysample record` processes
# doing the same sampling: CPU % of one core (utime+stime from /proc/PID/stat over WINDOW seconds after a WARMUP,
# JVM start-up excluded) and RSS (VmRSS at the end of the window; summed over the record processes).
# Each target is a CPython running a 10-frame-deep loop that is busy 2 ms out of 50 (so that 20 targets leave the
# machine's cores to the profilers).
#   bash benchmarks/agent-overhead.sh [VERSION=3.14] [RATE=100] [WINDOW=15] [WARMUP=5] [COUNTS="1 5 20"]
# Needs: bash scripts/install-pythons.sh VERSION && mvn -q package -DskipTests (for cli/target/pysample.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-3.14}" rate="${2:-100}" window="${3:-15}" warmup="${4:-5}" counts="${5:-1 5 20}"
py="$(bash scripts/install-pythons.sh --print-path "$version")"
hz="$(getconf CLK_TCK)"
out="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$out"' EXIT

cat > "$out/agentbench_target.py" <<'PY'
import time
def level(n):
    if n:
        return level(n - 1)
    end = time.perf_counter() + 0.002
    x = 0
    while time.perf_counter() < end:
        x += 1
    return x
while True:
    level(10)
    time.sleep(0.048)
PY

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
jvm_of() { pgrep -P "$1" java || echo "$1"; } # bin/pysample may run java as its child

# measure NAME N PIDS...: total CPU % of one core and total RSS of PIDS over the window
measure() {
  local name="$1" n="$2"; shift 2
  local t0=0 t1=0 s0 s1 rss=0 p
  for p in "$@"; do t0=$((t0 + $(ticks "$p"))); done
  s0="$(date +%s.%N)"
  sleep "$window"
  for p in "$@"; do t1=$((t1 + $(ticks "$p"))); rss=$((rss + $(rss_kb "$p"))); done
  s1="$(date +%s.%N)"
  awk -v name="$name" -v n="$n" -v d="$((t1 - t0))" -v hz="$hz" -v a="$s0" -v b="$s1" -v rss="$rss" -v r="$rate" \
    'BEGIN { printf "%-22s %2d targets at %s Hz: %6.2f%% of one core, RSS %4d MB\n", name, n, r, 100 * d / hz / (b - a), rss / 1024 }'
}

echo "CPython $version targets, $(nproc) CPUs, $(java -version 2>&1 | head -n 1)"
for n in $counts; do
  targets=()
  for ((i = 0; i < n; i++)); do
    "$py" "$out/agentbench_target.py" &
    targets+=("$!")
  done
  sleep 1

  bin/pysample agent --match agentbench_target --store "$out/agent-$n.db" -r "$rate" --interval 10 \
    > "$out/agent-$n.log" 2>&1 &
  agent=$!
  sleep 0.5
  jvm="$(jvm_of "$agent")"
  sleep "$warmup"
  measure "pysample agent" "$n" "$jvm"
  kill -TERM "$jvm" 2>/dev/null || true
  wait "$agent" || true
  grep -h 'targets,' "$out/agent-$n.log" | tail -n 1 || true

  recs=()
  for t in "${targets[@]}"; do
    bin/pysample record -r "$rate" -f collapsed -o "$out/rec-$t.txt" "$t" > /dev/null 2>&1 &
    recs+=("$!")
  done
  sleep 0.5
  jvms=()
  for r in "${recs[@]}"; do jvms+=("$(jvm_of "$r")"); done
  sleep "$warmup"
  measure "$n x pysample record" "$n" "${jvms[@]}"
  for j in "${jvms[@]}"; do kill -TERM "$j" 2>/dev/null || true; done
  for r in "${recs[@]}"; do wait "$r" || true; done
  kill "${targets[@]}" 2>/dev/null || true
  wait "${targets[@]}" 2>/dev/null || true
done
