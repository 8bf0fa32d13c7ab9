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
//
// An action takes effect and stays, as on a real server. A message the
// operator held, released, requeued or delivered now belongs to the
// simulation from then on: the replay leaves out the recording's later
// lines about it (see Replay.InjectAction), and the simulation makes its
// delivery attempts (see deliver). A deleted, requeued or expired message
// stays gone.
type SimulatedQueue struct {
	state QueueState
	log   ActionLog // nil adds no lines
	// recording names the recording's queue IDs when log is a *Replay,
	// and is nil otherwise.
	recording recordedQueueIDs
	now       func() time.Time

	mu sync.Mutex
	// owned are the messages whose delivery attempts the simulation
	// makes, by queue ID: held, released, requeued under a new queue ID,
	// delivered now, or left deferred by a loop of the recording that has
	// ended.
	owned map[string]*ownedMessage
	// removed maps the queue IDs of the messages that an action or a
	// simulated delivery took away to the arrival of that message.
	// BuildQueue lists such a message until the collector has read the
	// lines that took it away.
	removed map[string]time.Time
	// listed is the latest listing of each message Snapshot has returned,
	// by queue ID. Lookup falls back on it for a message the replay
	// finished after the screen listed it.
	listed map[string]sources.QueuedMessage
	// issued counts the queue IDs made for requeued messages.
	issued int

	changed chan struct{} // wakes Watch after an action
}

// recordedQueueIDs are the methods of *Replay that name the queue IDs of
// the recording's loops.
type recordedQueueIDs interface {
	RecordedQueueID(id string) bool
	RecordingPlayed(id string, now time.Time) bool
	NextRecordedAttempt(id string, now time.Time) (time.Time, bool)
}

// NewSimulatedQueue returns the queue of state, whose simulated actions add
// their lines to log. now is the replay's clock. When log is the *Replay
// that state reads, the simulation delivers the messages that a loop of
// the recording leaves deferred once the loop has ended. The queue IDs it
// makes for requeued messages then avoid those of every loop.
func NewSimulatedQueue(state QueueState, log ActionLog, now func() time.Time) *SimulatedQueue {
	recording, _ := log.(recordedQueueIDs)
	return &SimulatedQueue{
		state:     state,
		log:       log,
		recording: recording,
		now:       now,
		owned:     make(map[string]*ownedMessage),
		removed:   make(map[string]time.Time),
		listed:    make(map[string]sources.QueuedMessage),
		changed:   make(chan struct{}, 1),
	}
}

// Snapshot returns BuildQueue's queue at now with the simulated actions
// applied: held and released messages in their new queue, deleted and
// expired ones gone, and requeued ones under their new queue ID. It first
// makes the delivery attempts of the simulation's messages that are due by
// now, and adds their lines to the log.
func (q *SimulatedQueue) Snapshot(now time.Time) sources.QueueSnapshot {
	snap := BuildQueue(q.state, now)
	q.mu.Lock()
	q.ownPlayed(snap.Messages, now)
	lines := q.deliverDue(now)

	messages := make([]sources.QueuedMessage, 0, len(snap.Messages)+len(q.owned))
	for _, m := range snap.Messages {
		if _, ok := q.owned[m.QueueID]; ok {
			continue
		}
		if arrival, ok := q.removed[m.QueueID]; ok && arrival.Equal(m.Arrival) {
			continue
		}
		q.retryAtRecordedAttempt(&m, now)
		messages = append(messages, m)
	}
	for _, o := range q.owned {
		messages = append(messages, o.listing())
	}

	for name := range snap.Counts {
		snap.Counts[name] = 0
	}
	for _, m := range messages {
		snap.Counts[m.Queue]++
		q.listed[m.QueueID] = m
	}
	q.mu.Unlock()
	q.inject(lines)

	slices.SortFunc(messages, func(a, b sources.QueuedMessage) int {
		if c := a.Arrival.Compare(b.Arrival); c != 0 {
			return c
		}
		return strings.Compare(a.QueueID, b.QueueID)
	})
	snap.Messages = messages
	return snap
}

// ownPlayed makes the simulation deliver each deferred message of
// messages whose loop of the recording has ended, because the replay has
// no line about it left to play. Postfix would go on trying it the next
// day. The caller holds q.mu.
func (q *SimulatedQueue) ownPlayed(messages []sources.QueuedMessage, now time.Time) {
	if q.recording == nil {
		return
	}
	for _, m := range messages {
		if m.Queue != sources.QueueDeferred || !q.recording.RecordingPlayed(m.QueueID, now) {
			continue
		}
		if _, ok := q.owned[m.QueueID]; ok {
			continue
		}
		if arrival, ok := q.removed[m.QueueID]; ok && arrival.Equal(m.Arrival) {
			continue
		}
		o := q.ownMessage(m)
		o.tryAt = nextScan(o.retryAt)
		q.owned[m.QueueID] = o
	}
}

// retryAtRecordedAttempt moves the next retry of m, a deferred message
// that the replay still has lines about, to the recording's next attempt
// when that comes sooner. The retry then reads due when the recording
// tries the message.
func (q *SimulatedQueue) retryAtRecordedAttempt(m *sources.QueuedMessage, now time.Time) {
	if q.recording == nil || m.Queue != sources.QueueDeferred {
		return
	}
	if next, ok := q.recording.NextRecordedAttempt(m.QueueID, now); ok && next.Before(m.NextRetry) {
		m.NextRetry = next
	}
}

// inject adds lines to the log, in order.
func (q *SimulatedQueue) inject(lines []logLine) {
	if q.log == nil {
		return
	}
	for _, line := range lines {
		q.log.Inject(line.program, line.text)
	}
}

