package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// maildropScan returns a scan with a deferred message and, in the
// maildrop queue, a requeued message with one recipient delivered and one
// pending, and a message whose file names no recipient.
func maildropScan(arrival time.Time) sources.QueueScan {
	return sources.QueueScan{Snapshot: sources.QueueSnapshot{
		Counts: map[string]int{"maildrop": 2, "deferred": 1},
		Messages: []sources.QueuedMessage{
			{Queue: "deferred", QueueID: "1B101E2252", Arrival: arrival, Recipients: []sources.QueuedRecipient{{Address: "a@docomo.ne.jp"}}},
			{Queue: "maildrop", QueueID: "2C202E3363", Arrival: arrival, Recipients: []sources.QueuedRecipient{
				{Address: "done@ezweb.ne.jp", Done: true},
				{Address: "b@ezweb.ne.jp"},
			}},
			{Queue: "maildrop", QueueID: "3D303E4474", Arrival: arrival},
		},
	}}
}

func TestCountMaildropSetsCollector(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	coll := stats.New(stats.Config{})
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	scans := make(chan sources.QueueScan, 1)
	out := countMaildrop(ctx, scans, coll)

	scans <- maildropScan(now.Add(-time.Hour))
	if scan := <-out; len(scan.Snapshot.Messages) != 3 {
		t.Fatalf("passed on a scan of %d messages, want 3", len(scan.Snapshot.Messages))
	}
	pending := func() map[string]int {
		counts := map[string]int{}
		for _, d := range coll.Snapshot(now).Domains {
			counts[d.Domain] = d.Pending
		}
		return counts
	}
	if got := pending(); got["ezweb.ne.jp"] != 1 || got["docomo.ne.jp"] != 0 {
		t.Errorf("pending by domain = %v, want ezweb.ne.jp 1 from the maildrop queue and docomo.ne.jp none", got)
	}

	// A failed scan keeps the last count.
	scans <- sources.QueueScan{Err: errors.New("postqueue -j failed")}
	if scan := <-out; scan.Err == nil {
		t.Errorf("the failed scan was not passed on")
	}
	if got := pending()["ezweb.ne.jp"]; got != 1 {
		t.Errorf("ezweb.ne.jp pending after a failed scan = %d, want 1", got)
	}

	close(scans)
	select {
	case _, ok := <-out:
		if ok {
			t.Errorf("a scan came after the watcher's channel closed")
		}
	case <-time.After(5 * time.Second):
		t.Errorf("the channel stays open after the watcher's closed")
	}
}

func TestCountMaildropKeepsNewestScan(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	scans := make(chan sources.QueueScan)
	out := countMaildrop(ctx, scans, stats.New(stats.Config{}))
	// The sends return although nothing reads out yet, because each scan
	// replaces the one before it.
	for _, dir := range []string{"first", "second", "third"} {
		scans <- sources.QueueScan{Snapshot: sources.QueueSnapshot{Dir: dir}}
	}
	timeout := time.After(5 * time.Second)
	for {
		select {
		case scan := <-out:
			if scan.Snapshot.Dir == "third" {
				return
			}
		case <-timeout:
			t.Fatalf("the newest scan was not passed on")
		}
	}
}
