package actions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mailtop/mailtop/l10n"
)

// More actions, which act on several messages or a whole destination.
const (
	// ActionExpire is postsuper -e (Postfix 3.5 and later): the next
	// delivery attempt returns the message to its sender.
	ActionExpire Action = "expire"
	// ActionFlushDomain is postqueue -s DOMAIN: retry the mail for one
	// destination now.
	ActionFlushDomain Action = "flush-domain"
	// ActionFlushAll is postqueue -f: retry every deferred message now.
	ActionFlushAll Action = "flush"
)

var expireOp = postsuperOp{ActionExpire, "-e", "expired", "Force-expired",
	[]string{QueueHold, QueueIncoming, QueueActive, QueueDeferred}}

// expireHeldOp is postsuper -f, which expires a message and also releases
// it from hold. postsuper -e would leave a held message on hold, and
// Postfix 3.7 returns it only once it is released (postsuper(1)).
var expireHeldOp = postsuperOp{ActionExpire, "-f", "expired", "Force-expired",
	[]string{QueueHold}}

// ErrNoTargets reports a batch action called with no messages.
var ErrNoTargets = errors.New("no messages selected")

// ErrFlushNotConfigured reports postqueue -s refused because the domain is
// not in fast_flush_domains.
var ErrFlushNotConfigured = errors.New("fast flush is not configured for this domain")

// ErrNoneLeft reports a batch action that ran no command because every
// target was skipped. Result.Skipped then gives each reason.
var ErrNoneLeft = errors.New("none of the selected messages can be changed")

// AppliesToQueue reports whether action can change a message in queue:
// deliver-now only deferred and incoming mail (postqueue -i), and each
// postsuper action the queues postsuper(1) lets it touch. The flushes
// name no message and apply to every queue.
func AppliesToQueue(action Action, queue string) bool {
	switch action {
	case ActionDeliverNow:
		return checkDeliverQueue(QueuedMessage{Queue: queue}) == nil
	case ActionRequeue:
		return slices.Contains(requeueOp.queues, queue)
	case ActionHold:
		return slices.Contains(holdOp.queues, queue)
	case ActionRelease:
		return slices.Contains(releaseOp.queues, queue)
	case ActionExpire:
		return slices.Contains(expireOp.queues, queue)
	case ActionDelete:
		return slices.Contains(deleteOp.queues, queue)
	}
	return true
}

// Target names one message as the caller last saw it, so a batch action
// can check that the queue ID still names that message.
type Target struct {
	ID string
	// Queue is the queue the message was listed in. Empty skips that
	// check.
	Queue string
	// Sender is the envelope sender, "" for the null sender.
	Sender string
	// Arrival is when the message entered Postfix. Zero skips that check.
	Arrival time.Time
}

// Skipped is a target a batch action left alone, with the reason.
type Skipped struct {
	Target Target
	Err    error
}

// BatchController is the set of batch operations the queue screen and the
// queue command use. *Postfix runs them; *Simulated only pretends.
type BatchController interface {
	DeliverNowMany(ctx context.Context, targets []Target) (Result, error)
	RequeueMany(ctx context.Context, targets []Target) (Result, error)
	HoldMany(ctx context.Context, targets []Target) (Result, error)
	ReleaseMany(ctx context.Context, targets []Target) (Result, error)
	ExpireMany(ctx context.Context, targets []Target) (Result, error)
	DeleteMany(ctx context.Context, targets []Target) (Result, error)
	FlushDomain(ctx context.Context, domain string) (Result, error)
	FlushAll(ctx context.Context) (Result, error)
}

var (
	_ BatchController = (*Postfix)(nil)
	_ BatchController = (*Simulated)(nil)
)

// HoldMany checks every target against one postqueue -j listing, then runs
// postsuper [-c DIR] -h - once with the IDs that still match on stdin. The
// others are returned in Result.Skipped. Result.Count is the number from
// postsuper's summary line. It needs root.
func (p *Postfix) HoldMany(ctx context.Context, targets []Target) (Result, error) {
	return p.postsuperMany(ctx, holdOp, targets)
}

// ReleaseMany is HoldMany for postsuper -H: held messages go back to the
// deferred queue.
func (p *Postfix) ReleaseMany(ctx context.Context, targets []Target) (Result, error) {
	return p.postsuperMany(ctx, releaseOp, targets)
}

