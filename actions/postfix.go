// Package actions drives Postfix: it lists the queue and delivers, requeues,
// holds, releases and deletes messages by queue ID.
//
// Commands are built as argv and run through a Runner, never through a
// shell. Every queue ID is checked with parsers.ValidQueueID before any
// command runs, and every action first checks that the ID still names the
// message the operator saw, because Postfix reuses short queue IDs. Each
// action call is written to the Audit log.
package actions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
)

// Action names a change to the queue. The names appear in the audit log.
type Action string

// The actions mailtop can take on a queued message.
const (
	// ActionDeliverNow is postqueue -i: retry at once under the same queue ID.
	ActionDeliverNow Action = "deliver-now"
	// ActionRequeue is postsuper -r: re-run cleanup, giving a new queue ID.
	ActionRequeue Action = "requeue"
	// ActionHold is postsuper -h: move to the hold queue.
	ActionHold Action = "hold"
	// ActionRelease is postsuper -H: move from hold back to deferred.
	ActionRelease Action = "release"
	// ActionDelete is postsuper -d: remove the message for good.
	ActionDelete Action = "delete"
)

// ErrInvalidQueueID reports a string that is not a Postfix queue ID.
var ErrInvalidQueueID = errors.New("invalid queue ID")

// ErrChanged reports a queue ID that no longer names the message the
// caller saw: it left the queue, or Postfix gave the ID to another message.
var ErrChanged = errors.New("changed since it was listed")

// ErrWrongQueue reports a message in a queue the action does not apply to,
// such as deliver-now on a held message.
var ErrWrongQueue = errors.New("action does not apply to this queue")

// ErrAlreadyDone reports a message that is already where the action would
// put it: hold on a held message, release on one that is not held, expire
// on one that is expired and not held.
var ErrAlreadyDone = errors.New("message is already in the requested state")

// DefaultArrivalTolerance is the arrival-time difference Verify accepts when
// Postfix.ArrivalTolerance is zero. A log gives a message's first line to
// the second, and smtpd may create the queue file a few seconds after MAIL
// FROM, which sets the arrival time.
const DefaultArrivalTolerance = 10 * time.Second

// Result is the outcome of one action.
type Result struct {
	Action   Action
	QueueIDs []string
	// Argv is the command that ran, or for a simulated action the command
	// that would have run.
	Argv []string
	// Output is Postfix's own message, such as "postsuper: 7E996BE094:
	// placed on hold". postqueue -i prints nothing on success.
	Output string
	// Count is how many messages the action changed.
	Count int
	// Released is how many of them an expire also released from hold
	// (postsuper -f), so that Postfix returns them at its next attempt.
	Released int
	// Simulated is set when nothing ran (demo mode).
	Simulated bool
	// Skipped are the targets of a batch action that were left alone
	// because they changed since they were listed or are in a queue the
	// action does not apply to.
	Skipped []Skipped
	// EnvelopeSender is the MAIL FROM address of a forward, "" for the
	// null sender. It is nil for the other actions, which send no mail.
	EnvelopeSender *string
	// Warning is a problem that did not stop the action, such as a
	// *LogFileError when postsuper changed every message but could not
	// write Postfix's log file. It is nil otherwise.
	Warning error
}

// Controller is the set of queue operations the dashboard uses. *Postfix
// runs them; *Simulated only pretends.
type Controller interface {
	Lookup(ctx context.Context, id string) (QueuedMessage, error)
	Verify(ctx context.Context, id, sender string, arrival time.Time) (QueuedMessage, error)
	DeliverNow(ctx context.Context, id, sender string, arrival time.Time) (Result, error)
	Requeue(ctx context.Context, id, sender string, arrival time.Time) (Result, error)
	Hold(ctx context.Context, id, sender string, arrival time.Time) (Result, error)
	Release(ctx context.Context, id, sender string, arrival time.Time) (Result, error)
	Delete(ctx context.Context, id, sender string, arrival time.Time) (Result, error)
}

var (
	_ Controller = (*Postfix)(nil)
	_ Controller = (*Simulated)(nil)
)

// Postfix runs queue operations on one Postfix instance.
type Postfix struct {
	// ConfigDir selects the instance. Empty means the default instance; when
	// set, every command gets -c ConfigDir.
	ConfigDir string
	// Runner runs the commands. Nil means ExecRunner{}.
	Runner Runner
	// Audit receives one entry per action call. Nil means no audit log.
	Audit *Audit
	// ArrivalTolerance is the largest arrival-time difference Verify accepts.
	// Zero means DefaultArrivalTolerance.
	ArrivalTolerance time.Duration
}

// postsuperOp describes how one postsuper action is called and reported.
type postsuperOp struct {
	action Action
	flag   string
	// perID is the text after "ID: " on the line postsuper prints for each
	// message it changes.
	perID string
	// summary is the text before ": N message(s)" on the closing line.
	summary string
	// queues are the queues the action applies to by default
	// (postsuper(1)).
	queues []string
}

