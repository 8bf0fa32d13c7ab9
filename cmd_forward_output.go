package main

// The text that mailtop forward prints: the plan of a dry run and the
// outcome, with the exit status it reports.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// forwardOutcome prints the count when there were several messages and
// returns the error whose exit status reports whether some or none were
// sent.
func forwardOutcome(w *queueWriter, tr *l10n.Localizer, total, sent int, failures []error) error {
	if total > 1 {
		w.printf("%s\n", tr.T("out.forward.summary", map[string]any{"Sent": sent, "Total": total}))
	}
	if len(failures) == 0 {
		return w.err
	}
	err := errors.Join(failures...)
	if len(failures) > 1 {
		err = fmt.Errorf("%d of %d messages failed:\n%w", len(failures), total, err)
	}
	data := map[string]any{"Sent": sent, "Total": total, "Failed": total - sent}
	switch {
	case sent == 0 && allNotQueued(failures):
		// The same command would fail the same way, so the hint names how
		// to find the right queue ID instead.
		return forwardExitError{forwardExitNone, hintedError{err, "cli.error.forwardNotQueued", data}}
	case sent == 0:
		return forwardExitError{forwardExitNone, hintedError{err, "cli.error.forwardNone", data}}
	case sent == total:
		// Every message was forwarded, so each failure is the hold or
		// delete of an original after it. Running the command again would
		// send them twice, so the hint for a stopped Postfix names the
		// queue action instead.
		var notRunning *actions.NotRunningError
		if errors.As(err, &notRunning) {
			data["Start"] = notRunning.StartCommand()
			return forwardExitError{forwardExitPartial, hintedError{err, "cli.error.forwardThenNotRunning", data}}
		}
		return forwardExitError{forwardExitPartial, hintedError{err, "cli.error.forwardThen", data}}
	}
	return forwardExitError{forwardExitPartial, hintedError{err, "cli.error.forwardPartial", data}}
}

// allNotQueued reports whether every failure is a queue ID that names no
// queued message, either gone or reused by a newer message.
func allNotQueued(failures []error) bool {
	for _, failure := range failures {
		if !errors.Is(failure, forward.ErrNotQueued) && !errors.Is(failure, sources.ErrQueueIDReused) {
			return false
		}
	}
	return len(failures) > 0
}

// dryRunOutcome returns nil when no message would be refused, and
// otherwise the error with the exit status the real run would have: none
// forwarded when every message would be refused, else some.
func dryRunOutcome(total int, refusals []error) error {
	if len(refusals) == 0 {
		return nil
	}
	err := errors.Join(refusals...)
	if total > 1 {
		err = fmt.Errorf("%d of %d messages would be refused:\n%w", len(refusals), total, err)
	}
	err = hintedError{fmt.Errorf("dry run: %w", err), "cli.error.forwardDryRun", nil}
	if len(refusals) == total {
		return forwardExitError{forwardExitNone, err}
	}
	return forwardExitError{forwardExitPartial, err}
}

// printForwardPlan prints what is sent for one message: source, relay,
// envelope and mode. item must have a message: a bounce's original or a
// queue file that was read.
func printForwardPlan(w *queueWriter, tr *l10n.Localizer, item forwardItem, plan forwardPlan, flags *forwardFlags) {
	job := item.job
	content := forward.Inspect(job.Content)
	source := tr.T("out.forward.fromBounce", map[string]any{"File": tui.Sanitize(flags.bounce)})
	if item.queued != nil {
		source = tr.T("out.forward.fromQueue", map[string]any{"ID": item.queued.ID, "Queue": item.queued.Queue})
	}

	sender, err := job.EnvelopeSender(plan.relay)
	if err != nil {
		sender = "-"
	}

	// --then acts on a queued original, and a bounce has none.
	modeName := tr.T("out.forward.modeName." + string(plan.mode))
	mode := tr.T("out.forward.modeBounce", map[string]any{"Mode": modeName})
	if item.queued != nil {
		mode = tr.T("out.forward.modeText", map[string]any{"Mode": modeName, "After": tr.T("out.forward.after." + string(plan.then))})
	}

	to := strings.Join(job.Envelope(plan.relay), ", ")
	if to == "" {
		to = "-"
	}

	// The queue file's size, which mailtop queue and postqueue list, is
	// larger: Postfix stores each line as a record with a type and a
	// length in place of the LF. A file without a C record has none.
	var queueSize int64
	if item.queued != nil {
		queueSize = item.queued.ContentSize
	}
	writeLabeled(w, [][2]string{
		{tr.T("out.forward.message"), tr.T("out.forward.messageText", map[string]any{
			"Source": source, "Size": len(job.Content), "QueueSize": queueSize, "MaxLine": content.MaxLine, "Bits": bitText(content),
		})},
		{tr.T("out.forward.relay"), tr.T("out.forward.relayText", map[string]any{
			"Name": tui.Sanitize(plan.relay.Name), "Address": plan.relay.Address(), "TLS": plan.relay.TLS,
		})},
		{tr.T("out.forward.from"), tui.Sanitize(sender)},
		{tr.T("out.forward.to"), tui.Sanitize(to)},
		{tr.T("out.forward.mode"), mode},
	})
}

// writeLabeled prints one line per label and value, with the values
// starting at the same terminal cell.
func writeLabeled(w *queueWriter, lines [][2]string) {
	width := 0
	for _, line := range lines {
		width = max(width, ansi.StringWidth(line[0]))
	}
	for _, line := range lines {
		w.printf("%s %s\n", padCells(line[0], width), line[1])
	}
}

func bitText(content forward.Content) string {
	if content.EightBit {
		return "8-bit"
	}
	return "7-bit"
}
