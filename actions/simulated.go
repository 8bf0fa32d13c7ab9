package actions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/mailtop/mailtop/l10n"
)

// Simulated has the method set of Postfix but runs nothing. It checks queue
// IDs the same way and returns results marked Simulated, whose Output
// names the command that would have run. The demo mode uses it.
type Simulated struct {
	// ConfigDir is put into the argv of the results, as Postfix would.
	ConfigDir string
	// LookupFunc supplies the message to Lookup and Verify, for a demo that keeps a made-up
	// queue. When it is nil, Lookup reports every ID as not queued and Verify
	// accepts any valid ID as a deferred message with the sender and
	// arrival it is given.
	LookupFunc func(id string) (QueuedMessage, bool)
	// OnAction, when set, is called after each successful simulated action,
	// for instance to add the log lines Postfix would have written.
	OnAction func(Result)
}

// Lookup returns the message from LookupFunc.
func (s *Simulated) Lookup(ctx context.Context, id string) (QueuedMessage, error) {
	if err := validateQueueID(id); err != nil {
		return QueuedMessage{}, err
	}
	if s.LookupFunc != nil {
		if m, ok := s.LookupFunc(id); ok {
			return m, nil
		}
	}
	return QueuedMessage{}, l10n.NewError("reason.action.simulatedNotQueued", map[string]any{"QueueID": id}, ErrNotQueued)
}

// Verify checks the ID, and the sender and arrival as Postfix.Verify does
// when LookupFunc is set.
func (s *Simulated) Verify(ctx context.Context, id, sender string, arrival time.Time) (QueuedMessage, error) {
	if err := validateQueueID(id); err != nil {
		return QueuedMessage{}, err
	}
	if s.LookupFunc == nil {
		return QueuedMessage{QueueID: id, Queue: QueueDeferred, Sender: sender, Arrival: arrival}, nil
	}
	m, err := s.Lookup(ctx, id)
	if errors.Is(err, ErrNotQueued) {
		return m, l10n.NewError("reason.action.simulatedGone", map[string]any{"QueueID": id}, ErrChanged, ErrNotQueued)
	}
	if err != nil {
		return m, err
	}
	return m, compareMessage(m, sender, arrival, DefaultArrivalTolerance)
}

// DeliverNow pretends to run postqueue -i ID.
func (s *Simulated) DeliverNow(ctx context.Context, id, sender string, arrival time.Time) (Result, error) {
	m, err := s.Verify(ctx, id, sender, arrival)
	if err != nil {
		return Result{Action: ActionDeliverNow, QueueIDs: []string{id}}, err
	}
	if s.LookupFunc != nil {
		if err := checkDeliverQueue(m); err != nil {
			return Result{Action: ActionDeliverNow, QueueIDs: []string{id}}, err
		}
	}
	argv := buildCommand(s.ConfigDir, "postqueue", "-i", id)
	return s.finish(Result{
		Action:   ActionDeliverNow,
		QueueIDs: []string{id},
		Argv:     argv,
		Output:   "simulated: would run " + FormatArgv(argv),
	}), nil
}

// Requeue pretends to run postsuper -r - with the ID on stdin.
func (s *Simulated) Requeue(ctx context.Context, id, sender string, arrival time.Time) (Result, error) {
	return s.postsuper(ctx, requeueOp, id, sender, arrival)
}

// Hold pretends to run postsuper -h - with the ID on stdin.
func (s *Simulated) Hold(ctx context.Context, id, sender string, arrival time.Time) (Result, error) {
	return s.postsuper(ctx, holdOp, id, sender, arrival)
}

// Release pretends to run postsuper -H - with the ID on stdin.
func (s *Simulated) Release(ctx context.Context, id, sender string, arrival time.Time) (Result, error) {
	return s.postsuper(ctx, releaseOp, id, sender, arrival)
}

// Delete pretends to run postsuper -d - with the ID on stdin. Like
// Postfix.Delete it accepts one explicit queue ID, never "ALL".
func (s *Simulated) Delete(ctx context.Context, id, sender string, arrival time.Time) (Result, error) {
	return s.postsuper(ctx, deleteOp, id, sender, arrival)
}

func (s *Simulated) postsuper(ctx context.Context, op postsuperOp, id, sender string, arrival time.Time) (Result, error) {
	res := Result{Action: op.action, QueueIDs: []string{id}}
	m, err := s.Verify(ctx, id, sender, arrival)
	if err != nil {
		return res, err
	}
	if s.LookupFunc != nil && !slices.Contains(op.queues, m.Queue) {
		return res, wrongQueueError(op, m)
	}
	res.Argv = buildCommand(s.ConfigDir, "postsuper", op.flag, "-")
	res.Output = "simulated: would run " + FormatArgv(res.Argv) + " with " + id + " on stdin"
	return s.finish(res), nil
}

func (s *Simulated) finish(res Result) Result {
	res.Count = len(res.QueueIDs)
	res.Simulated = true
	if s.OnAction != nil {
		s.OnAction(res)
	}
	return res
}

// HoldMany pretends to run postsuper -h - with the matching IDs on stdin.
// With LookupFunc set, targets are checked as Postfix.HoldMany checks
// them; without it, every valid ID is taken as a deferred message.
func (s *Simulated) HoldMany(ctx context.Context, targets []Target) (Result, error) {
	return s.postsuperMany(holdOp, targets)
}

