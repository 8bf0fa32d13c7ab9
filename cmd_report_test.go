package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestReportNamesSkippedLog(t *testing.T) {
	bin := buildBinary(t, "test")
	cases := []struct {
		since string
		want  string // in standard error; "" for nothing
	}{
		{"30m", "every line of the log is older than --since 30m (the last is from 2020-12-04 20:00): run with --since all to see them"},
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
