package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// requeuedQueueID is the queue ID pickup gives the requeued message.
const requeuedQueueID = "7B1C2D3E4F"

// linkSource is fakeSource, and once linked is set, after pickup logged
// the requeue of oldID: the old message names its new queue ID, and the
// domain list has the new message above the old one.
type linkSource struct {
	fakeSource
	oldID  string
	linked bool // pickup has logged the new queue ID
}

func (s *linkSource) Message(queueID string) (stats.Message, bool) {
	if s.linked && queueID == s.oldID {
		return stats.Message{QueueID: s.oldID, RequeuedAs: requeuedQueueID}, true
	}
	return s.fakeSource.Message(queueID)
}

func (s *linkSource) DomainMessages(domain string, limit int) []stats.MessageSummary {
	rows := s.fakeSource.DomainMessages(domain, limit)
	if !s.linked || len(rows) == 0 {
		return rows
	}
	renewed := rows[0]
	renewed.QueueID = requeuedQueueID
	renewed.Time = fixtureNow
	rows[0].State, rows[0].RequeuedAs = stats.StateRequeued, requeuedQueueID
	// A row of another message above both, so that a cursor that stayed
	// on the first row would be on the wrong message.
	other := rows[1]
	other.Time = fixtureNow.Add(time.Second)
	return append([]stats.MessageSummary{other, renewed}, rows...)
}

func TestMessageListRequeueShowsNewID(t *testing.T) {
	source := &linkSource{oldID: fixtureQueueID}
	actor := &fakeActor{}
	m := mainScreen(t, source, actor)
	m = send(t, m, keys("enter", "r", "y")...)
	if len(actor.calls) != 1 || actor.calls[0].action != "requeue" {
		t.Fatalf("actor calls = %v, want one requeue", actor.calls)
	}

	source.linked = true
	m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot()})

	if want := fixtureQueueID + " → " + requeuedQueueID; !strings.Contains(m.result, want) {
		t.Errorf("result = %q, want it to name %q", m.result, want)
	}
	if got := m.list.SelectedQueueID(); got != requeuedQueueID {
		t.Errorf("cursor on %q, want the new queue ID %s", got, requeuedQueueID)
	}
}

// requeuedQueue is the fixture queue after 4jh2H4dFgyz6hJk was requeued:
// it is listed under its new queue ID in the active queue, as the newest
// message, so that it moves to the end of the list.
func requeuedQueue() sources.QueueSnapshot {
	snap := fixtureQueue()
	for i, msg := range snap.Messages {
		if msg.QueueID == "4jh2H4dFgyz6hJk" {
			msg.QueueID, msg.Queue, msg.NextRetry, msg.Arrival = requeuedQueueID, sources.QueueActive, time.Time{}, fixtureNow
			snap.Messages[i] = msg
		}
	}
	return snap
}

func TestQueueRequeueShowsNewID(t *testing.T) {
	for lang, want := range map[string]string{
		"en": "requeue: 1 of 1 changed; new queue ID 4jh2H4dFgyz6hJk → 7B1C2D3E4F",
		"ja": "新しい queue ID は 4jh2H4dFgyz6hJk → 7B1C2D3E4F です。",
	} {
		t.Run(lang, func(t *testing.T) {
			source := &linkSource{oldID: "4jh2H4dFgyz6hJk"}
			opts := testOptions(lang, source, &fakeActor{})
			batch := &fakeBatch{}
			opts.QueueActor = batch
			m := newScreen(t, opts, 132, 40)
			m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"))
			if row, _ := m.queue.selectedRow(); row.msg.QueueID != "4jh2H4dFgyz6hJk" {
				t.Fatalf("cursor starts on %s, want 4jh2H4dFgyz6hJk", row.msg.QueueID)
			}
			m = send(t, m, keys("r", "y")...)
			if len(batch.calls) != 1 || batch.calls[0].action != "requeue" {
				t.Fatalf("batch calls = %+v, want one requeue", batch.calls)
			}

			// The scan lists the message under its new ID before pickup's
			// line is read, and the log snapshot after it links both.
			m = send(t, m, QueueSnapshotMsg{Snapshot: requeuedQueue()})
			source.linked = true
			m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot()})

			if !strings.Contains(m.result, want) {
				t.Errorf("result = %q, want %q", m.result, want)
			}
			if row, _ := m.queue.selectedRow(); row.msg.QueueID != requeuedQueueID {
				t.Errorf("cursor on %s, want the new queue ID %s", row.msg.QueueID, requeuedQueueID)
			}
		})
	}
}

