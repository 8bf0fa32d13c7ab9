package forward

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/l10n"
)

// ActionForward is the audit log's action name for a forward attempt.
const ActionForward actions.Action = "forward"

// Mode is the form in which a message is forwarded.
type Mode string

// The forward modes.
const (
	// ModeResend sends the original unchanged with Resent- fields
	// prepended (Resend).
	ModeResend Mode = "resend"
	// ModeAttach sends a new message with a short note and the original
	// attached (Attach).
	ModeAttach Mode = "attach"
)

// Then is the step applied to the queued original once the relay
// accepted the forwarded message for every recipient.
type Then string

// The choices for the original.
const (
	ThenKeep   Then = "keep"   // leave it queued
	ThenHold   Then = "hold"   // postsuper -h
	ThenDelete Then = "delete" // postsuper -d
)

// ParseThen returns the Then named s: keep, hold or delete.
func ParseThen(s string) (Then, error) {
	switch then := Then(s); then {
	case ThenKeep, ThenHold, ThenDelete:
		return then, nil
	}
	return "", fmt.Errorf("invalid choice %q for the original: use keep, hold or delete", s)
}

// ErrNotForwarded is returned by Job.CheckThen when delete would remove
// mail to a pending recipient that the forward does not reach.
var ErrNotForwarded = errors.New("delete would lose mail to recipients that are not forwarded")

// ErrNoSender is returned by Job.EnvelopeSender when neither the relay
// nor the original gives an envelope sender.
var ErrNoSender = errors.New("no envelope sender")

// Job is one message to forward and what to do with it.
type Job struct {
	// Content is the message as Postfix stored it, lines ending in LF, or
	// the original taken from a bounce.
	Content []byte
	// QueueID is the original's queue ID; empty for a message taken from
	// a bounce.
	QueueID string
	// Sender is the original's envelope sender, empty for the null
	// sender. For a message taken from a bounce it is OriginalSender of
	// the message.
	Sender string
	// Pending are the original's recipients that Postfix has not yet
	// delivered or bounced.
	Pending []string
	// To are the addresses to forward to; empty means Pending.
	To   []string
	Mode Mode
	// Lang is the language of the note of ModeAttach: "en" or "ja".
	Lang string
	// Now is the time written into Resent-Date or Date.
	Now time.Time
}

// Recipients returns the addresses the message is forwarded to: To, else
// the pending recipients.
func (j Job) Recipients() []string {
	if len(j.To) > 0 {
		return j.To
	}
	return j.Pending
}

// Envelope returns the RCPT TO addresses for relay: Recipients, and the
// relay's CopyTo when it is set and not among them.
func (j Job) Envelope(relay Relay) []string {
	envelope := slices.Clone(j.Recipients())
	if relay.CopyTo != "" && !containsFold(envelope, relay.CopyTo) {
		envelope = append(envelope, relay.CopyTo)
	}
	return envelope
}

// EnvelopeSender returns the MAIL FROM address for relay: the relay's
// EnvelopeSender, else the original's sender. The null sender is not
// used, because a relay that authenticates its users rejects it or sends
// its own bounces nowhere.
func (j Job) EnvelopeSender(relay Relay) (string, error) {
	if relay.EnvelopeSender != "" {
		return relay.EnvelopeSender, nil
	}
	if j.Sender != "" {
		return j.Sender, nil
	}
	return "", fmt.Errorf("%w: the original has the null sender or names none, so set envelope_sender in the relay's [[relay]] table", ErrNoSender)
}

// IsPlainAddress reports whether addr looks like a bare mail address, with
// no angle brackets or white space that would break an SMTP command. A
// quoted local part without white space, as in "john.doe"@example.jp,
// passes. mailtop forward checks --from and --to with it, and the
// dashboard's forward dialog the recipients and envelope sender typed in.
// Both sides of the last "@" must be there, and the domain must have no
// empty label, so "@example.jp", "user@" and "user@example..jp" fail.
func IsPlainAddress(addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || strings.ContainsAny(addr, " \t\r\n<>") {
		return false
	}
	domain := addr[at+1:]
	return domain != "" && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") && !strings.Contains(domain, "..")
}

// SplitAddresses splits a list of mail addresses at commas, semicolons
// and white space, except inside a quoted local part such as
// "john.doe"@example.jp, where a backslash also escapes the next
// character. It drops empty items and does not validate the others,
// which IsPlainAddress does. mailtop forward splits each --to value with
// it, and the dashboard's forward dialog its recipients field.
func SplitAddresses(list string) []string {
	var addresses []string
	var address strings.Builder
	quoted, escaped := false, false
	for _, r := range list {
		switch {
		case escaped:
			escaped = false
		case quoted && r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || unicode.IsSpace(r)):
			if address.Len() > 0 {
				addresses = append(addresses, address.String())
				address.Reset()
			}
			continue
		}
		address.WriteRune(r)
	}
	if address.Len() > 0 {
		addresses = append(addresses, address.String())
	}
	return addresses
}