var (
	requeueOp = postsuperOp{ActionRequeue, "-r", "requeued", "Requeued",
		[]string{QueueHold, QueueIncoming, QueueActive, QueueDeferred}}
	holdOp = postsuperOp{ActionHold, "-h", "placed on hold", "Placed on hold",
		[]string{QueueIncoming, QueueActive, QueueDeferred}}
	releaseOp = postsuperOp{ActionRelease, "-H", "released from hold", "Released from hold",
		[]string{QueueHold}}
	deleteOp = postsuperOp{ActionDelete, "-d", "removed", "Deleted",
		[]string{QueueHold, QueueIncoming, QueueActive, QueueDeferred}}
)

// Verify checks, just before an action, that id is still queued with the
// given sender ("" for the null sender) and arrival time, and returns the
// message as listed now. Postfix reuses short queue IDs, so an ID alone may
// name another message by now.
//
// When arrival is zero, for instance because the log did not show when the
// message arrived, only the sender is compared. Arrival times within
// ArrivalTolerance of each other match.
//
// The error wraps ErrChanged when the message differs or is gone, and then
// also ErrNotQueued when it is gone.
func (p *Postfix) Verify(ctx context.Context, id, sender string, arrival time.Time) (QueuedMessage, error) {
	m, err := p.Lookup(ctx, id)
	if errors.Is(err, ErrNotQueued) {
		return m, notQueuedError(id)
	}
	if err != nil {
		return m, err
	}
	return m, compareMessage(m, sender, arrival, p.arrivalTolerance())
}

func (p *Postfix) arrivalTolerance() time.Duration {
	if p.ArrivalTolerance > 0 {
		return p.ArrivalTolerance
	}
	return DefaultArrivalTolerance
}

// notQueuedError returns the error for a queue ID that the queue listing
// lacks. It wraps ErrChanged and ErrNotQueued.
func notQueuedError(id string) error {
	return l10n.NewError("reason.action.notQueued", map[string]any{"QueueID": id}, ErrChanged, ErrNotQueued)
}

// compareMessage returns an ErrChanged error naming each field of m that
// differs from what the caller expects.
func compareMessage(m QueuedMessage, sender string, arrival time.Time, tolerance time.Duration) error {
	// NOTE: senders are compared byte for byte. A local part that needs
	// quoting ("john doe"@example.com) may be written differently in the
	// log and in postqueue -j; that case has not been checked.
	senderChanged := m.Sender != sender
	arrivalChanged := false
	if !arrival.IsZero() {
		gap := m.Arrival.Sub(arrival)
		arrivalChanged = gap > tolerance || gap < -tolerance
	}

	var id string
	switch {
	case senderChanged && arrivalChanged:
		id = "reason.action.senderArrivalChanged"
	case senderChanged:
		id = "reason.action.senderChanged"
	case arrivalChanged:
		id = "reason.action.arrivalChanged"
	default:
		return nil
	}
	data := map[string]any{
		"QueueID":         m.QueueID,
		"Sender":          displaySender(m.Sender),
		"ExpectedSender":  displaySender(sender),
		"Arrival":         m.Arrival.Format(time.RFC3339),
		"ExpectedArrival": arrival.Format(time.RFC3339),
	}
	return l10n.NewError(id, data, ErrChanged)
}

func displaySender(s string) string {
	return "<" + s + ">"
}

// DeliverNow verifies the message, then runs postqueue [-c DIR] -i ID, which
// moves a deferred message to the incoming queue for an immediate attempt
// under the same queue ID. postqueue exits 0 even for an unknown ID, which
// is why Verify runs first. A held message is refused with ErrWrongQueue:
// release it first.
func (p *Postfix) DeliverNow(ctx context.Context, id, sender string, arrival time.Time) (Result, error) {
	res := Result{Action: ActionDeliverNow, QueueIDs: []string{id}}
	res, err := p.deliverNow(ctx, res, sender, arrival)
	return res, p.record(res, err)
}

func (p *Postfix) deliverNow(ctx context.Context, res Result, sender string, arrival time.Time) (Result, error) {
	id := res.QueueIDs[0]
	m, err := p.Verify(ctx, id, sender, arrival)
	if err != nil {
		return res, err
	}
	if err := checkDeliverQueue(m); err != nil {
		return res, err
	}
	res.Argv = p.command("postqueue", "-i", id)
	stdout, stderr, err := p.run(ctx, res.Argv, nil)
	res.Output = commandOutput(stdout, stderr)
	if err != nil {
		if mailSystemDown(stderr) {
			return res, &NotRunningError{ConfigDir: p.ConfigDir, QueueIDs: []string{id}, Err: err, Undelivered: true}
		}
		return res, err
	}
	res.Count = 1
	return res, nil
}

