#!/usr/bin/env bash
# install-test-tools.sh - install the third-party tools some tests use as independent consumers of pysample's
# output: `go` (Debian golang-go), whose `go tool pprof -raw` reads the pprof profiles pysample writes, and `tmux`,
# the terminal in which the `pysample top` test types keys and reads the screen.
# Does nothing for a tool that is already on the PATH. Needs root (apt-get) only when something is missing.
set -euo pipefail

log() { printf '[install-test-tools] %s\n' "$*" >&2; }

missing=()
command -v go >/dev/null 2>&1 && log "go already installed: $(go version)" || missing+=(golang-go)
command -v tmux >/dev/null 2>&1 && log "tmux already installed: $(tmux -V)" || missing+=(tmux)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    log "missing: ${missing[*]} and this is not root: install Debian's ${missing[*]} (sudo apt-get install ...)"
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; an install from stale ones may fail too, so update first.
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
log "installed ${missing[*]}"
