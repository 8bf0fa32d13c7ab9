package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/postfixconf"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// queueFlags are the flags of mailtop queue and its action subcommands.
type queueFlags struct {
	asJSON    bool
	queueDir  string
	sender    string
	recipient string
	queue     string
	class     string
	reason    string
}

// filter returns the message filter the flags and --domain select, with
// the config file's override rules for matching --class.
func (f *queueFlags) filter(opts *options) (tui.QueueFilter, error) {
	filter := tui.QueueFilter{
		Domain:    strings.TrimSpace(opts.domain),
		Sender:    f.sender,
		Recipient: f.recipient,
		Queue:     f.queue,
		Reason:    f.reason,
	}
	cfg, err := config.Load(opts.configFile, os.Getenv)
	if err != nil {
		return filter, err
	}
	if filter.Overrides, err = diagnose.CompileOverrides(cfg.Overrides); err != nil {
		return filter, fmt.Errorf("config file %s: %w", cfg.Path, err)
	}
	if f.class != "" {
		class, ok := parseClassFlag(f.class)
		if !ok {
			return filter, usageError{hintedError{
				fmt.Errorf("invalid --class %q: use a reason class name such as rate_limited, blocked or user_unknown, as mailtop report --json prints them", f.class),
				"cli.error.flagClass", map[string]any{"Value": f.class, "Classes": l10n.List(diagnose.ClassNames())},
			}}
		}
		filter.Class = class
	}
	if err := filter.Validate(); err != nil {
		return filter, usageError{hintedError{
			fmt.Errorf("invalid --queue: %w", err),
			"cli.error.flagQueue", map[string]any{"Value": filter.Queue, "Queues": l10n.List(sources.MessageQueues)},
		}}
	}
	return filter, nil
}