// RequeueMany is HoldMany for postsuper -r. Each message gets a new queue
// ID.
func (p *Postfix) RequeueMany(ctx context.Context, targets []Target) (Result, error) {
	return p.postsuperMany(ctx, requeueOp, targets)
}

// RequeuedIDs returns the queue IDs of res, the result of a requeue, that
// postsuper reported as requeued, in the order of res.QueueIDs.
func RequeuedIDs(res Result) []string {
	requeued, _ := changedIDs([]byte(res.Output), requeueOp, res.QueueIDs)
	return requeued
}

// WakePickup runs postkick [-c DIR] public pickup W, which requests that
// pickup scan the maildrop queue now, as sendmail does after each
// submission. postsuper -r moves a message to the maildrop queue without
// waking pickup. Otherwise pickup takes it, and gives it its new queue ID,
// only at its next wake-up, up to 60 seconds later with Postfix 3.7's
// default master.cf. It fails while Postfix is stopped.
func (p *Postfix) WakePickup(ctx context.Context) error {
	_, _, err := p.run(ctx, p.command("postkick", "public", "pickup", "W"), nil)
	return err
}

// ExpireMany is HoldMany for postsuper -e (Postfix 3.5 and later): on its
// next attempt each message is returned to its sender. Held messages get
// postsuper -f instead, which also releases them, because Postfix never
// returns a message while it is on hold. Result.Released counts those.
// When both kinds are selected, two commands run, each with its own audit
// entry, and Result.Argv is the first of them.
func (p *Postfix) ExpireMany(ctx context.Context, targets []Target) (Result, error) {
	inHoldQueue := map[string]bool{}
	res, err := p.selectTargets(ctx, ActionExpire, targets, func(m QueuedMessage) error {
		if err := checkExpire(m); err != nil {
			return err
		}
		if m.Queue == QueueHold {
			inHoldQueue[m.QueueID] = true
		}
		return nil
	})
	if err != nil {
		return res, p.record(res, err)
	}

	heldIDs, otherIDs := splitHeld(res.QueueIDs, inHoldQueue)
	merged := res
	merged.Argv = nil
	var errs []error
	for _, group := range []struct {
		op  postsuperOp
		ids []string
	}{{expireOp, otherIDs}, {expireHeldOp, heldIDs}} {
		if len(group.ids) == 0 {
			continue
		}
		part := Result{Action: ActionExpire, QueueIDs: group.ids}
		if merged.Argv == nil {
			// The first command's audit entry lists the skipped targets.
			part.Skipped = res.Skipped
		}
		var err error
		if group.op.flag == expireHeldOp.flag {
			part, err = p.expireHeld(ctx, part)
		} else {
			part, err = p.postsuperSelected(ctx, group.op, part)
		}
		errs = append(errs, p.record(part, err))
		merged = mergeExpire(merged, part)
	}
	return merged, errors.Join(errs...)
}

// checkExpire allows expire in the queues postsuper -e acts on, except on
// a message that is not held and already expired: postsuper -e would
// change nothing, and Postfix returns it at its next attempt anyway.
func checkExpire(m QueuedMessage) error {
	if !slices.Contains(expireOp.queues, m.Queue) {
		return wrongQueueError(expireOp, m)
	}
	if m.ForcedExpire && m.Queue != QueueHold {
		return l10n.NewError("reason.action.alreadyExpired", map[string]any{"QueueID": m.QueueID}, ErrAlreadyDone)
	}
	return nil
}

// expireHeld runs postsuper -f on res.QueueIDs, all held messages, and
// sets res.Count and res.Released. A held message that was expired before
// is only released, so postsuper prints no "expired" line for it and does
// not count it as force-expired, but it changed all the same.
func (p *Postfix) expireHeld(ctx context.Context, res Result) (Result, error) {
	// NOTE: when postsuper stops at an unwritable log file, execPostsuper
	// counts only the "expired" lines, so such an already expired message
	// is reported as unchanged.
	res, stderr, err := p.execPostsuper(ctx, expireHeldOp, res)
	res.Released = parsePostsuperCount(stderr, releaseOp, res.QueueIDs)
	if err != nil || res.Warning != nil {
		return res, err
	}
	expired, _ := changedIDs(stderr, expireHeldOp, res.QueueIDs)
	released, _ := changedIDs(stderr, releaseOp, res.QueueIDs)
	changed := map[string]bool{}
	for _, id := range append(expired, released...) {
		changed[id] = true
	}
	res.Count = len(changed)
	if res.Count < len(res.QueueIDs) {
		err = fmt.Errorf("%s: postsuper -f changed %d of %d messages; the others left the queue between the check and the command: %w",
			res.Action, res.Count, len(res.QueueIDs), ErrNotQueued)
	}
	return res, err
}