// NotForwarded returns the pending recipients that Recipients does not
// contain, compared without regard to case.
func (j Job) NotForwarded() []string {
	var missing []string
	recipients := j.Recipients()
	for _, rcpt := range j.Pending {
		if !containsFold(recipients, rcpt) {
			missing = append(missing, rcpt)
		}
	}
	return missing
}

// CheckThen returns an error wrapping ErrNotForwarded when then is delete
// and a pending recipient is not forwarded: Postfix cannot remove one
// recipient from a message, so delete would lose that recipient's mail.
func (j Job) CheckThen(then Then) error {
	if then != ThenDelete {
		return nil
	}
	if missing := j.NotForwarded(); len(missing) > 0 {
		return l10n.NewError("reason.forward.notForwarded", map[string]any{"Recipients": l10n.List(missing)}, ErrNotForwarded)
	}
	return nil
}

// CheckContent returns an error wrapping ErrLongLine when the mode is
// ModeResend and the content has a line over MaxLineLength bytes, which
// Resend cannot send. ModeAttach encodes such an original instead.
func (j Job) CheckContent() error {
	if j.Mode != ModeResend {
		return nil
	}
	content := Inspect(j.Content)
	if content.LongLines > 0 {
		data := map[string]any{"Lines": content.LongLines, "Longest": content.MaxLine}
		return l10n.NewError("reason.forward.longLine", data, ErrLongLine)
	}
	return nil
}

// Build returns the message to send through relay: the original with
// Resent- fields, or a note with the original attached. sender is the
// envelope sender and Resent-From. eightBit is set when the relay offers
// 8BITMIME.
//
// The note's From is the relay's EnvelopeSender (--from or
// envelope_sender) when set, else the original's From address, else
// sender. For a message taken from a bounce, sender would be the
// original's Return-Path, which is often a bounce-handling address that
// the recipient does not know.
func (j Job) Build(relay Relay, sender string, eightBit bool) []byte {
	domain := "localhost"
	if _, host, ok := strings.Cut(sender, "@"); ok && host != "" {
		domain = host
	}
	messageID := NewMessageID(j.Now, domain)
	if j.Mode == ModeAttach {
		return Attach(j.Content, AttachFields{
			From: j.noteFrom(relay, sender), To: j.Recipients(), Date: j.Now, MessageID: messageID,
			QueueID: j.QueueID, Relay: relay.Host, EightBit: eightBit,
		}, j.Lang)
	}
	return Resend(j.Content, ResentFields{From: sender, To: j.Recipients(), Date: j.Now, MessageID: messageID})
}

// noteFrom returns the From address of the note that ModeAttach sends.
func (j Job) noteFrom(relay Relay, sender string) string {
	if relay.EnvelopeSender != "" {
		return relay.EnvelopeSender
	}
	if from := FromAddress(j.Content); from != "" {
		return from
	}
	return sender
}

// Forward sends job through the open session: it checks the content,
// builds the message for the relay's extensions and sends it from the
// envelope sender to the envelope recipients. An error means the relay
// did not take the message for every recipient.
func (s *Session) Forward(job Job) (Reply, error) {
	if len(job.Recipients()) == 0 {
		return Reply{}, l10n.NewError("reason.forward.noRecipientJob", nil)
	}
	if err := job.CheckContent(); err != nil {
		return Reply{}, err
	}
	sender, err := job.EnvelopeSender(s.relay)
	if err != nil {
		return Reply{}, err
	}
	msg := job.Build(s.relay, sender, s.Supports8BitMIME())
	return s.Send(sender, job.Envelope(s.relay), msg)
}

// Attempt is the outcome of forwarding one message, for the audit log.
type Attempt struct {
	Job   Job
	Relay Relay
	Reply Reply
	Err   error
}

// Record appends the attempt to audit as one "forward" line. The output
// names the relay, the envelope recipients and the relay's reply; it never
// contains the password. The line's envelope_sender is the MAIL FROM
// address, or "" when the job has none, which Session.Forward rejects
// before sending. A nil audit records nothing.
func (a Attempt) Record(audit *actions.Audit) error {
	sender, err := a.Job.EnvelopeSender(a.Relay)
	if err != nil {
		sender = ""
	}
	res := actions.Result{Action: ActionForward, Output: a.describe(), EnvelopeSender: &sender}
	if a.Job.QueueID != "" {
		res.QueueIDs = []string{a.Job.QueueID}
	}
	if a.Err == nil {
		res.Count = 1
	}
	return audit.Record(res, a.Err)
}

func (a Attempt) describe() string {
	text := fmt.Sprintf("via %s (%s) to %s", a.Relay.Name, a.Relay.Address(), strings.Join(a.Job.Envelope(a.Relay), ", "))
	if a.Err == nil {
		text += ": 250 " + a.Reply.Text
	}
	return text
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(item string) bool { return strings.EqualFold(item, s) })
}
