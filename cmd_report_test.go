package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

func TestReportNamesSkippedLog(t *testing.T) {
	bin := buildBinary(t, "test")
	cases := []struct {
		since string
		want  string // in standard error; "" for nothing
	}{
		{"30m", "mailtop: warning: every line of the log is older than --since 30m (the last is from 2020-12-04 20:00 UTC): run with --since all to see them"},
		{"all", ""},
	}
	for _, tc := range cases {
		t.Run(tc.since, func(t *testing.T) {
			cmd := englishCommand(bin, "report", "--log", "testdata/postfix-3.7-maillog.txt", "--year", "2020", "--tz", "UTC", "--since", tc.since)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("mailtop report --since %s: %v\n%s", tc.since, err, stderr.String())
			}
			if tc.want == "" {
				if stderr.Len() != 0 {
					t.Errorf("standard error = %q, want nothing", stderr.String())
				}
				return
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("standard error = %q, want it to contain %q", stderr.String(), tc.want)
			}
			if n := strings.Count(stderr.String(), "mailtop: warning: "); n != 1 {
				t.Errorf("standard error has %d warnings, want 1:\n%s", n, stderr.String())
			}
			// Standard output keeps the report alone, which counts no
			// delivery.
			if strings.Contains(stdout.String(), "--since") {
				t.Errorf("report repeats the warning:\n%s", stdout.String())
			}
			if want := "No Postfix deliveries found (0 lines read"; !strings.HasPrefix(stdout.String(), want) {
				t.Errorf("report does not start with %q:\n%s", want, stdout.String())
			}
		})
	}
}

func TestReportJSONAllBeforeSince(t *testing.T) {
	bin := buildBinary(t, "test")
	cmd := englishCommand(bin, "report", "--json", "--log", "testdata/postfix-3.7-maillog.txt", "--year", "2020", "--tz", "UTC", "--since", "30m")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("mailtop report --json: %v\n%s", err, stderr.String())
	}
	var doc map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Errorf("standard output is not one JSON document: %v\n%s", err, stdout.String())
	}
	if n := strings.Count(stderr.String(), "mailtop: warning: "); n != 1 {
		t.Errorf("standard error has %d warnings, want 1:\n%s", n, stderr.String())
	}
}

func TestReportCountsLinesBeforeSince(t *testing.T) {
	bin := buildBinary(t, "test")
	content, err := os.ReadFile("testdata/postfix-3.7-maillog.txt")
	if err != nil {
		t.Fatal(err)
	}
	compressed := filepath.Join(t.TempDir(), "mail.log.1.gz")
	if err := os.WriteFile(compressed, gzipData(t, content), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		log   string
		stdin bool
		lang  string
		want  string
	}{
		{"file", "testdata/postfix-3.7-maillog.txt", false, "en", "mailtop: warning: every line of the log is older than --since 30m"},
		{"gzip", compressed, false, "en", "mailtop: warning: 938 lines read, none of them at or after --since 30m: run with --since all to report them\n"},
		{"standard input", "-", true, "en", "mailtop: warning: 938 lines read, none of them at or after --since 30m: run with --since all to report them\n"},
		{"Japanese standard input", "-", true, "ja", "mailtop: warning: 938 行を読み込みましたが、--since 30m 以降の行はありませんでした。すべてを集計するには --since all を指定してください。\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmd := englishCommand(bin, "report", "--log", tc.log, "--year", "2020", "--tz", "UTC", "--since", "30m", "--lang", tc.lang)
			if tc.stdin {
				cmd.Stdin = bytes.NewReader(content)
			}
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("mailtop report: %v\n%s", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("standard error lacks %q:\n%s", tc.want, stderr.String())
			}
			if n := strings.Count(stderr.String(), "mailtop: warning: "); n != 1 {
				t.Errorf("standard error has %d warnings, want 1:\n%s", n, stderr.String())
			}
			if strings.Contains(stdout.String(), "--since") {
				t.Errorf("report repeats the warning:\n%s", stdout.String())
			}
		})
	}
}