// splitHeld splits ids into those in held and the others, keeping their
// order.
func splitHeld(ids []string, held map[string]bool) (heldIDs, otherIDs []string) {
	for _, id := range ids {
		if held[id] {
			heldIDs = append(heldIDs, id)
		} else {
			otherIDs = append(otherIDs, id)
		}
	}
	return heldIDs, otherIDs
}

// mergeExpire adds the outcome of one postsuper command of ExpireMany to
// merged, which keeps the first command's Argv and Warning.
func mergeExpire(merged, part Result) Result {
	if merged.Argv == nil {
		merged.Argv = part.Argv
	}
	merged.Output = joinOutput(merged.Output, part.Output)
	merged.Count += part.Count
	merged.Released += part.Released
	if merged.Warning == nil {
		merged.Warning = part.Warning
	}
	return merged
}

// DeleteMany is HoldMany for postsuper -d. The messages are gone for good,
// so the caller confirms with the operator first.
func (p *Postfix) DeleteMany(ctx context.Context, targets []Target) (Result, error) {
	return p.postsuperMany(ctx, deleteOp, targets)
}

// DeliverNowMany checks every target like HoldMany, then runs postqueue
// [-c DIR] -i ID once per matching message, because postqueue takes one
// -i. Result.Argv is the command for the first ID. Held and active
// messages are skipped with ErrWrongQueue. When postqueue -i reports that
// Postfix is not running, the error is a *NotRunningError for the IDs not
// yet delivered.
func (p *Postfix) DeliverNowMany(ctx context.Context, targets []Target) (Result, error) {
	res, err := p.selectTargets(ctx, ActionDeliverNow, targets, checkDeliverQueue)
	if err != nil {
		return res, p.record(res, err)
	}
	var failures []error
	for i, id := range res.QueueIDs {
		argv := p.command("postqueue", "-i", id)
		if res.Argv == nil {
			res.Argv = argv
		}
		stdout, stderr, runErr := p.run(ctx, argv, nil)
		if out := commandOutput(stdout, stderr); out != "" {
			res.Output = joinOutput(res.Output, out)
		}
		if runErr != nil && mailSystemDown(stderr) {
			// postqueue -i fails the same way for the IDs after this one.
			notRunning := &NotRunningError{ConfigDir: p.ConfigDir, QueueIDs: res.QueueIDs[i:], Err: runErr, Undelivered: true}
			failures = append(failures, notRunning)
			break
		}
		if runErr != nil {
			failures = append(failures, runErr)
			if ctx.Err() != nil {
				break
			}
			continue
		}
		res.Count++
	}
	// One failure is returned as it is, so that a catalog error such as
	// *NotRunningError keeps its Japanese text.
	if len(failures) == 1 {
		return res, p.record(res, failures[0])
	}
	return res, p.record(res, errors.Join(failures...))
}

// FlushDomain runs postqueue [-c DIR] -s DOMAIN, which retries the deferred
// mail that the flush service recorded for that destination. Postfix
// refuses, with exit status 69, a domain that is not in fast_flush_domains
// (default $relay_domains); the error then wraps ErrFlushNotConfigured
// and names the setting.
func (p *Postfix) FlushDomain(ctx context.Context, domain string) (Result, error) {
	res := Result{Action: ActionFlushDomain, QueueIDs: []string{}}
	if err := validateFlushDomain(domain); err != nil {
		return res, p.record(res, err)
	}
	res.Argv = p.command("postqueue", "-s", domain)
	stdout, stderr, err := p.run(ctx, res.Argv, nil)
	res.Output = commandOutput(stdout, stderr)
	if err != nil {
		switch {
		case strings.Contains(string(stderr), "Flush service is not configured"):
			// The audit log keeps the exit status and postqueue's message.
			err = fmt.Errorf("%w: %w", flushNotConfiguredError(domain), err)
		case mailSystemDown(stderr):
			err = &NotRunningError{ConfigDir: p.ConfigDir, Err: err, Flush: true}
		}
		return res, p.record(res, err)
	}
	return res, p.record(res, nil)
}

