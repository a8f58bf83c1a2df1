#!/usr/bin/env bash
# Memory of a long-running `pysample agent`, compressed: N targets that keep compiling fresh code objects (200 names
# in turn, so code caches see new entries all the time while the set of frames stays bounded), sampled at RATE Hz
# with 1 s intervals into a store with a small size cap, for DURATION seconds; prints the agent's RSS every STEP
# seconds. Flat RSS after the JIT and the first intervals means nothing grows per sample, per interval or per code
# object. At 1 kHz with 1 s intervals, 4 minutes cut as many intervals as 40 minutes at the 10 s default, and take
# as many samples per target as 40 minutes at 100 Hz.
#   bash benchmarks/agent-soak.sh [VERSION=3.14] [RATE=1000] [DURATION=300] [STEP=30] [N=3]
# Needs: bash scripts/install-pythons.sh VERSION && mvn -q package -DskipTests (for cli/target/pysample.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-3.14}" rate="${2:-1000}" duration="${3:-300}" step="${4:-30}" n="${5:-3}"
py="$(bash scripts/install-pythons.sh --print-path "$version")"
out="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$out"' EXIT

cat > "$out/soak_target.py" <<'PY'
import itertools
for i in itertools.count():
    k = i % 200  # fresh code objects all the time, but a bounded set of names: a service, not a code generator
    src = f"def f_{k}(n):\n    return sum(range(n))\nf_{k}(20000)\n"
    exec(compile(src, f"gen_{k}.py", "exec"), {})
PY
for ((i = 0; i < n; i++)); do "$py" "$out/soak_target.py" & done
sleep 1
bin/pysample agent --match soak_target --store "$out/soak.db" --max-store-size 20M -r "$rate" --interval 1 \
  > "$out/agent.log" 2>&1 &
agent=$!
sleep 1
jvm="$(pgrep -P "$agent" java || echo "$agent")"
echo "agent soak: $n targets, $rate Hz, 1 s intervals, $duration s, $(java -version 2>&1 | head -n 1)"
for ((t = step; t <= duration; t += step)); do
  sleep "$step"
  printf '%5d s  RSS %4d MB  store %5d KB\n' "$t" "$(($(awk '/^VmRSS/ {print $2}' "/proc/$jvm/status") / 1024))" \
    "$(($(du -k "$out/soak.db" | cut -f1)))"
done
kill -TERM "$jvm" 2>/dev/null || true
wait "$agent" || true
tail -n 2 "$out/agent.log"
