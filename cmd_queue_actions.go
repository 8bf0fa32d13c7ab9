package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// queueActionSpec describes one subcommand of mailtop queue that changes
// the queue.
type queueActionSpec struct {
	name  string
	short string
	// command is the Postfix command line shown in the help text.
	command string
	// perMessage is set when command runs once for each message rather
	// than once for all of them.
	perMessage bool
	run        func(actions.BatchController, context.Context, []actions.Target) (actions.Result, error)
}

var queueActionSpecs = []queueActionSpec{
	{"hold", "Put the selected messages on hold", "postsuper -h -", false,
		actions.BatchController.HoldMany},
	{"release", "Release the selected messages from hold", "postsuper -H -", false,
		actions.BatchController.ReleaseMany},
	{"requeue", "Requeue the selected messages (each gets a new queue ID)", "postsuper -r -", false,
		actions.BatchController.RequeueMany},
	{"deliver", "Attempt delivery of the selected messages now", "postqueue -i ID", true,
		actions.BatchController.DeliverNowMany},
	{"expire", "Return the selected messages to their senders at the next attempt, releasing held ones", "postsuper -e - / -f -", false,
		actions.BatchController.ExpireMany},
	{"delete", "Delete the selected messages for good", "postsuper -d -", false,
		actions.BatchController.DeleteMany},
}

// requeueHelpText is the paragraph that the help of requeue adds.
const requeueHelpText = `

requeue then wakes pickup (postkick public pickup W), which gives each
message its new queue ID, reads the log (--log, --journal) for pickup's
lines for at most 5 seconds, and prints the new queue ID of each message.
For a message not found there, it prints the orig_id= to look for.`

// requeueHelp returns requeueHelpText for requeue and "" for the other
// actions.
func requeueHelp(name string) string {
	if name == "requeue" {
		return requeueHelpText
	}
	return ""
}

// perMessageText returns the words the English help puts after a command
// that runs once for each message.
func perMessageText(perMessage bool) string {
	if perMessage {
		return ", once per message"
	}
	return ""
}

// queueActionFlags are the flags of one action subcommand.
type queueActionFlags struct {
	dryRun bool
	yes    bool
	all    bool
}

