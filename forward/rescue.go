package forward

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
)

// DefaultTimeout bounds the forward of one message when Rescue.Timeout is
// zero: connecting, TLS, authentication and the relay's reply to the end
// of DATA, which may be slow when the relay scans the content.
const DefaultTimeout = 3 * time.Minute

// Rescue forwards queued messages through one relay and then holds or
// deletes each original the relay accepted, as chosen in the dashboard's
// forward dialog.
type Rescue struct {
	// QueueDir is the instance's queue_directory.
	QueueDir string
	// Relay is the [[relay]] table; its password is read when Run starts.
	Relay  config.Relay
	Getenv func(string) string
	// To are the addresses to forward to; empty forwards each message to
	// its own pending recipients.
	To   []string
	Mode Mode
	Then Then
	Lang string
	Now  func() time.Time
	// Audit receives one forward line per message; nil records none.
	Audit *actions.Audit
	// Actor holds or deletes the originals, checking each target again
	// and recording the action in its own audit log. It may be nil when
	// Then is keep.
	Actor   actions.BatchController
	Timeout time.Duration
	// ActionTimeout bounds the hold or delete; zero means 30 s.
	ActionTimeout time.Duration
}

// Outcome is the result of rescuing one message.
type Outcome struct {
	QueueID string
	// Forwarded is set when the relay accepted the message for every
	// recipient. Reply is then the relay's reply, and Recipients are the
	// addresses the message went to, without the relay's copy_to.
	Forwarded  bool
	Reply      Reply
	Recipients []string
	// Then is the step applied to the original: keep when none was asked
	// or when it failed.
	Then Then
	// Err is the reason the message was not forwarded, or a *ThenError
	// when the hold or delete after it failed. The original is unchanged
	// whenever Err is set.
	Err error
	// NotQueued is set when the message left the queue before it was
	// sent: no queue has its file, or its queue ID now names a later
	// message. Nothing was sent then, and Err gives the reason.
	NotQueued bool
}

// Run forwards each target in turn. A message whose queue file no longer
// holds the message the caller listed (same queue ID, other arrival time)
// is not sent. Every attempt is recorded, also one that failed before
// connecting.
func (r Rescue) Run(ctx context.Context, targets []actions.Target) []Outcome {
	getenv := r.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	relay, relayErr := RelayFromConfig(r.Relay, getenv)
	if relay.Name == "" {
		relay.Name, relay.Host, relay.Port = r.Relay.Name, r.Relay.Host, r.Relay.Port
	}
	outcomes := make([]Outcome, 0, len(targets))
	for _, target := range targets {
		outcome := Outcome{QueueID: target.ID, Then: ThenKeep}
		job, err := r.readJob(target)
		outcome.NotQueued = errors.Is(err, ErrNotQueued) || errors.Is(err, sources.ErrQueueIDReused)
		if err == nil {
			err = relayErr
		}
		if err == nil {
			outcome.Reply, err = r.send(ctx, relay, job)
		}
		// A failed audit write is not shown here: the actions write to
		// the same file and report it.
		_ = Attempt{Job: job, Relay: relay, Reply: outcome.Reply, Err: err}.Record(r.Audit)
		if err != nil {
			outcome.Err = err
			outcomes = append(outcomes, outcome)
			continue
		}
		outcome.Forwarded = true
		outcome.Recipients = job.Recipients()
		if r.Then != ThenKeep {
			if err := r.applyThen(ctx, target); err != nil {
				outcome.Err = err
			} else {
				outcome.Then = r.Then
			}
		}
		outcomes = append(outcomes, outcome)
	}
	return outcomes
}

// ErrLeftBeforeTurn is the reason RecordLeft writes for a message that
// was not sent because the queue scan before its turn did not list it.
var ErrLeftBeforeTurn = errors.New("not sent: the message was missing from the queue scan before its turn (it was delivered, returned or deleted, or was moving between queues)")

