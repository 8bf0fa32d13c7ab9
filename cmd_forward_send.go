package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/tui"
)

// forwardOne sends one message, records the attempt and applies --then.
// forwarded is set when the relay accepted the message, and err is set
// when the forward or the step after it failed.
func forwardOne(ctx context.Context, opts *options, audit *actions.Audit, w *queueWriter, tr *l10n.Localizer, item forwardItem, plan forwardPlan) (forwarded bool, err error) {
	name := forwardName(item.job)
	if item.err != nil {
		attempt := forward.Attempt{Job: item.job, Relay: plan.relay, Err: item.err}
		recordAttempt(audit, tr, plan.stderr, attempt)
		w.printf("%s\n", tr.T("out.forward.failed", map[string]any{"Error": tui.Sanitize(tr.ErrorText(item.err))}))
		return false, fmt.Errorf("%s: %w; the original was not changed", name, item.err)
	}

	reply, sendErr := sendOne(ctx, plan.relay, item.job)
	attempt := forward.Attempt{Job: item.job, Relay: plan.relay, Reply: reply, Err: sendErr}
	recordAttempt(audit, tr, plan.stderr, attempt)
	if sendErr != nil {
		w.printf("%s\n", tr.T("out.forward.failed", map[string]any{"Error": tui.Sanitize(tr.ErrorText(sendErr))}))
		if strings.Contains(sendErr.Error(), plan.relay.Name) {
			// The relay's refusals and connection errors name it already.
			return false, fmt.Errorf("%s: %w; the original was not changed", name, sendErr)
		}
		return false, fmt.Errorf("%s through %s: %w; the original was not changed", name, plan.relay.Name, sendErr)
	}
	w.printf("%s\n", tr.T("out.forward.accepted", map[string]any{"Reply": tui.Sanitize(reply.Text)}))

	if item.queued == nil || plan.then == forward.ThenKeep {
		return true, nil
	}
	warning, err := applyThen(ctx, opts, audit, plan.then, item.queued)
	if warning != nil {
		// The hold or delete is done, so the exit status stays as it is.
		fmt.Fprintf(plan.stderr, "%s%s\n", warningPrefix, tui.Sanitize(tr.ErrorText(warning)))
	}
	if err != nil {
		w.printf("%s\n", tr.T("out.forward.thenFailed", map[string]any{
			"Action": tr.T("action." + string(plan.then)), "Then": string(plan.then), "ID": item.queued.ID,
			"Error": tui.Sanitize(tr.ErrorText(err)),
		}))
		return true, fmt.Errorf("the relay accepted %s, but --then %s failed: %w", item.queued.ID, plan.then, err)
	}
	w.printf("%s\n", tr.T("out.forward.then."+string(plan.then), map[string]any{"ID": item.queued.ID}))
	return true, nil
}

// recordAttempt appends attempt to the audit log. A failed write is a
// warning on stderr and leaves the exit status as it is, because the
// relay's reply, not the log, decides whether the message went out.
func recordAttempt(audit *actions.Audit, tr *l10n.Localizer, stderr io.Writer, attempt forward.Attempt) {
	if err := attempt.Record(audit); err != nil {
		printWarning(stderr, tr, "out.forward.auditFailed", map[string]any{"Error": tui.Sanitize(err.Error())})
	}
}

func sendOne(ctx context.Context, relay forward.Relay, job forward.Job) (forward.Reply, error) {
	session, err := forward.Dial(ctx, relay)
	if err != nil {
		return forward.Reply{}, err
	}
	defer session.Close()
	return session.Forward(job)
}

// applyThen holds or deletes the original after checking that its queue
// ID still names the same message. It returns the result's warning, such
// as Postfix's log file left without the change, with the error.
func applyThen(ctx context.Context, opts *options, audit *actions.Audit, then forward.Then, msg *forward.Queued) (warning, err error) {
	controller := &actions.Postfix{ConfigDir: opts.configDir, Audit: audit}
	var res actions.Result
	if then == forward.ThenHold {
		res, err = controller.Hold(ctx, msg.ID, msg.Sender, msg.Arrival)
	} else {
		res, err = controller.Delete(ctx, msg.ID, msg.Sender, msg.Arrival)
	}
	return res.Warning, err
}
