package pipeline

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// The captured Postfix 3.7 log: 938 lines, 209 delivery attempts of which
// 49 were sent, 150 deferred and 10 bounced; 8 recipients expired.
func TestRunCountsCapturedLog(t *testing.T) {
	src, err := sources.OpenLogs([]string{"../testdata/postfix-3.7-maillog.txt"}, sources.Options{Location: time.UTC, Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()

	coll := stats.New(stats.DefaultConfig())
	if err := Run(context.Background(), src, coll, Options{Year: 2026, Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	snap := coll.Snapshot(time.Date(2026, 12, 4, 20, 1, 0, 0, time.UTC))
	if snap.Lines.Read != 938 {
		t.Errorf("lines read = %d, want 938", snap.Lines.Read)
	}
	if snap.Lines.Unrecognized != 0 {
		t.Errorf("unrecognized = %d, want 0 (by daemon: %v)", snap.Lines.Unrecognized, snap.Lines.ByDaemon)
	}
	all := snap.Totals[stats.WindowAll]
	if all.Attempts != 209 || all.Sent != 49 || all.Deferred != 150 || all.Bounced != 10 || all.Expired != 8 {
		t.Errorf("totals = %+v, want 209 attempts: 49 sent, 150 deferred, 10 bounced, 8 expired", all)
	}
	if got := snap.First; !got.Equal(time.Date(2026, 12, 4, 19, 46, 15, 0, time.UTC)) {
		t.Errorf("first event at %v", got)
	}
}

func TestRunStopsWhenContextEnds(t *testing.T) {
	src, err := sources.OpenLogs([]string{"../testdata/postfix-3.7-maillog.txt"}, sources.Options{Follow: true, Location: time.UTC, Year: 2026})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	coll := stats.New(stats.DefaultConfig())
	err = Run(ctx, src, coll, Options{Year: 2026, Location: time.UTC})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Run on a followed file returned %v, want the context's error", err)
	}
	if coll.Lines().Read != 938 {
		t.Errorf("read %d lines before the deadline, want all 938", coll.Lines().Read)
	}
}

// scriptedSource returns the batches in order, then err. Like a real
// source, it reuses the previous batch's buffers on each call: it overwrites
// their text with X. It is not safe for concurrent use, so the race
// detector reports a Next that runs after Run returned.
type scriptedSource struct {
	batches [][]sources.Line
	err     error
	calls   int
	last    []sources.Line
}

func (s *scriptedSource) Next(ctx context.Context) ([]sources.Line, error) {
	s.calls++
	for _, line := range s.last {
		for i := range line.Text {
			line.Text[i] = 'X'
		}
	}
	if len(s.batches) == 0 {
		return nil, s.err
	}
	s.last = s.batches[0]
	s.batches = s.batches[1:]
	return s.last, nil
}

func (s *scriptedSource) Close() error { return nil }

func TestRunReturnsSourceError(t *testing.T) {
	line := func(text string) sources.Line {
		return sources.Line{Text: []byte(text), Origin: "test"}
	}
	broken := errors.New("disk read failed")
	src := &scriptedSource{
		batches: [][]sources.Line{
			{line("Dec  4 19:46:15 mx postfix/qmgr[1]: 6EFD4BE08E: removed"), line("garbage")},
			{line("Dec  4 19:46:16 mx postfix/qmgr[1]: 92B99BE0C9: removed")},
		},
		err: broken,
	}
	coll := stats.New(stats.DefaultConfig())
	err := Run(context.Background(), src, coll, Options{Year: 2026, Location: time.UTC})
	if !errors.Is(err, broken) {
		t.Errorf("Run returned %v, want the source's error", err)
	}
	if src.calls != 3 {
		t.Errorf("Next called %d times, want 3", src.calls)
	}
	if got := coll.Lines().Read; got != 3 {
		t.Errorf("read %d lines, want the 3 before the error", got)
	}
}

// The source reuses its buffers on the next call to Next, which Run makes
// while the collector may still be adding the batch. A batch that is not
// copied shows up as wrong lines, and under -race as a data race.
func TestRunCopiesBatches(t *testing.T) {
	const text = "Dec 04 19:47:51 mx postfix/smtpd[17533]: 4C18BBE0C8: client=unknown[127.0.0.1]"
	src := &scriptedSource{err: io.EOF}
	for range 50 {
		src.batches = append(src.batches, []sources.Line{{Text: []byte(text)}})
	}
	coll := stats.New(stats.DefaultConfig())
	if err := Run(context.Background(), src, coll, Options{Year: 2026, Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	m, ok := coll.Message("4C18BBE0C8")
	if !ok {
		t.Fatal("message 4C18BBE0C8 not tracked")
	}
	for i, line := range m.Lines {
		if line != text {
			t.Errorf("line %d = %q, want %q", i, line, text)
		}
	}
	if got := coll.Lines().Unrecognized; got != 0 {
		t.Errorf("%d lines unrecognized, want 0", got)
	}
}

// Snapshots and message copies taken while Run adds lines must be
// consistent; under -race this also checks that the kept lines handed out
// are not written to while the collector keeps adding lines.
func TestRunWithConcurrentReaders(t *testing.T) {
	data, err := os.ReadFile("../testdata/postfix-3.7-maillog.txt")
	if err != nil {
		t.Fatalf("read the test log: %v", err)
	}
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	src := &memorySource{lines: lines, rounds: 20}
	coll := stats.New(stats.DefaultConfig())

	done := make(chan struct{})
	var kept []stats.Message
	go func() {
		defer close(done)
		for coll.Lines().Read < int64(20*len(lines)) {
			snap := coll.Snapshot(time.Date(2026, 12, 4, 20, 1, 0, 0, time.UTC))
			if all := snap.Totals[stats.WindowAll]; all.Attempts != all.Sent+all.Deferred+all.Bounced {
				t.Errorf("snapshot attempts %d != sent %d + deferred %d + bounced %d", all.Attempts, all.Sent, all.Deferred, all.Bounced)
				return
			}
			if m, ok := coll.Message("4C18BBE0C8"); ok {
				kept = append(kept, m)
			}
		}
	}()
	if err := Run(context.Background(), src, coll, Options{Year: 2026, Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	<-done

	last, ok := coll.Message("4C18BBE0C8")
	if !ok {
		t.Fatal("message 4C18BBE0C8 not tracked")
	}
	kept = append(kept, last)
	for _, m := range kept {
		for _, line := range m.Lines {
			if !bytes.Contains(data, []byte(line+"\n")) {
				t.Fatalf("kept line %q is not a line of the log", line)
			}
		}
	}
	if got := coll.Snapshot(time.Time{}).Totals[stats.WindowAll].Attempts; got != 20*209 {
		t.Errorf("attempts = %d, want %d", got, 20*209)
	}
}
