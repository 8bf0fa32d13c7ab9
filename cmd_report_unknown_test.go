package main

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/demo"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
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
	// row, marked: docomo's 550 at end of DATA for the recipient itself,
	// logged after docomo's 2025-03-13 change
	`Dec 04 10:01:00 mx postfix/smtp[102]: 3A2B3C4D5E: to=<filtering@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.138.180.112]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.0.0, status=bounced (host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user filtering@docomo.ne.jp (in reply to end of DATA command))`,
	// no row: the same reply naming another recipient of the transaction
	`Dec 04 10:01:00 mx postfix/smtp[102]: 3A2B3C4D5E: to=<bystander@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.138.180.112]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.0.0, status=bounced (host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user filtering@docomo.ne.jp (in reply to end of DATA command))`,
	// no row: an unknown-user wording at end of DATA from a receiver that
	// is not docomo
	`Dec 04 10:01:30 mx postfix/smtp[102]: 8A2B3C4D5E: to=<late@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 Unknown user late@example.com (in reply to end of DATA command))`,
	// row: a 5.1.1 at RCPT TO elsewhere, with a comma and quotes in the reply
	`Dec 04 10:02:00 mx postfix/smtp[103]: 4A2B3C4D5E: to=<gone@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 "gone", no such user (in reply to RCPT TO command))`,
	// no row: the receiver's access table refuses an address that may exist
	`Dec 04 10:02:30 mx postfix/smtp[103]: 9A2B3C4D5E: to=<denied@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.7.1, status=bounced (host mx.example.com[192.0.2.1] said: 554 5.7.1 <denied@example.com>: Recipient address rejected: Access denied (in reply to RCPT TO command))`,
	// no row: sent
	`Dec 04 10:03:00 mx postfix/smtp[104]: 5A2B3C4D5E: to=<ok@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 123)`,
	// no row: a deferral for another reason at RCPT TO
	`Dec 04 10:04:00 mx postfix/smtp[105]: 6A2B3C4D5E: to=<busy@example.com>, relay=mx.example.com[192.0.2.1]:25, delay=1, delays=0/0/0.5/0.5, dsn=4.7.1, status=deferred (host mx.example.com[192.0.2.1] said: 450 4.7.1 Greylisted, try again later (in reply to RCPT TO command))`,
	// the same address an hour later: this row replaces the first
	`Dec 04 11:00:00 mx postfix/smtp[101]: 2A2B3C4D5E: to=<Old@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.138.180.112]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.0.0, status=bounced (host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user Old@docomo.ne.jp (in reply to RCPT TO command))`,
	// no row: garbage and a truncated delivery line (no NUL byte: a log
	// with one near its start is refused as binary)
	"\x01 garbage \xff\xfe",
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
		if len(rows) != 3 {
			t.Fatalf("%d rows, want 3:\n%s", len(rows), stdout)
		}
		docomo, filtering, example := rows[0], rows[1], rows[2]
		if want := []string{"Old@docomo.ne.jp", "docomo.ne.jp", "docomo", "2026-12-04T11:00:00+09:00", "2A2B3C4D5E", "5.0.0"}; !slices.Equal(docomo[:6], want) {
			t.Errorf("docomo row = %q, want %q", docomo[:6], want)
		}
		if docomo[7] != basisRCPT {
			t.Errorf("docomo row basis %q, want %q", docomo[7], basisRCPT)
		}
		if filtering[0] != "filtering@docomo.ne.jp" || filtering[7] != basisDocomoSinceChange {
			t.Errorf("second row = %q, want filtering@docomo.ne.jp marked %q", filtering, basisDocomoSinceChange)
		}
		if !strings.Contains(filtering[6], "(in reply to end of DATA command)") {
			t.Errorf("second row reply %q lacks the end-of-DATA phase", filtering[6])
		}
		if example[7] != basisRCPT {
			t.Errorf("third row basis %q, want %q", example[7], basisRCPT)
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

// exportTime stamps the names of exported files in the tests.
var exportTime = time.Date(2026, 12, 4, 22, 30, 5, 0, time.UTC)

// capturedLogOptions are the options of report --log capturedLog --year
// 2026 --tz UTC.
func capturedLogOptions() *options {
	return &options{
		logPaths: []string{capturedLog},
		year:     2026,
		location: time.UTC,
		logger:   slog.New(slog.DiscardHandler),
	}
}

// readCapturedLog reads the unknown recipients of capturedLog as report
// --unknown-recipients does.
func readCapturedLog(t *testing.T) func(context.Context) ([]*unknownRecipient, error) {
	t.Helper()
	overrides, err := diagnose.CompileOverrides(nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := capturedLogOptions()
	return func(ctx context.Context) ([]*unknownRecipient, error) {
		return readUnknownRecipientsFromLogs(ctx, opts, overrides, time.Time{}, "")
	}
}

// readExport reads an exported file, checking that only its owner may
// read it.
func readExport(t *testing.T, path string) [][]string {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("exported file: %v", err)
	}
	if mode := info.Mode(); mode != 0o600 {
		t.Errorf("%s has mode %v, want -rw-------", path, mode)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return readCSV(t, string(data))
}

// leftovers returns the names in dir other than the exported files.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), unknownRecipientsFilePrefix) || !strings.HasSuffix(e.Name(), ".csv") {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestExportUnknownRecipientsCapturedLog(t *testing.T) {
	dir := t.TempDir()
	export := newUnknownRecipientsExport(readCapturedLog(t), []string{dir}, time.UTC, func() time.Time { return exportTime })

	path, count, err := export(context.Background())
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	if want := filepath.Join(dir, "mailtop-unknown-recipients-20261204-223005.csv"); path != want {
		t.Errorf("path %s, want %s", path, want)
	}
	if count != 2 {
		t.Errorf("count %d, want 2", count)
	}
	rows := readExport(t, path)
	want := [][]string{
		{"reject2@docomo.ne.jp", "docomo.ne.jp", "docomo", "2026-12-04T19:59:40Z", "31E2DC0043", "5.1.1"},
		{"reject@docomo.ne.jp", "docomo.ne.jp", "docomo", "2026-12-04T19:59:40Z", "2C342C003B", "5.1.1"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(want), rows)
	}
	for i, w := range want {
		if !slices.Equal(rows[i][:6], w) {
			t.Errorf("row %d = %q, want %q", i+1, rows[i][:6], w)
		}
		if !strings.Contains(rows[i][6], "(in reply to RCPT TO command)") {
			t.Errorf("row %d reply %q lacks the RCPT TO phase", i+1, rows[i][6])
		}
	}

	// The same second again: the first file stays, the second gets a suffix.
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	second, _, err := export(context.Background())
	if err != nil {
		t.Fatalf("second export: %v", err)
	}
	if want := filepath.Join(dir, "mailtop-unknown-recipients-20261204-223005-2.csv"); second != want {
		t.Errorf("second path %s, want %s", second, want)
	}
	if again, _ := os.ReadFile(path); string(again) != string(first) {
		t.Errorf("the second export changed the first file")
	}
	if rows := readExport(t, second); len(rows) != 2 {
		t.Errorf("second file has %d rows, want 2", len(rows))
	}
	if names := leftovers(t, dir); len(names) != 0 {
		t.Errorf("temporary files left in %s: %q", dir, names)
	}
}

func TestExportUnknownRecipientsFallback(t *testing.T) {
	dir := t.TempDir()
	// A directory below a regular file cannot be written, even by root.
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	unwritable := filepath.Join(blocker, "dir")
	fallback := filepath.Join(dir, "fallback")
	if err := os.Mkdir(fallback, 0o700); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return exportTime }

	export := newUnknownRecipientsExport(readCapturedLog(t), []string{unwritable, fallback}, time.UTC, now)
	path, count, err := export(context.Background())
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	if filepath.Dir(path) != fallback || count != 2 {
		t.Errorf("path %s with %d rows, want a file in %s with 2", path, count, fallback)
	}
	readExport(t, path)

	export = newUnknownRecipientsExport(readCapturedLog(t), []string{unwritable}, time.UTC, now)
	path, count, err = export(context.Background())
	if err == nil {
		t.Fatalf("export to %s succeeded with %s, want an error", unwritable, path)
	}
	if path != "" || count != 0 {
		t.Errorf("failed export returned path %q and %d rows", path, count)
	}
	if !strings.Contains(err.Error(), unwritable) {
		t.Errorf("error %q does not name %s", err, unwritable)
	}
}

