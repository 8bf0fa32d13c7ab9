#!/usr/bin/env bash
# Time mailtop's queue reader against postqueue -j and qshape on one still
# Postfix queue, then measure how soon the queue watcher shows a change to
# one message. Prints the results as markdown.
#
# Usage: scripts/bench-queue.sh [MESSAGES]      (default 100000)
#
# Without QUEUE_DIR and CONFIG_DIR in the environment, the script starts a
# private Postfix instance with e2e/cmd/fill-queue, fills it with MESSAGES
# deferred messages, and stops and removes it at exit. With both set (the
# lines fill-queue prints), it measures that instance instead and leaves it
# alone. MAILTOP names a mailtop binary to use instead of building one.
# Needs root, Postfix, Go and GNU time (/usr/bin/time); qshape (in
# the postfix package, needs perl) and hyperfine are used when installed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
messages=${1:-100000}
if [ "$(id -u)" != 0 ]; then
	echo "bench-queue: must run as root, because a private Postfix instance and its queue files need it" >&2
	exit 1
fi
for tool in /usr/bin/time postqueue postsuper postconf; do
	if ! command -v "$tool" >/dev/null; then
		echo "bench-queue: $tool not found: install GNU time (package time) and Postfix" >&2
		exit 1
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/mailtop-bench-queue.XXXXXX")
fill_pid=
cleanup() {
	if [ -n "$fill_pid" ]; then
		# fill-queue stops Postfix and removes the instance on SIGTERM.
		kill -TERM "$fill_pid" 2>/dev/null || true
		wait "$fill_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

cd "$root"
if [ -n "${MAILTOP:-}" ]; then
	cp "$MAILTOP" "$work/mailtop"
else
	go build -o "$work/mailtop" .
fi
go build -o "$work/fill-queue" ./e2e/cmd/fill-queue
go test -c -o "$work/sources.test" ./sources

if [ -n "${QUEUE_DIR:-}" ] && [ -n "${CONFIG_DIR:-}" ]; then
	echo "bench-queue: measuring the instance in $CONFIG_DIR" >&2
else
	echo "bench-queue: filling a private Postfix queue with $messages messages" >&2
	"$work/fill-queue" -n "$messages" -name "mailtop-bench-$$" -ready "$work/ready" >"$work/fill.log" 2>&1 &
	fill_pid=$!
	while [ ! -s "$work/ready" ]; do
		if ! kill -0 "$fill_pid" 2>/dev/null; then
			fill_pid=
			echo "bench-queue: fill-queue failed:" >&2
			cat "$work/fill.log" >&2
			exit 1
		fi
		sleep 2
	done
	cat "$work/fill.log" >&2
	# shellcheck source=/dev/null
	. "$work/ready"
fi
queued=$(find "$QUEUE_DIR/deferred" -type f | wc -l)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

qshape_cmd=()
if command -v qshape >/dev/null && command -v perl >/dev/null; then
	qshape_cmd=(qshape -c "$CONFIG_DIR" deferred)
else
	echo "bench-queue: qshape or perl not found: skipping qshape" >&2
fi

# seconds FILE: the wall time GNU time wrote to FILE, in seconds.
seconds() {
	awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + p[i]
		printf "%.2f", s }' "$1"
}

# mebibytes FILE: the maximum RSS GNU time wrote to FILE, in MiB.
mebibytes() {
	awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"
}

# measure CACHE LABEL CMD...: run CMD under GNU time with its output thrown
# away and append a table row. CACHE "warm" runs CMD once untimed first;
# "cold" drops the page cache first.
rows=()
measure() {
	local cache=$1 label=$2
	shift 2
	if [ "$cache" = warm ]; then
		"$@" >/dev/null 2>"$work/err" || true
	else
		sync
		echo 3 >/proc/sys/vm/drop_caches
	fi
	if ! /usr/bin/time -v -o "$work/time" "$@" >/dev/null 2>"$work/err"; then
		echo "bench-queue: $label failed:" >&2
		cat "$work/err" >&2
		return 1
	fi
	rows+=("| $label | $cache | $(seconds "$work/time") | $(mebibytes "$work/time") |")
}

mailtop_cmd=("$work/mailtop" queue --json -c "$CONFIG_DIR")
mailtop_dir_cmd=("$work/mailtop" queue --json --queue-dir "$QUEUE_DIR")
postqueue_cmd=(postqueue -c "$CONFIG_DIR" -j)

caches=(warm)
if (sync && echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
	caches+=(cold)
else
	echo "bench-queue: cannot drop the page cache here (/proc/sys/vm/drop_caches): cold-cache figures skipped" >&2
fi
for cache in "${caches[@]}"; do
	measure "$cache" "mailtop queue --json -c DIR" "${mailtop_cmd[@]}"
	measure "$cache" "mailtop queue --json --queue-dir DIR" "${mailtop_dir_cmd[@]}"
	measure "$cache" "postqueue -c DIR -j" "${postqueue_cmd[@]}"
	if [ ${#qshape_cmd[@]} -gt 0 ]; then
		measure "$cache" "qshape -c DIR deferred" "${qshape_cmd[@]}"
	fi
done

echo "## Queue readers on $queued deferred messages"
echo
echo "| command | cache | wall s | max RSS MiB |"
echo "|---|---|---:|---:|"
printf '%s\n' "${rows[@]}"
echo

if command -v hyperfine >/dev/null; then
	echo "### hyperfine, warm cache (5 runs after 1 warmup)"
	echo
	hyperfine_cmds=("${mailtop_cmd[*]}" "${mailtop_dir_cmd[*]}" "${postqueue_cmd[*]}")
	if [ ${#qshape_cmd[@]} -gt 0 ]; then
		hyperfine_cmds+=("${qshape_cmd[*]}")
	fi
	hyperfine --style none --warmup 1 --runs 5 --export-markdown "$work/hyperfine.md" \
		"${hyperfine_cmds[@]}" >/dev/null
	sed "s|$work/||g" "$work/hyperfine.md"
	echo
fi

echo "### Update after one message changes (QueueWatcher)"
echo
echo '```'
MAILTOP_BENCH_QUEUE_DIR=$QUEUE_DIR MAILTOP_BENCH_CONFIG_DIR=$CONFIG_DIR \
	"$work/sources.test" -test.run 'TestQueueUpdateLatency|TestQueueIncrementalCost' -test.v -test.count 1 |
	grep -E '^=== RUN|^\s+queue_bench|^(--- |ok|FAIL|PASS)' | sed 's/^ *queue_bench_latency_test.go:[0-9]*: /    /'
echo '```'
echo
echo "### Full scan, snapshot and file-reading floor (Go benchmarks, 3 runs)"
echo
echo '```'
MAILTOP_BENCH_QUEUE_DIR=$QUEUE_DIR "$work/sources.test" -test.run '^$' -test.benchtime 3x \
	-test.bench 'ScanQueueFilled|QueueWatcherSnapshot|ReadQueueFilesFloor' -test.benchmem | grep '^Benchmark'
echo '```'
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) CPUs," \
	"load average $load_before before and $(cut -d' ' -f1-3 /proc/loadavg) after, $(go version | cut -d' ' -f3)," \
	"Postfix $(postconf -d -h mail_version 2>/dev/null)."