// padLog returns content with n NUL bytes inserted before the first line
// that starts after offset, or at the start when offset is 0, as an
// unclean shutdown leaves them.
func padLog(content []byte, offset, n int) []byte {
	if offset > 0 {
		offset += bytes.IndexByte(content[offset:], '\n') + 1
	}
	return slices.Concat(content[:offset], make([]byte, n), content[offset:])
}

// crashCopy returns content as an unclean shutdown can leave it. The line
// that crosses the first 4 KiB boundary at or after offset is cut at that
// boundary and followed by n NUL bytes, where the file system lost the
// data. The rest of content follows from the start of the next line, as
// the syslog daemon writes it after the padding. cut is content with the
// cut line alone in place of the whole one: the lines a reader must
// deliver from the copy.
func crashCopy(content []byte, offset, n int) (crashed, cut []byte) {
	boundary := (offset + 4095) / 4096 * 4096
	for content[boundary-1] == '\n' || content[boundary] == '\n' {
		boundary += 4096
	}
	next := boundary + bytes.IndexByte(content[boundary:], '\n') + 1
	crashed = slices.Concat(content[:boundary], make([]byte, n), content[next:])
	cut = slices.Concat(content[:boundary], []byte("\n"), content[next:])
	return crashed, cut
}

// gzipData returns content compressed with gzip.
func gzipData(t *testing.T, content []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(content); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReportReadsCrashCopy(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	content, err := os.ReadFile(capturedLog)
	if err != nil {
		t.Fatal(err)
	}
	reportArgs := []string{"report", "--config", noConfig, "--year", "2026", "--tz", "UTC", "--json", "--log"}

	cases := []struct {
		name         string
		offset, size int
	}{
		{"line cut at 20 KiB", 20000, 5000},
		// The cut falls in the first 64 KiB, which is checked for binary
		// data, and the padding ends past them and past the first read.
		{"line cut in the probe, padding over 64 KiB", 60 << 10, 70000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			crashed, cut := crashCopy(content, tc.offset, tc.size)
			want, stderr, status := runOutputs(t, englishCommand(bin, append(reportArgs, writeInputFile(t, "cut.log", cut))...))
			if status != 0 {
				t.Fatalf("report on the log with the cut line: exit status %d\n%s", status, stderr)
			}
			// Every line of the original is read, the cut one as a line of
			// its own.
			if !strings.Contains(want, `"read": 938,`) {
				t.Fatalf("report on the log with the cut line does not count 938 lines:\n%s", want)
			}

			got, stderr, status := runOutputs(t, englishCommand(bin, append(reportArgs, writeInputFile(t, "mail.log", crashed))...))
			if status != 0 {
				t.Fatalf("exit status %d, want 0; stderr:\n%s", status, stderr)
			}
			if got != want {
				t.Errorf("report on the crash copy differs from the report with the cut line alone:\n%s", got)
			}

			cmd := englishCommand(bin, append(reportArgs, "-")...)
			cmd.Stdin = bytes.NewReader(crashed)
			got, stderr, status = runOutputs(t, cmd)
			if status != 0 {
				t.Fatalf("from standard input: exit status %d, want 0; stderr:\n%s", status, stderr)
			}
			if got != want {
				t.Errorf("report on the crash copy from standard input differs from the report with the cut line alone:\n%s", got)
			}

			got, stderr, status = runOutputs(t, englishCommand(bin, append(reportArgs, writeInputFile(t, "mail.log.1.gz", gzipData(t, crashed)))...))
			if status != 0 {
				t.Fatalf("compressed: exit status %d, want 0; stderr:\n%s", status, stderr)
			}
			if got != want {
				t.Errorf("report on the compressed crash copy differs from the report with the cut line alone:\n%s", got)
			}
		})
	}
}

