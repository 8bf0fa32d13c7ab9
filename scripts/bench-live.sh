#!/usr/bin/env bash
# Measure the dashboard while lines arrive. After a day of history, the
# test appends generated lines at RATE lines a second for SECONDS seconds
# to the log the dashboard follows in a private tmux server, and presses
# keys every 200 ms. It checks that every line reached the screen and
# reports the time from each key press to the frame that followed it
# (median, 95th percentile, maximum).
#
# Usage: scripts/bench-live.sh [RATE [SECONDS]]   (default: 50000 30)
#
# Needs Go and tmux. MAILTOP_SCALE_HISTORY sets the history lines (default
# 1000000) and MAILTOP_SCALE_DOMAINS the long-tail domains (default 100000).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
rate=${1:-50000}
seconds=${2:-30}
work=$(mktemp -d "${TMPDIR:-/tmp}/mailtop-bench-live.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$root"
go build -o "$work/mailtop" .
go build -o "$work/mailtop-loggen" ./cmd/mailtop-loggen

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(go version)"
MAILTOP_SCALE=1 MAILTOP_SCALE_RATE="$rate" MAILTOP_SCALE_SECONDS="$seconds" \
	MAILTOP_BINARY="$work/mailtop" MAILTOP_LOGGEN="$work/mailtop-loggen" \
	go test -count=1 -timeout 30m -run 'TestScaleLiveKeysWhileLinesArrive$' -v ./e2e |
	grep -E 'history:|to append|wrote|every line|key to frame|table rows|snapshots drawn|FAIL|^ok|PASS|screen counted|reached the screen'
