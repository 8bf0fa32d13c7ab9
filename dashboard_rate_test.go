package main

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mailtop/mailtop/alerts"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// fakeReading is a logReading whose history is read at 30 % while reading
// is set, with the live lines and the end of the history set by the test.
type fakeReading struct {
	reading atomic.Bool
	live    atomic.Int64
	end     atomic.Int64 // the history's lines plus one; zero while unknown
}

func (f *fakeReading) historyEnd() (int64, bool) {
	n := f.end.Load()
	return n - 1, n > 0
}

func (f *fakeReading) progress() tui.History {
	if f.reading.Load() {
		return tui.History{Reading: true, Percent: 30}
	}
	return tui.History{}
}

func (f *fakeReading) liveLines() int64 { return f.live.Load() }

// The lines/s figure counts only the lines read after the history: the
// collector's history burst leaves it at zero, and live lines raise it.
func TestSendSnapshotsRateCountsLiveLines(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 10, 0, time.UTC)
	coll := snapshotCollector(t, now, 50) // the history: 70 lines read at once
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	monitor := alerts.NewMonitor(ctx, nil, alerts.MonitorOptions{})
	defer monitor.Close()
	reading := &fakeReading{}
	updates := make(chan tui.SnapshotMsg, 1)
	go sendSnapshotsEvery(ctx, coll, monitor, func() time.Time { return now }, tui.NewViewRequests(), updates, reading, 5*time.Millisecond, time.Hour)

	if msg := nextSnapshot(t, updates); msg.LinesPerSecond != 0 {
		t.Fatalf("lines/s = %.1f after the history alone, want 0", msg.LinesPerSecond)
	}
	// The ticks of the next 100 ms bring no other figure.
	for quiet := time.After(100 * time.Millisecond); ; {
		var msg tui.SnapshotMsg
		select {
		case msg = <-updates:
		case <-quiet:
		}
		if msg.Snapshot == nil {
			break
		}
		if msg.LinesPerSecond != 0 {
			t.Fatalf("lines/s = %.1f after the history alone, want 0", msg.LinesPerSecond)
		}
	}

	line := "Dec  4 12:00:05 mx postfix/qmgr[1]: 4A1B2C3D4E: removed"
	var ev parsers.Event
	parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC}).Parse([]byte(line), &ev)
	coll.Add(&ev, []byte(line))
	reading.live.Add(1)
	deadline := time.After(10 * time.Second)
	for {
		select {
		case msg := <-updates:
			if msg.LinesPerSecond > 0 {
				return
			}
		case <-deadline:
			t.Fatal("a live line did not raise the lines/s figure within 10 s")
		}
	}
}

// batches is a log source that returns one batch of sizes[i] lines at its
// read i, then waits for ctx. With sized set, read i also records that
// progress[i] bytes of the history have been read.
type batches struct {
	sizes    []int
	progress []int64 // the bytes read after each batch, of historySize
	reads    int
	read     atomic.Int64
	sized    bool
}

const historySize = 100

func (b *batches) Next(ctx context.Context) ([]sources.Line, error) {
	if b.reads == len(b.sizes) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	lines := make([]sources.Line, b.sizes[b.reads])
	if b.sized {
		b.read.Store(b.progress[b.reads])
	}
	b.reads++
	return lines, nil
}

func (b *batches) Close() error { return nil }

// sizedBatches is batches with a history of known size, as log files have.
type sizedBatches struct{ batches }

func (s *sizedBatches) Progress() sources.Progress {
	return sources.Progress{Read: s.read.Load(), Total: historySize}
}

// The lines of reads that start after the history was read are live: for
// a log file once its size at the start was read, for the demo after the
// first read, which returns its preloaded hours.
func TestHistoryLoggerLiveLines(t *testing.T) {
	discard := slog.New(slog.DiscardHandler)

	file := &sizedBatches{batches{sizes: []int{500, 400, 3, 2}, progress: []int64{60, 100, 100, 100}, sized: true}}
	reading := &historyLogger{LogSource: file, logger: discard, start: time.Now()}
	for range 4 {
		if _, err := reading.Next(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := reading.liveLines(); got != 5 {
		t.Errorf("log file: %d live lines, want 5 after a history of 900", got)
	}
	if got := reading.total(); got != 905 {
		t.Errorf("log file: %d lines in all, want 905", got)
	}

	demo := &historyLogger{LogSource: &batches{sizes: []int{2000, 4, 1}}, logger: discard, start: time.Now()}
	for range 3 {
		if _, err := demo.Next(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := demo.liveLines(); got != 5 {
		t.Errorf("demo: %d live lines, want 5 after a preload of 2000", got)
	}
}

// Once the collector has added the last line of the history, the snapshot
// that counts it comes at once, not at the next regular tick.
func TestSendSnapshotsHistoryEndAtOnce(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 10, 0, time.UTC)
	coll := snapshotCollector(t, now, 50)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	monitor := alerts.NewMonitor(ctx, nil, alerts.MonitorOptions{})
	defer monitor.Close()
	reading := &fakeReading{}
	reading.reading.Store(true)
	updates := make(chan tui.SnapshotMsg, 1)
	go sendSnapshotsEvery(ctx, coll, monitor, func() time.Time { return now }, tui.NewViewRequests(), updates, reading, time.Hour, time.Hour)

	// The source has read 71 lines, one more than the collector added.
	reading.end.Store(coll.LinesRead() + 2)
	select {
	case msg := <-updates:
		t.Fatalf("a snapshot of %d lines came before the collector added the history's last line", msg.Snapshot.Lines.Read)
	case <-time.After(10 * historyPollInterval):
	}

	line := "Dec  4 12:00:05 mx postfix/qmgr[1]: 4A1B2C3D4E: removed"
	var ev parsers.Event
	parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC}).Parse([]byte(line), &ev)
	coll.Add(&ev, []byte(line))
	reading.reading.Store(false)
	msg := nextSnapshot(t, updates)
	if msg.Snapshot.Lines.Read != 71 {
		t.Errorf("the snapshot counted %d lines, want the history's 71", msg.Snapshot.Lines.Read)
	}
	if msg.History.Reading {
		t.Errorf("the snapshot of the whole history says it is still being read: %+v", msg.History)
	}
	select {
	case msg := <-updates:
		t.Fatalf("a second snapshot came without a tick: %d lines", msg.Snapshot.Lines.Read)
	case <-time.After(10 * historyPollInterval):
	}
}
