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

// Postfix 3.7's default minimal_backoff_time and maximal_backoff_time,
// which BuildQueue uses to place a deferred message's next retry.
const (
	minimalBackoff = 300 * time.Second
	maximalBackoff = 4000 * time.Second
)

// BuildQueue returns the queue that the replayed log implies at now: every
// message the log has not finished that has a recipient still deferred, in
// the hold queue when it was placed on hold and the deferred queue
// otherwise. Each pending recipient carries its last attempt's DSN status
// and reason. The next retry is the last attempt plus Postfix's backoff,
// which doubles with each attempt from 300 seconds up to 4,000 seconds.
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
	attempts := 0
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
			attempts = max(attempts, n+r.AttemptsDropped)
		}
		queued.Recipients = append(queued.Recipients, rcpt)
	}
	if queued.Queue == sources.QueueDeferred && !lastAttempt.IsZero() {
		backoff := minimalBackoff
		for i := 1; i < attempts && backoff < maximalBackoff; i++ {
			backoff *= 2
		}
		queued.NextRetry = lastAttempt.Add(min(backoff, maximalBackoff))
		if queued.NextRetry.Before(now) {
			// qmgr would have tried again by now; the recording has no
			// line for it, so the message shows as due.
			queued.NextRetry = now
		}
	}
	return queued
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
