#!/usr/bin/env bash
# install-test-tools.sh - install the third-party tools some tests use as independent consumers of pysample's
# output: `go` (Debian golang-go), whose `go tool pprof -raw` reads the pprof profiles pysample writes.
# Does nothing for a tool that is already on the PATH. Needs root (apt-get) only when something is missing.
set -euo pipefail

log() { printf '[install-test-tools] %s\n' "$*" >&2; }

if command -v go >/dev/null 2>&1; then
    log "go already installed: $(go version)"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    log "go is missing and this is not root: install Debian's golang-go (sudo apt-get install golang-go)"
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; an install from stale ones may fail too, so update first.
apt-get update -qq
apt-get install -y -qq golang-go >/dev/null
log "installed $(go version)"