// flushNotConfiguredError returns the error for a domain that postqueue -s
// does not flush. It wraps ErrFlushNotConfigured.
func flushNotConfiguredError(domain string) error {
	return l10n.NewError("reason.flush.notConfigured", map[string]any{"Domain": domain}, ErrFlushNotConfigured)
}

// CheckFlushDomain reads fast_flush_domains with postconf -x and returns
// an error wrapping ErrFlushNotConfigured when postqueue -s would refuse
// domain: the list is empty, or it names only domains that do not match.
// A subdomain matches when parent_domain_matches_subdomains lists
// fast_flush_domains, as Postfix 3.7 does by default. A list with a file
// ("/file/name"), a lookup table ("type:table") or a negation ("!") may
// match in ways this check cannot see, so it passes, and so does a
// postconf that fails (its error is returned without the sentinel).
func (p *Postfix) CheckFlushDomain(ctx context.Context, domain string) error {
	if err := validateFlushDomain(domain); err != nil {
		return err
	}
	argv := p.command("postconf", "-x", "-h", "fast_flush_domains", "parent_domain_matches_subdomains")
	stdout, _, err := p.run(ctx, argv, nil)
	if err != nil {
		return err
	}
	values := strings.SplitN(string(stdout), "\n", 3)
	if len(values) < 2 {
		return fmt.Errorf("%s printed %q, want two lines", FormatArgv(argv), stdout)
	}
	if flushListMatches(values[0], domain, listNames(values[1], "fast_flush_domains")) {
		return nil
	}
	return flushNotConfiguredError(domain)
}

// flushListMatches reports whether the fast_flush_domains value list may
// match domain. Entries are separated by commas or whitespace, and
// compared without case.
func flushListMatches(list, domain string, subdomains bool) bool {
	domain = strings.ToLower(domain)
	for _, entry := range strings.FieldsFunc(strings.ToLower(list), isListSeparator) {
		switch {
		case strings.ContainsAny(entry, "/:!"):
			return true // a file, a table or a negation: postqueue -s decides
		case entry == domain:
			return true
		case strings.HasPrefix(entry, ".") && strings.HasSuffix(domain, entry):
			return true
		case subdomains && strings.HasSuffix(domain, "."+entry):
			return true
		}
	}
	return false
}

// listNames reports whether the postconf list value names name.
func listNames(value, name string) bool {
	return slices.Contains(strings.FieldsFunc(value, isListSeparator), name)
}

func isListSeparator(r rune) bool {
	return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
}

// FlushAll runs postqueue [-c DIR] -f: qmgr retries every deferred message
// now, ignoring their retry times. Result.Count stays 0 because postqueue
// does not say how many messages it touched.
func (p *Postfix) FlushAll(ctx context.Context) (Result, error) {
	res := Result{Action: ActionFlushAll, QueueIDs: []string{}}
	res.Argv = p.command("postqueue", "-f")
	stdout, stderr, err := p.run(ctx, res.Argv, nil)
	res.Output = commandOutput(stdout, stderr)
	if err != nil && mailSystemDown(stderr) {
		err = &NotRunningError{ConfigDir: p.ConfigDir, Err: err, Flush: true}
	}
	return res, p.record(res, err)
}

// validateFlushDomain accepts a domain name or a bracketed address literal,
// and nothing that could pass for an option.
func validateFlushDomain(domain string) error {
	valid := domain != "" && len(domain) <= 255 && domain[0] != '-' && domain[0] != '.'
	for i := 0; valid && i < len(domain); i++ {
		c := domain[i]
		valid = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte(".-[]:", c) >= 0
	}
	if !valid {
		return fmt.Errorf("invalid domain %q for postqueue -s: give a domain name such as docomo.ne.jp or an address literal such as [192.0.2.1]", domain)
	}
	return nil
}

func (p *Postfix) postsuperMany(ctx context.Context, op postsuperOp, targets []Target) (Result, error) {
	res, err := p.selectTargets(ctx, op.action, targets, func(m QueuedMessage) error {
		if !slices.Contains(op.queues, m.Queue) {
			return wrongQueueError(op, m)
		}
		return nil
	})
	if err != nil {
		return res, p.record(res, err)
	}
	res, err = p.postsuperSelected(ctx, op, res)
	return res, p.record(res, err)
}