func TestExportUnknownRecipientsReadError(t *testing.T) {
	dir := t.TempDir()
	overrides, err := diagnose.CompileOverrides(nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := capturedLogOptions()
	opts.logPaths = []string{filepath.Join(dir, "missing.log")}
	read := func(ctx context.Context) ([]*unknownRecipient, error) {
		return readUnknownRecipientsFromLogs(ctx, opts, overrides, time.Time{}, "")
	}
	export := newUnknownRecipientsExport(read, []string{dir}, time.UTC, time.Now)
	if _, _, err := export(context.Background()); err == nil {
		t.Fatal("export of a missing log succeeded")
	}
	if names, _ := os.ReadDir(dir); len(names) != 0 {
		t.Errorf("a failed read left files in %s: %v", dir, names)
	}
}

func TestDashboardExportLiveFeed(t *testing.T) {
	opts := capturedLogOptions()
	opts.since = "all"
	opts.auditFile = filepath.Join(t.TempDir(), "audit.log")
	in, err := openLiveFeed(context.Background(), opts)
	if err != nil {
		t.Fatalf("open the feed: %v", err)
	}
	defer in.close()
	overrides, err := diagnose.CompileOverrides(nil)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := in.unknownRecipients(context.Background(), overrides)
	if err != nil {
		t.Fatalf("read unknown recipients: %v", err)
	}
	var got []string
	for _, row := range rows {
		got = append(got, row.queueID)
	}
	if want := []string{"31E2DC0043", "2C342C003B"}; !slices.Equal(got, want) {
		t.Errorf("queue IDs %q, want %q", got, want)
	}
}

func TestDashboardExportDemoFeed(t *testing.T) {
	opts := capturedLogOptions()
	opts.logPaths = nil
	opts.demo = true
	in, err := openDemoFeed(opts)
	if err != nil {
		t.Fatalf("open the demo: %v", err)
	}
	defer in.close()
	overrides, err := diagnose.CompileOverrides(nil)
	if err != nil {
		t.Fatal(err)
	}

	rows, err := in.unknownRecipients(context.Background(), overrides)
	if err != nil {
		t.Fatalf("read unknown recipients: %v", err)
	}
	byAddress := make(map[string]*unknownRecipient)
	for _, row := range rows {
		byAddress[row.recipient] = row
	}
	// Rejected at RCPT TO in the recording.
	row, ok := byAddress["yui.hayashi@docomo.ne.jp"]
	if !ok {
		t.Fatalf("rows lack yui.hayashi@docomo.ne.jp: %d rows", len(rows))
	}
	if row.queueID != "E72E4BA0A4" || row.carrier != "docomo" {
		t.Errorf("yui.hayashi row = %+v, want E72E4BA0A4 at docomo", *row)
	}
	// The replay and the export place the yearless stamps in one year.
	if year := in.now().Year(); row.time.Year() != year {
		t.Errorf("yui.hayashi failed in %d, want the replay's year %d", row.time.Year(), year)
	}
	// docomo's 550 at end of DATA, replayed after docomo's 2025-03-13
	// change, more likely names an unknown address now.
	row, ok = byAddress["sakura.yoshida@docomo.ne.jp"]
	if !ok {
		t.Fatalf("rows lack sakura.yoshida@docomo.ne.jp, rejected by docomo at end of DATA")
	}
	if row.basis != basisDocomoSinceChange {
		t.Errorf("sakura.yoshida basis %q, want %q", row.basis, basisDocomoSinceChange)
	}
}

func TestUnknownRecipientsDocomoDate(t *testing.T) {
	const line = `Dec 04 10:01:00 mx postfix/smtp[102]: 3A2B3C4D5E: to=<filtering@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[203.138.180.112]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.0.0, status=bounced (host mfsmax.docomo.ne.jp[203.138.180.112] said: 550 Unknown user filtering@docomo.ne.jp (in reply to end of DATA command))` + "\n"
	tests := []struct {
		year int
		rows int
	}{
		{2024, 0}, // the recipient's own filter before the change
		{2025, 1}, // 2025-12-04 is after the change
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.year), func(t *testing.T) {
			parser := parsers.NewParser(parsers.Options{Year: tt.year, Location: time.UTC})
			src := newMemoryLogSource([]byte(line), "test", time.Time{})
			rows, err := collectUnknownRecipients(context.Background(), src, parser, nil, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tt.rows {
				t.Fatalf("%d rows, want %d", len(rows), tt.rows)
			}
			if tt.rows == 1 && rows[0].basis != basisDocomoSinceChange {
				t.Errorf("basis %q, want %q", rows[0].basis, basisDocomoSinceChange)
			}
		})
	}
}

