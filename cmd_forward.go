package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/forward"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// actionForward is the audit log's action name for mailtop forward.
const actionForward actions.Action = "forward"

// forwardFlags are the flags of mailtop forward.
type forwardFlags struct {
	via    string
	to     []string
	mode   string
	after  string
	bounce string
	dryRun bool
	// queueDir reads the queue files from this directory instead of the
	// instance's queue_directory; tests set it.
	queueDir string
	now      func() time.Time
}

func newForwardCommand(opts *options) *cobra.Command {
	flags := &forwardFlags{now: time.Now}
	cmd := &cobra.Command{
		Use:   "forward ID --via RELAY [--to ADDR,...] [--mode resend|attach] [--after keep|hold|delete] [--dry-run]",
		Short: "Send a queued or bounced message through another SMTP relay",
		Long: `Send a message that Postfix cannot deliver through another SMTP relay,
such as the mail provider's submission server, over SMTP.

  mailtop forward ID --via RELAY       a message in the queue (needs root)
  mailtop forward --bounce FILE --via RELAY --to ADDR
                                       the original inside a bounce

--via takes the name of a [[relay]] in the config file, or smtp://HOST:PORT
(STARTTLS required, plain text only to a loopback host) or
smtps://HOST:PORT (implicit TLS).

--mode resend (the default) sends the message unchanged with Resent-From,
Resent-To, Resent-Date and Resent-Message-ID prepended. It refuses a
message with a line over 998 bytes, and 8-bit content when the relay lacks
8BITMIME. --mode attach sends a new message with a short note and the
original attached, encoded when it cannot travel as it is.

The recipients are the message's pending recipients unless --to is given.
Only after the relay accepted every recipient and answered 250 to DATA,
--after acts on the original: keep (the default) leaves it queued, hold
puts it on hold and delete removes it. delete is refused while the
original has a pending recipient that was not forwarded. Every run
appends a line to the audit log (--audit-log).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runForward(cmd.Context(), opts, flags, args, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&flags.via, "via", "", "send through this `relay`: a [[relay]] name, smtp://HOST:PORT or smtps://HOST:PORT")
	cmd.Flags().StringSliceVar(&flags.to, "to", nil, "send to these `addresses`, comma-separated (default: the pending recipients)")
	cmd.Flags().StringVar(&flags.mode, "mode", "resend", "resend (the message unchanged, with Resent- fields) or attach (a note with the message attached)")
	cmd.Flags().StringVar(&flags.after, "after", "keep", "what to do with the queued original once the relay accepted it: keep, hold or delete")
	cmd.Flags().StringVar(&flags.bounce, "bounce", "", "forward the original inside this bounce `file` (multipart/report) instead of a queued message")
	cmd.Flags().BoolVar(&flags.dryRun, "dry-run", false, "print what would be sent and connect to nothing")
	cmd.Flags().StringVar(&opts.auditFile, "audit-log", actions.DefaultAuditPath(), "append a JSON line for the forward to this `file`")
	return cmd
}

// forwardSource is the message to forward and where it came from.
type forwardSource struct {
	content []byte
	// queued is the original in the queue; nil for a bounce file.
	queued *parsers.QueueMessage
	id     string
	queue  string
}

func runForward(ctx context.Context, opts *options, flags *forwardFlags, args []string, out io.Writer) error {
	if err := flags.check(args); err != nil {
		return usageError{err}
	}
	cfg, err := config.Load(opts.configFile, os.Getenv)
	if err != nil {
		return err
	}
	relay, err := resolveRelay(cfg.Config, flags.via)
	if err != nil {
		return usageError{err}
	}

	var source forwardSource
	if flags.bounce != "" {
		source, err = readBounce(flags.bounce)
	} else {
		source, err = readQueued(ctx, opts, flags, args[0])
	}
	if err != nil {
		return err
	}
	content := forward.Inspect(source.content)
	if flags.mode == "resend" && content.LongLines > 0 {
		return fmt.Errorf("%w (%d lines, the longest %d bytes), which docomo.ne.jp and others reject; use --mode attach, which encodes the original", forward.ErrLongLine, content.LongLines, content.MaxLine)
	}

	to := flags.to
	if len(to) == 0 {
		for _, rcpt := range source.queued.PendingRecipients() {
			to = append(to, rcpt.Address)
		}
		if len(to) == 0 {
			return fmt.Errorf("message %s has no pending recipient: give the addresses with --to", source.id)
		}
	}
	if flags.after == "delete" {
		if missing := notForwarded(source.queued, to); len(missing) > 0 {
			return usageError{fmt.Errorf("--after delete would lose the mail to %s, which is not forwarded, and Postfix cannot remove one recipient: add them to --to, or use --after hold", strings.Join(missing, ", "))}
		}
	}

	sender := relay.EnvelopeSender
	if sender == "" && source.queued != nil {
		sender = source.queued.Sender
	}
	if sender == "" {
		return usageError{fmt.Errorf("no envelope sender: the original has the null sender, so set envelope_sender in the relay's [[relay]] table")}
	}
	envelope := slices.Clone(to)
	if relay.CopyTo != "" && !slices.Contains(envelope, relay.CopyTo) {
		envelope = append(envelope, relay.CopyTo)
	}

	lang := l10n.DetectLanguage(opts.lang, os.Getenv)
	tr := l10n.New(lang)
	w := &queueWriter{w: out}
	writeLabeled(w, [][2]string{
		{tr.T("out.forward.message"), tr.T("out.forward.messageText", map[string]any{
			"Source": describeSource(source, flags, tr), "Size": len(source.content), "MaxLine": content.MaxLine, "Bits": bitText(content),
		})},
		{tr.T("out.forward.relay"), tr.T("out.forward.relayText", map[string]any{
			"Name": tui.Sanitize(relay.Name), "Address": relay.Address(), "TLS": relay.TLS,
		})},
		{tr.T("out.forward.from"), tui.Sanitize(sender)},
		{tr.T("out.forward.to"), tui.Sanitize(strings.Join(envelope, ", "))},
		{tr.T("out.forward.mode"), tr.T("out.forward.modeText", map[string]any{"Mode": flags.mode, "After": flags.after})},
	})
	if flags.dryRun {
		w.printf("%s\n", tr.T("out.forward.dryRun"))
		return w.err
	}

	audit, err := actions.OpenAudit(opts.auditFile)
	if err != nil {
		return err
	}
	defer audit.Close()
	reply, sendErr := sendForward(ctx, relay, flags, source, sender, to, envelope, lang)
	result := actions.Result{Action: actionForward, Output: reply.Text}
	if source.id != "" {
		result.QueueIDs = []string{source.id}
	}
	if sendErr == nil {
		result.Count = 1
	}
	if err := audit.Record(result, sendErr); err != nil {
		w.printf("%s\n", tr.T("out.forward.warning", map[string]any{"Error": err}))
	}
	if sendErr != nil {
		return fmt.Errorf("forward through %s: %w; the original was not changed", relay.Name, sendErr)
	}
	w.printf("%s\n", tr.T("out.forward.accepted", map[string]any{"Reply": tui.Sanitize(reply.Text)}))

	if source.queued == nil || flags.after == "keep" {
		return w.err
	}
	return errors.Join(applyAfter(ctx, opts, audit, flags.after, source), w.err)
}

func (f *forwardFlags) check(args []string) error {
	if f.via == "" {
		return fmt.Errorf("--via is required: name a [[relay]] from the config file, or give smtp://HOST:PORT")
	}
	if f.mode != "resend" && f.mode != "attach" {
		return fmt.Errorf("invalid --mode %q: use resend or attach", f.mode)
	}
	if f.after != "keep" && f.after != "hold" && f.after != "delete" {
		return fmt.Errorf("invalid --after %q: use keep, hold or delete", f.after)
	}
	for _, addr := range f.to {
		if !strings.Contains(addr, "@") || strings.ContainsAny(addr, " \r\n<>") {
			return fmt.Errorf("invalid --to address %q: give a mail address such as user@docomo.ne.jp", addr)
		}
	}
	if f.bounce != "" {
		if len(args) > 0 {
			return fmt.Errorf("give either a queue ID or --bounce FILE, not both")
		}
		if len(f.to) == 0 {
			return fmt.Errorf("--bounce needs --to: the addresses to forward the original to")
		}
		if f.after != "keep" {
			return fmt.Errorf("--after applies to a queued message, not to --bounce")
		}
		return nil
	}
	if len(args) == 0 {
		return fmt.Errorf("give the queue ID of the message to forward, or --bounce FILE")
	}
	if !parsers.ValidQueueID(args[0]) {
		return fmt.Errorf("invalid queue ID %q: give one as mailtop queue lists it, such as 7E996BE094", args[0])
	}
	return nil
}

func resolveRelay(cfg config.Config, via string) (forward.Relay, error) {
	if relay, ok := cfg.FindRelay(via); ok {
		return forward.RelayFromConfig(relay, os.Getenv)
	}
	if strings.Contains(via, "://") {
		return forward.ParseRelayURL(via)
	}
	names := make([]string, len(cfg.Relays))
	for i, relay := range cfg.Relays {
		names[i] = relay.Name
	}
	if len(names) == 0 {
		return forward.Relay{}, fmt.Errorf("relay %q not found: the config file defines no [[relay]]; add one, or give smtp://HOST:PORT", via)
	}
	return forward.Relay{}, fmt.Errorf("relay %q not found: the config file defines %s", via, strings.Join(names, ", "))
}

func readBounce(path string) (forwardSource, error) {
	report, err := os.ReadFile(path)
	if err != nil {
		return forwardSource{}, fmt.Errorf("read the bounce: %w", err)
	}
	original, err := forward.Original(report)
	if errors.Is(err, forward.ErrHeadersOnly) {
		return forwardSource{}, fmt.Errorf("bounce %s: %w; forward the message from the sender's copy or from the queue instead", path, err)
	}
	if err != nil {
		return forwardSource{}, fmt.Errorf("bounce %s: %w", path, err)
	}
	return forwardSource{content: original}, nil
}

// forwardQueues are the queues searched for the message, in order.
var forwardQueues = []string{actions.QueueDeferred, actions.QueueHold, actions.QueueActive, actions.QueueIncoming}

func readQueued(ctx context.Context, opts *options, flags *forwardFlags, id string) (forwardSource, error) {
	queueDir := flags.queueDir
	if queueDir == "" {
		instance, err := sources.FindInstance(ctx, sources.ExecRunner{}, opts.configDir)
		if err != nil {
			return forwardSource{}, err
		}
		queueDir = instance.QueueDir
	}
	for _, queue := range forwardQueues {
		path, err := findQueueFile(filepath.Join(queueDir, queue), id)
		if errors.Is(err, fs.ErrPermission) {
			return forwardSource{}, fmt.Errorf("read the %s queue: %w: mailtop forward reads the queue file and needs root (sudo)", queue, err)
		}
		if err != nil || path == "" {
			continue
		}
		file, err := os.Open(path)
		if err != nil {
			return forwardSource{}, fmt.Errorf("open queue file %s: %w", path, err)
		}
		msg, err := parsers.ParseQueueFile(file, parsers.QueueFileOptions{Content: true})
		file.Close()
		if err != nil {
			return forwardSource{}, fmt.Errorf("read queue file %s: %w (try again: Postfix may have been rewriting it)", path, err)
		}
		return forwardSource{content: msg.Content, queued: &msg, id: id, queue: queue}, nil
	}
	return forwardSource{}, fmt.Errorf("message %s is not in the deferred, hold, active or incoming queue under %s: check the ID with mailtop queue", id, queueDir)
}

// findQueueFile returns the path of the file named id under dir, in hash
// subdirectories too, or "" when there is none.
func findQueueFile(dir, id string) (string, error) {
	var found string
	err := filepath.WalkDir(dir, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !entry.IsDir() && entry.Name() == id {
			found = path
			return fs.SkipAll
		}
		return nil
	})
	return found, err
}

// notForwarded returns the pending recipients of msg that are not in to.
func notForwarded(msg *parsers.QueueMessage, to []string) []string {
	var missing []string
	for _, rcpt := range msg.PendingRecipients() {
		if !slices.ContainsFunc(to, func(addr string) bool { return strings.EqualFold(addr, rcpt.Address) }) {
			missing = append(missing, rcpt.Address)
		}
	}
	return missing
}

func sendForward(ctx context.Context, relay forward.Relay, flags *forwardFlags, source forwardSource, sender string, to, envelope []string, lang string) (forward.Reply, error) {
	session, err := forward.Dial(ctx, relay)
	if err != nil {
		return forward.Reply{}, err
	}
	defer session.Close()

	now := flags.now()
	domain := "localhost"
	if _, host, ok := strings.Cut(sender, "@"); ok {
		domain = host
	}
	var msg []byte
	if flags.mode == "resend" {
		msg = forward.Resend(source.content, forward.ResentFields{
			From: sender, To: to, Date: now, MessageID: forward.NewMessageID(now, domain),
		})
	} else {
		msg = forward.Attach(source.content, forward.AttachFields{
			From: sender, To: to, Date: now, MessageID: forward.NewMessageID(now, domain),
			QueueID: source.id, Relay: relay.Host, EightBit: session.Supports8BitMIME(),
		}, lang)
	}
	return session.Send(sender, envelope, msg)
}

func applyAfter(ctx context.Context, opts *options, audit *actions.Audit, after string, source forwardSource) error {
	controller := &actions.Postfix{ConfigDir: opts.configDir, Audit: audit}
	msg := source.queued
	var err error
	if after == "hold" {
		_, err = controller.Hold(ctx, source.id, msg.Sender, msg.Arrival)
	} else {
		_, err = controller.Delete(ctx, source.id, msg.Sender, msg.Arrival)
	}
	if err != nil {
		return fmt.Errorf("the relay accepted the message, but --after %s on %s failed: %w; the original is still queued", after, source.id, err)
	}
	return nil
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

func describeSource(source forwardSource, flags *forwardFlags, tr *l10n.Localizer) string {
	if source.queued == nil {
		return tr.T("out.forward.fromBounce", map[string]any{"File": tui.Sanitize(flags.bounce)})
	}
	return tr.T("out.forward.fromQueue", map[string]any{"ID": source.id, "Queue": source.queue})
}

func bitText(content forward.Content) string {
	if content.EightBit {
		return "8-bit"
	}
	return "7-bit"
}
