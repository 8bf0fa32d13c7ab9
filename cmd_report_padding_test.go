package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// A run of NUL bytes that a crash leaves in a log damages the line it
// falls in, and report counts that line once as unrecognized. The text
// before the run and the rest of the line after it are one line. A line of
// nothing but NUL bytes counts too, and a line that the syslog daemon wrote
// right after the run is read as it is. Padding at the very start of a
// file, such as copytruncate leaves, adds no line.
func TestReportCountsDamagedLinesOnce(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	deferred := "Dec  4 10:00:00 mx postfix/smtp[1]: 7E996BE094: to=<a@docomo.ne.jp>, relay=none, delay=1, " +
		"delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to mx.docomo.ne.jp[192.0.2.1]:25: Connection timed out)\n"
	removed := "Dec  4 10:00:05 mx postfix/qmgr[3]: 7E996BE094: removed\n"
	nul := strings.Repeat("\x00", 300)
	cases := []struct {
		name               string
		content            string
		read, unrecognized int64
	}{
		{"padding inside a line that goes on",
			deferred + "Dec  4 10:00:01 mx postfix/smtp[1]: AB" + nul + "CD, status=sent (250 ok)\n" + removed, 3, 1},
		{"line of NUL bytes", deferred + nul + "\n" + removed, 3, 1},
		{"line written after the padding", deferred + "Dec  4 10:00:01 mx postfix/smtp[1]: cut" + nul + removed, 3, 1},
		{"padding at the start of a line, then a log line", deferred + nul + removed, 2, 0},
		{"padding at the start of the file", nul + "\n" + deferred + removed, 2, 0},
		{"padding at the start of the file, then a log line", nul + deferred + removed, 2, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeInputFile(t, "mail.log", []byte(tc.content))
			stdout, stderr, status := runOutputs(t, englishCommand(bin,
				"report", "--config", noConfig, "--year", "2026", "--tz", "UTC", "--json", "--log", path))
			if status != 0 {
				t.Fatalf("exit status %d, want 0\n%s", status, stderr)
			}
			var doc struct {
				Lines struct {
					Read         int64 `json:"read"`
					Unrecognized int64 `json:"unrecognized"`
				} `json:"lines"`
			}
			if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
				t.Fatalf("report --json: %v\n%s", err, stdout)
			}
			if doc.Lines.Read != tc.read {
				t.Errorf("lines read = %d, want %d", doc.Lines.Read, tc.read)
			}
			if doc.Lines.Unrecognized != tc.unrecognized {
				t.Errorf("unrecognized lines = %d, want %d", doc.Lines.Unrecognized, tc.unrecognized)
			}
		})
	}
}