func TestRequeueLinkStopsAfterWait(t *testing.T) {
	clock := fixtureNow
	source := &linkSource{oldID: fixtureQueueID}
	opts := testOptions("en", source, &fakeActor{})
	opts.Now = func() time.Time { return clock }
	m := newScreen(t, opts, 80, 24)
	m = send(t, m, keys("enter", "r", "y")...)
	if m.requeue == nil {
		t.Fatal("a requeue from the message list looks for no new queue ID")
	}

	clock = fixtureNow.Add(requeueLinkWait + time.Second)
	m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot()})
	if m.requeue != nil {
		t.Errorf("still looking for the new queue ID after %v", requeueLinkWait)
	}
}

func TestRequeueFollowStopsOnKey(t *testing.T) {
	source := &linkSource{oldID: "4jh2H4dFgyz6hJk"}
	opts := testOptions("en", source, &fakeActor{})
	opts.QueueActor = &fakeBatch{}
	m := newScreen(t, opts, 132, 40)
	m = send(t, m, QueueSnapshotMsg{Snapshot: fixtureQueue()}, keyPress("Q"))
	m = send(t, m, keys("r", "y", "down", "down")...)

	m = send(t, m, QueueSnapshotMsg{Snapshot: requeuedQueue()})
	source.linked = true
	m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot()})

	if row, _ := m.queue.selectedRow(); row.msg.QueueID == requeuedQueueID {
		t.Errorf("cursor moved to %s after the operator moved it", requeuedQueueID)
	}
}

func TestMessageViewRequeueFollowsAfterEsc(t *testing.T) {
	source := &linkSource{oldID: fixtureQueueID}
	m := mainScreen(t, source, &fakeActor{})
	m = send(t, m, keys("enter", "enter", "r", "y")...)

	source.linked = true
	m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot()})
	if want := fixtureQueueID + " → " + requeuedQueueID; !strings.Contains(m.result, want) {
		t.Errorf("result in the message view = %q, want it to name %q", m.result, want)
	}

	m = send(t, m, keys("esc")...)
	m = send(t, m, SnapshotMsg{Snapshot: fixtureSnapshot()})
	if got := m.list.SelectedQueueID(); got != requeuedQueueID {
		t.Errorf("cursor of the list after esc on %q, want the new queue ID %s", got, requeuedQueueID)
	}
}

// The pairs found by later lookups are added to the line that already
// names the first ones, so the count of the others stays right.
func TestRequeueLinksAddedLater(t *testing.T) {
	opts := testOptions("en", &linkSource{oldID: fixtureQueueID}, &fakeActor{})
	m := newScreen(t, opts, 132, 40)
	oldIDs := []string{"A00000000A", "A00000000B", "A00000000C", "A00000000D", "A00000000E"}
	m.setLongResult(resultInfo, "requeue: 5 of 5 changed", maxQueueResultLines)
	m.startRequeueLinks(oldIDs, "")

	next, _ := m.handleRequeueLinks(requeueLinksMsg{newIDs: map[string]string{"A00000000A": "B00000000A"}})
	m = next.(Model)
	if want := "new queue ID A00000000A → B00000000A"; !strings.Contains(m.result, want) {
		t.Fatalf("result after the first lookup = %q, want %q", m.result, want)
	}
	next, _ = m.handleRequeueLinks(requeueLinksMsg{newIDs: map[string]string{
		"A00000000B": "B00000000B", "A00000000C": "B00000000C", "A00000000D": "B00000000D", "A00000000E": "B00000000E",
	}})
	m = next.(Model)
	if want := "and 2 more"; !strings.Contains(m.result, want) {
		t.Errorf("result after the second lookup = %q, want %q", m.result, want)
	}
	if strings.Count(m.result, "new queue ID") != 1 {
		t.Errorf("result = %q, want the pairs named once", m.result)
	}
}
