#!/usr/bin/env bash
# Share of thread stacks dropped or read incomplete (torn reads) when recording examples/workload.py, for CPython
# 3.13, 3.14 and 3.15 at 100 Hz and 1 kHz: one `pysample record -- python workload.py SECONDS` per case; prints the
# summary's counts as one line per case.
#   bash benchmarks/drop-rate.sh [SECONDS=10]
# Needs: bash scripts/install-pythons.sh 3.13 3.14 3.15 && mvn -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
printf '%-8s %6s %9s %9s %12s %10s\n' python rate samples stacks incomplete dropped
for version in 3.13 3.14 3.15; do
  py="$(bash scripts/install-pythons.sh --print-path "$version")"
  for rate in 100 1000; do
    bin/pysample record -r "$rate" -f collapsed -o "$out/profile.txt" -- "$py" examples/workload.py "$seconds" \
      > /dev/null 2> "$out/err"
    line="$(grep -E '^pysample: [0-9,]+ samples' "$out/err" | tail -n 1)"
    # "N samples in T s (R Hz), S stacks[, I stacks incomplete (Q%)][, D (stacks )?dropped (P%)] -> FILE"
    # (singular "stack" when a count is 1)
    awk -v v="$version" -v r="$rate" '{
      gsub(",", "", $0)
      samples = $2; stacks = 0; inc = "0 (0.00%)"; drop = "0 (0.00%)"
      for (i = 1; i <= NF; i++) {
        if ($i ~ /^stacks?$/ && $(i + 1) ~ /^(incomplete|dropped)/) continue
        if ($(i + 1) ~ /^stacks?$/ && $(i + 2) !~ /^(incomplete|dropped)/) stacks = $i
        if ($(i + 1) ~ /^stacks?$/ && $(i + 2) == "incomplete") inc = $i " " $(i + 3)
        if ($(i + 1) == "dropped" || ($(i + 1) ~ /^stacks?$/ && $(i + 2) == "dropped")) drop = $i " " ($(i + 1) == "dropped" ? $(i + 2) : $(i + 3))
      }
      printf "%-8s %6s %9s %9s %12s %10s\n", v, r, samples, stacks, inc, drop
    }' <<< "$line"
  done
done