// RecordLeft appends a "forward" line to the audit log for target, with
// ErrLeftBeforeTurn as its error, when the caller skips target because a
// queue scan no longer listed it. pending are target's pending recipients
// as the caller listed them, which the line names when To is empty.
// Nothing is sent, so the relay's password is not read.
func (r Rescue) RecordLeft(target actions.Target, pending []string) error {
	job := Job{QueueID: target.ID, Sender: target.Sender, Pending: pending, To: r.To, Mode: r.Mode}
	relay := Relay{
		Name: r.Relay.Name, Host: r.Relay.Host, Port: r.Relay.Port,
		EnvelopeSender: r.Relay.EnvelopeSender, CopyTo: r.Relay.CopyTo,
	}
	return Attempt{Job: job, Relay: relay, Err: ErrLeftBeforeTurn}.Record(r.Audit)
}

// readJob reads target's queue file and returns its job, checked: the file
// must still hold the listed message, and delete must not lose a pending
// recipient that is not forwarded.
func (r Rescue) readJob(target actions.Target) (Job, error) {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	job := Job{QueueID: target.ID, Sender: target.Sender, To: r.To, Mode: r.Mode, Lang: r.Lang, Now: now()}
	queued, err := readQueued(r.QueueDir, sources.MessageRef{QueueID: target.ID, Queue: target.Queue, Arrival: target.Arrival})
	if errors.Is(err, sources.ErrQueueIDReused) {
		return job, fmt.Errorf("queue ID %s: %w: %w", target.ID, actions.ErrChanged, sources.ErrQueueIDReused)
	}
	if err != nil {
		return job, err
	}
	job.Content = queued.Content
	job.Sender = queued.Sender
	job.Pending = queued.PendingAddresses()
	return job, job.CheckThen(r.Then)
}

// send connects to the relay and sends job, bounded by the timeout.
func (r Rescue) send(ctx context.Context, relay Relay, job Job) (Reply, error) {
	timeout := r.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	session, err := Dial(ctx, relay)
	if err != nil {
		return Reply{}, err
	}
	defer session.Close()
	return session.Forward(job)
}

// ThenError is Outcome.Err when the relay accepted the message and the
// hold or delete of the original failed afterwards.
type ThenError struct {
	Then Then
	// Err is the cause of the failure: the actor's error, such as a
	// *actions.NotRunningError, or the reason the actor skipped the
	// message, such as one wrapping actions.ErrNotQueued.
	Err error
}

// Error returns that the relay accepted the message, which step failed,
// and why.
func (e *ThenError) Error() string {
	return fmt.Sprintf("the relay accepted the message, but the %s of the original failed: %v", e.Then, e.Err)
}

// Unwrap returns the reason of the failure.
func (e *ThenError) Unwrap() error { return e.Err }

// applyThen holds or deletes target through the actor, which checks that
// the queue ID still names the same message. A failure is a *ThenError.
func (r Rescue) applyThen(ctx context.Context, target actions.Target) error {
	if r.Actor == nil {
		return &ThenError{Then: r.Then, Err: l10n.NewError("reason.forward.noActor", nil)}
	}
	timeout := r.ActionTimeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// The message may have moved between queues while it was sent, for
	// instance from deferred to active, and it is still the same message.
	target.Queue = ""
	var res actions.Result
	var err error
	if r.Then == ThenHold {
		res, err = r.Actor.HoldMany(ctx, []actions.Target{target})
	} else {
		res, err = r.Actor.DeleteMany(ctx, []actions.Target{target})
	}
	// With one target, the reason it was skipped is more precise than
	// the batch's "none of the 1 selected messages" around it.
	switch {
	case len(res.Skipped) == 1 && res.Count == 0:
		err = res.Skipped[0].Err
	case err == nil && res.Count == 0:
		err = errors.New(skippedReason(res))
	}
	if err != nil {
		return &ThenError{Then: r.Then, Err: err}
	}
	return nil
}

// skippedReason returns why a batch action changed nothing.
func skippedReason(res actions.Result) string {
	var reasons []string
	for _, skipped := range res.Skipped {
		reasons = append(reasons, skipped.Err.Error())
	}
	if len(reasons) == 0 {
		return "postsuper changed no message"
	}
	return strings.Join(reasons, "; ")
}
