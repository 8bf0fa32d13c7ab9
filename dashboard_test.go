package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/alerts"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
	"github.com/mailtop/mailtop/tui"
)

// snapshotCollector returns a collector that read one sent delivery to
// each of n domains and deferrals to docomo.ne.jp.
func snapshotCollector(t *testing.T, now time.Time, n int) *stats.Collector {
	t.Helper()
	parser := parsers.NewParser(parsers.Options{Year: now.Year(), Location: time.UTC})
	coll := stats.New(stats.Config{})
	add := func(line string) {
		var ev parsers.Event
		parser.Parse([]byte(line), &ev)
		coll.Add(&ev, []byte(line))
	}
	stamp := now.Add(-time.Minute).Format("Jan 02 15:04:05")
	for i := range n {
		add(fmt.Sprintf("%s mx postfix/smtp[3]: %010X: to=<u@d%04d.example>, relay=mx.example[192.0.2.1]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok)", stamp, 0xA000000000+i, i))
	}
	for i := range 20 {
		add(fmt.Sprintf("%s mx postfix/smtp[3]: %010X: to=<u%d@docomo.ne.jp>, relay=mfsmax.docomo.ne.jp[192.0.2.2]:25, delay=1, delays=0/0/0/1, dsn=4.7.0, status=deferred (host mfsmax.docomo.ne.jp[192.0.2.2] said: 421 4.7.0 try later (in reply to RCPT TO command))", stamp, 0xB000000000+i, i))
	}
	return coll
}

// nextSnapshot returns the next message on updates, or fails after 10 s.
func nextSnapshot(t *testing.T, updates <-chan tui.SnapshotMsg) tui.SnapshotMsg {
	t.Helper()
	select {
	case msg := <-updates:
		return msg
	case <-time.After(10 * time.Second):
		t.Fatal("no snapshot within 10 s")
		return tui.SnapshotMsg{}
	}
}

