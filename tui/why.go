package tui

import (
	"strconv"
	"strings"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// PathSource returns the sending paths of a domain for the why panel.
// *stats.Collector satisfies it. A Source without it shows the panel with
// no path breakdown.
type PathSource interface {
	// Paths returns the sending paths of deliveries to domain over window
	// w ending at now; see stats.Collector.Paths.
	Paths(domain string, w stats.Window, now time.Time) []stats.PathStats
}

var _ PathSource = (*stats.Collector)(nil)

// whyEvidence is the failed attempt the panel explains, with its text
// sanitized.
type whyEvidence struct {
	Time      time.Time
	Status    parsers.Status
	DSN       string
	Phase     parsers.Phase
	Relay     string
	Reason    string
	Recipient string
	// Sender is the message's envelope sender, "" when unknown. A reply
	// that names it is not about another recipient.
	Sender string
	Class  diagnose.Class // as the collector classified it, overrides included
}

// whySubject is what the why panel explains: a domain's failures in a
// window, or one message's last failure.
type whySubject struct {
	Domain    string // lowercase and sanitized
	QueueID   string // set for a message
	Recipient string // the message's failing recipient
	Window    stats.Window
	Counts    stats.Counts // the domain's counts in Window
	// Evidence is the newest failure of the top class, or nil when none is
	// known. LastReply is the domain's last reply text, used without it.
	Evidence  *whyEvidence
	LastReply string
	// InHoldQueue is set for a message in the hold queue, which Postfix
	// does not retry until it is released, whatever the advice for its
	// last failure suggests.
	InHoldQueue bool
}

// domainWhy returns the subject of a domain's failures in window w of
// snapshot. The evidence is the newest failure of the domain's top class
// in the feed, else its newest failure of any class.
func domainWhy(snapshot *stats.Snapshot, domain string, w stats.Window) whySubject {
	subject := whySubject{Domain: Sanitize(domain), Window: w}
	if snapshot == nil {
		return subject
	}
	for _, d := range snapshot.Domains {
		if d.Domain == domain {
			subject.Counts = d.Windows[w]
			subject.LastReply = Sanitize(d.LastReply)
			break
		}
	}
	top := topClass(subject.Counts)
	var newest *stats.Failure
	for i := range snapshot.Failures {
		f := &snapshot.Failures[i]
		if f.Domain != domain {
			continue
		}
		if f.Class == top {
			newest = f
			break
		}
		if newest == nil {
			newest = f
		}
	}
	if newest != nil {
		subject.Evidence = failureEvidence(*newest)
	}
	return subject
}

// failureEvidence returns the evidence of one feed failure.
func failureEvidence(f stats.Failure) *whyEvidence {
	f = sanitizeFailure(f)
	return &whyEvidence{
		Time: f.Time, Status: f.Status, DSN: f.DSN, Phase: f.Phase,
		Relay: f.Relay, Reason: f.Reason, Recipient: f.Recipient, Sender: f.Sender, Class: f.Class,
	}
}

// messageWhy returns the subject of a message: the newest non-success
// attempt over all its recipients, with the counts of that recipient's
// domain in window w of snapshot. A message with no failure gets no
// evidence.
func messageWhy(snapshot *stats.Snapshot, message stats.Message, w stats.Window) whySubject {
	message = sanitizeMessage(message)
	var (
		evidence *whyEvidence
		domain   string
	)
	for _, r := range message.Recipients {
		for _, a := range r.Attempts {
			if a.Class == diagnose.ClassNone {
				continue
			}
			if evidence != nil && a.Time.Before(evidence.Time) {
				continue
			}
			evidence = &whyEvidence{
				Time: a.Time, Status: a.Status, DSN: a.DSN, Phase: a.Phase,
				Relay: a.Relay, Reason: a.Reason, Recipient: r.Address, Sender: message.Sender, Class: a.Class,
			}
			domain = r.Domain
		}
	}
	if domain == "" && len(message.Recipients) > 0 {
		domain = message.Recipients[0].Domain
	}
	subject := domainWhy(snapshot, domain, w)
	subject.QueueID = message.QueueID
	subject.Evidence = evidence
	if evidence != nil {
		subject.Recipient = evidence.Recipient
	} else if len(message.Recipients) > 0 {
		subject.Recipient = message.Recipients[0].Address
	}
	return subject
}

// queuedMessageWhy returns the subject of a queued message from its queue
// file: the defer reason of its first pending recipient that has one. Else
// the subject is its first pending recipient, or its first recipient when
// none is pending, with no evidence. The queue file keeps no time of the
// attempt, so the evidence has a zero Time.
func queuedMessageWhy(snapshot *stats.Snapshot, message sources.QueuedMessage, w stats.Window, overrides *diagnose.Overrides) whySubject {
	var chosen *sources.QueuedRecipient
	for i := range message.Recipients {
		r := &message.Recipients[i]
		if r.Done {
			continue
		}
		if chosen == nil || (chosen.Reason == "" && r.Reason != "") {
			chosen = r
		}
	}
	if chosen == nil && len(message.Recipients) > 0 {
		chosen = &message.Recipients[0]
	}
	if chosen == nil {
		return whySubject{}
	}

	domain := strings.ToLower(strings.TrimSuffix(string(parsers.Domain([]byte(chosen.Address))), "."))
	subject := domainWhy(snapshot, domain, w)
	subject.QueueID = Sanitize(message.QueueID)
	subject.Recipient = Sanitize(chosen.Address)
	subject.InHoldQueue = message.Queue == sources.QueueHold
	if chosen.Reason == "" {
		return subject
	}
	relay, _ := reasonReply(chosen.Reason)
	status := parsers.StatusDeferred
	if strings.HasPrefix(chosen.Status, "5.") {
		status = parsers.StatusBounced
	}
	subject.Evidence = &whyEvidence{
		Status:    status,
		DSN:       Sanitize(chosen.Status),
		Phase:     reasonPhase(chosen.Reason),
		Relay:     Sanitize(relay),
		Reason:    Sanitize(chosen.Reason),
		Recipient: subject.Recipient,
		Sender:    Sanitize(message.Sender),
		Class:     QueueReasonClass(*chosen, overrides),
	}
	return subject
}

// diagnosis is the classification and advice of the evidence.
type diagnosis struct {
	Class  diagnose.Class
	Result diagnose.Result
	Advice diagnose.Advice
}

// diagnoseEvidence classifies the evidence again to learn how sure the
// class is, and returns the advice for it. The collector's class wins:
// it applied the operator's overrides, which the screen does not have, so
// a differing class is reported as an override's.
func diagnoseEvidence(e *whyEvidence, domain string) diagnosis {
	in := diagnose.Input{
		Status:    e.Status,
		DSN:       e.DSN,
		ReplyCode: replyCode(e.Reason),
		Phase:     e.Phase,
		Reason:    e.Reason,
		Relay:     e.Relay,
		Domain:    domain,
		Recipient: e.Recipient,
		Sender:    e.Sender,
		Daemon:    "smtp",
		Time:      e.Time,
	}
	res := diagnose.Classify(in)
	if e.Class != diagnose.ClassNone && res.Class != e.Class {
		res.Class = e.Class
		res.Basis = diagnose.BasisOverride
		res.Confidence = diagnose.ConfidenceHigh
		res.Grounds = diagnose.GroundsOverride
	}
	return diagnosis{Class: res.Class, Result: res, Advice: diagnose.Advise(res, in)}
}

// replyCode returns the three-digit SMTP reply code after "said: " in a
// reason, or 0 when there is none.
func replyCode(reason string) int {
	const said = "said: "
	i := strings.Index(reason, said)
	if i < 0 {
		return 0
	}
	rest := reason[i+len(said):]
	if len(rest) < 3 {
		return 0
	}
	code, err := strconv.Atoi(rest[:3])
	if err != nil || code < 200 || code > 599 {
		return 0
	}
	return code
}

// sanitizeAdviceData returns a copy of data with every string sanitized:
// the recipient and domain come from the log.
func sanitizeAdviceData(data map[string]any) map[string]any {
	out := make(map[string]any, len(data))
	for k, v := range data {
		if s, ok := v.(string); ok {
			v = sanitizeKeepingLines(s)
		}
		out[k] = v
	}
	return out
}

// sanitizeKeepingLines sanitizes each line of s, keeping the line breaks of
// the config snippets.
func sanitizeKeepingLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = Sanitize(line)
	}
	return strings.Join(lines, "\n")
}