func TestReportReadsPaddedLog(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	content, err := os.ReadFile(capturedLog)
	if err != nil {
		t.Fatal(err)
	}
	reportArgs := []string{"report", "--config", noConfig, "--year", "2026", "--tz", "UTC", "--json", "--log"}
	want, stderr, status := runOutputs(t, englishCommand(bin, append(reportArgs, capturedLog)...))
	if status != 0 {
		t.Fatalf("report on the log without padding: exit status %d\n%s", status, stderr)
	}
	if !strings.Contains(want, `"read": 938,`) {
		t.Fatalf("report on the log without padding does not count its 938 lines:\n%s", want)
	}

	padded := map[string][]byte{
		"padding in the middle":    padLog(content, 20000, 5000),
		"padding at the start":     padLog(content, 0, 3000),
		"padding across the probe": padLog(content, 60<<10, 20000),
	}
	for name, log := range padded {
		t.Run(name, func(t *testing.T) {
			path := writeInputFile(t, "mail.log", log)
			got, stderr, status := runOutputs(t, englishCommand(bin, append(reportArgs, path)...))
			if status != 0 {
				t.Fatalf("exit status %d, want 0; stderr:\n%s", status, stderr)
			}
			if got != want {
				t.Errorf("report on the padded log differs from the report without padding:\n%s", got)
			}

			cmd := englishCommand(bin, append(reportArgs, "-")...)
			cmd.Stdin = bytes.NewReader(log)
			got, stderr, status = runOutputs(t, cmd)
			if status != 0 {
				t.Fatalf("from standard input: exit status %d, want 0; stderr:\n%s", status, stderr)
			}
			if got != want {
				t.Errorf("report on the padded log from standard input differs from the report without padding:\n%s", got)
			}
		})
	}
}

// A crash can leave a run of NUL bytes in the middle of a log, and the
// syslog daemon may write odd bytes after it. The report reads the whole
// log and counts the line of odd bytes as unrecognized.
func TestReportReadsBinaryLineAfterPadding(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	content, err := os.ReadFile(capturedLog)
	if err != nil {
		t.Fatal(err)
	}
	reportArgs := []string{"report", "--config", noConfig, "--year", "2026", "--tz", "UTC", "--json", "--log"}
	at := 4000 + bytes.IndexByte(content[4000:], '\n') + 1
	binaryLine := []byte("\x01binary\n")
	withoutPadding := slices.Concat(content[:at], binaryLine, content[at:])
	want, stderr, status := runOutputs(t, englishCommand(bin, append(reportArgs, writeInputFile(t, "plain.log", withoutPadding))...))
	if status != 0 {
		t.Fatalf("report on the log with the binary line alone: exit status %d\n%s", status, stderr)
	}
	if !strings.Contains(want, `"read": 939,`) {
		t.Errorf("report on the log with the binary line does not count 939 lines:\n%s", want)
	}
	if !strings.Contains(want, `"unrecognized": 1`) {
		t.Errorf("report on the log with the binary line does not count it as unrecognized:\n%s", want)
	}

	padded := slices.Concat(content[:at], make([]byte, 3000), binaryLine, content[at:])
	path := writeInputFile(t, "mail.log", padded)
	got, stderr, status := runOutputs(t, englishCommand(bin, append(reportArgs, path)...))
	if status != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", status, stderr)
	}
	if got != want {
		t.Errorf("report on the padded log differs from the report without padding:\n%s", got)
	}

	cmd := englishCommand(bin, append(reportArgs, "-")...)
	cmd.Stdin = bytes.NewReader(padded)
	got, stderr, status = runOutputs(t, cmd)
	if status != 0 {
		t.Fatalf("from standard input: exit status %d, want 0; stderr:\n%s", status, stderr)
	}
	if got != want {
		t.Errorf("report on the padded log from standard input differs from the report without padding:\n%s", got)
	}

	got, stderr, status = runOutputs(t, englishCommand(bin, append(reportArgs, writeInputFile(t, "mail.log.1.gz", gzipData(t, padded)))...))
	if status != 0 {
		t.Fatalf("compressed: exit status %d, want 0; stderr:\n%s", status, stderr)
	}
	if got != want {
		t.Errorf("report on the compressed padded log differs from the report without padding:\n%s", got)
	}
}

