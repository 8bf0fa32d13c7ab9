package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readCSV parses report --unknown-recipients output, checking the header.
func readCSV(t *testing.T, out string) [][]string {
	t.Helper()
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, out)
	}
	if len(records) == 0 {
		t.Fatalf("output has no header row:\n%s", out)
	}
	if !slices.Equal(records[0], unknownRecipientsHeader) {
		t.Fatalf("header row %q, want %q", records[0], unknownRecipientsHeader)
	}
	return records[1:]
}

// unknownRecipientsLog is a log in time order with one case per line: the
// comment above each line states whether it makes a row.
var unknownRecipientsLog = strings.Join([]string{
	// rows: an unknown mailbox at RCPT TO, bounced
	`Dec 04 10:00:00 mx postfix/smtp[100]: 1A2B3C4D5E: to=<Old@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.138.180.112]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.0.0, status=bounced (host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user Old@docomo.ne.jp (in reply to RCPT TO command))`,
	// no row: docomo's 550 at end of DATA is the recipient's filter
	`Dec 04 10:01:00 mx postfix/smtp[102]: 3A2B3C4D5E: to=<filtering@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.138.180.112]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.0.0, status=bounced (host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user filtering@docomo.ne.jp (in reply to end of DATA command))`,
	// row: a 5.1.1 at RCPT TO elsewhere, with a comma and quotes in the reply
	`Dec 04 10:02:00 mx postfix/smtp[103]: 4A2B3C4D5E: to=<gone@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 "gone", no such user (in reply to RCPT TO command))`,
	// no row: sent
	`Dec 04 10:03:00 mx postfix/smtp[104]: 5A2B3C4D5E: to=<ok@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 123)`,
	// no row: a deferral for another reason at RCPT TO
	`Dec 04 10:04:00 mx postfix/smtp[105]: 6A2B3C4D5E: to=<busy@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=4.7.1, status=deferred (host mx.example.com[192.0.2.1] said: 450 4.7.1 Greylisted, try again later (in reply to RCPT TO command))`,
	// the same address an hour later: this row replaces the first
	`Dec 04 11:00:00 mx postfix/smtp[101]: 2A2B3C4D5E: to=<Old@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.138.180.112]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.0.0, status=bounced (host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user Old@docomo.ne.jp (in reply to RCPT TO command))`,
	// no row: garbage and a truncated delivery line
	"\x00\x01 garbage \xff\xfe",
	`Dec 04 10:05:00 mx postfix/smtp[106]: 7A2B3C4D5E: to=<cut@exa`,
}, "\n") + "\n"

func TestReportUnknownRecipientsCapturedLog(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	stdout, stderr, code := runClassifyBinary(t, bin, nil,
		"report", "--unknown-recipients", "--config", noConfig, "--log", capturedLog, "--year", "2026", "--tz", "UTC")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	rows := readCSV(t, stdout)
	want := [][]string{
		{"reject2@docomo.ne.jp", "docomo.ne.jp", "docomo", "2026-12-04T19:59:40Z", "31E2DC0043", "5.1.1"},
		{"reject@docomo.ne.jp", "docomo.ne.jp", "docomo", "2026-12-04T19:59:40Z", "2C342C003B", "5.1.1"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d:\n%s", len(rows), len(want), stdout)
	}
	for i, w := range want {
		if !slices.Equal(rows[i][:6], w) {
			t.Errorf("row %d = %q, want %q", i+1, rows[i][:6], w)
		}
		if !strings.Contains(rows[i][6], "(in reply to RCPT TO command)") {
			t.Errorf("row %d reply %q lacks the RCPT TO phase", i+1, rows[i][6])
		}
	}
}

func TestReportUnknownRecipientsCases(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	logPath := filepath.Join(t.TempDir(), "mail.log")
	if err := os.WriteFile(logPath, []byte(unknownRecipientsLog), 0o644); err != nil {
		t.Fatal(err)
	}
	base := []string{"report", "--unknown-recipients", "--config", noConfig, "--log", logPath, "--year", "2026", "--tz", "Asia/Tokyo"}

	t.Run("all domains", func(t *testing.T) {
		stdout, stderr, code := runClassifyBinary(t, bin, nil, base...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		rows := readCSV(t, stdout)
		if len(rows) != 2 {
			t.Fatalf("%d rows, want 2:\n%s", len(rows), stdout)
		}
		docomo, example := rows[0], rows[1]
		if want := []string{"Old@docomo.ne.jp", "docomo.ne.jp", "docomo", "2026-12-04T11:00:00+09:00", "2A2B3C4D5E", "5.0.0"}; !slices.Equal(docomo[:6], want) {
			t.Errorf("docomo row = %q, want %q", docomo[:6], want)
		}
		if example[0] != "gone@example.com" || example[2] != "" {
			t.Errorf("second row = %q, want gone@example.com with no carrier", example)
		}
		if !strings.Contains(example[6], `"gone", no such user`) {
			t.Errorf("reply %q lost its comma or quotes", example[6])
		}
	})

	t.Run("domain filter", func(t *testing.T) {
		stdout, stderr, code := runClassifyBinary(t, bin, nil, append(base, "--domain", "Example.COM")...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		rows := readCSV(t, stdout)
		if len(rows) != 1 || rows[0][0] != "gone@example.com" {
			t.Errorf("rows %q, want only gone@example.com", rows)
		}
	})

	t.Run("since excludes earlier lines", func(t *testing.T) {
		stdout, stderr, code := runClassifyBinary(t, bin, nil, append(base, "--since", "2026-12-04T10:30")...)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		rows := readCSV(t, stdout)
		if len(rows) != 1 || rows[0][4] != "2A2B3C4D5E" {
			t.Errorf("rows %q, want only the 11:00 failure 2A2B3C4D5E", rows)
		}
	})

	t.Run("json conflicts", func(t *testing.T) {
		_, stderr, code := runClassifyBinary(t, bin, nil, append(base, "--json")...)
		if code != 2 {
			t.Errorf("exit %d, want 2", code)
		}
		if !strings.Contains(stderr, "--json and --unknown-recipients cannot be combined") {
			t.Errorf("stderr lacks the conflict:\n%s", stderr)
		}
	})
}

func TestReportUnknownRecipientsEmptyLog(t *testing.T) {
	bin := buildBinary(t, "test")
	noConfig := writeConfig(t, "# defaults\n")
	empty := filepath.Join(t.TempDir(), "empty.log")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runClassifyBinary(t, bin, nil, "report", "--unknown-recipients", "--config", noConfig, "--log", empty)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if rows := readCSV(t, stdout); len(rows) != 0 {
		t.Errorf("%d rows from an empty log, want 0", len(rows))
	}
}
