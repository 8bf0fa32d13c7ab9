package sources

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// The test binary doubles as a stand-in journalctl when
// MAILTOP_FAKE_JOURNALCTL is set. It prints the records of the file
// FAKE_JOURNALCTL_ENTRIES (one JSON object a line) as journalctl
// --output=json would, honoring --after-cursor, --since=@SECONDS and
// --follow, and appends its pid and arguments to FAKE_JOURNALCTL_RUNS.
// FAKE_JOURNALCTL_CUT=N makes a run without --after-cursor print N records
// and half of the next one, then exit with status 3. FAKE_JOURNALCTL_FAIL
// makes every run write that text to stderr and exit with status 1, and
// FAKE_JOURNALCTL_FAIL_RUNS=2,3 only the second and third run.
func TestMain(m *testing.M) {
	if os.Getenv("MAILTOP_FAKE_JOURNALCTL") != "" {
		os.Exit(fakeJournalctl(os.Args[1:]))
	}
	os.Exit(m.Run())
}

type fakeRun struct {
	PID  int      `json:"pid"`
	Args []string `json:"args"`
}

func fakeJournalctl(args []string) int {
	run := 0
	if runs := os.Getenv("FAKE_JOURNALCTL_RUNS"); runs != "" {
		record, _ := json.Marshal(fakeRun{PID: os.Getpid(), Args: args})
		f, err := os.OpenFile(runs, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
		if err == nil {
			f.Write(append(record, '\n'))
			f.Close()
		}
		content, _ := os.ReadFile(runs)
		run = bytes.Count(content, []byte("\n"))
	}
	if text := os.Getenv("FAKE_JOURNALCTL_FAIL"); text != "" {
		fmt.Fprintln(os.Stderr, text)
		return 1
	}
	if slices.Contains(strings.Split(os.Getenv("FAKE_JOURNALCTL_FAIL_RUNS"), ","), strconv.Itoa(run)) {
		fmt.Fprintln(os.Stderr, "Failed to open files: Resource temporarily unavailable")
		return 1
	}

	var after string
	var since int64 = -1
	follow := false
	for _, arg := range args {
		switch {
		case strings.HasPrefix(arg, "--after-cursor="):
			after = strings.TrimPrefix(arg, "--after-cursor=")
		case strings.HasPrefix(arg, "--since=@"):
			seconds, err := strconv.ParseInt(strings.TrimPrefix(arg, "--since=@"), 10, 64)
			if err != nil {
				fmt.Fprintln(os.Stderr, "invalid --since", arg)
				return 1
			}
			since = seconds * 1e6
		case arg == "--follow":
			follow = true
		}
	}
	cut := -1
	if value := os.Getenv("FAKE_JOURNALCTL_CUT"); value != "" && after == "" {
		cut, _ = strconv.Atoi(value)
	}

	path := os.Getenv("FAKE_JOURNALCTL_ENTRIES")
	skipping := after != ""
	printed := 0
	done := 0 // records of the file already looked at
	for {
		content, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		records := strings.SplitAfter(string(content), "\n")
		if !strings.HasSuffix(records[len(records)-1], "\n") {
			records = records[:len(records)-1] // not fully written yet
		}
		for ; done < len(records); done++ {
			record := records[done]
			var fields struct {
				Cursor   string `json:"__CURSOR"`
				Realtime string `json:"__REALTIME_TIMESTAMP"`
			}
			json.Unmarshal([]byte(record), &fields)
			if skipping {
				skipping = fields.Cursor != after
				continue
			}
			if stamp, err := strconv.ParseInt(fields.Realtime, 10, 64); err == nil && stamp < since {
				continue
			}
			if printed == cut {
				os.Stdout.WriteString(record[:len(record)/2])
				return 3
			}
			os.Stdout.WriteString(record)
			printed++
		}
		if skipping {
			fmt.Fprintln(os.Stderr, "Failed to seek to cursor: Invalid argument")
			return 1
		}
		if !follow {
			return 0
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// fakeJournal is a stand-in journalctl and the files it works from.
type fakeJournal struct {
	entries string
	runs    string
}

func newFakeJournal(t *testing.T, records ...string) fakeJournal {
	t.Helper()
	dir := t.TempDir()
	j := fakeJournal{entries: filepath.Join(dir, "entries.json"), runs: filepath.Join(dir, "runs.json")}
	writeFile(t, j.entries, strings.Join(records, "\n")+"\n", time.Time{})
	t.Setenv("MAILTOP_FAKE_JOURNALCTL", "1")
	t.Setenv("FAKE_JOURNALCTL_ENTRIES", j.entries)
	t.Setenv("FAKE_JOURNALCTL_RUNS", j.runs)
	return j
}

func (j fakeJournal) options(t *testing.T) JournalOptions {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return JournalOptions{Command: self, Location: time.UTC, Logger: discardLogger(), RestartDelay: 10 * time.Millisecond}
}

func (j fakeJournal) readRuns(t *testing.T) []fakeRun {
	t.Helper()
	content, err := os.ReadFile(j.runs)
	if err != nil {
		t.Fatal(err)
	}
	var runs []fakeRun
	for line := range strings.SplitSeq(strings.TrimSpace(string(content)), "\n") {
		var run fakeRun
		if err := json.Unmarshal([]byte(line), &run); err != nil {
			t.Fatalf("runs file line %q: %v", line, err)
		}
		runs = append(runs, run)
	}
	return runs
}

// journalRecordAt returns a record of the entry with sequence number i of
// the stand-in journal, logged by postfix/smtp.
func journalRecordAt(i int, stamp time.Time) string {
	return fmt.Sprintf(`{"__CURSOR":"s=fake;i=%d","__REALTIME_TIMESTAMP":"%d","_HOSTNAME":"mx","SYSLOG_IDENTIFIER":"postfix/smtp","SYSLOG_PID":"%d","SYSLOG_FACILITY":"2","MESSAGE":"ID%04d: status=sent"}`,
		i, stamp.UnixMicro(), 100+i, i)
}

func journalLineAt(i int, stamp time.Time) string {
	return fmt.Sprintf("%s mx postfix/smtp[%d]: ID%04d: status=sent", stamp.UTC().Format(journalStampLayout), 100+i, i)
}

func openJournal(t *testing.T, ctx context.Context, opts JournalOptions) LogSource {
	t.Helper()
	src, err := OpenJournal(ctx, opts)
	if err != nil {
		t.Fatalf("OpenJournal: %v", err)
	}
	t.Cleanup(func() { src.Close() })
	return src
}

func TestDecodeJournalEntry(t *testing.T) {
	stamp := time.Date(2026, 12, 4, 19, 46, 52, 999950000, time.UTC)
	micros := strconv.FormatInt(stamp.UnixMicro(), 10)
	tests := []struct {
		name   string
		record string
		want   string // "" when the entry has no MESSAGE
		cursor string
	}{
		{
			name:   "plain",
			record: `{"__CURSOR":"c1","__REALTIME_TIMESTAMP":"` + micros + `","_HOSTNAME":"mx","SYSLOG_IDENTIFIER":"postfix/smtp","SYSLOG_PID":"16895","_PID":"1","MESSAGE":"6EFD4BE08E: to=<ok@docomo.ne.jp>, status=sent"}`,
			want:   "2026-12-04T19:46:52.999950+00:00 mx postfix/smtp[16895]: 6EFD4BE08E: to=<ok@docomo.ne.jp>, status=sent",
			cursor: "c1",
		},
		{
			name:   "source timestamp first",
			record: `{"__REALTIME_TIMESTAMP":"1","_SOURCE_REALTIME_TIMESTAMP":"` + micros + `","_HOSTNAME":"mx","SYSLOG_IDENTIFIER":"postfix/qmgr","SYSLOG_PID":"7","MESSAGE":"x"}`,
			want:   "2026-12-04T19:46:52.999950+00:00 mx postfix/qmgr[7]: x",
		},
		{
			name:   "byte array message",
			record: `{"__REALTIME_TIMESTAMP":"` + micros + `","_HOSTNAME":"mx","SYSLOG_IDENTIFIER":"postfix/smtpd","_PID":"17","MESSAGE":[98,97,100,32,255,32,98,121,116,101,9,120]}`,
			want:   "2026-12-04T19:46:52.999950+00:00 mx postfix/smtpd[17]: bad \xff byte\tx",
		},
		{
			name:   "unicode",
			record: `{"__REALTIME_TIMESTAMP":"` + micros + `","_HOSTNAME":"mx","SYSLOG_IDENTIFIER":"postfix/smtp","SYSLOG_PID":"1","MESSAGE":"A1: said: 550 宛先不明 \u00e9"}`,
			want:   "2026-12-04T19:46:52.999950+00:00 mx postfix/smtp[1]: A1: said: 550 宛先不明 é",
		},
		{
			name:   "repeated fields take the first",
			record: `{"__REALTIME_TIMESTAMP":"` + micros + `","_HOSTNAME":"mx","SYSLOG_IDENTIFIER":["postfix/smtp","other"],"SYSLOG_PID":"1","MESSAGE":["first",[115,101,99,255]]}`,
			want:   "2026-12-04T19:46:52.999950+00:00 mx postfix/smtp[1]: first",
		},
		{
			name:   "repeated field first in bytes",
			record: `{"__REALTIME_TIMESTAMP":"` + micros + `","_HOSTNAME":"mx","SYSLOG_IDENTIFIER":"postfix/smtp","SYSLOG_PID":"1","MESSAGE":[[104,255],"second"]}`,
			want:   "2026-12-04T19:46:52.999950+00:00 mx postfix/smtp[1]: h\xff",
		},
		{
			name:   "null message",
			record: `{"__CURSOR":"c2","__REALTIME_TIMESTAMP":"` + micros + `","SYSLOG_IDENTIFIER":"postfix/smtp","MESSAGE":null}`,
			cursor: "c2",
		},
		{
			name:   "missing host, identifier from _COMM, no pid",
			record: `{"__REALTIME_TIMESTAMP":"` + micros + `","_COMM":"smtp","MESSAGE":"two\nlines"}`,
			want:   "2026-12-04T19:46:52.999950+00:00 - smtp: two lines",
		},
		{
			name:   "null identifier and host",
			record: `{"__REALTIME_TIMESTAMP":"` + micros + `","_HOSTNAME":null,"SYSLOG_IDENTIFIER":null,"MESSAGE":"m"}`,
			want:   "2026-12-04T19:46:52.999950+00:00 - -: m",
		},
		{
			name:   "byte values out of range",
			record: `{"__REALTIME_TIMESTAMP":"` + micros + `","SYSLOG_IDENTIFIER":"x","MESSAGE":[300,1]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entry, err := decodeJournalEntry([]byte(tt.record))
			if err != nil {
				t.Fatalf("decodeJournalEntry: %v", err)
			}
			if entry.cursor != tt.cursor {
				t.Errorf("cursor = %q, want %q", entry.cursor, tt.cursor)
			}
			if tt.want == "" {
				if entry.message != nil {
					t.Errorf("message = %q, want none", entry.message)
				}
				return
			}
			if entry.stamp.IsZero() {
				t.Fatal("no timestamp decoded")
			}
			got := string(entry.appendLine(nil, entry.stamp.In(time.UTC)))
			if got != tt.want {
				t.Errorf("line =\n%q, want\n%q", got, tt.want)
			}
		})
	}
}

func TestDecodeJournalEntryGarbage(t *testing.T) {
	for _, record := range []string{"", "not json", `{"MESSAGE":"cut`, `["an","array"]`, "\x00\xff"} {
		if _, err := decodeJournalEntry([]byte(record)); err == nil {
			t.Errorf("decodeJournalEntry(%q) succeeded, want an error", record)
		}
	}
	entry, err := decodeJournalEntry([]byte(`{"__REALTIME_TIMESTAMP":"soon","MESSAGE":"m"}`))
	if err != nil {
		t.Fatal(err)
	}
	if !entry.stamp.IsZero() {
		t.Errorf("stamp of an invalid timestamp = %v, want zero", entry.stamp)
	}
}

func TestOpenJournalReadsEntries(t *testing.T) {
	base := time.Date(2026, 12, 4, 19, 0, 0, 0, time.UTC)
	j := newFakeJournal(t,
		journalRecordAt(1, base),
		`{"__CURSOR":"s=fake;i=2","__REALTIME_TIMESTAMP":"`+strconv.FormatInt(base.Add(time.Second).UnixMicro(), 10)+`","_HOSTNAME":"mx","SYSLOG_IDENTIFIER":"postfix/smtpd","_PID":"9","MESSAGE":[104,105,255]}`,
		`{"__CURSOR":"s=fake;i=3","__REALTIME_TIMESTAMP":"1","MESSAGE":null}`,
		`garbage that is not JSON`,
		`{"__CURSOR":"s=fake;i=4","__REALTIME_TIMESTAMP":"`+strconv.FormatInt(base.Add(2*time.Second).UnixMicro(), 10)+`","_HOSTNAME":"mx","SYSLOG_IDENTIFIER":"postfix/bounce","SYSLOG_PID":"5","MESSAGE":"ID: 届かない"}`,
	)
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	opts := j.options(t)
	opts.Now = func() time.Time { return now }
	lines := readAll(t, openJournal(t, context.Background(), opts))

	want := []string{
		journalLineAt(1, base),
		"2026-12-04T19:00:01.000000+00:00 mx postfix/smtpd[9]: hi\xff",
		"2026-12-04T19:00:02.000000+00:00 mx postfix/bounce[5]: ID: 届かない",
	}
	if got := texts(lines); !slices.Equal(got, want) {
		t.Errorf("lines =\n%q\nwant\n%q", got, want)
	}
	for _, line := range lines {
		if line.Origin != "journal" {
			t.Errorf("line %q has origin %q, want journal", line.Text, line.Origin)
		}
		if !line.Reference.Equal(now) {
			t.Errorf("line %q has reference %v, want %v", line.Text, line.Reference, now)
		}
	}

	runs := j.readRuns(t)
	if len(runs) != 1 {
		t.Fatalf("journalctl ran %d times, want once", len(runs))
	}
	wantArgs := []string{"--output=json", "--no-pager", "--all", "SYSLOG_FACILITY=2"}
	if !slices.Equal(runs[0].Args, wantArgs) {
		t.Errorf("journalctl arguments = %q, want %q", runs[0].Args, wantArgs)
	}
}

func TestOpenJournalArguments(t *testing.T) {
	j := newFakeJournal(t, journalRecordAt(1, time.Unix(100, 0)))
	opts := j.options(t)
	opts.Files = []string{"/x/a.journal", "/x/b.journal"}
	opts.Directory = "/x/dir"
	opts.Matches = []string{"SYSLOG_IDENTIFIER=postfix/smtp", "+", "SYSLOG_FACILITY=2"}
	opts.Since = time.Unix(50, 500)
	readAll(t, openJournal(t, context.Background(), opts))

	want := []string{"--output=json", "--no-pager", "--all", "--file=/x/a.journal", "--file=/x/b.journal",
		"--directory=/x/dir", "--since=@50", "SYSLOG_IDENTIFIER=postfix/smtp", "+", "SYSLOG_FACILITY=2"}
	if got := j.readRuns(t)[0].Args; !slices.Equal(got, want) {
		t.Errorf("journalctl arguments =\n%q, want\n%q", got, want)
	}
}

func TestOpenJournalSinceDropsEarlierEntries(t *testing.T) {
	base := time.Date(2026, 12, 4, 19, 0, 0, 0, time.UTC)
	var records []string
	for i := range 5 {
		records = append(records, journalRecordAt(i, base.Add(time.Duration(i)*300*time.Millisecond)))
	}
	j := newFakeJournal(t, records...)
	opts := j.options(t)
	opts.Since = base.Add(700 * time.Millisecond) // --since=@ takes whole seconds
	lines := readAll(t, openJournal(t, context.Background(), opts))

	want := []string{journalLineAt(3, base.Add(900*time.Millisecond)), journalLineAt(4, base.Add(1200*time.Millisecond))}
	if got := texts(lines); !slices.Equal(got, want) {
		t.Errorf("lines =\n%q\nwant\n%q", got, want)
	}
}

func TestOpenJournalFollowResumesAfterCursor(t *testing.T) {
	base := time.Date(2026, 12, 4, 19, 0, 0, 0, time.UTC)
	var records, want []string
	for i := range 6 {
		stamp := base.Add(time.Duration(i) * time.Second)
		records = append(records, journalRecordAt(i, stamp))
		want = append(want, journalLineAt(i, stamp))
	}
	j := newFakeJournal(t, records...)
	t.Setenv("FAKE_JOURNALCTL_CUT", "3")
	opts := j.options(t)
	opts.Follow = true
	opts.Since = base
	src := openJournal(t, context.Background(), opts)

	got := readLines(t, src, 6, 10*time.Second)
	if !slices.Equal(got, want) {
		t.Errorf("lines =\n%q\nwant\n%q", got, want)
	}

	runs := j.readRuns(t)
	if len(runs) != 2 {
		t.Fatalf("journalctl ran %d times, want 2: %v", len(runs), runs)
	}
	if !slices.Contains(runs[0].Args, "--since=@"+strconv.FormatInt(base.Unix(), 10)) || !slices.Contains(runs[0].Args, "--follow") {
		t.Errorf("first run arguments = %q, want --since and --follow", runs[0].Args)
	}
	restart := runs[1].Args
	if !slices.Contains(restart, "--after-cursor=s=fake;i=2") {
		t.Errorf("restart arguments = %q, want --after-cursor=s=fake;i=2", restart)
	}
	for _, arg := range restart {
		if strings.HasPrefix(arg, "--since") {
			t.Errorf("restart arguments = %q, want no --since with --after-cursor", restart)
		}
	}

	// Entries added later reach the running journalctl, and an ended
	// context returns without stopping it.
	short, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if batch, err := src.Next(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next with nothing new = %q, %v, want context.DeadlineExceeded", texts(batch), err)
	}
	stamp := base.Add(time.Minute)
	appendFile(t, j.entries, journalRecordAt(6, stamp)+"\n")
	if got := readLines(t, src, 1, 10*time.Second); !slices.Equal(got, []string{journalLineAt(6, stamp)}) {
		t.Errorf("line after the wait = %q, want entry 6", got)
	}
	if runs := j.readRuns(t); len(runs) != 2 {
		t.Errorf("journalctl ran %d times, want 2", len(runs))
	}
}

func TestOpenJournalRestartsAfterLaterFailures(t *testing.T) {
	base := time.Date(2026, 12, 4, 19, 0, 0, 0, time.UTC)
	var records, want []string
	for i := range 4 {
		stamp := base.Add(time.Duration(i) * time.Second)
		records = append(records, journalRecordAt(i, stamp))
		want = append(want, journalLineAt(i, stamp))
	}
	j := newFakeJournal(t, records...)
	t.Setenv("FAKE_JOURNALCTL_CUT", "2")
	t.Setenv("FAKE_JOURNALCTL_FAIL_RUNS", "2,3")
	opts := j.options(t)
	opts.Follow = true
	src := openJournal(t, context.Background(), opts)

	if got := readLines(t, src, 4, 10*time.Second); !slices.Equal(got, want) {
		t.Errorf("lines =\n%q\nwant\n%q", got, want)
	}
	runs := j.readRuns(t)
	if len(runs) != 4 {
		t.Fatalf("journalctl ran %d times, want 4", len(runs))
	}
	for _, run := range runs[1:] {
		if !slices.Contains(run.Args, "--after-cursor=s=fake;i=1") {
			t.Errorf("restart arguments = %q, want --after-cursor=s=fake;i=1", run.Args)
		}
	}
}

// waitGone waits until no process has pid.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("journalctl (pid %d) still runs", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestOpenJournalContextStopsJournalctl(t *testing.T) {
	j := newFakeJournal(t, journalRecordAt(1, time.Unix(100, 0)))
	opts := j.options(t)
	opts.Follow = true
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src := openJournal(t, ctx, opts)
	readLines(t, src, 1, 10*time.Second)

	cancel()
	waitGone(t, j.readRuns(t)[0].PID)
	readCtx, readCancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer readCancel()
	if _, err := src.Next(readCtx); !errors.Is(err, context.Canceled) {
		t.Errorf("Next after the context ended = %v, want context.Canceled", err)
	}
	if runs := j.readRuns(t); len(runs) != 1 {
		t.Errorf("journalctl ran %d times, want once", len(runs))
	}
}

func TestOpenJournalCloseStopsJournalctl(t *testing.T) {
	j := newFakeJournal(t, journalRecordAt(1, time.Unix(100, 0)))
	opts := j.options(t)
	opts.Follow = true
	src, err := OpenJournal(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	readLines(t, src, 1, 10*time.Second)
	if err := src.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	waitGone(t, j.readRuns(t)[0].PID)
	if _, err := src.Next(context.Background()); err == nil {
		t.Error("Next after Close succeeded, want an error")
	}
}

func TestOpenJournalMissingCommand(t *testing.T) {
	_, err := OpenJournal(context.Background(), JournalOptions{Command: filepath.Join(t.TempDir(), "journalctl")})
	if !errors.Is(err, ErrNoJournal) {
		t.Errorf("OpenJournal with a missing journalctl = %v, want ErrNoJournal", err)
	}
}

func TestOpenJournalFailingCommand(t *testing.T) {
	for _, follow := range []bool{false, true} {
		t.Run(fmt.Sprintf("follow=%v", follow), func(t *testing.T) {
			j := newFakeJournal(t, journalRecordAt(1, time.Unix(100, 0)))
			t.Setenv("FAKE_JOURNALCTL_FAIL", "Failed to open files: Permission denied")
			opts := j.options(t)
			opts.Follow = follow
			src := openJournal(t, context.Background(), opts)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err := src.Next(ctx)
			if err == nil || errors.Is(err, io.EOF) || !strings.Contains(err.Error(), "Permission denied") {
				t.Errorf("Next = %v, want the error journalctl wrote", err)
			}
			if runs := j.readRuns(t); len(runs) != 1 {
				t.Errorf("journalctl ran %d times, want once", len(runs))
			}
		})
	}
}

func TestOpenJournalOverlongRecord(t *testing.T) {
	long := `{"__CURSOR":"big","__REALTIME_TIMESTAMP":"1","MESSAGE":"` + strings.Repeat("x", maxJournalRecordBytes) + `"}`
	j := newFakeJournal(t, journalRecordAt(1, time.Unix(100, 0)), long, journalRecordAt(2, time.Unix(101, 0)))
	lines := readAll(t, openJournal(t, context.Background(), j.options(t)))
	want := []string{journalLineAt(1, time.Unix(100, 0)), journalLineAt(2, time.Unix(101, 0))}
	if got := texts(lines); !slices.Equal(got, want) {
		t.Errorf("lines = %q, want %q", got, want)
	}
}

func TestOpenJournalBatchLimits(t *testing.T) {
	var records []string
	for i := range 3 * MaxBatchLines {
		records = append(records, journalRecordAt(i, time.Unix(int64(100+i), 0)))
	}
	j := newFakeJournal(t, records...)
	lines := readAll(t, openJournal(t, context.Background(), j.options(t)))
	if len(lines) != len(records) {
		t.Fatalf("read %d lines, want %d", len(lines), len(records))
	}
	for i, line := range lines {
		if want := journalLineAt(i, time.Unix(int64(100+i), 0)); !bytes.Equal(line.Text, []byte(want)) {
			t.Fatalf("line %d = %q, want %q", i, line.Text, want)
		}
	}
}

// journalRemote returns the path of systemd-journal-remote, which writes
// journal files from the export format, or skips the test.
func journalRemote(t *testing.T) string {
	t.Helper()
	if _, err := FindJournalctl(); err != nil {
		t.Skipf("skipping the real journal test: %v", err)
	}
	for _, path := range []string{"/lib/systemd/systemd-journal-remote", "/usr/lib/systemd/systemd-journal-remote"} {
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	t.Skip("skipping the real journal test: systemd-journal-remote is not installed (Debian package systemd-journal-remote)")
	return ""
}

// writeRealJournal turns the captured Postfix log into a journal file,
// with one entry of another facility and one MESSAGE that is not UTF-8,
// and returns its path with the lines OpenJournal should make of it.
func writeRealJournal(t *testing.T) (string, []string) {
	t.Helper()
	remote := journalRemote(t)
	content, err := os.ReadFile(filepath.Join("..", "testdata", "postfix-3.7-maillog.txt"))
	if err != nil {
		t.Fatal(err)
	}

	var export bytes.Buffer
	var want []string
	monotonic := 1000
	addEntry := func(stamp time.Time, fields ...string) {
		monotonic += 1000
		fmt.Fprintf(&export, "__REALTIME_TIMESTAMP=%d\n__MONOTONIC_TIMESTAMP=%d\n_BOOT_ID=0123456789abcdef0123456789abcdef\n", stamp.UnixMicro(), monotonic)
		for _, field := range fields {
			export.WriteString(field)
			export.WriteByte('\n')
		}
		export.WriteByte('\n')
	}
	for line := range strings.SplitSeq(strings.TrimSpace(string(content)), "\n") {
		// "Dec 04 19:46:15 mx postfix/smtp[15676]: message"
		stamp, err := time.ParseInLocation("Jan 02 15:04:05 2006", line[:15]+" 2026", time.UTC)
		if err != nil {
			t.Fatalf("captured line %q: %v", line, err)
		}
		tag, message, _ := strings.Cut(line[len("Dec 04 19:46:15 mx "):], ": ")
		identifier, pid, _ := strings.Cut(strings.TrimSuffix(tag, "]"), "[")
		addEntry(stamp, "_HOSTNAME=mx", "SYSLOG_FACILITY=2", "PRIORITY=6", "SYSLOG_IDENTIFIER="+identifier, "SYSLOG_PID="+pid, "MESSAGE="+message)
		want = append(want, stamp.Format(journalStampLayout)+" "+line[len("Dec 04 19:46:15 "):])
	}
	last := time.Date(2026, 12, 4, 23, 0, 0, 0, time.UTC)
	addEntry(last, "_HOSTNAME=mx", "SYSLOG_FACILITY=0", "SYSLOG_IDENTIFIER=kernel", "MESSAGE=not mail")
	binary := "ABCDEF1234: said: 550 \xff\xfe\tnot UTF-8"
	export.WriteString("__REALTIME_TIMESTAMP=" + strconv.FormatInt(last.UnixMicro(), 10) + "\n__MONOTONIC_TIMESTAMP=999999\n_BOOT_ID=0123456789abcdef0123456789abcdef\n")
	export.WriteString("_HOSTNAME=mx\nSYSLOG_FACILITY=2\nSYSLOG_IDENTIFIER=postfix/smtp\n_PID=42\nMESSAGE\n")
	var size [8]byte
	for i := range size {
		size[i] = byte(len(binary) >> (8 * i))
	}
	export.Write(size[:])
	export.WriteString(binary + "\n\n")
	want = append(want, last.Format(journalStampLayout)+" mx postfix/smtp[42]: "+binary)

	path := filepath.Join(t.TempDir(), "mail.journal")
	cmd := exec.Command(remote, "--output="+path, "-")
	cmd.Stdin = &export
	if output, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v: %s", remote, err, output)
	}
	return path, want
}

func TestOpenJournalRealJournalFile(t *testing.T) {
	path, want := writeRealJournal(t)
	opts := JournalOptions{Files: []string{path}, Location: time.UTC, Logger: discardLogger()}
	lines := readAll(t, openJournal(t, context.Background(), opts))
	if got := texts(lines); !slices.Equal(got, want) {
		t.Errorf("read %d lines, want %d", len(got), len(want))
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("line %d =\n%q, want\n%q", i, got[i], want[i])
			}
		}
	}

	// The parser reads the made-up lines as it reads the captured ones.
	content, err := os.ReadFile(filepath.Join("..", "testdata", "postfix-3.7-maillog.txt"))
	if err != nil {
		t.Fatal(err)
	}
	captured := strings.Split(strings.TrimSpace(string(content)), "\n")
	fromFile := parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC})
	fromJournal := parsers.NewParser(parsers.Options{Location: time.UTC})
	for i, line := range captured[:min(len(captured), len(lines))] {
		var want, got parsers.Event
		fromFile.Parse([]byte(line), &want)
		fromJournal.Parse(lines[i].Text, &got)
		if got.Kind != want.Kind || !got.Time.Equal(want.Time) || string(got.Program) != string(want.Program) ||
			got.PID != want.PID || string(got.QueueID) != string(want.QueueID) || got.Status != want.Status {
			t.Errorf("line %d parses as %v %v %s[%d] %s %v, want %v %v %s[%d] %s %v", i,
				got.Kind, got.Time, got.Program, got.PID, got.QueueID, got.Status,
				want.Kind, want.Time, want.Program, want.PID, want.QueueID, want.Status)
		}
	}
}

func TestOpenJournalRealSince(t *testing.T) {
	path, want := writeRealJournal(t)
	since := time.Date(2026, 12, 4, 19, 50, 0, 0, time.UTC)
	first := slices.IndexFunc(want, func(line string) bool { return line >= since.Format(journalStampLayout) })
	opts := JournalOptions{Files: []string{path}, Location: time.UTC, Since: since}
	lines := readAll(t, openJournal(t, context.Background(), opts))
	if got := texts(lines); !slices.Equal(got, want[first:]) {
		t.Errorf("read %d lines from %v, want %d", len(got), since, len(want)-first)
	}
}

// TestOpenJournalRealRestart kills a real journalctl that follows a journal
// file and checks that the one started after it resumes at the cursor.
func TestOpenJournalRealRestart(t *testing.T) {
	path, want := writeRealJournal(t)
	opts := JournalOptions{Files: []string{path}, Location: time.UTC, Follow: true, RestartDelay: 10 * time.Millisecond}
	src := openJournal(t, context.Background(), opts)

	got := readLines(t, src, 100, 10*time.Second)
	source := src.(*journalSource)
	if source.child == nil {
		t.Fatal("no journalctl runs after 100 lines")
	}
	first := source.child.cmd.Process.Pid
	if err := source.child.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	got = append(got, readLines(t, src, len(want)-len(got), 10*time.Second)...)
	if !slices.Equal(got, want) {
		t.Errorf("read %d lines across the restart, want %d in order", len(got), len(want))
	}
	if source.child == nil || source.child.cmd.Process.Pid == first {
		t.Error("journalctl was not started again")
	}
}

// BenchmarkJournalRecordToLine measures decoding one record of the size
// journalctl --output=json prints for a Postfix delivery line (systemd 252
// adds about 25 fields) and writing its line.
func BenchmarkJournalRecordToLine(b *testing.B) {
	record := []byte(`{"__CURSOR":"s=0386e3fe215940eca25625d257b1eae5;i=1;b=0123456789abcdef0123456789abcdef;m=3e8;t=661d42345c540;x=d77fcf6efafb1a17","__REALTIME_TIMESTAMP":"1796413613000000","__MONOTONIC_TIMESTAMP":"1000","_BOOT_ID":"0123456789abcdef0123456789abcdef","_MACHINE_ID":"3d1219c7c4c5404aaa1f6d2a48adfda4","_HOSTNAME":"mx","_TRANSPORT":"syslog","PRIORITY":"6","SYSLOG_FACILITY":"2","SYSLOG_IDENTIFIER":"postfix/smtp","SYSLOG_PID":"16895","_PID":"16895","_UID":"102","_GID":"107","_COMM":"smtp","_EXE":"/usr/lib/postfix/sbin/smtp","_CMDLINE":"smtp -t unix -u -c","_CAP_EFFECTIVE":"0","_SELINUX_CONTEXT":"unconfined\n","_SYSTEMD_CGROUP":"/system.slice/system-postfix.slice/postfix@-.service","_SYSTEMD_UNIT":"postfix@-.service","_SYSTEMD_SLICE":"system-postfix.slice","_SYSTEMD_INVOCATION_ID":"5f3c2d1e0a9b8c7d6e5f4a3b2c1d0e9f","SYSLOG_TIMESTAMP":"Dec  4 19:46:53 ","_SOURCE_REALTIME_TIMESTAMP":"1796413612999950","MESSAGE":"6EFD4BE08E: to=<ok@docomo.ne.jp>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0/0.03/0.07/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: 320 bytes queued as SINK850812)"}`)
	var line []byte
	b.ReportAllocs()
	b.SetBytes(int64(len(record)))
	for b.Loop() {
		entry, err := decodeJournalEntry(record)
		if err != nil {
			b.Fatal(err)
		}
		line = entry.appendLine(line[:0], entry.stamp.In(time.UTC))
	}
}