// The report keeps its heap under a soft memory limit, as the dashboard
// does, unless the operator set GOMEMLIMIT.
func TestReportSetsMemoryLimit(t *testing.T) {
	bin := buildBinary(t, "test")
	for _, tc := range []struct {
		name, gomemlimit, want string
	}{
		{"default", "", `msg="memory limit changed" limited=true live_heap_bytes=`},
		{"GOMEMLIMIT set", "1GiB", `msg="memory limit left to GOMEMLIMIT" GOMEMLIMIT=1GiB`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			debugPath := filepath.Join(t.TempDir(), "debug.log")
			cmd := englishCommand(bin, "report", "--log", "testdata/postfix-3.7-maillog.txt",
				"--year", "2026", "--tz", "UTC", "--json", "--debug", debugPath)
			cmd.Env = append(cmd.Env, "GOMEMLIMIT="+tc.gomemlimit)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("mailtop report: %v\n%s", err, out)
			}
			debugLog, err := os.ReadFile(debugPath)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(debugLog), tc.want) {
				t.Errorf("debug log:\n%s\nwant a line containing %q", debugLog, tc.want)
			}
			if tc.gomemlimit == "" && !strings.Contains(string(debugLog), fmt.Sprintf("limit_bytes=%d", reportHeapLimit)) {
				t.Errorf("debug log:\n%s\nwant the limit of %d bytes", debugLog, reportHeapLimit)
			}
		})
	}
}

// With --journal and no line read, report and classify explain why: the
// machine keeps no journal files, or the journal has no mail entries.
func TestEmptyJournalWarning(t *testing.T) {
	noFiles := func() (string, error) { return "", sources.ErrNoJournal }
	found := func() (string, error) { return "/usr/bin/journalctl", nil }

	id, data := emptyJournalWarning(noFiles)
	if id != "log.journalNoFiles" {
		t.Fatalf("id without journal files = %q, want log.journalNoFiles", id)
	}
	for _, lang := range []string{"en", "ja"} {
		text := l10n.New(lang).T(id, data)
		for _, dir := range sources.JournalDirectories() {
			if !strings.Contains(text, dir) {
				t.Errorf("%s warning %q does not name %s", lang, text, dir)
			}
		}
		if !strings.Contains(text, "--log") {
			t.Errorf("%s warning %q does not name --log", lang, text)
		}
	}

	id, data = emptyJournalWarning(found)
	if id != "log.journalNoMail" {
		t.Fatalf("id with journal files = %q, want log.journalNoMail", id)
	}
	for _, lang := range []string{"en", "ja"} {
		text := l10n.New(lang).T(id, data)
		if !strings.Contains(text, sources.MailFacilityMatch) {
			t.Errorf("%s warning %q does not name the match %s", lang, text, sources.MailFacilityMatch)
		}
	}
}

// The built binary prints the warning for --journal when no journal file
// exists, which is the case on the test machines; elsewhere it skips.
func TestEmptyJournalWarningOnBinary(t *testing.T) {
	if _, err := sources.FindJournalctl(); err != nil {
		t.Skip("journalctl is not installed:", err)
	}
	if _, err := sources.FindJournal(); err == nil {
		t.Skip("this machine keeps journal files, so the journal may have lines")
	}
	bin := buildBinary(t, "test")
	for _, sub := range []string{"report", "classify"} {
		cmd := exec.Command(bin, sub, "--journal", "--lang", "en")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("mailtop %s --journal: %v\n%s", sub, err, stderr.String())
		}
		if !strings.Contains(stderr.String(), "there are no journal files in") {
			t.Errorf("mailtop %s --journal wrote %q to standard error, want the warning about journal files", sub, stderr.String())
		}
	}
}
