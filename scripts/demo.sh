#!/usr/bin/env bash
# The README's main job: records a flame graph of the bundled example workload running under the private
# CPython 3.14 (installed by scripts/install-pythons.sh), then prints where it is.
#   bash scripts/demo.sh [OUTPUT.html]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-workload-profile.html}"
python="$(bash scripts/install-pythons.sh --print-path 3.14)"
bin/pysample record --threads -o "$out" -- "$python" examples/workload.py 8
case "$out" in /*) ;; *) out="$(pwd)/$out" ;; esac
echo "flame graph: $out (open it in a browser)"
