package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/sources"
)

// ActionLog receives the log lines of the demo's simulated actions, as
// *Replay does.
type ActionLog interface {
	InjectAction(res actions.Result)
	Inject(program, text string)
}

// SimulatedQueue is the demo's queue: what the replayed log has left
// undelivered (BuildQueue), with the simulated actions applied at once.
// The lines an action adds to the log reach the collector only after the
// pipeline has read them. Without the changes kept here, the queue screen
// would show a held message as deferred for a moment and refuse to
// release it.
type SimulatedQueue struct {
	state QueueState
	log   ActionLog // nil adds no lines
	now   func() time.Time

	mu sync.Mutex
	// moved maps a queue ID to the queue a hold or release put it in.
	moved map[string]string
	// removed are the queue IDs that a delete or a requeue took away.
	removed map[string]bool
	// requeued are the messages a requeue made, by their new queue ID.
	requeued map[string]sources.QueuedMessage
	// issued counts the queue IDs made for requeued messages.
	issued int

	changed chan struct{} // wakes Watch after an action
}

// NewSimulatedQueue returns the queue of state, whose simulated actions add
// their lines to log. now is the replay's clock.
func NewSimulatedQueue(state QueueState, log ActionLog, now func() time.Time) *SimulatedQueue {
	return &SimulatedQueue{
		state:    state,
		log:      log,
		now:      now,
		moved:    make(map[string]string),
		removed:  make(map[string]bool),
		requeued: make(map[string]sources.QueuedMessage),
		changed:  make(chan struct{}, 1),
	}
}

// Snapshot returns BuildQueue's queue at now with the simulated actions
// applied: held and released messages in their new queue, deleted ones
// gone, and requeued ones under their new queue ID.
func (q *SimulatedQueue) Snapshot(now time.Time) sources.QueueSnapshot {
	snap := BuildQueue(q.state, now)
	q.mu.Lock()
	defer q.mu.Unlock()

	messages := make([]sources.QueuedMessage, 0, len(snap.Messages)+len(q.requeued))
	for _, m := range snap.Messages {
		if _, ok := q.requeued[m.QueueID]; !ok {
			messages = append(messages, m)
		}
	}
	for _, m := range q.requeued {
		messages = append(messages, m)
	}

	for name := range snap.Counts {
		snap.Counts[name] = 0
	}
	snap.Messages = snap.Messages[:0]
	for _, m := range messages {
		if q.removed[m.QueueID] {
			continue
		}
		if queue, ok := q.moved[m.QueueID]; ok && queue != m.Queue {
			m.Queue = queue
			m.NextRetry = time.Time{}
			if queue == sources.QueueDeferred {
				// A released message is due at once.
				m.NextRetry = now
			}
		}
		if m.Queue == sources.QueueDeferred && m.NextRetry.Before(now) {
			// As in BuildQueue: qmgr would have tried again by now.
			m.NextRetry = now
		}
		snap.Counts[m.Queue]++
		snap.Messages = append(snap.Messages, m)
	}
	slices.SortFunc(snap.Messages, func(a, b sources.QueuedMessage) int {
		if c := a.Arrival.Compare(b.Arrival); c != 0 {
			return c
		}
		return strings.Compare(a.QueueID, b.QueueID)
	})
	return snap
}

// Lookup returns the message id names in Snapshot, for
// actions.Simulated.LookupFunc, so that an action is checked against the
// queue the screen shows.
func (q *SimulatedQueue) Lookup(id string) (actions.QueuedMessage, bool) {
	for _, m := range q.Snapshot(q.now()).Messages {
		if m.QueueID == id {
			return actions.QueuedMessage{QueueID: m.QueueID, Queue: m.Queue, Arrival: m.Arrival, Sender: m.Sender, Size: m.Size}, true
		}
	}
	return actions.QueuedMessage{}, false
}

// Apply records what the simulated action res did, for
// actions.Simulated.OnAction. It adds the lines Postfix would log, and
// Watch sends the changed queue at once. A requeued message stays queued
// under a new queue ID, as after postsuper -r, with pickup's line that
// names its old ID. Deliver now, expire and the flushes change nothing
// here, because the demo delivers no mail.
func (q *SimulatedQueue) Apply(res actions.Result) {
	var requeued []sources.QueuedMessage
	if res.Action == actions.ActionRequeue {
		requeued = q.requeue(res.QueueIDs)
	}

	q.mu.Lock()
	for _, id := range res.QueueIDs {
		switch res.Action {
		case actions.ActionHold:
			q.moved[id] = sources.QueueHold
		case actions.ActionRelease:
			q.moved[id] = sources.QueueDeferred
		case actions.ActionDelete, actions.ActionRequeue:
			q.removed[id] = true
			delete(q.requeued, id)
		}
	}
	for _, m := range requeued {
		q.requeued[m.QueueID] = m
	}
	q.mu.Unlock()

	if q.log != nil {
		q.log.InjectAction(res)
		for i, m := range requeued {
			q.log.Inject("postfix/pickup", fmt.Sprintf("%s: uid=0 from=<%s> orig_id=%s", m.QueueID, m.Sender, res.QueueIDs[i]))
		}
	}
	select {
	case q.changed <- struct{}{}:
	default:
	}
}

// requeue returns the messages ids name, as Snapshot lists them, under new
// queue IDs, in the deferred queue and due at once. An ID that is not
// listed gets an entry without sender and recipients, so that requeued
// and ids stay aligned.
func (q *SimulatedQueue) requeue(ids []string) []sources.QueuedMessage {
	now := q.now()
	listed := q.Snapshot(now).Messages
	q.mu.Lock()
	defer q.mu.Unlock()
	var requeued []sources.QueuedMessage
	for _, id := range ids {
		var m sources.QueuedMessage
		if i := slices.IndexFunc(listed, func(m sources.QueuedMessage) bool { return m.QueueID == id }); i >= 0 {
			m = listed[i]
		}
		// Postfix keeps the arrival time, and cleanup clears the hold.
		m.QueueID = q.newQueueID(now)
		m.Queue = sources.QueueDeferred
		m.NextRetry = now
		m.Recipients = slices.Clone(m.Recipients)
		requeued = append(requeued, m)
	}
	return requeued
}

// newQueueID returns a short queue ID that no message of the log or of the
// simulated queue has, made as Postfix makes one: five hexadecimal digits
// of the microseconds, then five of a number in place of the inode number.
// The caller holds q.mu.
func (q *SimulatedQueue) newQueueID(now time.Time) string {
	for {
		q.issued++
		id := fmt.Sprintf("%05X%05X", now.Nanosecond()/1000&0xFFFFF, (0xA0000+q.issued)&0xFFFFF)
		if _, ok := q.state.Message(id); ok {
			continue
		}
		if _, ok := q.requeued[id]; ok || q.removed[id] {
			continue
		}
		return id
	}
}

// Watch sends Snapshot at once, then every interval and after each action,
// as the QueueWatcher of a live dashboard does. The channel closes when
// ctx ends. A snapshot the screen has not taken yet is replaced by the newer one.
func (q *SimulatedQueue) Watch(ctx context.Context, interval time.Duration) <-chan sources.QueueScan {
	updates := make(chan sources.QueueScan, 1)
	go func() {
		defer close(updates)
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			scan := sources.QueueScan{Snapshot: q.Snapshot(q.now())}
			select {
			case updates <- scan:
			default:
				select {
				case <-updates:
				default:
				}
				updates <- scan
			}
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			case <-q.changed:
			}
		}
	}()
	return updates
}
