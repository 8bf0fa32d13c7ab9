package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
)

// QueueFilter selects queued messages. Every set field must match. Text
// fields match without regard to case. A message matches the recipient
// fields (Domain, Recipient, Class, Reason) when one of its pending
// recipients matches all of them. The zero value matches every message.
type QueueFilter struct {
	// Domain is a recipient domain, matched whole: docomo.ne.jp.
	Domain string
	// Sender is a substring of the envelope sender; "<>" matches only the
	// null sender.
	Sender string
	// Recipient is a substring of a pending recipient's address.
	Recipient string
	// Queue is a queue name, such as deferred or hold.
	Queue string
	// Class is a reason class, from QueueReasonClass.
	Class diagnose.Class
	// Reason is a substring of a pending recipient's last defer reason.
	Reason string
	// Overrides are the operator's reason rules that Class is matched
	// with, as QueueReasonClass applies them; nil means none. They select
	// nothing by themselves.
	Overrides *diagnose.Overrides
}

// ParseQueueFilter reads the filter typed on the queue screen: words with
// the prefixes d: (domain), s: (sender), r: (recipient), q: (queue) and
// c: (class), and plain words, which together are a reason substring. An
// unknown queue or class name is an error.
func ParseQueueFilter(text string) (QueueFilter, error) {
	var f QueueFilter
	var reason []string
	for _, word := range strings.Fields(text) {
		prefix, value, ok := strings.Cut(word, ":")
		if !ok || len(prefix) != 1 || !strings.Contains("dsrqcDSRQC", prefix) {
			reason = append(reason, word)
			continue
		}
		if value == "" {
			// A prefix still being typed selects nothing yet.
			continue
		}
		switch strings.ToLower(prefix) {
		case "d":
			f.Domain = value
		case "s":
			f.Sender = value
		case "r":
			f.Recipient = value
		case "q":
			f.Queue = value
		case "c":
			f.Class, ok = diagnose.ParseClass(strings.ToLower(value))
			if !ok {
				return f, fmt.Errorf("unknown reason class %q in the filter; use a name such as rate_limited, blocked or user_unknown", value)
			}
		}
	}
	f.Reason = strings.Join(reason, " ")
	return f, f.Validate()
}

// Validate checks Queue against the queue names.
func (f QueueFilter) Validate() error {
	if f.Queue == "" {
		return nil
	}
	for _, q := range sources.MessageQueues {
		if strings.EqualFold(q, f.Queue) {
			return nil
		}
	}
	return fmt.Errorf("unknown queue %q; use one of %s", f.Queue, strings.Join(sources.MessageQueues, ", "))
}

// IsZero reports whether the filter matches every message.
func (f QueueFilter) IsZero() bool {
	f.Overrides = nil
	return f == QueueFilter{}
}

// Match reports whether m passes the filter.
func (f QueueFilter) Match(m sources.QueuedMessage) bool {
	if f.Queue != "" && !strings.EqualFold(m.Queue, f.Queue) {
		return false
	}
	if f.Sender != "" && !matchSender(m.Sender, f.Sender) {
		return false
	}
	if f.Domain == "" && f.Recipient == "" && f.Class == diagnose.ClassNone && f.Reason == "" {
		return true
	}
	for _, r := range m.Recipients {
		if !r.Done && f.matchRecipient(r) {
			return true
		}
	}
	return false
}

func (f QueueFilter) matchRecipient(r sources.QueuedRecipient) bool {
	if f.Domain != "" && !strings.EqualFold(string(parsers.Domain([]byte(r.Address))), f.Domain) {
		return false
	}
	if f.Recipient != "" && !containsFold(r.Address, f.Recipient) {
		return false
	}
	if f.Reason != "" && !containsFold(r.Reason, f.Reason) {
		return false
	}
	if f.Class != diagnose.ClassNone && QueueReasonClass(r, f.Overrides) != f.Class {
		return false
	}
	return true
}

func matchSender(sender, want string) bool {
	if want == "<>" {
		return sender == ""
	}
	return containsFold(sender, want)
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// QueueReasonClass classifies a queued recipient's last defer reason, as
// the log's deferred line with the same reason would be, with the
// operator's override rules first (nil means none). It returns ClassNone
// for a recipient with no reason yet.
//
// The queue keeps no relay or SMTP phase apart from the reason text, so
// both are read back out of it: "host H[A] said: 450 4.2.0 ... (in reply
// to RCPT TO command)".
func QueueReasonClass(r sources.QueuedRecipient, overrides *diagnose.Overrides) diagnose.Class {
	if r.Reason == "" {
		return diagnose.ClassNone
	}
	domain := string(parsers.Domain([]byte(r.Address)))
	relay, code := reasonReply(r.Reason)
	status := parsers.StatusDeferred
	if strings.HasPrefix(r.Status, "5.") {
		status = parsers.StatusBounced
	}
	res := overrides.Classify(diagnose.Input{
		Status:    status,
		DSN:       r.Status,
		ReplyCode: code,
		Phase:     reasonPhase(r.Reason),
		Reason:    r.Reason,
		Relay:     relay,
		Domain:    domain,
		Recipient: r.Address,
		Daemon:    "smtp",
	})
	return res.Class
}

// reasonReply returns the host and the SMTP reply code of a reason of the
// form "host H[A] said: 450 ...", or "" and 0.
func reasonReply(reason string) (relay string, code int) {
	rest, ok := strings.CutPrefix(reason, "host ")
	if !ok {
		return "", 0
	}
	host, said, ok := strings.Cut(rest, " said: ")
	if !ok || len(said) < 3 {
		return "", 0
	}
	n, err := strconv.Atoi(said[:3])
	if err != nil {
		return host, 0
	}
	return host, n
}

// reasonPhases maps the command named in "(in reply to ... command)" to
// its phase, as Postfix 3.7's smtp client words them.
var reasonPhases = []struct {
	text  string
	phase parsers.Phase
}{
	{"(in reply to end of DATA command)", parsers.PhaseEndOfDATA},
	{"(in reply to DATA command)", parsers.PhaseDATA},
	{"(in reply to RCPT TO command)", parsers.PhaseRCPT},
	{"(in reply to MAIL FROM command)", parsers.PhaseMAIL},
	{"(in reply to EHLO command)", parsers.PhaseHELO},
	{"(in reply to HELO command)", parsers.PhaseHELO},
	{"(in reply to STARTTLS command)", parsers.PhaseSTARTTLS},
	{"while receiving the initial server greeting", parsers.PhaseGreeting},
	{"refused to talk to me", parsers.PhaseGreeting},
	{"connect to ", parsers.PhaseConnect},
}

func reasonPhase(reason string) parsers.Phase {
	for _, p := range reasonPhases {
		if strings.Contains(reason, p.text) {
			return p.phase
		}
	}
	return parsers.PhaseNone
}