// postsuperSelected runs postsuper op on res.QueueIDs and sets res.Count
// from its output.
func (p *Postfix) postsuperSelected(ctx context.Context, op postsuperOp, res Result) (Result, error) {
	res, stderr, err := p.execPostsuper(ctx, op, res)
	if err != nil || res.Warning != nil {
		return res, err
	}
	res.Count = parsePostsuperCount(stderr, op, res.QueueIDs)
	if res.Count < len(res.QueueIDs) {
		err = fmt.Errorf("%s: postsuper changed %d of %d messages; the others left the queue between the check and the command: %w",
			op.action, res.Count, len(res.QueueIDs), ErrNotQueued)
	}
	return res, err
}

// selectTargets lists the queue once and keeps, in res.QueueIDs, the
// targets whose ID is still queued in the same queue with the same sender
// and arrival and that allowed accepts. The others go to res.Skipped. It
// fails when no target is left, and with a *NotRunningError, skipping
// none, when Postfix is not running and the listing lacks a target.
func (p *Postfix) selectTargets(ctx context.Context, action Action, targets []Target, allowed func(QueuedMessage) error) (Result, error) {
	res := Result{Action: action, QueueIDs: []string{}}
	if len(targets) == 0 {
		return res, fmt.Errorf("%s: %w", action, ErrNoTargets)
	}
	listing, err := p.listQueue(ctx)
	if err != nil {
		return res, err
	}
	listed, err := ParseQueueJSON(listing.out)
	if err != nil {
		return res, err
	}
	if listing.direct {
		if missing := unlistedIDs(targets, listed); len(missing) > 0 {
			return res, &NotRunningError{ConfigDir: p.ConfigDir, QueueIDs: missing}
		}
	}
	return matchTargets(res, targets, listed, p.arrivalTolerance(), allowed)
}

// unlistedIDs returns the valid queue IDs of targets that listed lacks,
// each once. Invalid IDs are left to matchTargets, which skips them.
func unlistedIDs(targets []Target, listed []QueuedMessage) []string {
	queued := make(map[string]bool, len(listed))
	for _, m := range listed {
		queued[m.QueueID] = true
	}
	var missing []string
	for _, target := range targets {
		if queued[target.ID] || validateQueueID(target.ID) != nil {
			continue
		}
		queued[target.ID] = true // name a repeated target once
		missing = append(missing, target.ID)
	}
	return missing
}

func matchTargets(res Result, targets []Target, listed []QueuedMessage, tolerance time.Duration, allowed func(QueuedMessage) error) (Result, error) {
	byID := make(map[string]QueuedMessage, len(listed))
	for _, m := range listed {
		// A message caught moving between queues is listed twice; the
		// second entry is the newer one.
		byID[m.QueueID] = m
	}
	seen := make(map[string]bool, len(targets))
	for _, target := range targets {
		if seen[target.ID] {
			continue
		}
		seen[target.ID] = true
		if err := checkTarget(target, byID, tolerance, allowed); err != nil {
			res.Skipped = append(res.Skipped, Skipped{Target: target, Err: err})
			continue
		}
		res.QueueIDs = append(res.QueueIDs, target.ID)
	}
	if len(res.QueueIDs) == 0 {
		first := res.Skipped[0].Err
		data := map[string]any{"Action": res.Action, "Count": len(seen), "Reason": first}
		return res, l10n.NewError("reason.action.noneLeft", data, first, ErrNoneLeft)
	}
	return res, nil
}

func checkTarget(target Target, byID map[string]QueuedMessage, tolerance time.Duration, allowed func(QueuedMessage) error) error {
	if err := validateQueueID(target.ID); err != nil {
		return err
	}
	m, ok := byID[target.ID]
	if !ok {
		return notQueuedError(target.ID)
	}
	if target.Queue != "" && m.Queue != target.Queue {
		data := map[string]any{"QueueID": target.ID, "From": target.Queue, "To": m.Queue}
		return l10n.NewError("reason.action.moved", data, ErrChanged)
	}
	if err := compareMessage(m, target.Sender, target.Arrival, tolerance); err != nil {
		return err
	}
	return allowed(m)
}

func joinOutput(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}
