package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// QueueState is the replayed log's view of the queue: *stats.Collector
// fed by a Replay.
type QueueState interface {
	Snapshot(now time.Time) *stats.Snapshot
	DomainMessages(domain string, limit int) []stats.MessageSummary
	Message(queueID string) (stats.Message, bool)
}

// QueueDir is the queue directory a demo queue snapshot names. No such
// directory is read: the demo has no queue files.
const QueueDir = "demo recording"

// Postfix 3.7's defaults of the parameters that time a deferred message's
// retries, which the demo's queue follows.
const (
	// minimalBackoff and maximalBackoff are minimal_backoff_time and
	// maximal_backoff_time: the bounds of the wait after an attempt.
	minimalBackoff = 300 * time.Second
	maximalBackoff = 4000 * time.Second
	// queueRunDelay is queue_run_delay: how often qmgr scans the deferred
	// queue for messages whose retry time has come.
	queueRunDelay = 300 * time.Second
)

// BuildQueue returns the queue that the replayed log implies at now: every
// message the log has not finished that has a recipient still deferred, in
// the hold queue when it was placed on hold and the deferred queue
// otherwise. Each pending recipient carries its last attempt's DSN status
// and reason, and a deferred message its next retry (see nextRetry).
//
// NOTE: a message placed on hold before any delivery attempt is missing:
// the log names its recipients only in delivery lines.
func BuildQueue(state QueueState, now time.Time) sources.QueueSnapshot {
	snap := sources.QueueSnapshot{
		Dir:    QueueDir,
		Source: sources.QueueFromDirectory,
		Counts: make(map[string]int, len(sources.MessageQueues)),
	}
	for _, q := range sources.MessageQueues {
		snap.Counts[q] = 0
	}

	seen := make(map[string]bool)
	for _, domain := range state.Snapshot(now).Domains {
		if domain.Pending == 0 {
			continue
		}
		for _, summary := range state.DomainMessages(domain.Domain, 0) {
			if !summary.Pending || seen[summary.QueueID] {
				continue
			}
			seen[summary.QueueID] = true
			msg, ok := state.Message(summary.QueueID)
			if !ok || msg.Finished {
				continue
			}
			queued := queuedMessage(&msg, now)
			snap.Counts[queued.Queue]++
			snap.Messages = append(snap.Messages, queued)
		}
	}
	slices.SortFunc(snap.Messages, func(a, b sources.QueuedMessage) int {
		if c := a.Arrival.Compare(b.Arrival); c != 0 {
			return c
		}
		return strings.Compare(a.QueueID, b.QueueID)
	})
	return snap
}

// queuedMessage turns the life of a message the log has not finished into
// a queue entry.
func queuedMessage(msg *stats.Message, now time.Time) sources.QueuedMessage {
	queued := sources.QueuedMessage{
		Queue:        sources.QueueDeferred,
		QueueID:      msg.QueueID,
		Arrival:      msg.Arrival,
		Size:         msg.Size,
		Sender:       msg.Sender,
		ForcedExpire: msg.ExpireMarked,
		SASLUsername: msg.SASLUsername,
		Client:       msg.Client,
	}
	if msg.Held {
		queued.Queue = sources.QueueHold
	}

	var lastAttempt time.Time
	for _, r := range msg.Recipients {
		rcpt := sources.QueuedRecipient{Address: r.Address, OrigAddress: r.OrigTo, Done: !r.Pending}
		if n := len(r.Attempts); n > 0 {
			last := r.Attempts[n-1]
			if r.Pending {
				rcpt.Status, rcpt.Reason = last.DSN, last.Reason
			}
			if last.Time.After(lastAttempt) {
				lastAttempt = last.Time
			}
		}
		queued.Recipients = append(queued.Recipients, rcpt)
	}
	if queued.Queue == sources.QueueDeferred && !lastAttempt.IsZero() {
		queued.NextRetry = nextRetry(queued.Arrival, lastAttempt, now)
	}
	return queued
}

// backoff returns how long qmgr waits after an attempt at t to retry a
// message that arrived at arrival: the message's age, within
// minimal_backoff_time and maximal_backoff_time. So the wait doubles with
// each attempt until it reaches maximal_backoff_time, as a private Postfix
// 3.7.11 instance showed in the modification times of its deferred queue
// files.
func backoff(arrival, t time.Time) time.Duration {
	return min(max(t.Sub(arrival), minimalBackoff), maximalBackoff)
}

// nextScan returns the first of qmgr's deferred queue scans at or after t,
// which come every queue_run_delay.
func nextScan(t time.Time) time.Time {
	scan := t.Truncate(queueRunDelay)
	if scan.Before(t) {
		scan = scan.Add(queueRunDelay)
	}
	return scan
}

// nextRetry returns the retry time a deferred message shows at now, after
// its last logged attempt at last. From that time the message is due until
// qmgr's next scan tries it.
//
// NOTE: the recording was made with short backoff times and stretched over
// a day, so it often logs the next attempt much later than Postfix's
// defaults would. For each scan in between, nextRetry assumes an attempt
// that was deferred again and that the recording has no line for, so that
// the retry time keeps counting down within the defaults.
// SimulatedQueue.Snapshot moves it to the recording's next attempt when
// that comes sooner.
func nextRetry(arrival, last, now time.Time) time.Time {
	retry := last.Add(backoff(arrival, last))
	for {
		scan := nextScan(retry)
		if scan.After(now) {
			return retry
		}
		retry = scan.Add(backoff(arrival, scan))
	}
}

// WatchQueue sends BuildQueue's snapshot at once and then every interval,
// as the QueueWatcher of a live dashboard does, until ctx ends; the channel
// closes then. now is the replay's clock. When the screen has not taken a
// snapshot yet, the newer one replaces it.
func WatchQueue(ctx context.Context, state QueueState, now func() time.Time, interval time.Duration) <-chan sources.QueueScan {
	return NewSimulatedQueue(state, nil, now).Watch(ctx, interval)
}

// QueueContent returns a reader for the queue screen's message view. The
// recording holds log lines only, so the content it returns is made from
// what the log records of the message: its sender, recipients, Message-ID
// and arrival, with an empty body.
func QueueContent(state QueueState) func(queueDir string, m sources.QueuedMessage) ([]byte, error) {
	return func(_ string, m sources.QueuedMessage) ([]byte, error) {
		life, ok := state.Message(m.QueueID)
		if !ok {
			return nil, fmt.Errorf("queue ID %s is no longer in the demo recording", m.QueueID)
		}
		var b strings.Builder
		sender := life.Sender
		if sender == "" {
			sender = "MAILER-DAEMON"
		}
		fmt.Fprintf(&b, "From: <%s>\n", sender)
		for _, r := range m.Recipients {
			fmt.Fprintf(&b, "To: <%s>\n", r.Address)
		}
		if !life.Arrival.IsZero() {
			fmt.Fprintf(&b, "Date: %s\n", life.Arrival.Format(time.RFC1123Z))
		}
		if life.MessageID != "" {
			fmt.Fprintf(&b, "Message-ID: <%s>\n", life.MessageID)
		}
		// The body stays empty: the queue screen shows, in the operator's
		// language, that the recording has no message content.
		b.WriteString("\n")
		return []byte(b.String()), nil
	}
}