func TestMemoryLogSource(t *testing.T) {
	reference := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	long := strings.Repeat("x", sources.MaxBatchBytes-10)

	cases := []struct {
		name    string
		data    string
		batches []int // lines per batch
	}{
		{"empty", "", nil},
		{"no final newline", "a\nb", []int{2}},
		{"final newline", "a\nb\n", []int{2}},
		{"empty lines kept", "a\n\nb\n", []int{3}},
		{"line limit", strings.Repeat("l\n", sources.MaxBatchLines+1), []int{sources.MaxBatchLines, 1}},
		{"byte limit", long + "\n" + long + "\n", []int{1, 1}},
		{"one line over the byte limit", long + long + "\n", []int{1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := newMemoryLogSource([]byte(tc.data), "demo", reference)
			var got []int
			for {
				batch, err := src.Next(context.Background())
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("Next: %v", err)
				}
				for _, line := range batch {
					if line.Origin != "demo" || !line.Reference.Equal(reference) {
						t.Fatalf("line %q has origin %q and reference %v", line.Text, line.Origin, line.Reference)
					}
				}
				got = append(got, len(batch))
			}
			if !slices.Equal(got, tc.batches) {
				t.Errorf("batches of %v lines, want %v", got, tc.batches)
			}
		})
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := newMemoryLogSource([]byte("a\n"), "demo", reference).Next(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Next after cancel: %v, want context.Canceled", err)
	}
}

