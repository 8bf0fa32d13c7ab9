package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// The exit statuses of mailtop forward. A command-line error exits 2, as
// in every other command. A failure before the first message, such as an
// unreadable config file or queue, exits forwardExitNone, because 1 would
// tell a script that some messages went out.
const (
	forwardExitPartial = 1 // some messages were forwarded, some were not
	forwardExitNone    = 3 // no message was forwarded
)

// forwardExitError is a failure of mailtop forward with an exit status
// that reports whether some or none of the messages were sent.
type forwardExitError struct {
	status int
	err    error
}

func (e forwardExitError) Error() string   { return e.err.Error() }
func (e forwardExitError) Unwrap() error   { return e.err }
func (e forwardExitError) ExitStatus() int { return e.status }

// forwardFlags are the flags of mailtop forward.
type forwardFlags struct {
	via string
	// to are the --to values as given. Each may list several addresses,
	// which forward.SplitAddresses separates.
	to []string
	// from is the envelope sender given with --from, or "" without it.
	from   string
	attach bool
	then   string
	bounce string
	dryRun bool
	// timeout bounds the connection and each SMTP reply. Zero keeps the
	// defaults of forward.Relay.
	timeout time.Duration
	// mode and after are the hidden older spellings of --attach and
	// --then, or "" without them.
	mode  string
	after string
	// queueDir reads the queue files from this directory instead of the
	// instance's queue_directory; tests set it.
	queueDir string
	now      func() time.Time
	// stderr receives the warnings; nil means os.Stderr.
	stderr io.Writer
}

const forwardLong = `Send messages that Postfix cannot deliver through another SMTP relay,
such as the mail provider's submission server, over SMTP.

  mailtop forward QUEUE_ID... --via RELAY  messages in the queue (needs root)
  mailtop forward --bounce FILE --via RELAY --to ADDRESS
                                           the original inside a bounce

--via takes the name of a [[relay]] in the config file, or smtp://HOST:PORT
(STARTTLS required, plain text only to a loopback host) or
smtps://HOST:PORT (implicit TLS).

The envelope sender (MAIL FROM and Resent-From) is --from, else the
relay's envelope_sender, else the original's sender. For a bounce that is
the original's Return-Path, else its From address. The null sender is
never used, so a message without a sender needs --from or
envelope_sender.

By default each message is resent unchanged, as Postfix stored it, with
Resent-From, Resent-To, Resent-Date and Resent-Message-ID prepended. Only
a Return-Path field is removed, because a message being sent should not
carry one (RFC 5321 section 4.4); --attach removes it too. A message with
a line over 998 bytes, or with 8-bit content for a relay without
8BITMIME, is refused before anything is sent. --attach sends a new
message with a short note and the original attached, encoded when it
cannot travel as it is.

Each message goes to its own pending recipients unless --to is given.
Only after the relay accepted every recipient and answered 250 to DATA,
--then acts on that message's original: keep (the default) leaves it
queued, hold puts it on hold and delete removes it. delete is refused
while the original has a pending recipient that is not forwarded. On any
failure the original is left as it is. Every attempt and every hold or
delete is appended to the audit log (--audit-log); no password is. A
line that cannot be written is a warning on standard error and leaves
the exit status unchanged.

Exit status: 0 when every message was forwarded; 1 when some were and
some were not, or when a hold or delete after a forward failed; 2 for a
command-line error or a --bounce FILE without an original to forward; 3
when no message was forwarded, also when mailtop could not start
forwarding (the config file, the Postfix instance, the queue files or the
audit log could not be read), because then too nothing was sent.
--dry-run exits 3 when every message would be refused and 1 when some
would be.`