// ReleaseMany pretends to run postsuper -H - with the matching IDs on stdin.
func (s *Simulated) ReleaseMany(ctx context.Context, targets []Target) (Result, error) {
	return s.postsuperMany(releaseOp, targets)
}

// RequeueMany pretends to run postsuper -r - with the matching IDs on stdin.
func (s *Simulated) RequeueMany(ctx context.Context, targets []Target) (Result, error) {
	return s.postsuperMany(requeueOp, targets)
}

// ExpireMany pretends to run postsuper -e - with the matching IDs on stdin,
// and postsuper -f - for the held ones, as Postfix.ExpireMany does.
// Result.Released stays 0, because nothing was released.
func (s *Simulated) ExpireMany(ctx context.Context, targets []Target) (Result, error) {
	inHoldQueue := map[string]bool{}
	res, err := s.selectTargets(ActionExpire, targets, func(m QueuedMessage) error {
		if s.LookupFunc != nil {
			if err := checkExpire(m); err != nil {
				return err
			}
		}
		if m.Queue == QueueHold {
			inHoldQueue[m.QueueID] = true
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	heldIDs, otherIDs := splitHeld(res.QueueIDs, inHoldQueue)
	for _, group := range []struct {
		op  postsuperOp
		ids []string
	}{{expireOp, otherIDs}, {expireHeldOp, heldIDs}} {
		if len(group.ids) == 0 {
			continue
		}
		argv := buildCommand(s.ConfigDir, "postsuper", group.op.flag, "-")
		if res.Argv == nil {
			res.Argv = argv
		}
		res.Output = joinOutput(res.Output, fmt.Sprintf("simulated: would run %s with %d queue IDs on stdin", FormatArgv(argv), len(group.ids)))
	}
	return s.finish(res), nil
}

// DeleteMany pretends to run postsuper -d - with the matching IDs on stdin.
func (s *Simulated) DeleteMany(ctx context.Context, targets []Target) (Result, error) {
	return s.postsuperMany(deleteOp, targets)
}

// DeliverNowMany pretends to run postqueue -i once per matching ID.
func (s *Simulated) DeliverNowMany(ctx context.Context, targets []Target) (Result, error) {
	res, err := s.selectTargets(ActionDeliverNow, targets, checkDeliverQueue)
	if err != nil {
		return res, err
	}
	res.Argv = buildCommand(s.ConfigDir, "postqueue", "-i", res.QueueIDs[0])
	res.Output = fmt.Sprintf("simulated: would run postqueue -i once for each of %d messages", len(res.QueueIDs))
	return s.finish(res), nil
}

// FlushDomain pretends to run postqueue -s DOMAIN.
func (s *Simulated) FlushDomain(ctx context.Context, domain string) (Result, error) {
	res := Result{Action: ActionFlushDomain, QueueIDs: []string{}}
	if err := validateFlushDomain(domain); err != nil {
		return res, err
	}
	res.Argv = buildCommand(s.ConfigDir, "postqueue", "-s", domain)
	res.Output = "simulated: would run " + FormatArgv(res.Argv)
	return s.finish(res), nil
}

// FlushAll pretends to run postqueue -f.
func (s *Simulated) FlushAll(ctx context.Context) (Result, error) {
	res := Result{Action: ActionFlushAll, QueueIDs: []string{}}
	res.Argv = buildCommand(s.ConfigDir, "postqueue", "-f")
	res.Output = "simulated: would run " + FormatArgv(res.Argv)
	return s.finish(res), nil
}

func (s *Simulated) postsuperMany(op postsuperOp, targets []Target) (Result, error) {
	res, err := s.selectTargets(op.action, targets, func(m QueuedMessage) error {
		if s.LookupFunc != nil && !slices.Contains(op.queues, m.Queue) {
			return wrongQueueError(op, m)
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	res.Argv = buildCommand(s.ConfigDir, "postsuper", op.flag, "-")
	res.Output = fmt.Sprintf("simulated: would run %s with %d queue IDs on stdin", FormatArgv(res.Argv), len(res.QueueIDs))
	return s.finish(res), nil
}

// selectTargets builds the listing the targets are checked against: the
// messages LookupFunc returns, or without it the targets themselves.
func (s *Simulated) selectTargets(action Action, targets []Target, allowed func(QueuedMessage) error) (Result, error) {
	res := Result{Action: action, QueueIDs: []string{}}
	if len(targets) == 0 {
		return res, fmt.Errorf("%s: %w", action, ErrNoTargets)
	}
	var listed []QueuedMessage
	for _, target := range targets {
		if s.LookupFunc == nil {
			queue := target.Queue
			if queue == "" {
				queue = QueueDeferred
			}
			listed = append(listed, QueuedMessage{QueueID: target.ID, Queue: queue, Sender: target.Sender, Arrival: target.Arrival})
			continue
		}
		if m, ok := s.LookupFunc(target.ID); ok {
			listed = append(listed, m)
		}
	}
	return matchTargets(res, targets, listed, DefaultArrivalTolerance, allowed)
}
