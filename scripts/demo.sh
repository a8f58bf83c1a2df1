#!/usr/bin/env bash
# The README's main job: runs the bundled example workload under the private CPython 3.14 and shows what
# pysample reads from it.
set -euo pipefail
cd "$(dirname "$0")/.."
python="$(bash scripts/install-pythons.sh --print-path 3.14)"
"$python" examples/workload.py 5 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep 1
bin/pysample dump "$pid"
wait "$pid"