// settableClock is a demo.Clock whose time the test sets. Its After never
// fires, because these tests call Now only.
type settableClock struct{ now time.Time }

func (c *settableClock) Now() time.Time                       { return c.now }
func (c *settableClock) After(time.Duration) <-chan time.Time { return nil }

func TestDashboardExportDemoLaterLoop(t *testing.T) {
	clock := &settableClock{now: time.Date(2026, 12, 10, 12, 0, 0, 0, time.UTC)}
	replay, err := demo.New(demo.Options{Location: time.UTC, Preload: demoPreload, Clock: clock})
	if err != nil {
		t.Fatalf("start the demo: %v", err)
	}
	defer replay.Close()
	overrides, err := diagnose.CompileOverrides(nil)
	if err != nil {
		t.Fatal(err)
	}
	export := demoUnknownRecipients(replay, 0)

	firstLoop, err := export(context.Background(), overrides)
	if err != nil {
		t.Fatalf("read unknown recipients in the first loop: %v", err)
	}
	if len(firstLoop) == 0 {
		t.Fatal("no unknown recipients in the first loop")
	}
	// The recorded day and the gap to its next loop last 24 hours of
	// recording, which play in 24h/DefaultSpeed of wall time.
	clock.now = clock.now.Add(24 * time.Hour / demo.DefaultSpeed)
	replayDay := replay.Now().Format(time.DateOnly)

	secondLoop, err := export(context.Background(), overrides)
	if err != nil {
		t.Fatalf("read unknown recipients in the second loop: %v", err)
	}
	if len(secondLoop) != len(firstLoop) {
		t.Fatalf("second loop has %d rows, want %d as the first", len(secondLoop), len(firstLoop))
	}
	for i, row := range secondLoop {
		if want := firstLoop[i].time.AddDate(0, 0, 1); !row.time.Equal(want) {
			t.Errorf("%s failed at %v in the second loop, want a day after the first loop, %v", row.recipient, row.time, want)
		}
		if day := row.time.Format(time.DateOnly); day != replayDay {
			t.Errorf("%s failed on %s, want the replay's day %s", row.recipient, day, replayDay)
		}
	}
}

func TestDashboardExportDemoNameReplayTime(t *testing.T) {
	clock := &settableClock{now: time.Date(2026, 12, 10, 12, 0, 0, 0, time.UTC)}
	replay, err := demo.New(demo.Options{Location: time.UTC, Preload: demoPreload, Clock: clock})
	if err != nil {
		t.Fatalf("start the demo: %v", err)
	}
	defer replay.Close()
	overrides, err := diagnose.CompileOverrides(nil)
	if err != nil {
		t.Fatal(err)
	}
	// In the second loop the replay is a day past the recording, as the
	// screen shows it.
	clock.now = clock.now.Add(24 * time.Hour / demo.DefaultSpeed)
	dir := t.TempDir()
	export := dashboardExport(demoFeed(replay, 0), overrides, []string{dir})

	path, count, err := export(context.Background())
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	stamp := replay.Now().Format("20060102-150405")
	if want := filepath.Join(dir, unknownRecipientsFilePrefix+stamp+".csv"); path != want {
		t.Errorf("path %s, want %s, named by the replay's time", path, want)
	}
	rows := readExport(t, path)
	if len(rows) != count || count == 0 {
		t.Fatalf("file has %d rows, export returned %d, want the same and more than 0", len(rows), count)
	}
	day := replay.Now().Format(time.DateOnly)
	for _, row := range rows {
		if !strings.HasPrefix(row[3], day) {
			t.Errorf("%s failed at %s, want on the day of the file name, %s", row[0], row[3], day)
		}
	}
}

// The dashboard writes its export to the current directory, ".", and the
// footer shows the path the export returns, so that path is absolute: a
// bare file name does not tell the operator which directory it is in.
func TestExportUnknownRecipientsAbsolutePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	read := func(context.Context) ([]*unknownRecipient, error) { return nil, nil }
	export := newUnknownRecipientsExport(read, []string{"."}, time.UTC, func() time.Time { return exportTime })

	path, _, err := export(context.Background())
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	if !filepath.IsAbs(path) {
		t.Errorf("path %q is not absolute", path)
	}
	if want := filepath.Join(dir, "mailtop-unknown-recipients-20261204-223005.csv"); path != want {
		t.Errorf("path %s, want %s", path, want)
	}
}
