package main

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestReportNamesSkippedLog(t *testing.T) {
	bin := buildBinary(t, "test")
	cases := []struct {
		since string
		want  string // in standard error; "" for nothing
	}{
		{"30m", "mailtop: warning: every line of the log is older than --since 30m (the last is from 2020-12-04 20:00): run with --since all to see them"},
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
			if !strings.Contains(stdout.String(), "0 lines read") {
				t.Errorf("report does not say that no line was read:\n%s", stdout.String())
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