// Lookup returns the message id names in Snapshot, for
// actions.Simulated.LookupFunc, so that an action is checked against the
// queue the screen shows. A message that Snapshot listed before and the
// replay has finished since, such as one the recording delivered while
// the confirmation was open, is returned as it was listed: the operator
// acted on it before the replay moved on. Verify still rejects it when the
// queue ID now names another message, with another sender or arrival.
func (q *SimulatedQueue) Lookup(id string) (actions.QueuedMessage, bool) {
	m, ok := findMessage(q.Snapshot(q.now()).Messages, id)
	if !ok {
		q.mu.Lock()
		m, ok = q.listed[id]
		if arrival, gone := q.removed[id]; ok && gone && arrival.Equal(m.Arrival) {
			ok = false
		}
		q.mu.Unlock()
	}
	if !ok {
		return actions.QueuedMessage{}, false
	}
	return actions.QueuedMessage{QueueID: m.QueueID, Queue: m.Queue, Arrival: m.Arrival, Sender: m.Sender, Size: m.Size}, true
}

func findMessage(messages []sources.QueuedMessage, id string) (sources.QueuedMessage, bool) {
	if i := slices.IndexFunc(messages, func(m sources.QueuedMessage) bool { return m.QueueID == id }); i >= 0 {
		return messages[i], true
	}
	return sources.QueuedMessage{}, false
}

// Apply records what the simulated action res did, for
// actions.Simulated.OnAction. It adds the lines Postfix would log, and
// Watch sends the changed queue at once. A released message keeps its
// retry time and is tried at qmgr's first scan from then, or from the
// release when that time has passed. A requeued message gets a new queue
// ID, as after postsuper -r, with pickup's line that names its old ID, and
// is tried at once, as a message is after deliver now. An expired message
// is returned to its sender at once, with qmgr's lines, where Postfix
// would return it at its next delivery attempt.
//
// NOTE: the flushes (postqueue -s and -f) change nothing here, although
// Postfix would try every deferred message of the domain or the queue.
func (q *SimulatedQueue) Apply(res actions.Result) {
	now := q.now()
	q.mu.Lock()
	var expired []sources.QueuedMessage
	var tried []logLine
	for _, id := range res.QueueIDs {
		o, ok := q.owned[id]
		if !ok {
			// Lookup has just listed the message the action checked. An
			// ID it has not listed gets a message without a sender or
			// recipients, so that the lines below still name it.
			m, listed := q.listed[id]
			if !listed {
				m = sources.QueuedMessage{QueueID: id, Queue: sources.QueueDeferred}
			}
			o = q.ownMessage(m)
		}
		switch res.Action {
		case actions.ActionHold:
			o.msg.Queue = sources.QueueHold
			q.owned[id] = o
		case actions.ActionRelease:
			o.release(now)
			q.owned[id] = o
		case actions.ActionDelete, actions.ActionRequeue, actions.ActionExpire:
			delete(q.owned, id)
			q.removed[id] = o.msg.Arrival
		case actions.ActionDeliverNow:
			tried = append(tried, q.deliverNow(o, now)...)
		}
		switch res.Action {
		case actions.ActionRequeue:
			tried = append(tried, q.requeue(o, now)...)
		case actions.ActionExpire:
			expired = append(expired, o.msg)
		}
	}
	q.mu.Unlock()

	if q.log != nil {
		q.log.InjectAction(res)
		q.inject(tried)
		for _, m := range expired {
			q.log.Inject("postfix/qmgr", fmt.Sprintf("%s: from=<%s>, status=force-expired, returned to sender", m.QueueID, m.Sender))
			q.log.Inject("postfix/qmgr", m.QueueID+": removed")
		}
	}
	select {
	case q.changed <- struct{}{}:
	default:
	}
}

// deliverNow makes a delivery attempt of o at now, as postqueue -i has
// qmgr do, and returns the lines Postfix would log. The caller holds q.mu.
func (q *SimulatedQueue) deliverNow(o *ownedMessage, now time.Time) []logLine {
	if o.msg.Queue != sources.QueueDeferred {
		// postqueue -i does not touch held mail.
		return nil
	}
	lines, left := q.deliver(o, now)
	if left {
		delete(q.owned, o.msg.QueueID)
		q.removed[o.msg.QueueID] = o.msg.Arrival
	} else {
		q.owned[o.msg.QueueID] = o
	}
	return lines
}

// requeue queues a copy of o under a new queue ID at now and makes its
// first delivery attempt, as postsuper -r, pickup and qmgr do. It returns
// the lines Postfix would log after postsuper's. The caller holds q.mu.
func (q *SimulatedQueue) requeue(o *ownedMessage, now time.Time) []logLine {
	oldID := o.msg.QueueID
	requeued := cloneOwned(o)
	// Postfix keeps the arrival time, and cleanup clears the hold.
	requeued.msg.QueueID = q.newQueueID(now)
	requeued.msg.Queue = sources.QueueDeferred
	id := requeued.msg.QueueID

	lines := []logLine{{"postfix/pickup", fmt.Sprintf("%s: uid=0 from=<%s> orig_id=%s", id, requeued.msg.Sender, oldID)}}
	if life, ok := q.state.Message(oldID); ok && life.MessageID != "" {
		lines = append(lines, logLine{"postfix/cleanup", fmt.Sprintf("%s: message-id=<%s>", id, life.MessageID)})
	}
	tried, left := q.deliver(requeued, now)
	lines = append(lines, tried...)
	if left {
		q.removed[id] = requeued.msg.Arrival
	} else {
		q.owned[id] = requeued
	}
	return lines
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
		if _, ok := q.owned[id]; ok {
			continue
		}
		if _, ok := q.removed[id]; ok {
			continue
		}
		if q.recording != nil && q.recording.RecordedQueueID(id) {
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