// checkDeliverQueue allows deliver-now only where postqueue -i acts: the
// flush service moves deferred and incoming messages and ignores the rest.
func checkDeliverQueue(m QueuedMessage) error {
	switch m.Queue {
	case QueueDeferred, QueueIncoming:
		return nil
	case QueueHold:
		return l10n.NewError("reason.deliver.held", map[string]any{"QueueID": m.QueueID}, ErrWrongQueue)
	case QueueActive:
		return l10n.NewError("reason.deliver.active", map[string]any{"QueueID": m.QueueID}, ErrWrongQueue)
	default:
		return l10n.NewError("reason.deliver.queue", map[string]any{"QueueID": m.QueueID, "Queue": m.Queue}, ErrWrongQueue)
	}
}

// Requeue verifies the message, then runs postsuper [-c DIR] -r - with the ID
// on stdin. Postfix re-runs cleanup on it, so address rewriting and
// transport maps apply again, and the message gets a new queue ID that
// pickup logs with orig_id=ID. It needs root.
func (p *Postfix) Requeue(ctx context.Context, id, sender string, arrival time.Time) (Result, error) {
	return p.postsuper(ctx, requeueOp, id, sender, arrival)
}

// Hold verifies the message, then runs postsuper [-c DIR] -h - with the ID
// on stdin. A held message is not delivered and does not expire until it is
// released. It needs root.
func (p *Postfix) Hold(ctx context.Context, id, sender string, arrival time.Time) (Result, error) {
	return p.postsuper(ctx, holdOp, id, sender, arrival)
}

// Release verifies the message, then runs postsuper [-c DIR] -H - with the
// ID on stdin, which moves it from hold back to the deferred queue. It
// needs root.
func (p *Postfix) Release(ctx context.Context, id, sender string, arrival time.Time) (Result, error) {
	return p.postsuper(ctx, releaseOp, id, sender, arrival)
}

// Delete verifies the message, then runs postsuper [-c DIR] -d - with the ID
// on stdin. The message is gone for good; the caller confirms with the
// operator first. Delete accepts only one explicit queue ID, never "ALL".
// It needs root.
func (p *Postfix) Delete(ctx context.Context, id, sender string, arrival time.Time) (Result, error) {
	return p.postsuper(ctx, deleteOp, id, sender, arrival)
}

// postsuper verifies the message and runs one postsuper action with the ID
// on stdin, so Postfix logs the ID. postsuper exits 0 even when no message
// matched, so the outcome is read from its stderr.
func (p *Postfix) postsuper(ctx context.Context, op postsuperOp, id, sender string, arrival time.Time) (Result, error) {
	res := Result{Action: op.action, QueueIDs: []string{id}}
	res, err := p.runPostsuper(ctx, op, res, sender, arrival)
	return res, p.record(res, err)
}

func (p *Postfix) runPostsuper(ctx context.Context, op postsuperOp, res Result, sender string, arrival time.Time) (Result, error) {
	id := res.QueueIDs[0]
	m, err := p.Verify(ctx, id, sender, arrival)
	if err != nil {
		return res, err
	}
	if !slices.Contains(op.queues, m.Queue) {
		return res, wrongQueueError(op, m)
	}

	res, stderr, err := p.execPostsuper(ctx, op, res)
	if err != nil || res.Warning != nil {
		return res, err
	}
	res.Count = parsePostsuperCount(stderr, op, res.QueueIDs)
	if res.Count < len(res.QueueIDs) {
		return res, fmt.Errorf("%s: postsuper changed %d of %d messages, so queue ID %s was no longer queued when the command ran: %w",
			op.action, res.Count, len(res.QueueIDs), id, ErrNotQueued)
	}
	return res, nil
}

// execPostsuper runs postsuper op with res.QueueIDs on stdin and sets
// res.Argv and res.Output. When postsuper stopped because it could not
// open Postfix's log file, it also sets res.Count from the per-ID lines
// postsuper printed, and returns a *LogFileError: in res.Warning when
// every message was changed, else as the error.
func (p *Postfix) execPostsuper(ctx context.Context, op postsuperOp, res Result) (Result, []byte, error) {
	res.Argv = p.command("postsuper", op.flag, "-")
	stdin := strings.Join(res.QueueIDs, "\n") + "\n"
	stdout, stderr, err := p.run(ctx, res.Argv, []byte(stdin))
	res.Output = commandOutput(stdout, stderr)
	if err == nil {
		return res, stderr, nil
	}
	path, reason, ok := logFileFailure(stderr)
	if !ok {
		return res, stderr, err
	}
	changed, unchanged := changedIDs(stderr, op, res.QueueIDs)
	res.Count = len(changed)
	logErr := &LogFileError{
		Action:    op.action,
		Flag:      op.flag,
		ConfigDir: p.ConfigDir,
		Path:      path,
		Reason:    reason,
		Changed:   len(changed),
		Unchanged: unchanged,
		Err:       err,
	}
	if len(unchanged) == 0 {
		res.Warning = logErr
		return res, stderr, nil
	}
	return res, stderr, logErr
}

