package tui

import (
	"context"
	"time"

	"github.com/mailtop/mailtop/stats"
)

// Source looks up messages for the drill-down views. *stats.Collector
// satisfies it. Its methods are called from command goroutines while the
// pipeline keeps feeding the collector, so they must be safe for concurrent
// use; the returned values must not share memory with the collector.
type Source interface {
	// DomainMessages returns up to limit recent messages to domain, newest
	// first, one row per recipient of that domain.
	DomainMessages(domain string, limit int) []stats.MessageSummary
	// Message returns the life of one queue ID, and false when it is not
	// known (never seen, or aged out).
	Message(queueID string) (stats.Message, bool)
}

// Actor runs the rescue actions. Implementations check that queueID is still
// queued with the same sender and arrival time before acting, so a queue ID
// that Postfix reused for another message is left alone. Each method
// returns Postfix's output on success and an error that carries the
// command's own message on failure.
type Actor interface {
	// DeliverNow asks Postfix to attempt delivery of queueID now
	// (postqueue -i).
	DeliverNow(ctx context.Context, queueID, sender string, arrival time.Time) (string, error)
	// Requeue puts queueID back into the incoming queue (postsuper -r), so
	// the current transport and relay settings apply to it.
	Requeue(ctx context.Context, queueID, sender string, arrival time.Time) (string, error)
	// Simulated reports whether actions only pretend to run (demo mode).
	Simulated() bool
}
