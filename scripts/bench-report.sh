#!/usr/bin/env bash
# Time `mailtop report --json` and pflogsumm on generated Postfix logs of
# 1 and 5 million lines, and the parser alone on a generated million-line
# buffer, then print the results as markdown.
#
# Usage: scripts/bench-report.sh [LINES...]     (default: 1000000 5000000)
#
# Needs Go and GNU time (/usr/bin/time). pflogsumm (Debian package
# pflogsumm) and hyperfine are used when installed. The logs go to a
# temporary directory that is removed at exit; set KEEP=1 to keep it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
	sizes=(1000000 5000000)
fi
if [ ! -x /usr/bin/time ]; then
	echo "bench-report: /usr/bin/time not found: install GNU time (Debian package time)" >&2
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mailtop-bench.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
	echo "bench-report: keeping $work" >&2
else
	trap 'rm -rf "$work"' EXIT
fi

cd "$root"
go build -o "$work/mailtop" .
go build -o "$work/mailtop-loggen" ./cmd/mailtop-loggen

# measure LABEL LOG CMD...: run CMD once under GNU time with the log in the
# page cache and append a table row with its wall time and maximum RSS.
rows=()
measure() {
	local label=$1 log=$2
	shift 2
	cat "$log" >/dev/null
	"$@" >/dev/null 2>"$work/err" || true
	/usr/bin/time -v -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
		echo "bench-report: $label failed:" >&2
		cat "$work/err" >&2
		return 1
	}
	local wall rss
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + p[i]
		printf "%.2f", s }' "$work/time")
	rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time")
	rows+=("| $label | $wall | $rss |")
}

hyperfine_cmds=()
for n in "${sizes[@]}"; do
	log="$work/mail-$n.log"
	"$work/mailtop-loggen" -lines "$n" -seed 1 -o "$log" -expected "$work/mail-$n.expected.json"
	mib=$(du -m "$log" | cut -f1)
	measure "mailtop report --json, $n lines ($mib MiB)" "$log" \
		"$work/mailtop" report --json --log "$log" --year 2026 --tz UTC
	hyperfine_cmds+=("$work/mailtop report --json --log $log --year 2026 --tz UTC")
	if command -v pflogsumm >/dev/null; then
		measure "pflogsumm, $n lines ($mib MiB)" "$log" pflogsumm "$log"
		hyperfine_cmds+=("pflogsumm $log")
	fi
done

echo "## mailtop report and pflogsumm on generated logs"
echo
echo "| command | wall s | max RSS MiB |"
echo "|---|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
if command -v hyperfine >/dev/null; then
	echo "### hyperfine (3 runs after 1 warmup)"
	echo
	hyperfine --style none --warmup 1 --runs 3 --export-markdown "$work/hyperfine.md" \
		"${hyperfine_cmds[@]}" >/dev/null
	sed "s|$work/||g" "$work/hyperfine.md"
	echo
fi

echo "### parser throughput on the generated mix (one op is one line)"
echo
echo '```'
go test -run XXX -bench BenchmarkParseGenerated -cpu 1 ./internal/loggen | grep -E '^Benchmark'
go test -run XXX -bench . -cpu 1 ./parsers | grep -E '^Benchmark'
echo '```'
echo
echo "### machine"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs"
echo "- load average before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $(go version)"
if command -v pflogsumm >/dev/null; then
	echo "- pflogsumm $(dpkg-query -W -f '${Version}' pflogsumm 2>/dev/null || echo '(version unknown)')"
fi
echo "- command: scripts/bench-report.sh ${sizes[*]}"
