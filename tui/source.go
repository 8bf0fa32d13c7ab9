package tui

import (
	"context"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/stats"
)

// Source looks up messages for the drill-down views. *stats.Collector
// satisfies it. Its methods are called from command goroutines while the
// pipeline keeps feeding the collector, so they must be safe for concurrent
// use. The returned values must not share memory with the collector.
type Source interface {
	// DomainMessages returns up to limit recent messages to domain, newest
	// first, one row per recipient of that domain.
	DomainMessages(domain string, limit int) []stats.MessageSummary
	// Message returns the life of one queue ID, and false when it is not
	// known (never seen, or aged out).
	Message(queueID string) (stats.Message, bool)
}

// Actor runs the rescue actions; *actions.Postfix and, in demo mode,
// *actions.Simulated satisfy it. Implementations check that queueID is
// still queued with the same sender and arrival time before acting, so a
// queue ID that Postfix gave to another message is left alone. On failure
// the error carries the command's own message.
type Actor interface {
	// DeliverNow makes Postfix attempt delivery of queueID now
	// (postqueue -i).
	DeliverNow(ctx context.Context, queueID, sender string, arrival time.Time) (actions.Result, error)
	// Requeue runs queueID through cleanup again (postsuper -r), so the
	// current transport and relay settings apply to it.
	Requeue(ctx context.Context, queueID, sender string, arrival time.Time) (actions.Result, error)
}

// The collector and both action runners satisfy the interfaces as they are.
var (
	_ Source = (*stats.Collector)(nil)
	_ Actor  = (*actions.Postfix)(nil)
	_ Actor  = (*actions.Simulated)(nil)
)