func newForwardCommand(opts *options) *cobra.Command {
	flags := &forwardFlags{now: time.Now}
	cmd := &cobra.Command{
		Use:   "forward (QUEUE_ID... | --bounce FILE) --via RELAY [--to ADDRESS]... [--from ADDRESS] [--attach] [--then keep|hold|delete]",
		Short: "Send queued or bounced messages through another SMTP relay",
		Long:  forwardLong,
		// A setup failure exits 3, none forwarded, as in runForward, so
		// that 1 keeps its meaning of some forwarded.
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			err := opts.prepareCommand(cmd)
			var usage usageError
			if err != nil && !errors.As(err, &usage) {
				return forwardExitError{forwardExitNone, err}
			}
			return err
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			flags.stderr = cmd.ErrOrStderr()
			return runForward(cmd.Context(), opts, flags, args, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&flags.via, "via", "", "send through this `RELAY`: a [[relay]] name, smtp://HOST:PORT or smtps://HOST:PORT")
	f.StringVar(&flags.from, "from", "", "send from this envelope sender `ADDRESS` (MAIL FROM and Resent-From) in place of the relay's envelope_sender and the original's sender")
	f.StringArrayVar(&flags.to, "to", nil, "send to this `ADDRESS`; repeat it or separate addresses with commas (default: each message's pending recipients)")
	f.BoolVar(&flags.attach, "attach", false, "send a new message with a short note and the original attached, instead of resending it unchanged")
	f.StringVar(&flags.then, "then", string(forward.ThenKeep), "the `ACTION` to take on each queued original once the relay accepted it: keep, hold or delete")
	f.StringVar(&flags.bounce, "bounce", "", "forward the original inside this bounce `FILE` (multipart/report) instead of queued messages")
	f.BoolVar(&flags.dryRun, "dry-run", false, "print what would be sent and connect to nothing")
	f.DurationVar(&flags.timeout, "timeout", 0, "give up when the relay does not connect or reply within this `DURATION`, such as 30s (default: 30s to connect, 5m for each reply)")
	f.StringVar(&opts.auditFile, "audit-log", actions.DefaultAuditPath(), "append a JSON line for each forward, hold and delete to this `FILE`")
	f.StringVar(&flags.mode, "mode", "", "resend or attach; the older spelling of --attach")
	f.StringVar(&flags.after, "after", "", "keep, hold or delete; the older spelling of --then")
	_ = f.MarkHidden("mode")
	_ = f.MarkHidden("after")
	return cmd
}

// forwardPlan is the checked command line.
type forwardPlan struct {
	mode  forward.Mode
	then  forward.Then
	ids   []string
	relay forward.Relay
	// to are the checked addresses of every --to. Empty forwards each
	// message to its pending recipients.
	to []string
	// stderr receives the warnings.
	stderr io.Writer
}

// forwardItem is one message to forward and where it came from.
type forwardItem struct {
	job forward.Job
	// queued is the original in the queue; nil for a bounce file.
	queued *forward.Queued
	// err is the reason the message cannot be forwarded, found before
	// sending.
	err error
}

func runForward(ctx context.Context, opts *options, flags *forwardFlags, args []string, out io.Writer) error {
	plan, err := flags.check(args)
	if err != nil {
		return usageError{err}
	}
	plan.stderr = flags.stderr
	if plan.stderr == nil {
		plan.stderr = os.Stderr
	}
	cfg, err := config.Load(opts.configFile, os.Getenv)
	if err != nil {
		return forwardExitError{forwardExitNone, err}
	}
	plan.relay, err = resolveRelay(cfg, flags.via)
	if errors.Is(err, config.ErrRelay) {
		// A ca_file or password of the [[relay]] that cannot be read is
		// not a command-line error: like an invalid config file, it keeps
		// forwarding from starting.
		return forwardExitError{forwardExitNone, err}
	}
	if err != nil {
		return usageError{err}
	}
	if flags.from != "" {
		plan.relay.EnvelopeSender = flags.from
	}
	if flags.timeout > 0 {
		plan.relay.DialTimeout = flags.timeout
		plan.relay.CommandTimeout = flags.timeout
	}

	// The note sent with the message is UTF-8 mail, so it follows the
	// locale's language. The terminal output falls back to English where
	// the locale is not UTF-8.
	lang := l10n.DetectLanguage(opts.lang, os.Getenv)
	tr := l10n.New(l10n.TextLanguage(opts.lang, os.Getenv))
	w := &queueWriter{w: out}
	items, err := readForwardItems(ctx, opts, flags, plan)
	var usage usageError
	if errors.As(err, &usage) {
		return err
	}
	if err != nil {
		return forwardExitError{forwardExitNone, err}
	}
	for i := range items {
		item := &items[i]
		item.job.To = plan.to
		item.job.Mode = plan.mode
		item.job.Lang = lang
		if item.err == nil {
			item.err = checkForwardItem(*item, plan)
		}
	}
	if flags.dryRun {
		var refusals []error
		for _, item := range items {
			if item.hasMessage() {
				printForwardPlan(w, tr, *item.withNow(flags.now()), plan, flags)
			}
			if item.err != nil {
				w.printf("%s\n", tr.T("out.forward.refused", map[string]any{"Error": tui.Sanitize(tr.ErrorText(item.err))}))
				refusals = append(refusals, fmt.Errorf("%s would be refused: %w", forwardName(item.job), item.err))
			}
		}
		w.printf("%s\n", tr.T("out.forward.dryRun"))
		if w.err != nil {
			return w.err
		}
		return dryRunOutcome(len(items), refusals)
	}

	audit, err := openAuditLog(opts.auditFile, false)
	if err != nil {
		return forwardExitError{forwardExitNone, err}
	}
	defer audit.Close()
	var failures []error
	sent := 0
	for _, item := range items {
		item.job.Now = flags.now()
		if item.hasMessage() {
			printForwardPlan(w, tr, item, plan, flags)
		}
		forwarded, err := forwardOne(ctx, opts, audit, w, tr, item, plan)
		if forwarded {
			sent++
		}
		if err != nil {
			failures = append(failures, err)
		}
	}
	return forwardOutcome(w, tr, len(items), sent, failures)
}

// hasMessage reports whether item has a message to describe: the original from
// a bounce file, or a queued message whose file was read. A queue ID whose
// file was not found or did not parse has only its failure to print.
func (item forwardItem) hasMessage() bool {
	return item.queued != nil || item.job.QueueID == ""
}

// withNow returns a copy of item whose job is dated now.
func (item forwardItem) withNow(now time.Time) *forwardItem {
	item.job.Now = now
	return &item
}

// check checks the flags and arguments and returns the plan without the
// relay, which needs the config file.
func (f *forwardFlags) check(args []string) (forwardPlan, error) {
	plan := forwardPlan{mode: forward.ModeResend, ids: args}
	if f.via == "" && f.bounce == "" && len(args) == 0 {
		return plan, forwardArgumentError("cli.error.forwardNothing", nil,
			"missing the messages and the relay: give queue IDs (or --bounce FILE --to ADDRESS) and --via RELAY, such as: mailtop forward 7E996BE094 --via smtps://smtp.example.com:465")
	}
	if f.via == "" {
		return plan, forwardArgumentError("cli.error.forwardViaMissing", nil,
			"--via is required: name a [[relay]] from the config file, or give smtp://HOST:PORT or smtps://HOST:PORT")
	}
	if f.timeout < 0 {
		return plan, forwardArgumentError("cli.error.forwardTimeout", map[string]any{"Value": f.timeout.String()},
			"invalid --timeout %v: give a positive duration such as 30s", f.timeout)
	}
	switch f.mode {
	case "", string(forward.ModeResend):
	case string(forward.ModeAttach):
		plan.mode = forward.ModeAttach
	default:
		return plan, forwardArgumentError("cli.error.forwardMode", map[string]any{"Value": f.mode},
			"invalid --mode %q: use resend or attach, or --attach", f.mode)
	}
	if f.attach {
		if f.mode == string(forward.ModeResend) {
			return plan, forwardArgumentError("cli.error.forwardAttachMode", nil, "--attach contradicts --mode resend: give one of them")
		}
		plan.mode = forward.ModeAttach
	}
	thenValue := f.then
	if f.after != "" {
		if f.then != "" && f.then != string(forward.ThenKeep) && f.then != f.after {
			return plan, forwardArgumentError("cli.error.forwardAfterThen", map[string]any{"After": f.after, "Then": f.then},
				"--after %s contradicts --then %s: give one of them", f.after, f.then)
		}
		thenValue = f.after
	}
	if thenValue == "" {
		thenValue = string(forward.ThenKeep)
	}
	then, err := forward.ParseThen(thenValue)
	if err != nil {
		return plan, forwardArgumentError("cli.error.forwardThenValue", map[string]any{"Value": thenValue},
			"invalid --then %q: use keep, hold or delete", thenValue)
	}
	plan.then = then
	for _, value := range f.to {
		addresses := forward.SplitAddresses(value)
		if len(addresses) == 0 {
			return plan, forwardArgumentError("cli.error.forwardTo", map[string]any{"Value": value},
				"invalid --to address %q: give a mail address such as user@docomo.ne.jp", value)
		}
		for _, addr := range addresses {
			if !forward.IsPlainAddress(addr) {
				if len(addresses) > 1 && !strings.Contains(value, "@") {
					// "not an address" splits at its spaces into words,
					// none of them an address, so the error names the
					// whole value.
					addr = value
				}
				return plan, forwardArgumentError("cli.error.forwardTo", map[string]any{"Value": addr},
					"invalid --to address %q: give a mail address such as user@docomo.ne.jp", addr)
			}
		}
		plan.to = append(plan.to, addresses...)
	}
	if f.from != "" && !forward.IsPlainAddress(f.from) {
		return plan, forwardArgumentError("cli.error.forwardFrom", map[string]any{"Value": f.from},
			"invalid --from address %q: give a mail address such as shop@example.jp", f.from)
	}
	if f.bounce != "" {
		if len(args) > 0 {
			return plan, forwardArgumentError("cli.error.forwardBounceIDs", nil, "give either queue IDs or --bounce FILE, not both")
		}
		if len(plan.to) == 0 {
			return plan, forwardArgumentError("cli.error.forwardBounceTo", nil, "--bounce needs --to: the addresses to forward the original to")
		}
		if plan.then != forward.ThenKeep {
			return plan, forwardArgumentError("cli.error.forwardBounceThen", map[string]any{"Then": string(plan.then)},
				"--then %s applies to a queued message, not to --bounce", plan.then)
		}
		return plan, nil
	}
	if len(args) == 0 {
		return plan, forwardArgumentError("cli.error.forwardNoIDs", nil, "give the queue IDs of the messages to forward, or --bounce FILE")
	}
	seen := map[string]bool{}
	for _, id := range args {
		if !parsers.ValidQueueID(id) {
			return plan, hintedError{
				fmt.Errorf("invalid queue ID %q: give one as mailtop queue lists it, such as 7E996BE094", id),
				"cli.error.forwardQueueID", map[string]any{"Value": id},
			}
		}
		if seen[id] {
			return plan, forwardArgumentError("cli.error.forwardQueueIDTwice", map[string]any{"Value": id},
				"queue ID %s is given twice: give each message once", id)
		}
		seen[id] = true
	}
	return plan, nil
}

// forwardArgumentError returns a command-line error of mailtop forward:
// the English text format, and the catalog hint id filled with data for
// the Japanese hint line.
func forwardArgumentError(hint string, data map[string]any, format string, args ...any) error {
	return hintedError{fmt.Errorf(format, args...), hint, data}
}

func resolveRelay(cfg config.File, via string) (forward.Relay, error) {
	if relay, ok := cfg.FindRelay(via); ok {
		return forward.RelayFromConfig(relay, os.Getenv)
	}
	if strings.Contains(via, "://") {
		relay, err := forward.ParseRelayURL(via)
		if err != nil {
			return relay, hintedError{err, "cli.error.forwardRelayURL", map[string]any{"Value": via}}
		}
		return relay, nil
	}
	names := make([]string, len(cfg.Relays))
	for i, relay := range cfg.Relays {
		names[i] = relay.Name
	}
	if len(names) == 0 && cfg.Path == "" {
		searched := strings.Join(config.SearchPaths(os.Getenv), " or ")
		return forward.Relay{}, hintedError{
			fmt.Errorf("relay %q not found: no config file was found (mailtop looked for %s); create one with a [[relay]] table, or give smtp://HOST:PORT", via, searched),
			"cli.error.forwardRelayNoConfig", map[string]any{"Value": via, "Paths": strings.Join(config.SearchPaths(os.Getenv), "、")},
		}
	}
	if len(names) == 0 {
		return forward.Relay{}, hintedError{
			fmt.Errorf("relay %q not found: the config file %s defines no [[relay]]; add one, or give smtp://HOST:PORT", via, cfg.Path),
			"cli.error.forwardRelayNone", map[string]any{"Value": via, "Path": cfg.Path},
		}
	}
	return forward.Relay{}, hintedError{
		fmt.Errorf("relay %q not found: the config file defines %s", via, strings.Join(names, ", ")),
		"cli.error.forwardRelayUnknown", map[string]any{"Value": via, "Relays": strings.Join(names, "、")},
	}
}

// readForwardItems reads the bounce, or every queued message. A queued
// message that cannot be read becomes an item with its error, so the
// others are still forwarded. An error is returned only when nothing can
// be read at all, such as without the permission to read the queue.
func readForwardItems(ctx context.Context, opts *options, flags *forwardFlags, plan forwardPlan) ([]forwardItem, error) {
	if flags.bounce != "" {
		content, err := readBounce(flags.bounce)
		if err != nil {
			return nil, err
		}
		job := forward.Job{Content: content, Sender: forward.OriginalSender(content)}
		return []forwardItem{{job: job}}, nil
	}
	queueDir := flags.queueDir
	if queueDir == "" {
		instance, err := sources.FindInstance(ctx, sources.ExecRunner{}, opts.configDir)
		if err != nil {
			return nil, err
		}
		queueDir = instance.QueueDir
	}
	items := make([]forwardItem, len(plan.ids))
	for i, id := range plan.ids {
		queued, err := forward.ReadQueued(queueDir, id)
		if errors.Is(err, os.ErrPermission) {
			return nil, err
		}
		if err != nil {
			items[i] = forwardItem{job: forward.Job{QueueID: id}, err: err}
			continue
		}
		items[i] = forwardItem{job: queued.Job(), queued: &queued}
	}
	return items, nil
}

func readBounce(path string) ([]byte, error) {
	report, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usageError{forwardArgumentError("cli.error.forwardBounceMissing", map[string]any{"Path": path},
			"bounce file %s not found: give the path of the bounce message, saved with its header", path)}
	}
	if errors.Is(err, syscall.EISDIR) {
		return nil, usageError{forwardArgumentError("cli.error.forwardBounceDirectory", map[string]any{"Path": path},
			"bounce file %s is a directory: give the path of the bounce message, saved with its header", path)}
	}
	if err != nil {
		return nil, fmt.Errorf("read the bounce file: %w", err)
	}
	// Every error of Original is about the file's content, so it is a
	// wrong --bounce argument that exits 2, like a missing file.
	original, err := forward.Original(report)
	switch {
	case errors.Is(err, forward.ErrHeadersOnly):
		return nil, usageError{fmt.Errorf("bounce file %s: %w; forward the message from the sender's copy or from the queue instead", path, err)}
	case errors.Is(err, forward.ErrNotMessage), errors.Is(err, forward.ErrNotReport):
		return nil, usageError{fmt.Errorf("bounce file %s is %w; give the non-delivery report as it arrived, saved with its header (such as an .eml file)", path, err)}
	case err != nil:
		return nil, usageError{fmt.Errorf("bounce file %s: %w; give the non-delivery report as it arrived, saved with its header (such as an .eml file)", path, err)}
	}
	return original, nil
}