func TestSendSnapshotsPagesAndAlertDomains(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	coll := snapshotCollector(t, now, 500)
	rules, err := alerts.Compile([]alerts.Rule{{Carrier: "docomo", Window: "5m", Rate: 50}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	monitor := alerts.NewMonitor(ctx, rules, alerts.MonitorOptions{})
	defer monitor.Close()

	views := tui.NewViewRequests()
	updates := make(chan tui.SnapshotMsg, 1)
	go sendSnapshots(ctx, coll, monitor, func() time.Time { return now }, views, updates, nil)

	msg := nextSnapshot(t, updates)
	if msg.Page == nil {
		t.Fatal("the snapshot has no page")
	}
	// Before the screen published a request, nothing is pinned.
	if msg.Page.Matched != 501 {
		t.Errorf("page matched %d domains, want 501 with docomo.ne.jp", msg.Page.Matched)
	}
	if len(msg.Page.Rows) > views.Latest().Limit {
		t.Errorf("page has %d rows, more than the %d requested", len(msg.Page.Rows), views.Latest().Limit)
	}
	if len(msg.Snapshot.Domains) >= 500 {
		t.Errorf("the snapshot copied %d domains, want only the page's and the alerts'", len(msg.Snapshot.Domains))
	}
	if len(msg.Alerts) != 1 || msg.Alerts[0].Domain != "docomo.ne.jp" {
		t.Errorf("alerts = %+v, want docomo.ne.jp firing", msg.Alerts)
	}

	// A screen that sorts by name requests new rows, and the next
	// snapshot carries them.
	screen := tui.New(tui.Options{Views: views})
	next, _ := screen.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	next.Update(tea.KeyPressMsg{Code: 's', Text: "s"})
	for range 10 {
		msg = nextSnapshot(t, updates)
		if msg.Page.View.Sort == stats.SortDomain {
			break
		}
	}
	if msg.Page.View.Sort != stats.SortDomain {
		t.Fatalf("page sort = %v after the screen sorted by name, want SortDomain", msg.Page.View.Sort)
	}
	if got := msg.Page.Rows[0].Domain; got != "d0000.example" {
		t.Errorf("first row = %s, want d0000.example", got)
	}
}

func TestStaleLog(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		mtime := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
		if err := os.Chtimes(path, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		return path
	}
	old := write("old.log", "Oct 31 09:00:00 mx postfix/qmgr[1]: 4A1B2C3D4E: removed\n"+
		"Nov  1 10:02:03 mx postfix/qmgr[1]: 4A1B2C3D4F: removed\n")
	older := write("old.log.1", "Oct 30 09:00:00 mx postfix/qmgr[1]: 4A1B2C3D4A: removed\n")
	garbage := write("garbage.log", "\x00\x01 not a log line\n")
	end := time.Date(2026, 11, 1, 10, 2, 3, 0, time.UTC)
	opts := &options{location: time.UTC}

	cases := []struct {
		name  string
		setup logSetup
		since time.Time
		want  bool
	}{
		{"every file ends before since", logSetup{paths: []string{older, old}}, end.Add(time.Hour), true},
		{"last line after since", logSetup{paths: []string{older, old}}, end.Add(-time.Minute), false},
		{"since all", logSetup{paths: []string{old}}, time.Time{}, false},
		{"standard input", logSetup{paths: []string{old, "-"}}, end.Add(time.Hour), false},
		{"journal", logSetup{journal: true, paths: []string{journalLabel}}, end.Add(time.Hour), false},
		{"no readable stamp", logSetup{paths: []string{old, garbage}}, end.Add(time.Hour), false},
		{"missing file", logSetup{paths: []string{filepath.Join(dir, "missing.log")}}, end.Add(time.Hour), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := staleLog(opts, tc.setup, tc.since, "1h")
			if (got != nil) != tc.want {
				t.Fatalf("staleLog = %+v, want stale %v", got, tc.want)
			}
			if got == nil {
				return
			}
			if !got.End.Equal(end) {
				t.Errorf("End = %v, want %v", got.End, end)
			}
			if got.Since != "1h" {
				t.Errorf("Since = %q, want 1h", got.Since)
			}
		})
	}
}

// lockedBuffer is a bytes.Buffer that a logger may write from another
// goroutine while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestHistoryLoggerFollowedLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	history := "Dec  4 10:00:00 mx postfix/qmgr[1]: 4A1B2C3D4E: removed\n" +
		"Dec  4 10:00:01 mx postfix/qmgr[1]: 4A1B2C3D4F: removed\n" +
		"Dec  4 10:00:02 mx postfix/qmgr[1]: 4A1B2C3D4A: removed\n"
	if err := os.WriteFile(path, []byte(history), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := sources.OpenLogs([]string{path}, sources.Options{Follow: true, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var out lockedBuffer
	reading := &historyLogger{LogSource: src, logger: slog.New(slog.NewTextHandler(&out, nil)), start: time.Now()}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan int, 16)
	go func() {
		for {
			lines, err := reading.Next(ctx)
			if err != nil {
				close(got)
				return
			}
			got <- len(lines)
		}
	}()
	read := 0
	for read < 3 {
		read += <-got
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "log history read") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if text := out.String(); !strings.Contains(text, `msg="log history read" lines=3 `) {
		t.Fatalf("debug log = %q, want the history read with 3 lines", text)
	}

	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("Dec  4 10:00:03 mx postfix/qmgr[1]: 4A1B2C3D4B: removed\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if n := <-got; n != 1 {
		t.Fatalf("read %d lines after the append, want 1", n)
	}
	if total := reading.total(); total != 4 {
		t.Errorf("total = %d, want 4", total)
	}
	if count := strings.Count(out.String(), "log history read"); count != 1 {
		t.Errorf("history logged %d times, want once:\n%s", count, out.String())
	}

	// The source may be closed only once the reader has stopped.
	cancel()
	for range got {
	}
}

func TestHistoryLoggerEndOfSource(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.log")
	if err := os.WriteFile(path, []byte("Dec  4 10:00:00 mx postfix/qmgr[1]: 4A1B2C3D4E: removed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src, err := sources.OpenLogs([]string{path}, sources.Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var out lockedBuffer
	reading := &historyLogger{LogSource: src, logger: slog.New(slog.NewTextHandler(&out, nil)), start: time.Now()}
	if got := reading.progress(); got != (tui.History{Reading: true, Percent: 0}) {
		t.Errorf("progress before reading = %+v, want reading at 0 %%", got)
	}
	for {
		if _, err := reading.Next(context.Background()); err != nil {
			break
		}
	}
	if text := out.String(); !strings.Contains(text, `msg="log history read" lines=1 `) {
		t.Errorf("debug log = %q, want the history read with 1 line", text)
	}
	if got := reading.progress(); got.Reading {
		t.Errorf("progress after the history was read = %+v, want none", got)
	}
}

// slowHistory is a log source with a known history size whose second read
// takes longer than historyWait, as on a busy machine.
type slowHistory struct {
	reads int
	read  atomic.Int64
}

func (s *slowHistory) Next(ctx context.Context) ([]sources.Line, error) {
	s.reads++
	switch s.reads {
	case 1:
		s.read.Store(30)
		return []sources.Line{{Text: []byte("a")}}, nil
	case 2:
		time.Sleep(3 * historyWait)
		s.read.Store(60)
		return []sources.Line{{Text: []byte("b")}}, nil
	case 3:
		s.read.Store(100)
		return []sources.Line{{Text: []byte("c")}}, nil
	}
	<-ctx.Done() // following: nothing more comes
	return nil, ctx.Err()
}

func (s *slowHistory) Close() error { return nil }

func (s *slowHistory) Progress() sources.Progress {
	return sources.Progress{Read: s.read.Load(), Total: 100}
}

// A slow read inside the history does not count as its end when the
// source reports how much of it is left.
func TestHistoryLoggerWaitsForProgress(t *testing.T) {
	var out lockedBuffer
	reading := &historyLogger{LogSource: &slowHistory{}, logger: slog.New(slog.NewTextHandler(&out, nil)), start: time.Now()}
	for read := range 3 {
		if end, ok := reading.historyEnd(); ok {
			t.Fatalf("history end = %d lines after %d of its 3 reads, want none yet", end, read)
		}
		if _, err := reading.Next(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if end, ok := reading.historyEnd(); !ok || end != 3 {
		t.Errorf("history end = %d, %v after the read that reached its size, want 3 lines", end, ok)
	}
	if text := out.String(); strings.Contains(text, "log history read") {
		t.Fatalf("history reported read in its middle: %q", text)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*historyWait)
	defer cancel()
	reading.Next(ctx)
	if text := out.String(); !strings.Contains(text, `msg="log history read" lines=3 `) {
		t.Fatalf("debug log = %q, want the history read with 3 lines", text)
	}
}

// oneLine is a log source of unknown size, as the journal is: one line,
// then nothing until ctx ends.
type oneLine struct{ reads int }

func (s *oneLine) Next(ctx context.Context) ([]sources.Line, error) {
	s.reads++
	if s.reads == 1 {
		return []sources.Line{{Text: []byte("a")}}, nil
	}
	<-ctx.Done()
	return nil, ctx.Err()
}

func (s *oneLine) Close() error { return nil }

// A source that does not know its size is shown as reading, without a
// percentage, until a read waits; the demo's is never shown.
func TestHistoryProgressOfUnsizedSource(t *testing.T) {
	discard := slog.New(slog.DiscardHandler)
	demo := &historyLogger{LogSource: &oneLine{}, logger: discard, start: time.Now()}
	if got := demo.progress(); got.Reading {
		t.Errorf("demo progress = %+v, want none", got)
	}

	reading := &historyLogger{LogSource: &oneLine{}, logger: discard, start: time.Now(), unsized: true}
	if got := reading.progress(); got != (tui.History{Reading: true, Percent: -1}) {
		t.Errorf("progress at start = %+v, want reading without a percentage", got)
	}
	if _, err := reading.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*historyWait)
	defer cancel()
	reading.Next(ctx)
	if got := reading.progress(); got.Reading {
		t.Errorf("progress after a read waited = %+v, want none", got)
	}
}

// Each snapshot message carries how far the history has been read, and the
// end of the reading reaches the screen even when no line arrives then.
func TestSendSnapshotsHistory(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 10, 0, time.UTC)
	coll := snapshotCollector(t, now, 50)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	monitor := alerts.NewMonitor(ctx, nil, alerts.MonitorOptions{})
	defer monitor.Close()
	reading := &fakeReading{}
	reading.reading.Store(true)
	updates := make(chan tui.SnapshotMsg, 1)
	go sendSnapshotsEvery(ctx, coll, monitor, func() time.Time { return now }, tui.NewViewRequests(), updates, reading, 5*time.Millisecond, time.Hour)

	deadline := time.After(10 * time.Second)
	for idle := false; !idle; {
		select {
		case msg := <-updates:
			if msg.History != (tui.History{Reading: true, Percent: 30}) {
				t.Fatalf("history while reading = %+v", msg.History)
			}
			idle = msg.LinesPerSecond == 0
		case <-deadline:
			t.Fatal("the lines/s figure did not reach zero within 10 s")
		}
	}
	reading.reading.Store(false)
	for {
		select {
		case msg := <-updates:
			if !msg.History.Reading {
				return
			}
		case <-deadline:
			t.Fatal("the end of the history read never reached the screen")
		}
	}
}

// While no line arrives and the minute stays, the snapshots stop once the
// lines/s figure reached zero. A new line or a new minute brings one.
func TestSendSnapshotsIdle(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 12, 4, 12, 0, 10, 0, time.UTC)
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}
	coll := snapshotCollector(t, now, 50)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	monitor := alerts.NewMonitor(ctx, nil, alerts.MonitorOptions{})
	defer monitor.Close()
	updates := make(chan tui.SnapshotMsg, 1)
	go sendSnapshotsEvery(ctx, coll, monitor, clock, tui.NewViewRequests(), updates, nil, 5*time.Millisecond, time.Hour)

	// Each idle tick multiplies the rate by 0.7, so it reaches zero within
	// a few dozen ticks.
	deadline := time.After(10 * time.Second)
	var first *stats.Snapshot
	for settled := false; !settled; {
		select {
		case msg := <-updates:
			if first == nil {
				first = msg.Snapshot
			}
			settled = msg.LinesPerSecond == 0
		case <-deadline:
			t.Fatal("the lines/s figure did not reach zero within 10 s")
		}
	}
	select {
	case msg := <-updates:
		if msg.LinesPerSecond != 0 || msg.Snapshot != first {
			t.Errorf("idle update with %.1f lines/s, new snapshot %v", msg.LinesPerSecond, msg.Snapshot != first)
		}
	default:
	}
	select {
	case msg := <-updates:
		t.Fatalf("an update came while idle: %.1f lines/s, %d lines", msg.LinesPerSecond, msg.Snapshot.Lines.Read)
	case <-time.After(200 * time.Millisecond):
	}

	line := "Dec  4 12:00:05 mx postfix/qmgr[1]: 4A1B2C3D4E: removed"
	var ev parsers.Event
	parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC}).Parse([]byte(line), &ev)
	coll.Add(&ev, []byte(line))
	msg := nextSnapshot(t, updates)
	if msg.Snapshot == first || msg.Snapshot.Lines.Read != first.Lines.Read+1 {
		t.Errorf("after a new line: snapshot read %d lines, want %d", msg.Snapshot.Lines.Read, first.Lines.Read+1)
	}

	for msg.LinesPerSecond != 0 {
		msg = nextSnapshot(t, updates)
	}
	taken := msg.Snapshot
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	msg = nextSnapshot(t, updates)
	if msg.Snapshot == taken || !msg.Snapshot.Now.Equal(now) {
		t.Errorf("after the minute changed: snapshot at %v, want a new one at %v", msg.Snapshot.Now, now)
	}
}
