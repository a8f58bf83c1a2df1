#!/usr/bin/env bash
# Side-by-side throughput: pysample at its maximum sampling rate vs CPython's own _remote_debugging.RemoteUnwinder,
# alternately against the same target processes (a 1-thread ~53-frame target and a 17-thread target).
#   bash benchmarks/compare.sh [VERSION=3.14] [SECONDS=3] [ROUNDS=3]
# Needs: bash scripts/install-pythons.sh VERSION && mvn -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
jar=benchmarks/target/benchmarks.jar
[[ -f "$jar" ]] || { echo "build first: mvn -q package -DskipTests" >&2; exit 1; }
exec java -cp "$jar" io.pysample.bench.CompareWithRemoteUnwinder "${1:-3.14}" "${2:-3}" "${3:-3}"