func wrongQueueError(op postsuperOp, m QueuedMessage) error {
	data := map[string]any{"QueueID": m.QueueID, "Queue": m.Queue, "Flag": op.flag}
	switch {
	case op.action == ActionRelease:
		return l10n.NewError("reason.action.notHeld", data, ErrWrongQueue, ErrAlreadyDone)
	case m.Queue == QueueHold && op.action == ActionHold:
		return l10n.NewError("reason.action.alreadyHeld", data, ErrWrongQueue, ErrAlreadyDone)
	case m.Queue == QueueHold:
		return l10n.NewError("reason.action.alreadyHeld", data, ErrWrongQueue)
	default:
		return l10n.NewError("reason.action.postsuperQueue", data, ErrWrongQueue)
	}
}

// parsePostsuperCount reads how many messages postsuper changed. Postfix
// 3.7 prints one "postsuper: ID: placed on hold" line per message and then
// "postsuper: Placed on hold: N message(s)", also when N is 0. The summary
// wins; without one, the per-ID lines for the given IDs are counted.
func parsePostsuperCount(stderr []byte, op postsuperOp, ids []string) int {
	perID := 0
	summary := -1
	for _, line := range strings.Split(string(stderr), "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimPrefix(line, "postsuper: ")
		if rest, ok := strings.CutPrefix(line, op.summary+": "); ok {
			if n, ok := leadingNumber(rest); ok {
				summary = n
			}
			continue
		}
		id, text, ok := strings.Cut(line, ": ")
		if ok && text == op.perID && slices.Contains(ids, id) {
			perID++
		}
	}
	if summary >= 0 {
		return summary
	}
	return perID
}

// leadingNumber reads the decimal number that starts s, as in "1 message".
func leadingNumber(s string) (int, bool) {
	n, digits := 0, 0
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		n = n*10 + int(s[digits]-'0')
		digits++
		if n > 1<<30 {
			return 0, false
		}
	}
	return n, digits > 0
}

// validateQueueID rejects anything but a short or long Postfix queue ID, so
// no option, path, newline or "ALL" ever reaches a command line or stdin.
func validateQueueID(id string) error {
	if id == "ALL" {
		return l10n.NewError("reason.action.queueIDAll", map[string]any{"QueueID": id}, ErrInvalidQueueID)
	}
	if !parsers.ValidQueueID(id) {
		return l10n.NewError("reason.action.queueIDInvalid", map[string]any{"QueueID": id}, ErrInvalidQueueID)
	}
	return nil
}

// command builds argv for a Postfix command, with -c ConfigDir first when an
// instance is selected.
func (p *Postfix) command(name string, args ...string) []string {
	return buildCommand(p.ConfigDir, name, args...)
}

func buildCommand(configDir, name string, args ...string) []string {
	argv := []string{name}
	if configDir != "" {
		argv = append(argv, "-c", configDir)
	}
	return append(argv, args...)
}

// run runs argv and turns a failure into a *CommandError with Postfix's
// stderr.
func (p *Postfix) run(ctx context.Context, argv []string, stdin []byte) (stdout, stderr []byte, err error) {
	runner := p.Runner
	if runner == nil {
		runner = ExecRunner{}
	}
	stdout, stderr, err = runner.Run(ctx, argv, stdin)
	if err != nil {
		err = &CommandError{Argv: argv, Stderr: strings.TrimSpace(string(stderr)), Err: err}
		if rejected := sources.ConfigDirRejection(stderr, p.ConfigDir); rejected != nil {
			// The rejection carries the fix, which the screen shows.
			err = fmt.Errorf("%w: %w", err, rejected)
		}
		return stdout, stderr, err
	}
	return stdout, stderr, nil
}

// commandOutput joins what a command printed, trimmed.
func commandOutput(stdout, stderr []byte) string {
	out := strings.TrimSpace(string(stdout))
	errText := strings.TrimSpace(string(stderr))
	switch {
	case out == "":
		return errText
	case errText == "":
		return out
	default:
		return out + "\n" + errText
	}
}

// record writes the action to the audit log, if there is one. An audit
// failure is joined to the action's own error: the action has happened,
// and the returned Result still describes it.
func (p *Postfix) record(res Result, actionErr error) error {
	if p.Audit == nil {
		return actionErr
	}
	if auditErr := p.Audit.Record(res, actionErr); auditErr != nil {
		return errors.Join(actionErr, auditErr)
	}
	return actionErr
}
