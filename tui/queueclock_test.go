package tui

import (
	"strings"
	"testing"
	"time"
)

// queueRowLine returns the screen line that lists queueID, or "".
func queueRowLine(m Model, queueID string) string {
	for _, line := range strings.Split(screenText(m), "\n") {
		if strings.Contains(line, queueID) {
			return line
		}
	}
	return ""
}

func TestQueueAgesFollowHeaderClock(t *testing.T) {
	clock := fixtureNow
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	opts.Now = func() time.Time { return clock }
	m := newScreen(t, opts, 132, 40)
	m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"))

	if line := queueRowLine(m, "2C6F8B1D04"); !strings.Contains(line, " 30s ") {
		t.Fatalf("active row before the tick = %q, want age 30s", line)
	}

	// The log snapshot of each second moves the clock; no queue scan comes.
	clock = fixtureNow.Add(20 * time.Second)
	m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot()})

	if line := queueRowLine(m, "2C6F8B1D04"); !strings.Contains(line, " 50s ") {
		t.Errorf("active row after 20 s = %q, want age 50s", line)
	}
}

func TestQueueClockStopsWhilePaused(t *testing.T) {
	clock := fixtureNow
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	opts.Now = func() time.Time { return clock }
	m := newScreen(t, opts, 132, 40)
	m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"), keyPress("p"))

	clock = fixtureNow.Add(20 * time.Second)
	m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot()})

	if line := queueRowLine(m, "2C6F8B1D04"); !strings.Contains(line, " 30s ") {
		t.Errorf("active row while paused = %q, want age 30s as at the pause", line)
	}
}

// An idle log sends a snapshot only every 5 s, so the queue screen has a
// clock of its own.
func TestQueueAgesFollowQueueClock(t *testing.T) {
	clock := fixtureNow
	opts := testOptions("en", &fakeSource{}, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	opts.Now = func() time.Time { return clock }
	m := newScreen(t, opts, 80, 24)
	m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"))

	clock = fixtureNow.Add(3 * time.Second)
	m = send(t, m, queueClockMsg{})
	if line := queueRowLine(m, "2C6F8B1D04"); !strings.Contains(line, " 33s ") {
		t.Errorf("active row after 3 s = %q, want age 33s", line)
	}

	m = send(t, m, keyPress("p"))
	clock = fixtureNow.Add(6 * time.Second)
	m = send(t, m, queueClockMsg{})
	if line := queueRowLine(m, "2C6F8B1D04"); !strings.Contains(line, " 33s ") {
		t.Errorf("active row after 6 s, paused at 3 s = %q, want age 33s", line)
	}
}