// checkForwardItem returns the reason item cannot be forwarded as planned,
// or nil when it can.
func checkForwardItem(item forwardItem, plan forwardPlan) error {
	if len(item.job.Recipients()) == 0 {
		return l10n.NewError("reason.forward.noRecipient", map[string]any{"QueueID": item.job.QueueID})
	}
	if err := item.job.CheckContent(); err != nil {
		// The same reason, naming the flag that attaches the original.
		var reason *l10n.Error
		if errors.As(err, &reason) && reason.ID == "reason.forward.longLine" {
			return l10n.NewError("reason.forward.longLineAttach", reason.Data, err)
		}
		return fmt.Errorf("%w, for instance with --attach", err)
	}
	if _, err := item.job.EnvelopeSender(plan.relay); err != nil {
		return noSenderError(item.job)
	}
	return item.job.CheckThen(plan.then)
}

// noSenderError returns forward.ErrNoSender wrapped with the reason job
// has no envelope sender and fixes that work for a [[relay]] name and for
// a URL given to --via alike.
func noSenderError(job forward.Job) error {
	if job.QueueID == "" {
		return l10n.NewError("reason.forward.noSenderBounce", nil, forward.ErrNoSender)
	}
	return l10n.NewError("reason.forward.noSenderQueued", map[string]any{"QueueID": job.QueueID}, forward.ErrNoSender)
}

// forwardName returns how messages name the original of job: its queue
// ID, or "the original" for one taken from a bounce.
func forwardName(job forward.Job) string {
	if job.QueueID == "" {
		return "the original"
	}
	return job.QueueID
}
