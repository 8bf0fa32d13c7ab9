package diagnose

import (
	"strings"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// Input describes the outcome of one delivery attempt. The caller copies
// every string out of the log line, and Classify keeps none of them.
type Input struct {
	Status    parsers.Status
	DSN       string // enhanced status code as logged, "5.1.1"
	ReplyCode int    // 3-digit SMTP reply code, 0 when none was received
	Phase     parsers.Phase
	Reason    string // the text in parentheses after status=WORD
	Relay     string // "host[addr]:port", "none", "local"
	Domain    string // recipient domain, any case
	Recipient string // recipient address as logged, used to detect collateral rejects
	// Sender is the message's envelope sender as logged, or "" when it is
	// unknown or the null sender. A reply that names it is not about
	// another recipient, so it is not a collateral reject.
	Sender string
	Daemon string // "smtp", "error", "local"
	Time   time.Time
}

// Result is the classification of one attempt.
type Result struct {
	Class Class
	// Carrier is the Japanese mobile carrier the attempt went to (see
	// CarrierOf), or "" for any other destination.
	Carrier string
	// Basis names the kind of rule that decided the class: BasisOverride,
	// BasisToken, BasisText or BasisCode. It is "" when no rule matched
	// (Class is Other) or the attempt succeeded.
	Basis string
	// Confidence is the certainty that the class names the real cause.
	// It is "" for a success.
	Confidence Confidence
	// Grounds names the rule that decided the class, and so why Confidence
	// has its level: one of the Grounds* values, "" for a success.
	Grounds Grounds
	// Collateral is set when the reply rejects at DATA or later and names
	// an address that is neither the recipient nor the sender. The receiver
	// then rejected the whole transaction because of another recipient, so
	// this one may be fine.
	Collateral bool
	// Suspended is set for Postfix's "delivery temporarily suspended": qmgr
	// made no connection for this attempt. Class is then that of the
	// earlier failure the line quotes, or Suspended when no rule matches it.
	Suspended bool
}

// Values of Result.Basis.
const (
	// BasisOverride: an operator's [[override]] rule from the config file.
	BasisOverride = "override"
	// BasisToken: a provider's error token ("[TSS04]", "(S3150)") or an
	// enhanced status code that has a single meaning ("4.7.28").
	BasisToken = "token"
	// BasisText: the reply text, with the carrier and SMTP phase where
	// they matter, or the SMTP phase alone.
	BasisText = "text"
	// BasisCode: the enhanced status code's registered meaning.
	BasisCode = "code"
)

// Confidence grades a Result.
type Confidence string

// Values of Result.Confidence.
const (
	// ConfidenceHigh: an operator override, a provider token, Postfix's own
	// text, a carrier reply whose meaning the carrier documents, or a reply
	// word that names its cause ("greylisted").
	ConfidenceHigh Confidence = "high"
	// ConfidenceMedium: a common reply text, an exact enhanced status code,
	// or a reply that carriers are known to send for more than one cause.
	ConfidenceMedium Confidence = "medium"
	// ConfidenceLow: only the class and subject of the status code matched,
	// no rule matched, or the carrier stopped sending this reply for this
	// cause (docomo's filter rejects after 2025-03-13).
	ConfidenceLow Confidence = "low"
)

// Grounds is the rule behind a Result, in more detail than Basis, so that
// the screen can explain the confidence level. The values are stable
// message id suffixes.
type Grounds string

// Values of Result.Grounds.
const (
	// GroundsOverride: an operator's [[override]] rule (high).
	GroundsOverride Grounds = "override"
	// GroundsPostfix: Postfix's own "delivery temporarily suspended" when
	// no rule matches the failure it quotes (high).
	GroundsPostfix Grounds = "postfix"
	// GroundsToken: a provider's error token or an enhanced status code
	// with a single meaning (high).
	GroundsToken Grounds = "token"
	// GroundsCarrier: a carrier's reply whose meaning at this SMTP phase
	// the carrier documents (high).
	GroundsCarrier Grounds = "carrier"
	// GroundsCarrierAmbiguous: a carrier's reply that it is known to send
	// for more than one cause (medium).
	GroundsCarrierAmbiguous Grounds = "carrier_ambiguous"
	// GroundsDocomoNoDate: docomo's "Unknown user" at end of DATA in a line
	// without a date, so the 2025-03-13 change cannot be checked (medium).
	GroundsDocomoNoDate Grounds = "docomo_no_date"
	// GroundsDocomoSinceChange: docomo's "Unknown user" at end of DATA on or
	// after 2025-03-13, when docomo stopped sending it for its users'
	// filters. It now more likely means the address does not exist (low).
	GroundsDocomoSinceChange Grounds = "docomo_since_change"
	// GroundsText: a general reply wording, not one a provider documents
	// (medium).
	GroundsText Grounds = "text"
	// GroundsTextNamed: a reply wording that names its cause in a word
	// used for nothing else, such as "greylisted" (high).
	GroundsTextNamed Grounds = "text_named"
	// GroundsPhase: the SMTP phase alone, a failure during STARTTLS
	// (medium).
	GroundsPhase Grounds = "phase"
	// GroundsCode: the exact enhanced status code's registered meaning
	// (medium).
	GroundsCode Grounds = "code"
	// GroundsCodeClass: only the class and subject of the enhanced status
	// code ("5.7") matched (low).
	GroundsCodeClass Grounds = "code_class"
	// GroundsNone: no rule matched, so the class is Other (low).
	GroundsNone Grounds = "none"
)

// AllGrounds returns every Grounds value, for catalog tests.
func AllGrounds() []Grounds {
	return []Grounds{
		GroundsOverride, GroundsPostfix, GroundsToken, GroundsCarrier,
		GroundsCarrierAmbiguous, GroundsDocomoNoDate, GroundsDocomoSinceChange,
		GroundsText, GroundsTextNamed, GroundsPhase, GroundsCode, GroundsCodeClass, GroundsNone,
	}
}

// LikelyUnknownSinceDocomoChange reports whether r is docomo's "550
// Unknown user" at end of DATA on or after 2025-03-13 for the recipient
// itself. It keeps the class Filtered, but since docomo's change the reply
// more likely means that the address does not exist, so list cleaning
// should treat it as an unknown address. A collateral reject, which names
// another recipient, and an operator's override do not count.
func LikelyUnknownSinceDocomoChange(r Result) bool {
	return r.Grounds == GroundsDocomoSinceChange && r.Class == Filtered && !r.Collateral
}

// docomoFilterChange is when docomo stopped rejecting mail over SMTP for its
// users' filter settings and began filing it in a spam folder instead:
// 2025-03-13 00:00 in Japan. Roll-out ran from 2025-02-13 to 2025-03-12.
var docomoFilterChange = time.Date(2025, 3, 13, 0, 0, 0, 0, time.FixedZone("JST", 9*3600))

// AfterDocomoFilterChange reports whether t is on or after 2025-03-13 in
// Japan. From then on docomo accepts mail that its users' filters refuse
// with 250 and files it in the 迷惑メール folder, instead of rejecting it
// with "550 Unknown user" at end of DATA. The zero time is not after the
// change.
func AfterDocomoFilterChange(t time.Time) bool {
	return !t.IsZero() && !t.Before(docomoFilterChange)
}

// Classify sorts one delivery attempt into a reason class with no operator
// overrides. See Overrides.Classify for the rules.
func Classify(in Input) Result {
	var none *Overrides
	return none.Classify(in)
}

// Classify sorts one delivery attempt into a reason class. A nil
// *Overrides has no rules.
//
// Successes (sent, deliverable) give ClassNone. Otherwise the rules apply in
// this order, and the first that matches decides:
//
//  1. the operator's override rules, in the order of the config file;
//  2. Postfix's "delivery temporarily suspended: FAILURE" is classified by
//     the rules below as FAILURE, the earlier failure that made Postfix
//     suspend the destination, and is Suspended when none of them matches
//     it. Result.Suspended is set either way;
//  3. provider tokens ("[TSS09]", "(S3150)", "AUP#CXCNCT") and enhanced
//     codes with a single meaning ("4.7.28", "5.7.26"), whatever the first
//     digit of the reply code;
//  4. carrier rules: the reply text together with the carrier and the SMTP
//     phase (docomo's "550 Unknown user" is an unknown mailbox at RCPT TO and
//     the recipient's own filter at end of DATA);
//  5. text rules: case-insensitive substrings of the reason text, most
//     specific first, led by the words that name their cause ("greylisted").
//     A vague "try again later" does not decide when the enhanced status
//     code names the address (X.1.X) or the mailbox (X.2.X);
//  6. phase rules: a failure during STARTTLS is a TLS problem;
//  7. code rules: the enhanced status code, exact ("5.1.1") and then by
//     class and subject ("5.7").
//
// Anything else is Other.
func (o *Overrides) Classify(in Input) Result {
	res := Result{Carrier: CarrierOf(in.Relay, in.Domain)}
	if in.Status == parsers.StatusSent || in.Status == parsers.StatusDeliverable {
		return res
	}

	reason := strings.ToLower(in.Reason)
	inner, suspended := strings.CutPrefix(reason, parsers.SuspendedPrefix)
	res.Suspended = suspended
	if c, ok := o.match(in); ok {
		res.Class, res.Basis, res.Confidence, res.Grounds = c, BasisOverride, ConfidenceHigh, GroundsOverride
	} else {
		classifyByRules(&res, in, inner)
	}

	_, res.Collateral = collateralAddress(in.Phase, reason, in.Recipient, in.Sender)
	return res
}

// classifyByRules applies the built-in rules, steps 2 to 7 of
// Overrides.Classify, to a failed attempt. reason is lowercased, without
// the prefix of a suspended line.
func classifyByRules(res *Result, in Input, reason string) {
	classifyReply(res, in, reason)
	if res.Suspended && res.Grounds == GroundsNone {
		res.Class, res.Basis, res.Confidence, res.Grounds = Suspended, BasisText, ConfidenceHigh, GroundsPostfix
	}
}

// classifyReply applies steps 3 to 7 of Overrides.Classify to a failure
// text.
func classifyReply(res *Result, in Input, reason string) {
	if c, ok := matchToken(reason, in.DSN); ok {
		res.Class, res.Basis, res.Confidence, res.Grounds = c, BasisToken, ConfidenceHigh, GroundsToken
		return
	}
	if r, ok := matchCarrier(reason, res.Carrier, in.Phase); ok {
		res.Class, res.Basis, res.Confidence, res.Grounds = r.class, BasisText, r.confidence, GroundsCarrier
		if r.confidence != ConfidenceHigh {
			res.Grounds = GroundsCarrierAmbiguous
		}
		if r.docomoFilter {
			res.Confidence, res.Grounds = docomoFilterConfidence(in.Time)
		}
		return
	}
	if c, ok := matchText(namedTextRules, reason, res.Carrier, in.Phase); ok {
		res.Class, res.Basis, res.Confidence, res.Grounds = c, BasisText, ConfidenceHigh, GroundsTextNamed
		return
	}
	if c, ok := matchGeneralText(reason, res.Carrier, in.Phase, in.DSN); ok {
		res.Class, res.Basis, res.Confidence, res.Grounds = c, BasisText, ConfidenceMedium, GroundsText
		return
	}
	if in.Phase == parsers.PhaseSTARTTLS {
		res.Class, res.Basis, res.Confidence, res.Grounds = TLS, BasisText, ConfidenceMedium, GroundsPhase
		return
	}
	if c, exact, ok := matchCode(in.DSN); ok {
		res.Class, res.Basis, res.Confidence, res.Grounds = c, BasisCode, ConfidenceMedium, GroundsCode
		if !exact {
			res.Confidence, res.Grounds = ConfidenceLow, GroundsCodeClass
		}
		return
	}
	res.Class, res.Confidence, res.Grounds = Other, ConfidenceLow, GroundsNone
}

// docomoFilterConfidence grades docomo's "550 Unknown user" at end of DATA
// as a filter reject, and names the grounds. docomo sent it for its users'
// filters until 2025-03-13, and since then accepts such mail into a spam
// folder, so the same reply now more likely means an unknown address or
// docomo's own checks. Without a log time the date cannot be checked.
func docomoFilterConfidence(t time.Time) (Confidence, Grounds) {
	switch {
	case t.IsZero():
		return ConfidenceMedium, GroundsDocomoNoDate
	case AfterDocomoFilterChange(t):
		return ConfidenceLow, GroundsDocomoSinceChange
	}
	return ConfidenceHigh, GroundsCarrier
}

// CollateralAddress returns the address that a DATA-phase reject in in
// names when it names addresses and none of them is the recipient: the
// receiver rejected the whole transaction because of that other
// recipient. The sender, known from in.Sender or from the reply's own
// "<address>: Sender address rejected", does not count as another
// recipient. It returns false when the reply names no such address.
func CollateralAddress(in Input) (string, bool) {
	return collateralAddress(in.Phase, strings.ToLower(in.Reason), in.Recipient, in.Sender)
}

// collateralAddress is CollateralAddress for a lowercased reason.
func collateralAddress(phase parsers.Phase, reason, recipient, sender string) (string, bool) {
	if !isDataPhase(phase) {
		return "", false
	}
	return otherAddress(reason, recipient, sender)
}

// senderRejectedText follows the sender's address in Postfix's own reply
// when a sender restriction rejects it: "<a@b.example>: Sender address
// rejected: ...".
const senderRejectedText = ": sender address rejected"

// otherAddress returns the first e-mail address in the lowercased reply
// text when the text contains addresses and none of them is the recipient.
// The sender's address is skipped, as is an address that the reply itself
// calls the sender.
func otherAddress(reason, recipient, sender string) (string, bool) {
	if recipient == "" {
		return "", false
	}
	recipient = strings.ToLower(strings.Trim(recipient, "<>"))
	sender = strings.ToLower(strings.Trim(sender, "<>"))
	first := ""
	rest := reason
	for {
		at := strings.IndexByte(rest, '@')
		if at < 0 {
			return first, first != ""
		}
		start := at
		for start > 0 && !isAddressDelimiter(rest[start-1]) {
			start--
		}
		end := at + 1
		for end < len(rest) && !isAddressDelimiter(rest[end]) {
			end++
		}
		if start < at && end > at+1 {
			addr := strings.TrimRight(rest[start:end], ".")
			if addr == recipient {
				return "", false
			}
			namesSender := addr == sender || strings.HasPrefix(strings.TrimPrefix(rest[end:], ">"), senderRejectedText)
			if first == "" && !namesSender {
				first = addr
			}
		}
		rest = rest[end:]
	}
}

func isAddressDelimiter(b byte) bool {
	switch b {
	case ' ', '\t', '<', '>', '(', ')', '[', ']', ',', ';', ':', '"', '\'':
		return true
	}
	return false
}
