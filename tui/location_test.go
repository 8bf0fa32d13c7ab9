package tui

import (
	"strings"
	"testing"
	"time"
)

func TestTimesShownInLocation(t *testing.T) {
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.Location = time.UTC
	opts.QueueActor = &fakeBatch{}
	opts.QueueContent = readFixtureContent
	m := newScreen(t, opts, 132, 40)

	// The fixture's failures are stamped in JST: the feed shows them in UTC.
	first := fixtureSnapshot().Failures[0].Time
	if text := screenText(m); !strings.Contains(text, first.UTC().Format("15:04:05")) {
		t.Errorf("feed lacks the failure time %s in UTC:\n%s", first.UTC().Format("15:04:05"), text)
	}

	queue := fixtureQueue()
	m = send(t, m, QueueSnapshotMsg{Snapshot: queue}, keyPress("Q"), keyPress("enter"))
	if m.screen != screenQueueMessage {
		t.Fatalf("enter did not open the queued message")
	}
	var arrival time.Time
	for _, msg := range queue.Messages {
		if msg.QueueID == m.queueDetail.msg.QueueID {
			arrival = msg.Arrival
		}
	}
	want := arrival.UTC().Format("2006-01-02 15:04:05 MST")
	if text := screenText(m); !strings.Contains(text, want) {
		t.Errorf("queued message view lacks the arrival %s:\n%s", want, text)
	}
}
