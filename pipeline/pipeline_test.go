package pipeline

import (
	"context"
	"errors"
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
