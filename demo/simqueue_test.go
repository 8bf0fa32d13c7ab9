package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
)

// recordedLog records the lines a SimulatedQueue adds to the log.
type recordedLog struct {
	actions []actions.Result
	lines   []string
}

func (l *recordedLog) InjectAction(res actions.Result) { l.actions = append(l.actions, res) }

func (l *recordedLog) Inject(program, text string) { l.lines = append(l.lines, program+": "+text) }

// simulatedQueueAt returns the demo's queue at 19:20, when E2A5ABA020 is
// deferred, with a simulated controller acting on it.
func simulatedQueueAt(t *testing.T) (*SimulatedQueue, *actions.Simulated, *recordedLog, time.Time) {
	t.Helper()
	coll, now := recordedUntil(t, "19:20:00")
	log := &recordedLog{}
	queue := NewSimulatedQueue(coll, log, func() time.Time { return now })
	return queue, &actions.Simulated{LookupFunc: queue.Lookup, OnAction: queue.Apply}, log, now
}

// listed returns the message of snap with the queue ID id.
func listed(snap sources.QueueSnapshot, id string) (sources.QueuedMessage, bool) {
	i := slices.IndexFunc(snap.Messages, func(m sources.QueuedMessage) bool { return m.QueueID == id })
	if i < 0 {
		return sources.QueuedMessage{}, false
	}
	return snap.Messages[i], true
}

func targetFor(t *testing.T, snap sources.QueueSnapshot, id string) actions.Target {
	t.Helper()
	m, ok := listed(snap, id)
	if !ok {
		t.Fatalf("queue lacks %s", id)
	}
	return actions.Target{ID: m.QueueID, Queue: m.Queue, Sender: m.Sender, Arrival: m.Arrival}
}

func TestSimulatedHoldThenReleaseAtOnce(t *testing.T) {
	queue, simulated, log, now := simulatedQueueAt(t)
	ctx := context.Background()

	target := targetFor(t, queue.Snapshot(now), "E2A5ABA020")
	if _, err := simulated.HoldMany(ctx, []actions.Target{target}); err != nil {
		t.Fatalf("hold: %v", err)
	}
	snap := queue.Snapshot(now)
	if m, _ := listed(snap, "E2A5ABA020"); m.Queue != sources.QueueHold || !m.NextRetry.IsZero() {
		t.Errorf("after hold, E2A5ABA020 is in %q with next retry %v, want hold and none", m.Queue, m.NextRetry)
	}
	if snap.Counts[sources.QueueHold] != 1 {
		t.Errorf("hold count = %d, want 1", snap.Counts[sources.QueueHold])
	}

	// The release right after is checked against the changed queue, before
	// the replay's log has the hold.
	res, err := simulated.ReleaseMany(ctx, []actions.Target{targetFor(t, snap, "E2A5ABA020")})
	if err != nil || len(res.Skipped) != 0 {
		t.Fatalf("release = %+v, %v, want it done", res, err)
	}
	if m, _ := listed(queue.Snapshot(now), "E2A5ABA020"); m.Queue != sources.QueueDeferred || m.NextRetry.IsZero() {
		t.Errorf("after release, E2A5ABA020 is in %q with next retry %v, want deferred and due", m.Queue, m.NextRetry)
	}
	if len(log.actions) != 2 {
		t.Errorf("log got %d actions, want the hold and the release", len(log.actions))
	}
}

func TestSimulatedRequeueKeepsMessage(t *testing.T) {
	queue, simulated, log, now := simulatedQueueAt(t)
	before := queue.Snapshot(now)
	old, _ := listed(before, "E2A5ABA020")

	if _, err := simulated.RequeueMany(context.Background(), []actions.Target{targetFor(t, before, "E2A5ABA020")}); err != nil {
		t.Fatalf("requeue: %v", err)
	}
	after := queue.Snapshot(now)
	if _, ok := listed(after, "E2A5ABA020"); ok {
		t.Errorf("E2A5ABA020 is still listed after the requeue")
	}
	if len(after.Messages) != len(before.Messages) {
		t.Fatalf("queue has %d messages after the requeue, want %d", len(after.Messages), len(before.Messages))
	}
	var requeued sources.QueuedMessage
	for _, m := range after.Messages {
		if _, ok := listed(before, m.QueueID); !ok {
			requeued = m
		}
	}
	if !parsers.ValidQueueID(requeued.QueueID) {
		t.Fatalf("requeued message has the queue ID %q, want a valid new one", requeued.QueueID)
	}
	if requeued.Sender != old.Sender || !requeued.Arrival.Equal(old.Arrival) || len(requeued.Recipients) != len(old.Recipients) {
		t.Errorf("requeued message %+v, want the sender, arrival and recipients of %+v", requeued, old)
	}
	if requeued.Queue != sources.QueueDeferred {
		t.Errorf("requeued message is in %q, want deferred", requeued.Queue)
	}
	want := fmt.Sprintf("postfix/pickup: %s: uid=0 from=<%s> orig_id=E2A5ABA020", requeued.QueueID, old.Sender)
	if !slices.Contains(log.lines, want) {
		t.Errorf("log lines %q lack %q", log.lines, want)
	}

	// The new queue ID can be acted on, and a delete removes it.
	if _, err := simulated.DeleteMany(context.Background(), []actions.Target{targetFor(t, after, requeued.QueueID)}); err != nil {
		t.Fatalf("delete of the requeued message: %v", err)
	}
	if _, ok := listed(queue.Snapshot(now), requeued.QueueID); ok {
		t.Errorf("%s is still listed after the delete", requeued.QueueID)
	}
}

func TestSimulatedQueueWatchAfterAction(t *testing.T) {
	queue, simulated, _, now := simulatedQueueAt(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	updates := queue.Watch(ctx, time.Hour)
	first := <-updates
	if m, _ := listed(first.Snapshot, "E2A5ABA020"); m.Queue != sources.QueueDeferred {
		t.Fatalf("first snapshot has E2A5ABA020 in %q, want deferred", m.Queue)
	}

	if _, err := simulated.HoldMany(ctx, []actions.Target{targetFor(t, queue.Snapshot(now), "E2A5ABA020")}); err != nil {
		t.Fatalf("hold: %v", err)
	}
	select {
	case scan := <-updates:
		if m, _ := listed(scan.Snapshot, "E2A5ABA020"); m.Queue != sources.QueueHold {
			t.Errorf("snapshot after the hold has E2A5ABA020 in %q, want hold", m.Queue)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no snapshot within 5 s of the hold, with an interval of an hour")
	}
}

func TestSimulatedQueueIDsUnique(t *testing.T) {
	queue, _, _, now := simulatedQueueAt(t)
	seen := map[string]bool{}
	queue.mu.Lock()
	defer queue.mu.Unlock()
	for range 100 {
		id := queue.newQueueID(now)
		if seen[id] || !parsers.ValidQueueID(id) || strings.ToUpper(id) != id {
			t.Fatalf("queue ID %q repeated or invalid", id)
		}
		seen[id] = true
	}
}
