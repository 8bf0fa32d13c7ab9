#!/usr/bin/env bash
# Measure how long the dashboard takes to show the whole of a large log
# read with --since all. The test generates the log with
# cmd/mailtop-loggen and starts mailtop in a private tmux server with
# MAILTOP_TRACE_FRAMES and --debug. It times the first frame whose
# snapshot counted every line.
#
# Usage: scripts/bench-dashboard.sh [LINES]   (default: 6500000, about 1 GB)
#
# Needs Go and tmux. The log goes to a temporary directory that the test
# removes. MAILTOP_SCALE_DOMAINS sets the long-tail domains the generator
# draws from (default 100000).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
lines=${1:-6500000}
work=$(mktemp -d "${TMPDIR:-/tmp}/mailtop-bench-dashboard.XXXXXX")
trap 'rm -rf "$work"' EXIT

cd "$root"
go build -o "$work/mailtop" .
go build -o "$work/mailtop-loggen" ./cmd/mailtop-loggen

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(go version)"
MAILTOP_SCALE=1 MAILTOP_SCALE_LINES="$lines" \
	MAILTOP_BINARY="$work/mailtop" MAILTOP_LOGGEN="$work/mailtop-loggen" \
	go test -count=1 -timeout 30m -run 'TestScaleDashboardOpensLargeLog$' -v ./e2e |
	grep -E 'log:|first frame|whole log|table rows|FAIL|^ok|PASS|screen counted|had not shown'