func newQueueCommand(opts *options) *cobra.Command {
	flags := &queueFlags{}
	cmd := &cobra.Command{
		Use:   "queue",
		Short: "List the Postfix queue, or hold, release, requeue, deliver, expire or delete messages in it",
		Long: `List every message in the Postfix queue with its queue, age, size, sender,
pending recipients, the reason, reason class and DSN status of the last
failed attempt, and the next retry time. Run as root (or the postfix user)
to read the queue files directly; otherwise mailtop falls back to
postqueue -j, which shows no retry times, done recipients or DSN status
codes. --domain keeps only the recipients of that domain, and the messages
that have one.

--queue-dir DIR reads a queue directory directly, for instance a copy taken
from another server, and never runs postqueue.

The filters --sender, --recipient, --queue, --class and --reason keep the
messages that match all of them. Text matches without regard to case and as
a substring, except --queue and --class, which take a name. The recipient
filters (--domain, --recipient, --class, --reason) match when one pending
recipient matches all of them. --sender '<>' selects bounces.

The subcommands hold, release, requeue, deliver, expire and delete act on
the messages the filters select; see mailtop queue hold --help.

In the text listing, "#" after a queue ID marks a message set to expire with
postsuper -e or -f, and "<>" is the null sender of bounces. A "warning:"
line under a message says that the instance's mail_owner cannot read its
queue file, so Postfix will not deliver it, and how to fix that.

--json prints one JSON document:
  {
    "source": "directory" or "postqueue",
    "queue_directory": "/var/spool/postfix",
    "mail_owner": the user each queue file was checked against, or ""
                  (postqueue, --queue-dir),
    "fallback_reason": why postqueue was used, or "",
    "postqueue_error": postqueue's error when the queue files could not
                       be read and postqueue -j failed too, or "",
    "postfix_running": whether the instance's master process runs, true
                       or false; null when unknown (--queue-dir, or not
                       root and postqueue -j did not tell),
    "generated_at": RFC 3339 time of the listing,
    "domain": the --domain value, or "",
    "counts": {"maildrop": N, "incoming": N, "active": N, "deferred": N,
               "hold": N, "corrupt": N}   (messages listed per queue),
    "incomplete": files skipped while Postfix was still writing them,
    "vanished": files gone between listing and reading them,
    "skipped": names in the queue that are not queue IDs,
    "errors": [{"queue_name", "queue_id", "path", "error"}],
    "messages": [{
      "queue_id", "queue_name",
      "arrival_time": RFC 3339, "age_seconds": integer,
      "message_size": bytes, "sender": "" for the null sender,
      "forced_expire": bool,
      "next_retry": RFC 3339, or null outside the deferred queue,
      "sasl_username", "client": "name[address]" of the SMTP client, or "",
      "file_problem": "not_owned_by_mail_owner" or
                      "not_readable_by_mail_owner" when Postfix cannot read
                      the queue file, else "",
      "file_uid": the queue file's owner when file_problem is set, else null,
      "recipients": [{"address", "orig_address", "done": bool,
                      "status": DSN code such as "4.2.0", "reason",
                      "class": reason class of "reason", or "",
                      "bounce_reason"}]
    }]
  }
Every member is always present; unknown values are "" or null, and lists
are [] when empty. Messages are sorted by arrival time. Times are in UTC.`,
		Args: rejectArguments,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQueue(cmd.Context(), opts, flags, cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&flags.asJSON, "json", false, "print one JSON document instead of text")
	pflags := cmd.PersistentFlags()
	pflags.StringVar(&flags.queueDir, "queue-dir", "", "read the queue files in this `DIR` (such as a copy) instead of the instance's queue_directory; listing only")
	pflags.StringVar(&flags.sender, "sender", "", "keep messages whose envelope sender contains this `TEXT`; <> is the null sender")
	pflags.StringVar(&flags.recipient, "recipient", "", "keep messages with a pending recipient whose address contains this `TEXT`")
	pflags.StringVar(&flags.queue, "queue", "", "keep messages in this `QUEUE`: maildrop, incoming, active, deferred, hold or corrupt")
	pflags.StringVar(&flags.class, "class", "", "keep messages with a pending recipient whose last defer reason has this reason `CLASS`, such as rate_limited")
	pflags.StringVar(&flags.reason, "reason", "", "keep messages with a pending recipient whose last defer reason contains this `TEXT`")
	for _, action := range queueActionSpecs {
		cmd.AddCommand(newQueueActionCommand(opts, flags, action))
	}
	return cmd
}

// scanQueue reads the queue: --queue-dir directly, else the instance's
// queue directory, with postqueue -j when it cannot be read.
func scanQueue(ctx context.Context, opts *options, flags *queueFlags) (sources.QueueSnapshot, error) {
	if flags.queueDir != "" {
		if err := checkQueueDirFlag(flags.queueDir); err != nil {
			return sources.QueueSnapshot{}, err
		}
		// The errors of ScanQueue name the directory already.
		return sources.ScanQueue(ctx, flags.queueDir, sources.QueueOptions{})
	}
	run := sources.ExecRunner{}
	// The listing needs the queue directory only, not the other instances.
	instance, err := sources.FindInstanceDirs(ctx, run, opts.configDir)
	if err != nil {
		return sources.QueueSnapshot{}, fmt.Errorf("%w; to list a copy of a queue directory, pass --queue-dir DIR", err)
	}
	snap, err := sources.ScanQueue(ctx, instance.QueueDir, sources.QueueOptions{
		Runner:      run,
		ConfigDir:   opts.configDir,
		MailOwner:   findMailOwner(ctx, opts.configDir, opts.logger),
		CheckMaster: true,
	})
	if errors.Is(err, sources.ErrMailSystemDown) {
		// This user may not read the queue files, and postqueue -j found
		// Postfix stopped. The error names the start command, as the
		// actions do, in place of postqueue's own words.
		if opts.logger != nil {
			opts.logger.Debug("the queue cannot be listed while Postfix is stopped", "err", err)
		}
		return snap, &actions.NotRunningError{ConfigDir: opts.configDir}
	}
	if err != nil {
		return snap, fmt.Errorf("list the queue of %s: %w", instance.ConfigDir, err)
	}
	return snap, nil
}

// findMailOwner returns the mail_owner of the instance in configDir (""
// for the default one), which must be able to read every queue file. It
// returns nil, so that no queue file is checked, when postconf or the
// user database cannot name that user.
func findMailOwner(ctx context.Context, configDir string, logger *slog.Logger) *sources.MailOwner {
	inspector := &postfixconf.Inspector{Runner: sources.ExecRunner{}, ConfigDir: configDir}
	name, err := inspector.MailOwner(ctx)
	var owner *sources.MailOwner
	if err == nil {
		owner, err = sources.LookupMailOwner(name)
	}
	if err != nil && logger != nil {
		logger.Warn("queue file owners are not checked", "err", err)
	}
	return owner
}

func runQueue(ctx context.Context, opts *options, flags *queueFlags, out io.Writer) error {
	filter, err := flags.filter(opts)
	if err != nil {
		return err
	}
	snap, err := scanQueue(ctx, opts, flags)
	var notRunning *actions.NotRunningError
	if errors.As(err, &notRunning) {
		notRunning.Listing = true
	}
	if err != nil {
		return err
	}
	if opts.logger != nil {
		opts.logger.Debug("queue listed", "source", snap.Source, "dir", snap.Dir,
			"messages", len(snap.Messages), "errors", len(snap.Errors), "fallback_reason", snap.FallbackReason)
		for _, fileErr := range snap.Errors {
			opts.logger.Warn("queue file unreadable", "queue", fileErr.Queue, "queue_id", fileErr.QueueID, "err", fileErr.Err)
		}
	}
	if flags.queueDir != "" && snap.Incomplete > 0 {
		// Postfix sets the owner execute bit when a queue file is
		// complete, and a copy made without keeping modes clears it.
		printWarning(os.Stderr, textLocalizer(opts), queuePlural(snap.Incomplete, "out.queue.copyIncompleteOne", "out.queue.copyIncompleteMany"),
			map[string]any{"Count": snap.Incomplete, "Dir": tui.Sanitize(flags.queueDir)})
	}
	listed := queueListed{total: len(snap.Messages), filtered: opts.domain != "" || !filter.IsZero()}
	if opts.domain != "" {
		snap = filterQueueDomain(snap, opts.domain)
	}
	snap = tui.FilterQueue(snap, filter)

	now := time.Now()
	if flags.asJSON {
		return writeQueueJSON(out, snap, opts.domain, now, filter.Overrides)
	}
	location := opts.location
	if location == nil {
		location = time.Local
	}
	return writeFilteredQueueText(out, snap, listed, queueTextWidth(out, os.Getenv), now, location, textLocalizer(opts), filter.Overrides)
}

// queueTextWidth returns the width in terminal cells that the message
// lines of the listing fit in. On a terminal it is COLUMNS, or else the
// terminal's width. Elsewhere it is 0, which keeps every sender whole, so
// that grep and scripts see whole addresses.
func queueTextWidth(out io.Writer, getenv func(string) string) int {
	file, ok := out.(*os.File)
	if !ok || !isTerminal(file) {
		return 0
	}
	if columns, err := strconv.Atoi(strings.TrimSpace(getenv("COLUMNS"))); err == nil && columns > 0 {
		return columns
	}
	if width, _, err := term.GetSize(file.Fd()); err == nil && width > 0 {
		return width
	}
	return queueLineWidth
}

// queueListed describes the queue before the filters of mailtop queue.
type queueListed struct {
	// total is the number of messages listed before filtering.
	total int
	// filtered is set when a filter or --domain was given.
	filtered bool
}

// noneMatch reports whether the filters left out every message of a queue
// that has some.
func (l queueListed) noneMatch(snap sources.QueueSnapshot) bool {
	return l.filtered && l.total > 0 && len(snap.Messages) == 0
}

// filterQueueDomain keeps the recipients in domain (see tui.InDomain), and
// the messages that still have one. Counts are those of the messages kept.
func filterQueueDomain(snap sources.QueueSnapshot, domain string) sources.QueueSnapshot {
	out := snap
	out.Messages = nil
	out.Counts = make(map[string]int, len(snap.Counts))
	for q := range snap.Counts {
		out.Counts[q] = 0
	}
	for _, m := range snap.Messages {
		var kept []sources.QueuedRecipient
		for _, r := range m.Recipients {
			if tui.InDomain(r.Address, domain) {
				kept = append(kept, r)
			}
		}
		if len(kept) == 0 {
			continue
		}
		m.Recipients = kept
		out.Messages = append(out.Messages, m)
		out.Counts[m.Queue]++
	}
	return out
}

// writeQueueText prints the listing for a terminal of queueLineWidth
// columns: one line per message,
// then one per pending recipient with its DSN status, reason class and
// reason. Every text from the queue passes through tui.Sanitize, because
// reasons quote remote servers and may carry terminal escapes. Columns are
// padded by terminal cells, so Japanese headers line up.
func writeQueueText(out io.Writer, snap sources.QueueSnapshot, now time.Time, location *time.Location, tr *l10n.Localizer, overrides *diagnose.Overrides) error {
	return writeFilteredQueueText(out, snap, queueListed{total: len(snap.Messages)}, queueLineWidth, now, location, tr, overrides)
}

// writeFilteredQueueText is writeQueueText for a snapshot that filters
// may have narrowed, with message lines cut to lineWidth cells, or whole
// when lineWidth is 0. When the filters left out every message, it prints
// that no message matches and the number queued, instead of calling the
// queue empty.
func writeFilteredQueueText(out io.Writer, snap sources.QueueSnapshot, listed queueListed, lineWidth int, now time.Time, location *time.Location, tr *l10n.Localizer, overrides *diagnose.Overrides) error {
	w := &queueWriter{w: out}
	stopped := snap.Master == sources.MasterStopped
	switch {
	case listed.noneMatch(snap):
		w.printf("%s\n", tr.T("out.queue.noMatch"))
	case len(snap.Messages) == 0 && len(snap.Errors) > 0:
		// The queue is not empty: the lines after the summary give the
		// reason its files could not be read.
		w.printf("%s\n", tr.T("out.queue.noneReadable"))
	case len(snap.Messages) == 0:
		w.printf("%s\n", tr.T("out.queue.empty"))
	default:
		header := queueColumns{
			id: tr.T("out.queue.col.id"), queue: tr.T("out.queue.col.queue"), age: tr.T("out.queue.col.age"),
			size: tr.T("out.queue.col.size"), retry: tr.T("out.queue.col.retry"), sender: tr.T("out.queue.col.sender"),
		}
		widths := header.widths()
		for _, m := range snap.Messages {
			widths.grow(queueMessageColumns(m, now, location, tr, stopped).widths())
		}
		w.printf("%s\n", header.line(widths))
		classes := newQueueClassCache(overrides)
		fix := queueFileFixData(snap)
		for _, m := range snap.Messages {
			writeQueueMessage(w, m, widths, lineWidth, now, location, tr, classes, fix, stopped)
		}
	}
	w.printf("\n%s\n", queueSummary(snap, listed, tr))
	if stopped {
		w.printf("%s\n", tr.T("out.queue.postfixStopped", map[string]any{"Start": tui.Sanitize(actions.StartCommand(snap.ConfigDir))}))
	}
	if snap.Source == sources.QueueFromPostqueue {
		w.printf("%s\n", tr.T("out.queue.postqueue", map[string]any{"Reason": tui.Sanitize(snap.FallbackReason)}))
	}
	if problems := snap.FileProblems(); problems > 0 {
		w.printf("%s\n", tr.T(queuePlural(problems, "out.queue.fileProblemsOne", "out.queue.fileProblemsMany"),
			map[string]any{"Count": problems, "Owner": tui.Sanitize(snap.MailOwner)}))
	}
	// The files this user may not open get one line for all of them,
	// since the fix is the same for each.
	if denied := snap.PermissionDenied(); denied > 0 {
		command := "sudo mailtop queue"
		if snap.ConfigDir != "" {
			command += " -c " + snap.ConfigDir
		}
		w.printf("%s\n", tr.T(queuePlural(denied, "out.queue.deniedOne", "out.queue.deniedMany"),
			map[string]any{"Count": denied, "Dir": tui.Sanitize(snap.Dir), "Command": tui.Sanitize(command)}))
		if snap.PostqueueError != "" {
			w.printf("%s\n", tr.T("out.queue.deniedPostqueue", map[string]any{"Error": tui.Sanitize(snap.PostqueueError)}))
		}
	}
	for _, fileErr := range snap.Errors {
		if errors.Is(fileErr.Err, fs.ErrPermission) {
			continue
		}
		w.printf("%s\n", tr.T("out.queue.unreadable", map[string]any{"Error": tui.Sanitize(fileErr.Error())}))
	}
	return w.err
}

// queueFileFixData returns the template data of the warning under a
// message whose queue file Postfix cannot read, without the file's owner.
func queueFileFixData(snap sources.QueueSnapshot) map[string]any {
	return map[string]any{"Owner": tui.Sanitize(snap.MailOwner), "Command": tui.Sanitize(snap.SetPermissionsCommand())}
}

// The message lines of the queue listing fit in the terminal's width, or
// queueLineWidth cells, that of a standard terminal, when it is not known.
// A sender is cut to fit unless it would keep fewer than
// queueMinSenderWidth cells.
const (
	queueLineWidth      = 80
	queueMinSenderWidth = 12
)

// queueSummary returns the closing line: messages per queue and the files
// skipped.
func queueSummary(snap sources.QueueSnapshot, listed queueListed, tr *l10n.Localizer) string {
	var parts []string
	for _, q := range sources.MessageQueues {
		if n := snap.Counts[q]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", q, n))
		}
	}
	queues := ""
	if len(parts) > 0 {
		queues = " (" + strings.Join(parts, ", ") + ")"
		if tr.Lang() == l10n.Japanese {
			queues = "（" + strings.Join(parts, "、") + "）"
		}
	}
	count := len(snap.Messages)
	line := tr.T(queuePlural(count, "out.queue.summaryOne", "out.queue.summaryMany"),
		map[string]any{"Count": count, "Queues": queues, "Dir": tui.Sanitize(snap.Dir)})
	switch {
	case listed.noneMatch(snap):
		line = tr.T("out.queue.summaryNoMatch", map[string]any{"Total": listed.total, "Dir": tui.Sanitize(snap.Dir)})
	case listed.filtered && count < listed.total:
		line = tr.T(queuePlural(count, "out.queue.summaryFilteredOne", "out.queue.summaryFilteredMany"),
			map[string]any{"Count": count, "Total": listed.total, "Queues": queues, "Dir": tui.Sanitize(snap.Dir)})
	}
	if len(snap.Errors) > 0 {
		line += tr.T("out.queue.unreadableCount", map[string]any{"Count": len(snap.Errors)})
	}
	if snap.Incomplete > 0 {
		line += tr.T("out.queue.incomplete", map[string]any{"Count": snap.Incomplete})
	}
	if snap.Vanished > 0 {
		line += tr.T("out.queue.vanished", map[string]any{"Count": snap.Vanished})
	}
	if snap.Skipped > 0 {
		line += tr.T(queuePlural(snap.Skipped, "out.queue.skippedOne", "out.queue.skippedMany"), map[string]any{"Count": snap.Skipped})
	}
	return line + tr.T("out.queue.end")
}

func queuePlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// queueWriter keeps the first write error, so the printing code can stay a
// list of printf calls.
type queueWriter struct {
	w   io.Writer
	err error
}

func (e *queueWriter) printf(format string, args ...any) {
	if e.err != nil {
		return
	}
	_, e.err = fmt.Fprintf(e.w, format, args...)
}

// formerClassLabels are Japanese class labels that earlier versions
// printed. --class still takes them, so that scripts written with them
// keep working. The suspended class was 配送保留 until 保留 came to mean
// only the operator's hold.
var formerClassLabels = map[string]diagnose.Class{"配送保留": diagnose.Suspended}

// parseClassFlag returns the reason class that --class names: its id, such
// as rate_limited, in any case, or its Japanese label, such as 流量制限,
// which mailtop queue prints in the class column in Japanese.
func parseClassFlag(value string) (diagnose.Class, bool) {
	value = strings.TrimSpace(value)
	if class, ok := diagnose.ParseClass(strings.ToLower(value)); ok {
		return class, true
	}
	if class, ok := formerClassLabels[value]; ok {
		return class, true
	}
	ja := l10n.New(l10n.Japanese)
	for class := diagnose.ClassNone + 1; class < diagnose.NumClasses; class++ {
		if ja.T("class."+class.String()) == value {
			return class, true
		}
	}
	return diagnose.ClassNone, false
}
