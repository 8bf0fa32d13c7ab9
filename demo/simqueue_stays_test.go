package demo

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// recordFrom feeds coll the embedded recording's lines after the clock
// time from and up to and including until ("15:04:05" on Dec 04), as the
// replay would while the operator looks at the screen, and returns until.
func recordFrom(t *testing.T, coll *stats.Collector, from, until string) time.Time {
	t.Helper()
	end, err := time.ParseInLocation("2006 Jan 02 15:04:05", "2026 Dec 04 "+until, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	parser := parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC})
	for line := range bytes.Lines(Recording()) {
		line = bytes.TrimSuffix(line, []byte("\n"))
		stamp := string(line[:len("Dec 04 15:04:05")])
		if stamp <= "Dec 04 "+from {
			continue
		}
		if stamp > "Dec 04 "+until {
			break
		}
		var ev parsers.Event
		parser.Parse(line, &ev)
		coll.Add(&ev, line)
	}
	return end
}

// simulatedQueueOf returns a simulated queue of coll whose clock is *now.
func simulatedQueueOf(coll *stats.Collector, now *time.Time) (*SimulatedQueue, *actions.Simulated, *recordedLog) {
	log := &recordedLog{}
	queue := NewSimulatedQueue(coll, log, func() time.Time { return *now })
	return queue, &actions.Simulated{LookupFunc: queue.Lookup, OnAction: queue.Apply}, log
}

// The recording places E2A5ABA020 on hold at 19:36:22, releases it at
// 21:01:30 and delivers it at 21:22:44. A hold by the operator at 19:20
// stays: those later lines do not take the message out of the hold queue.
func TestSimulatedHoldStaysThroughRecording(t *testing.T) {
	coll, now := recordedUntil(t, "19:20:00")
	queue, simulated, _ := simulatedQueueOf(coll, &now)
	if _, err := simulated.HoldMany(context.Background(), []actions.Target{targetFor(t, queue.Snapshot(now), "E2A5ABA020")}); err != nil {
		t.Fatalf("hold: %v", err)
	}

	for _, until := range []string{"19:40:00", "21:05:00", "21:30:00"} {
		now = recordFrom(t, coll, now.Format("15:04:05"), until)
		m, ok := listed(queue.Snapshot(now), "E2A5ABA020")
		if !ok {
			t.Errorf("at %s, E2A5ABA020 is not listed, want it held", until)
			continue
		}
		if m.Queue != sources.QueueHold {
			t.Errorf("at %s, E2A5ABA020 is in %q, want hold", until, m.Queue)
		}
	}

	// The release works on the held message, which is due, and qmgr's
	// scan delivers it as docomo delivers the other mail by then.
	snap := queue.Snapshot(now)
	res, err := simulated.ReleaseMany(context.Background(), []actions.Target{targetFor(t, snap, "E2A5ABA020")})
	if err != nil || len(res.Skipped) != 0 {
		t.Fatalf("release = %+v, %v, want it done", res, err)
	}
	if m, ok := listed(queue.Snapshot(now), "E2A5ABA020"); ok {
		t.Errorf("after the release, E2A5ABA020 is listed in %q, want it delivered", m.Queue)
	}
}

// 00AE1BA047 is deferred at 20:30 and delivered at 20:34:55. A hold the
// operator confirms after the replay has delivered it acts on the message
// as it was listed, and the message stays held.
func TestSimulatedHoldAfterReplayMovedOn(t *testing.T) {
	coll, now := recordedUntil(t, "20:30:00")
	queue, simulated, log := simulatedQueueOf(coll, &now)
	target := targetFor(t, queue.Snapshot(now), "00AE1BA047")

	now = recordFrom(t, coll, "20:30:00", "20:40:00")
	if _, ok := listed(queue.Snapshot(now), "00AE1BA047"); ok {
		t.Fatal("the recording did not deliver 00AE1BA047 by 20:40")
	}
	res, err := simulated.HoldMany(context.Background(), []actions.Target{target})
	if err != nil || len(res.Skipped) != 0 || res.Count != 1 {
		t.Fatalf("hold = %+v, %v, want 00AE1BA047 held", res, err)
	}
	if len(log.actions) != 1 {
		t.Errorf("log got %d actions, want the hold", len(log.actions))
	}
	m, ok := listed(queue.Snapshot(now), "00AE1BA047")
	if !ok || m.Queue != sources.QueueHold {
		t.Errorf("after the hold, 00AE1BA047 is listed %v in %q, want it in hold", ok, m.Queue)
	}
	if m.Sender != target.Sender || !m.Arrival.Equal(target.Arrival) {
		t.Errorf("held message = %+v, want the sender and arrival listed", m)
	}

	// The single-message form, as in the message view, works the same.
	now = recordFrom(t, coll, "20:40:00", "20:45:00")
	if _, err := simulated.Release(context.Background(), "00AE1BA047", target.Sender, target.Arrival); err != nil {
		t.Errorf("release: %v", err)
	}
}

