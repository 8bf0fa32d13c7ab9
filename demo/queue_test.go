package demo

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// recordedUntil returns a collector fed the embedded recording's lines up
// to and including the clock time until ("15:04:05" on Dec 04), and that
// time.
func recordedUntil(t *testing.T, until string) (*stats.Collector, time.Time) {
	t.Helper()
	end, err := time.ParseInLocation("2006 Jan 02 15:04:05", "2026 Dec 04 "+until, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	coll := stats.New(stats.DefaultConfig())
	parser := parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC})
	for line := range bytes.Lines(Recording()) {
		line = bytes.TrimSuffix(line, []byte("\n"))
		if string(line[:len("Dec 04 15:04:05")]) > "Dec 04 "+until {
			break
		}
		var ev parsers.Event
		parser.Parse(line, &ev)
		coll.Add(&ev, line)
	}
	return coll, end
}

func TestBuildQueueDocomoDeferred(t *testing.T) {
	coll, now := recordedUntil(t, "17:30:00")
	snap := BuildQueue(coll, now)

	if snap.Dir != QueueDir {
		t.Errorf("Dir = %q, want %q", snap.Dir, QueueDir)
	}
	if snap.Source != sources.QueueFromDirectory {
		t.Errorf("Source = %q, want %q", snap.Source, sources.QueueFromDirectory)
	}
	if len(snap.Counts) != len(sources.MessageQueues) {
		t.Errorf("Counts = %v, want every queue present", snap.Counts)
	}
	if len(snap.Messages) == 0 {
		t.Fatalf("no messages at 17:30:00, want the deferred ones")
	}
	if snap.Counts[sources.QueueDeferred] != len(snap.Messages) {
		t.Fatalf("Counts = %v for %d messages, want all deferred", snap.Counts, len(snap.Messages))
	}

	found := false
	for i, m := range snap.Messages {
		if i > 0 && m.Arrival.Before(snap.Messages[i-1].Arrival) {
			t.Errorf("%s arrived before the message listed ahead of it", m.QueueID)
		}
		if m.NextRetry.IsZero() || m.NextRetry.Before(now) {
			t.Errorf("%s: next retry %v, want a time from now on", m.QueueID, m.NextRetry)
		}
		if m.QueueID != "E07ACBA083" {
			continue
		}
		found = true
		if len(m.Recipients) != 1 {
			t.Fatalf("E07ACBA083 recipients = %+v, want one", m.Recipients)
		}
		r := m.Recipients[0]
		if r.Address != "haruka.kato@docomo.ne.jp" {
			t.Errorf("E07ACBA083 recipient address = %q, want haruka.kato@docomo.ne.jp", r.Address)
		}
		if r.Done {
			t.Errorf("E07ACBA083 recipient is done, want pending")
		}
		if r.Status != "4.7.0" {
			t.Errorf("E07ACBA083 recipient status = %q, want 4.7.0", r.Status)
		}
		if !strings.Contains(r.Reason, "Service not available") {
			t.Errorf("E07ACBA083 recipient reason = %q, want docomo's 421 Service not available", r.Reason)
		}
		if m.Sender == "" {
			t.Errorf("E07ACBA083 has no sender, want the one from the log")
		}
		if m.Arrival.IsZero() {
			t.Errorf("E07ACBA083 has no arrival time, want the one from the log")
		}
	}
	if !found {
		t.Errorf("E07ACBA083, deferred by docomo at 17:18:06, is not in the queue")
	}
}

func TestBuildQueueHoldAndRelease(t *testing.T) {
	cases := []struct {
		until string
		queue string // "" for not queued
	}{
		{"19:20:00", sources.QueueDeferred},
		{"19:40:00", sources.QueueHold},
		{"21:10:00", sources.QueueDeferred},
		{"21:30:00", ""},
	}
	for _, tc := range cases {
		t.Run(tc.until, func(t *testing.T) {
			coll, now := recordedUntil(t, tc.until)
			snap := BuildQueue(coll, now)
			queue := ""
			for _, m := range snap.Messages {
				if m.QueueID == "E2A5ABA020" {
					queue = m.Queue
					if m.Queue == sources.QueueHold && !m.NextRetry.IsZero() {
						t.Errorf("held message has next retry %v, want none", m.NextRetry)
					}
				}
			}
			if queue != tc.queue {
				t.Errorf("E2A5ABA020 in queue %q, want %q", queue, tc.queue)
			}
		})
	}
}

func TestQueueContentFromLog(t *testing.T) {
	coll, now := recordedUntil(t, "19:20:00")
	read := QueueContent(coll)
	var message sources.QueuedMessage
	for _, m := range BuildQueue(coll, now).Messages {
		if m.QueueID == "E2A5ABA020" {
			message = m
		}
	}
	content, err := read("", message)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"From: <order@shop.example.com>\n",
		"To: <emi.watanabe@docomo.ne.jp>\n",
		"Message-ID: <20261204191505.114@shop.example.com>\n",
	} {
		if !strings.Contains(string(content), want) {
			t.Errorf("content lacks %q:\n%s", want, content)
		}
	}
	if !strings.HasSuffix(string(content), ">\n\n") {
		t.Errorf("content has a body, want the headers only (the screen adds a translated note):\n%s", content)
	}
	if _, err := read("", sources.QueuedMessage{QueueID: "ABCDEF1234"}); err == nil {
		t.Errorf("content of an unknown queue ID: no error")
	}
}

func TestWatchQueueSendsAndCloses(t *testing.T) {
	coll, now := recordedUntil(t, "17:30:00")
	ctx, cancel := context.WithCancel(context.Background())
	updates := WatchQueue(ctx, coll, func() time.Time { return now }, time.Hour)

	select {
	case scan := <-updates:
		if scan.Err != nil {
			t.Errorf("first scan error = %v, want nil", scan.Err)
		}
		if len(scan.Snapshot.Messages) == 0 {
			t.Errorf("first scan has no messages, want the queue at once")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no scan within 5 seconds, want one at once")
	}

	cancel()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-updates:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("updates still open 5 seconds after cancel")
		}
	}
}