func newQueueActionCommand(opts *options, flags *queueFlags, spec queueActionSpec) *cobra.Command {
	actionFlags := &queueActionFlags{}
	cmd := &cobra.Command{
		Use:   spec.name + " [QUEUE_ID...] [filters] [--dry-run]",
		Short: spec.short,
		Long: spec.short + `, with ` + spec.command + perMessageText(spec.perMessage) + `.

The messages are those mailtop queue lists with the same filters (--domain,
--sender, --recipient, --queue, --class, --reason), and the queue IDs given
as arguments; without a filter or a queue ID, pass --all. Just before
acting, mailtop lists the queue again with postqueue -j and leaves alone
every message that moved to another queue, left the queue or whose queue ID
now names another message (other sender or arrival time), and every message
in a queue the action does not apply to; each is printed with the reason.
The count printed is the one Postfix reports.

--dry-run prints the messages and the command and changes nothing. delete
asks for the number of messages to be typed when standard input is a
terminal, and otherwise needs --yes.` + requeueHelp(spec.name) + `

Each run appends one line to the audit log (--audit-log). Changing the
queue needs root, because postsuper does; deliver (postqueue -i) works for
any user that authorized_flush_users allows.`,
		Args: queueIDArguments,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQueueAction(cmd.Context(), opts, flags, actionFlags, spec, args, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().BoolVar(&actionFlags.dryRun, "dry-run", false, "print the selected messages and the command, and change nothing")
	cmd.Flags().BoolVar(&actionFlags.all, "all", false, "act on every queued message when no filter is given")
	cmd.Flags().StringVar(&opts.auditFile, "audit-log", actions.DefaultAuditPath(), "append a JSON line for the action to this `FILE`")
	if spec.name == "delete" {
		cmd.Flags().BoolVar(&actionFlags.yes, "yes", false, "delete without asking for the count to be typed")
	}
	return cmd
}

// queueIDArguments accepts queue IDs as the arguments of a queue action.
// Another argument is an error that names the flag it may have been meant
// for.
func queueIDArguments(cmd *cobra.Command, args []string) error {
	for _, arg := range args {
		if parsers.ValidQueueID(arg) {
			continue
		}
		data := map[string]any{"Argument": arg}
		problem := fmt.Sprintf("%s takes queue IDs as arguments, but %q is not one", cmd.CommandPath(), arg)
		if upper := strings.ToUpper(arg); isHex(arg) && parsers.ValidQueueID(upper) {
			// Short queue IDs are upper-case hexadecimal, and Postfix
			// matches them exactly.
			data["Upper"] = upper
			return hintedError{fmt.Errorf("%s: queue IDs are case-sensitive, and short ones are upper case: pass %s", problem, upper), "cli.error.queueIDCase", data}
		}
		if looksLikeDomain(arg) {
			return hintedError{fmt.Errorf("%s: to select the domain %s, pass it with --domain %s", problem, arg, arg), "cli.error.queueIDDomain", data}
		}
		return hintedError{fmt.Errorf("%s: pass queue IDs as mailtop queue lists them, or select messages with --domain, --sender, --recipient, --queue, --class or --reason", problem), "cli.error.queueIDArgument", data}
	}
	return nil
}

// isHex reports whether s is made of hexadecimal digits only.
func isHex(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return s != ""
}

func runQueueAction(ctx context.Context, opts *options, flags *queueFlags, actionFlags *queueActionFlags, spec queueActionSpec, ids []string, in io.Reader, out, errOut io.Writer) error {
	if flags.queueDir != "" {
		return usageError{hintedError{
			errors.New("--queue-dir reads a copy of a queue, and actions change the live instance; drop --queue-dir, and use -c DIR to pick an instance"),
			"cli.error.queueDirAction", nil,
		}}
	}
	filter, err := flags.filter(opts)
	if err != nil {
		return err
	}
	if filter.IsZero() && len(ids) == 0 && !actionFlags.all {
		return usageError{hintedError{
			fmt.Errorf("mailtop queue %s needs a filter (--domain, --sender, --recipient, --queue, --class or --reason) or queue IDs, or --all for every queued message", spec.name),
			"cli.error.queueActionTargets", map[string]any{"Action": spec.name},
		}}
	}
	snap, err := scanQueue(ctx, opts, flags)
	if err != nil {
		return err
	}
	snap = tui.FilterQueue(snap, filter)

	tr := textLocalizer(opts)
	// The action as the output names it: the subcommand in English, the
	// action's own word in Japanese.
	action := tr.T("out.action.name." + spec.name)
	w := &queueWriter{w: out}
	var missingErr error
	if len(ids) > 0 {
		var missing []string
		snap, missing = keepQueueIDs(snap, ids)
		for _, id := range missing {
			w.printf("%s\n", tr.T("out.action.idNotFound", map[string]any{"ID": id}))
		}
		missingErr = missingQueueIDsError(spec.name, action, missing, len(ids))
	}
	if len(snap.Messages) == 0 {
		w.printf("%s\n", tr.T("out.action.noMatch", map[string]any{"Action": action}))
		return errors.Join(missingErr, w.err)
	}
	targets, outsideCount := writeActionTargets(w, tr, filter, snap.Messages, action)
	count := len(targets)
	if spec.name == "expire" {
		writeExpireBounces(w, tr, snap.Messages)
	}
	if actionFlags.dryRun {
		w.printf("%s\n", tr.T(queuePlural(count, "out.action.dryRunOne", "out.action.dryRunMany"),
			map[string]any{"Action": action, "Command": dryRunCommands(spec, targets), "Count": count}))
		return w.err
	}
	if spec.name == "delete" && !actionFlags.yes {
		if err := confirmDelete(in, out, count, outsideCount, tr); err != nil {
			return err
		}
	}

	audit, err := openAuditLog(opts.auditFile, false)
	if err != nil {
		return err
	}
	defer audit.Close()
	stopped := snap.Master == sources.MasterStopped
	var requeueLog *requeueLog
	if spec.name == "requeue" && !stopped {
		// Opened before postsuper runs, so that no line of pickup's is
		// missed.
		if requeueLog, err = openRequeueLog(ctx, opts); err != nil {
			return err
		}
		defer requeueLog.Close()
	}
	controller := &actions.Postfix{ConfigDir: opts.configDir, Audit: audit}
	res, actionErr := spec.run(controller, ctx, targets)
	writeSkipped(w, tr, res.Skipped)
	output := res.Output
	var logFileErr *actions.LogFileError
	if errors.As(res.Warning, &logFileErr) || errors.As(actionErr, &logFileErr) {
		// mailtop's warning or error below explains postsuper's fatal
		// line, and the audit log keeps it.
		output = actions.WithoutLogFileFailure(output)
	}
	writeCommandOutput(w, output)
	if res.Count > 0 || actionErr == nil {
		w.printf("%s\n", tr.T(queuePlural(count, "out.action.resultOne", "out.action.resultMany"),
			map[string]any{"Action": action, "Changed": res.Count, "Count": count, "Skipped": len(res.Skipped)}))
	}
	if res.Released > 0 {
		w.printf("%s\n", tr.T(queuePlural(res.Released, "out.action.releasedOne", "out.action.releasedMany"),
			map[string]any{"Count": res.Released}))
	}
	if res.Warning != nil {
		// The action is complete, so the exit status stays 0.
		fmt.Fprintf(errOut, "%s%s\n", warningPrefix, tui.Sanitize(tr.ErrorText(res.Warning)))
	}
	if spec.name == "requeue" {
		var logFileErr *actions.LogFileError
		writeRequeueOutcome(ctx, w, tr, requeueOutcome{
			requeued:  actions.RequeuedIDs(res),
			messages:  messagesByID(snap.Messages),
			configDir: opts.configDir,
			// postsuper writes the log file itself only while Postfix
			// is stopped.
			stopped: stopped || errors.As(res.Warning, &logFileErr) || errors.As(actionErr, &logFileErr),
			log:     requeueLog,
			wake:    controller.WakePickup,
			logger:  opts.logger,
		})
	}
	if allAlreadyDone(actionErr, res.Skipped) {
		// A re-run hold or release finds nothing to change, which is the
		// state the operator asked for, so the exit status stays 0.
		w.printf("%s\n", tr.T("out.action.alreadyDone", map[string]any{"Action": action}))
		return errors.Join(missingErr, w.err)
	}
	if actionErr != nil {
		// Its own hint comes first; the IDs not found were listed above.
		return errors.Join(actionErr, w.err)
	}
	return errors.Join(missingErr, w.err)
}

// messagesByID returns messages by queue ID.
func messagesByID(messages []sources.QueuedMessage) map[string]sources.QueuedMessage {
	byID := make(map[string]sources.QueuedMessage, len(messages))
	for _, m := range messages {
		byID[m.QueueID] = m
	}
	return byID
}

// writeActionTargets prints a line for each message an action selected,
// with the pending recipients that filter leaves out under it, and then
// how many messages have such recipients, since Postfix acts on whole
// messages. It returns the action's targets and that number of messages.
func writeActionTargets(w *queueWriter, tr *l10n.Localizer, filter tui.QueueFilter, messages []sources.QueuedMessage, action string) ([]actions.Target, int) {
	targets := make([]actions.Target, 0, len(messages))
	var outsideIDs []string
	for _, m := range messages {
		targets = append(targets, actions.Target{ID: m.QueueID, Queue: m.Queue, Sender: m.Sender, Arrival: m.Arrival})
		w.printf("%s  %-8s  %s\n", m.QueueID, m.Queue, senderText(m.Sender))
		if outside := filter.OutsideRecipients(m); len(outside) > 0 {
			outsideIDs = append(outsideIDs, m.QueueID)
			w.printf("%s\n", tr.T("out.action.outsideRecipients", map[string]any{"Recipients": outsideRecipientList(tr, outside)}))
		}
	}
	if len(outsideIDs) > 0 {
		w.printf("%s\n", tr.T(queuePlural(len(outsideIDs), "out.action.outsideOne", "out.action.outsideMany"),
			map[string]any{"Count": len(outsideIDs), "IDs": shortList(tr, outsideIDs, maxOutsideIDs), "Action": action}))
	}
	return targets, len(outsideIDs)
}

// The lines of a queue action name at most maxOutsideRecipients recipients
// outside the filter for each message, and at most maxOutsideIDs messages
// that have some, followed by the number left out.
const (
	maxOutsideRecipients = 3
	maxOutsideIDs        = 5
)

// outsideRecipientList returns the addresses of recipients, sanitized and
// shortened with shortList.
func outsideRecipientList(tr *l10n.Localizer, recipients []sources.QueuedRecipient) string {
	addresses := make([]string, 0, len(recipients))
	for _, r := range recipients {
		addresses = append(addresses, tui.Sanitize(r.Address))
	}
	return shortList(tr, addresses, maxOutsideRecipients)
}

// shortList joins the first limit items of items as tr's language writes
// a list, and names the number of the others when there are more.
func shortList(tr *l10n.Localizer, items []string, limit int) string {
	if len(items) <= limit {
		return tr.JoinList(items)
	}
	return tr.T("out.action.outsideMore", map[string]any{"List": l10n.List(items[:limit]), "More": len(items) - limit})
}

// writeExpireBounces prints how many of messages are bounces, which an
// expire drops because they have no sender to return them to.
func writeExpireBounces(w *queueWriter, tr *l10n.Localizer, messages []sources.QueuedMessage) {
	bounces := 0
	for _, m := range messages {
		if m.Sender == "" {
			bounces++
		}
	}
	if bounces > 0 {
		w.printf("%s\n", tr.T(queuePlural(bounces, "out.action.expireBouncesOne", "out.action.expireBouncesMany"),
			map[string]any{"Count": bounces}))
	}
}

// allAlreadyDone reports whether an action ran nothing only because every
// selected message was already in the state the action requests.
func allAlreadyDone(actionErr error, skipped []actions.Skipped) bool {
	if !errors.Is(actionErr, actions.ErrNoneLeft) || len(skipped) == 0 {
		return false
	}
	for _, skip := range skipped {
		if !errors.Is(skip.Err, actions.ErrAlreadyDone) {
			return false
		}
	}
	return true
}

// dryRunCommands returns the command lines that spec would run on
// targets. expire runs postsuper -f on held messages instead of
// postsuper -e, so it may run both.
func dryRunCommands(spec queueActionSpec, targets []actions.Target) l10n.List {
	if spec.name != "expire" {
		return l10n.List{spec.command}
	}
	const expireCommand, expireHeldCommand = "postsuper -e -", "postsuper -f -"
	heldCount := 0
	for _, target := range targets {
		if target.Queue == actions.QueueHold {
			heldCount++
		}
	}
	switch heldCount {
	case 0:
		return l10n.List{expireCommand}
	case len(targets):
		return l10n.List{expireHeldCommand}
	default:
		return l10n.List{expireCommand, expireHeldCommand}
	}
}

// missingQueueIDsError returns the error for the queue IDs given to the
// subcommand that named no queued message, or nil when there are none.
// actionText is the action as the catalog's text names it. A script that
// holds or deletes messages by ID learns from the exit status that one of
// them was not there to act on: it may have left the queue, or the
// filters leave it out.
func missingQueueIDsError(action, actionText string, missing []string, given int) error {
	if len(missing) == 0 {
		return nil
	}
	return hintedError{
		fmt.Errorf("%s: %d of the %d queue IDs given named no queued message (%s): they may have left the queue, or the filters leave them out; run mailtop queue to see what is still queued",
			action, len(missing), given, strings.Join(missing, ", ")),
		"cli.error.queueIDsMissing", map[string]any{"Action": actionText, "Count": len(missing), "Given": given, "IDs": l10n.List(missing)},
	}
}

// keepQueueIDs keeps the messages of snap whose queue ID is one of ids,
// and returns the IDs that name no message in it, in the order given.
func keepQueueIDs(snap sources.QueueSnapshot, ids []string) (sources.QueueSnapshot, []string) {
	requested := make(map[string]bool, len(ids))
	for _, id := range ids {
		requested[id] = false
	}
	selected := snap.Messages[:0:0]
	for _, m := range snap.Messages {
		if _, ok := requested[m.QueueID]; ok {
			requested[m.QueueID] = true
			selected = append(selected, m)
		}
	}
	snap.Messages = selected
	var missing []string
	for _, id := range ids {
		if !requested[id] && !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	return snap, missing
}

// writeSkipped writes a line for each message that an action skipped,
// with the reason in the language of tr.
func writeSkipped(w *queueWriter, tr *l10n.Localizer, skipped []actions.Skipped) {
	for _, skip := range skipped {
		id, reason := tui.Sanitize(skip.Target.ID), tui.Sanitize(tr.ErrorText(skip.Err))
		data := map[string]any{"ID": id, "Reason": reason}
		if strings.Contains(reason, id) {
			// Most reasons start with the queue ID, which the line then
			// gives only once.
			w.printf("%s\n", tr.T("out.action.skippedReason", data))
			continue
		}
		w.printf("%s\n", tr.T("out.action.skipped", data))
	}
}

// confirmDelete prompts, in the language of tr, for the number of messages
// to be typed when in is a terminal, and fails otherwise. outside is the
// number of those messages with pending recipients outside the filter,
// which the prompt names because they are deleted too.
func confirmDelete(in io.Reader, out io.Writer, count, outside int, tr *l10n.Localizer) error {
	file, ok := in.(*os.File)
	if !ok || !isTerminal(file) {
		return usageError{hintedError{
			fmt.Errorf("delete of %d %s needs --yes when standard input is not a terminal; check the list with --dry-run first",
				count, queuePlural(count, "message", "messages")),
			"cli.error.deleteNeedsYes", map[string]any{"Count": count},
		}}
	}
	prompt := tr.T(queuePlural(count, "out.action.confirmOne", "out.action.confirmMany"), map[string]any{"Count": count})
	if outside > 0 {
		prompt = tr.T(queuePlural(count, "out.action.confirmOutsideOne", "out.action.confirmOutsideMany"),
			map[string]any{"Count": count, "Outside": outside})
	}
	fmt.Fprint(out, prompt)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("delete cancelled: no count was typed: %w", err)
	}
	if strings.TrimSpace(line) != strconv.Itoa(count) {
		return fmt.Errorf("delete cancelled: %q is not %d; nothing was changed", strings.TrimSpace(line), count)
	}
	return nil
}

// isTerminal reports whether file is a terminal. A character device is
// not enough, because /dev/null is one too.
func isTerminal(file *os.File) bool {
	return term.IsTerminal(file.Fd())
}

// writeCommandOutput prints the output of a Postfix command line by line.
// Each line is sanitized on its own, because sanitizing the whole output
// would drop the newlines and join the lines. Blank lines are left out.
func writeCommandOutput(w *queueWriter, output string) {
	for line := range strings.Lines(output) {
		// Sanitize drops the line ending with the other control bytes.
		line = strings.TrimRight(tui.Sanitize(line), " ")
		if strings.TrimSpace(line) != "" {
			w.printf("%s\n", line)
		}
	}
}

func senderText(sender string) string {
	if sender == "" {
		return "<>"
	}
	return tui.Sanitize(sender)
}
