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
// c: (class), and plain words, which together are a reason substring. c:
// takes a class's id, such as rate_limited. An unknown queue or class
// name, or a prefix given twice, is a *QueueFilterError.
func ParseQueueFilter(text string) (QueueFilter, error) {
	return parseQueueFilter(text, nil)
}

// QueueFilterProblem is the kind of fault in a word of a queue filter.
type QueueFilterProblem uint8

const (
	FilterUnknownQueue   QueueFilterProblem = iota + 1 // q: names no queue
	FilterUnknownClass                                 // c: names no reason class
	FilterRepeatedPrefix                               // a prefix is given twice
)

// QueueFilterError is a queue filter that does not parse. The queue
// screen words it in its own language from these fields.
type QueueFilterError struct {
	Problem QueueFilterProblem
	// Prefix is the word's prefix in lower case: "q", "c", or for
	// FilterRepeatedPrefix any of "d", "s", "r", "q" and "c".
	Prefix string
	// Value is the text after the prefix, as typed.
	Value string
}

func (e *QueueFilterError) Error() string {
	switch e.Problem {
	case FilterUnknownQueue:
		return fmt.Sprintf("unknown queue %q; use one of %s", e.Value, strings.Join(sources.MessageQueues, ", "))
	case FilterUnknownClass:
		return fmt.Sprintf("unknown reason class %q in the filter; use a name such as rate_limited, blocked or user_unknown", e.Value)
	}
	return fmt.Sprintf("%s: is given twice in the filter; give one value for each prefix", e.Prefix)
}

// parseQueueFilter is ParseQueueFilter that also takes, for c:, the class
// names of classNames, keyed in lower case: the names the screen shows in
// its language.
func parseQueueFilter(text string, classNames map[string]diagnose.Class) (QueueFilter, error) {
	var f QueueFilter
	var reason []string
	seen := map[string]bool{}
	for _, word := range strings.Fields(text) {
		prefix, value, ok := splitFilterWord(word)
		if !ok {
			reason = append(reason, word)
			continue
		}
		if value == "" {
			// A prefix still being typed selects nothing yet.
			continue
		}
		if seen[prefix] {
			return f, &QueueFilterError{Problem: FilterRepeatedPrefix, Prefix: prefix, Value: value}
		}
		seen[prefix] = true
		switch prefix {
		case "d":
			f.Domain = value
		case "s":
			f.Sender = value
		case "r":
			f.Recipient = value
		case "q":
			f.Queue = value
		case "c":
			class, ok := diagnose.ParseClass(strings.ToLower(value))
			if !ok {
				class, ok = classNames[strings.ToLower(value)]
			}
			if !ok {
				return f, &QueueFilterError{Problem: FilterUnknownClass, Prefix: prefix, Value: value}
			}
			f.Class = class
		}
	}
	f.Reason = strings.Join(reason, " ")
	return f, f.Validate()
}

// splitFilterWord returns the prefix, in lower case, and the value of a
// filter word such as "d:docomo.ne.jp", or ok false for a word of the
// reason text. A full-width colon (U+FF1A), which a Japanese input method
// may type, separates them as ":" does.
func splitFilterWord(word string) (prefix, value string, ok bool) {
	prefix, value, ok = strings.Cut(strings.Replace(word, "：", ":", 1), ":")
	if !ok || len(prefix) != 1 || !strings.Contains("dsrqcDSRQC", prefix) {
		return "", "", false
	}
	return strings.ToLower(prefix), value, true
}

// Validate checks Queue against the queue names. Its error is a
// *QueueFilterError.
func (f QueueFilter) Validate() error {
	if f.Queue == "" {
		return nil
	}
	for _, q := range sources.MessageQueues {
		if strings.EqualFold(q, f.Queue) {
			return nil
		}
	}
	return &QueueFilterError{Problem: FilterUnknownQueue, Prefix: "q", Value: f.Queue}
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
	if !f.hasRecipientFields() {
		return true
	}
	for _, r := range m.Recipients {
		if !r.Done && f.matchRecipient(r, f.classify) {
			return true
		}
	}
	return false
}

// OutsideRecipients returns the pending recipients of m that the
// recipient fields (Domain, Recipient, Class, Reason) leave out, or nil
// when the filter sets none of them. Postfix holds, requeues and deletes
// whole messages, so an action on m reaches these recipients too.
func (f QueueFilter) OutsideRecipients(m sources.QueuedMessage) []sources.QueuedRecipient {
	if !f.hasRecipientFields() {
		return nil
	}
	var outside []sources.QueuedRecipient
	for _, r := range m.Recipients {
		if !r.Done && !f.matchRecipient(r, f.classify) {
			outside = append(outside, r)
		}
	}
	return outside
}

// hasRecipientFields reports whether the filter sets a field that a
// recipient must match.
func (f QueueFilter) hasRecipientFields() bool {
	return f.Domain != "" || f.Recipient != "" || f.Class != diagnose.ClassNone || f.Reason != ""
}

func (f QueueFilter) classify(r sources.QueuedRecipient) diagnose.Class {
	return QueueReasonClass(r, f.Overrides)
}

// matchRecipient reports whether r matches the recipient fields, with
// classify giving r's class.
func (f QueueFilter) matchRecipient(r sources.QueuedRecipient, classify func(sources.QueuedRecipient) diagnose.Class) bool {
	if f.Domain != "" && !InDomain(r.Address, f.Domain) {
		return false
	}
	if f.Recipient != "" && !containsFold(r.Address, f.Recipient) {
		return false
	}
	if f.Reason != "" && !containsFold(r.Reason, f.Reason) {
		return false
	}
	if f.Class != diagnose.ClassNone && classify(r) != f.Class {
		return false
	}
	return true
}

// InDomain reports whether address is in domain, compared whole and
// without regard to case: a@Docomo.ne.jp is in docomo.ne.jp, and
// a@x.docomo.ne.jp is not. mailtop queue --domain and the queue screen
// select recipients with it.
func InDomain(address, domain string) bool {
	return strings.EqualFold(string(parsers.Domain([]byte(address))), strings.TrimSpace(domain))
}

// FilterQueue returns snap with the messages that match filter, and with
// Counts counting those messages per queue. mailtop queue lists these
// messages, and the queue screen's title counts them for --domain.
func FilterQueue(snap sources.QueueSnapshot, filter QueueFilter) sources.QueueSnapshot {
	if filter.IsZero() {
		return snap
	}
	out := snap
	out.Messages = nil
	out.Counts = make(map[string]int, len(snap.Counts))
	for q := range snap.Counts {
		out.Counts[q] = 0
	}
	for _, m := range snap.Messages {
		if filter.Match(m) {
			out.Messages = append(out.Messages, m)
			out.Counts[m.Queue]++
		}
	}
	return out
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