// A queue ID that names another message than the one listed, as in the
// recording's next loop a day later, is still rejected as changed.
func TestSimulatedActionRejectsOtherMessage(t *testing.T) {
	coll, now := recordedUntil(t, "20:30:00")
	queue, simulated, log := simulatedQueueOf(coll, &now)
	target := targetFor(t, queue.Snapshot(now), "00AE1BA047")
	target.Arrival = target.Arrival.Add(-24 * time.Hour)

	res, err := simulated.HoldMany(context.Background(), []actions.Target{target})
	if err == nil && len(res.Skipped) == 0 {
		t.Fatalf("hold of a message with another arrival = %+v, want it skipped", res)
	}
	if err == nil && !errors.Is(res.Skipped[0].Err, actions.ErrChanged) {
		t.Errorf("skip reason = %v, want ErrChanged", res.Skipped[0].Err)
	}
	if len(log.actions) != 0 {
		t.Errorf("log got %d actions, want none", len(log.actions))
	}
}

// A deleted message stays gone, and an expired one is returned to its
// sender with qmgr's lines, whatever the recording logs of them later.
func TestSimulatedDeleteAndExpireStay(t *testing.T) {
	coll, now := recordedUntil(t, "20:30:00")
	queue, simulated, log := simulatedQueueOf(coll, &now)
	snap := queue.Snapshot(now)
	var deferred []string
	for _, m := range snap.Messages {
		if m.Queue == sources.QueueDeferred && m.QueueID != "00AE1BA047" {
			deferred = append(deferred, m.QueueID)
		}
	}
	if len(deferred) == 0 {
		t.Fatal("no other deferred message at 20:30")
	}
	expiredID := deferred[0]

	if _, err := simulated.DeleteMany(context.Background(), []actions.Target{targetFor(t, snap, "00AE1BA047")}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	expiredTarget := targetFor(t, snap, expiredID)
	if _, err := simulated.ExpireMany(context.Background(), []actions.Target{expiredTarget}); err != nil {
		t.Fatalf("expire: %v", err)
	}
	for _, until := range []string{"20:30:00", "21:30:00"} {
		now = recordFrom(t, coll, now.Format("15:04:05"), until)
		after := queue.Snapshot(now)
		for _, id := range []string{"00AE1BA047", expiredID} {
			if _, ok := listed(after, id); ok {
				t.Errorf("at %s, %s is listed after the action", until, id)
			}
		}
	}
	want := []string{
		"postfix/qmgr: " + expiredID + ": from=<" + expiredTarget.Sender + ">, status=force-expired, returned to sender",
		"postfix/qmgr: " + expiredID + ": removed",
	}
	for _, line := range want {
		if !slices.Contains(log.lines, line) {
			t.Errorf("log lines %q lack %q", log.lines, line)
		}
	}
	if len(log.actions) != 2 || log.actions[1].Action != actions.ActionExpire {
		t.Errorf("log actions = %+v, want the delete and the expiry", log.actions)
	}

	// Acting again on the deleted message finds it gone.
	res, err := simulated.HoldMany(context.Background(), []actions.Target{targetFor(t, snap, "00AE1BA047")})
	if err == nil && len(res.Skipped) == 0 {
		t.Errorf("hold of the deleted message = %+v, want it skipped", res)
	} else if err == nil && !strings.Contains(res.Skipped[0].Err.Error(), "00AE1BA047") {
		t.Errorf("skip reason = %v, want it to name the queue ID", res.Skipped[0].Err)
	}
}
