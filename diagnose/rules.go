package diagnose

import (
	"strings"

	"github.com/mailtop/mailtop/parsers"
)

// The rules Classify applies in turn: Postfix's own texts, the carriers'
// replies, general reply texts and enhanced status codes.

// phaseSet is a bit set of parsers.Phase values; the zero set matches any phase.
type phaseSet uint16

func phases(ps ...parsers.Phase) phaseSet {
	var s phaseSet
	for _, p := range ps {
		s |= 1 << p
	}
	return s
}

func (s phaseSet) has(p parsers.Phase) bool { return s == 0 || s&(1<<p) != 0 }

// dataPhases are the stages after the recipients were accepted, where a
// reject covers every recipient of the transaction.
var dataPhases = phases(parsers.PhaseDATA, parsers.PhaseBody, parsers.PhaseEndOfDATA)

func isDataPhase(p parsers.Phase) bool { return p != parsers.PhaseNone && dataPhases.has(p) }

// textRule assigns class when the lowercased reason contains any of the
// substrings, the carrier matches (when set) and the phase is in phases
// (when set).
type textRule struct {
	class   Class
	carrier string
	phases  phaseSet
	any     []string
}

func matchText(rules []textRule, reason, carrier string, phase parsers.Phase) (Class, bool) {
	for i := range rules {
		if rules[i].matches(reason, carrier, phase) {
			return rules[i].class, true
		}
	}
	return ClassNone, false
}

func (r *textRule) matches(reason, carrier string, phase parsers.Phase) bool {
	if r.carrier != "" && r.carrier != carrier {
		return false
	}
	if !r.phases.has(phase) {
		return false
	}
	for _, s := range r.any {
		if strings.Contains(reason, s) {
			return true
		}
	}
	return false
}

// unknownUserTexts are the replies docomo and au give both for a mailbox that
// does not exist and for a message the recipient's filter refused.
var unknownUserTexts = []string{"unknown user", "user unknown"}

// carrierRule is a textRule whose meaning a carrier defines, with how surely
// it holds.
type carrierRule struct {
	textRule
	confidence Confidence
	// docomoFilter marks docomo's end-of-DATA "Unknown user", whose
	// confidence depends on the date (see docomoFilterConfidence).
	docomoFilter bool
}

// carrierRules hold the replies whose meaning depends on the carrier and the
// phase. docomo and au reply "550 Unknown user" (au: "550 <addr>: User
// unknown") at RCPT TO for an address that does not exist, and at end of
// DATA for a message the recipient's own settings refused (指定受信,
// なりすまし拒否). au leaves the address out of its filter reject: "550 :
// User unknown".
var carrierRules = []carrierRule{
	{textRule: textRule{Filtered, CarrierAU, 0, []string{" : user unknown", "<>: user unknown"}}, confidence: ConfidenceHigh},
	{textRule: textRule{UserUnknown, CarrierDocomo, phases(parsers.PhaseRCPT), unknownUserTexts}, confidence: ConfidenceHigh},
	{textRule: textRule{Filtered, CarrierDocomo, dataPhases, unknownUserTexts}, confidence: ConfidenceHigh, docomoFilter: true},
	// au has been seen to send this reply at RCPT TO for a valid address
	// that a filter held back, so it is not certain.
	{textRule: textRule{UserUnknown, CarrierAU, phases(parsers.PhaseRCPT), unknownUserTexts}, confidence: ConfidenceMedium},
	{textRule: textRule{Filtered, CarrierAU, dataPhases, unknownUserTexts}, confidence: ConfidenceHigh},
	// docomo: "552 Too much mail data" is a full mailbox, not a size limit.
	{textRule: textRule{MailboxFull, CarrierDocomo, 0, []string{"too much mail data"}}, confidence: ConfidenceHigh},
	// docomo answers "554 Transaction failed" and disconnects after more than
	// 100 recipients in one session. Before about 2006 it also sent it for
	// oversized mail, so the class is not certain.
	{textRule: textRule{TooManyRecipients, CarrierDocomo, 0, []string{"transaction failed"}}, confidence: ConfidenceMedium},
}

func matchCarrier(reason, carrier string, phase parsers.Phase) (*carrierRule, bool) {
	if carrier == "" {
		return nil, false
	}
	for i := range carrierRules {
		if carrierRules[i].matches(reason, carrier, phase) {
			return &carrierRules[i], true
		}
	}
	return nil, false
}

// namedTextRules are the reply words that name their cause and mean
// nothing else. They are checked before textRules, whose rules would match
// other parts of a greylisting reply: Postfix's "Sender address rejected:"
// prefix, or "try again later". Each substring is lowercase.
var namedTextRules = []textRule{
	// Greylisting: postgrey's default "Greylisted, see
	// http://postgrey.schweikert.ch/help/DOMAIN.html", and "Greylisted for
	// 5 minutes" or "greylisted, try again later" of other policy servers.
	// "greylist" also matches "greylisted" and "greylisting".
	{Greylisted, "", 0, []string{"greylist", "graylist", "grey-list", "gray-list"}},
}

// textRules are checked in order; earlier rules are more specific. Each
// substring is lowercase.
var textRules = []textRule{
	{LocalConfig, "", 0, []string{
		"loops back to myself", "alias database unavailable",
		"mail system configuration error", "unknown mail transport error",
		// defer_transports holds mail for a transport on this server.
		"deferred transport",
	}},
	{DNS, "", 0, []string{"host or domain name not found", "name service error"}},
	// A receiving Postfix's reject_unknown_recipient_domain: "450 4.1.2
	// <u@nosuch.example>: Recipient address rejected: Domain not found",
	// or "550 5.1.2" with unknown_address_reject_code = 550.
	{DNS, "", 0, []string{"recipient address rejected: domain not found"}},

	// TLS before connection texts: "lost connection ... while receiving the
	// STARTTLS response" is about TLS.
	{TLS, "", 0, []string{
		"tls is required", "cannot start tls", "tls handshake", "handshake failure",
		"starttls", "certificate verification failed", "tls negotiation",
	}},
	{Network, "", 0, []string{
		"connection refused", "connection timed out", "no route to host",
		"network is unreachable", "timed out while receiving the initial server greeting",
	}},
	{ConnectionLost, "", 0, []string{"lost connection with", "timed out while", "connection reset"}},

	{RelayDenied, "", 0, []string{"relay access denied", "relaying denied", "relay not permitted", "relaying not allowed"}},
	{TooManyRecipients, "", 0, []string{"too many recipients"}},
	{MessageTooBig, "", 0, []string{
		"message size exceeds", "message too big", "message too large", "message is too large",
		"exceeds size limit", "size limit exceeded",
	}},
	// A sending quota is the limit of the account or relay that this
	// server sends through, so it comes before the mailbox quota's
	// "quota". Gmail: "550 5.4.5 Daily user sending quota exceeded" for an
	// account, "550 5.4.5 Daily SMTP relay limit exceeded" for its SMTP
	// relay service.
	{RateLimited, "", 0, sendingQuotaTexts},
	{MailboxFull, "", 0, []string{
		"mailbox full", "mailbox is full", "over quota", "quota exceeded", "exceeded storage",
		"insufficient storage", "quota",
	}},
	{ContentFormat, "", 0, []string{
		"line too long", "header syntax", "malformed", "bare <lf>", "invalid header",
	}},

	// The envelope sender: "553 <domain> does not exist" (SoftBank, J:COM)
	// comes at MAIL FROM.
	{SenderRejected, "", 0, []string{"sender address rejected", "sender rejected", "sender domain"}},
	{SenderRejected, "", phases(parsers.PhaseMAIL), []string{"does not exist", "domain not found"}},

	{UserUnknown, "", 0, []string{
		"user unknown", "unknown user", "no such user", "user not found", "invalid recipient",
		"unknown recipient", "recipient unknown", "mailbox not found", "mailbox does not exist",
		"user does not exist", "address does not exist", "recipient does not exist",
		"user doesn't have", "no mailbox here",
	}},

	// Reverse DNS before authentication: Gmail's IPv6 text names both. A
	// receiving Postfix with reject_unknown_client_hostname replies
	// "Client host rejected: cannot find your hostname, [IP]".
	{RequirePTR, "", 0, []string{
		"reverse dns", "ptr record", "rdns", "reverse hostname", "reverse lookup",
		"client host name", "cannot find your hostname",
	}},
	{AuthFailure, "", 0, []string{"unauthenticated", "spf", "dkim", "dmarc"}},

	// Rate before block and spam: Gmail's 4.7.28 text mentions spam and an
	// unusual rate but says "rate limited".
	{RateLimited, "", 0, []string{
		"rate limit", "ratelimit", "rate-limit", "too many connections", "too many messages",
		"too much mail from", "unexpected volume", "throttl", "exceeded the max emails",
	}},
}

// sendingQuotaTexts are the wordings of a sending account's or relay's
// own limit on how much it sends. Amazon SES replies "454 Throttling
// failure: Daily message quota exceeded". Each substring is lowercase.
var sendingQuotaTexts = []string{
	"sending quota", "send quota", "sending limit", "relay limit exceeded", "daily message quota",
}

// isSendingQuota reports whether the reply text names the sending limit of
// the account or relay that this server sends through, rather than the
// recipient's mailbox quota.
func isSendingQuota(reason string) bool {
	reason = strings.ToLower(reason)
	for _, s := range sendingQuotaTexts {
		if strings.Contains(reason, s) {
			return true
		}
	}
	return false
}

// vagueDeferralRules are the deferral wordings that name no cause. Many
// receivers append them to any temporary reply, so they decide only when
// the enhanced status code does not name the address or the mailbox (see
// namesAddressOrMailbox). Each substring is lowercase.
var vagueDeferralRules = []textRule{
	{RateLimited, "", 0, []string{"temporarily deferred", "try again later", "try later", "server busy"}},
}

// lateTextRules are checked after vagueDeferralRules, so that a rate
// wording, vague or not, still wins over a block or spam word in the same
// reply. Each substring is lowercase.
var lateTextRules = []textRule{
	{Blocked, "", 0, []string{
		"from your ip address has been blocked", "block list", "blocklist", "blacklist",
		"black list", "spamhaus", "permanently deferred", "not allowed", "reputation",
	}},
	{SpamContent, "", 0, []string{
		"spam", "unsolicited", "content rejected", "message content", "virus", "malware",
	}},
	{Blocked, "", 0, []string{"blocked", "refused to talk to me", "access denied"}},
}

// recipientAccessDeniedText is the reply of a receiver that refuses the
// recipient address itself. With the enhanced status code X.4.1 it is
// Exchange Online's reply for a recipient that is not in the receiving
// tenant's directory (directory-based edge blocking), matched here
// without the AS(201806281) token that tokenRules match. With another
// code, such as "554 5.7.1", it is a receiving Postfix's default reply
// when its access(5) table rejects the recipient address. Both are about
// the address at the receiver, not about this server, so both are
// UserUnknown (see RecipientAccessReject for the advice).
const recipientAccessDeniedText = "recipient address rejected: access denied"

// RecipientAccessReject reports whether in is a receiving Postfix's
// access(5) reject of the recipient address, "Recipient address rejected:
// Access denied" with a code other than Exchange Online's X.4.1. The
// address may exist, but the receiver's policy refuses it.
func RecipientAccessReject(in Input) bool {
	return !strings.HasSuffix(in.DSN, ".4.1") && strings.Contains(strings.ToLower(in.Reason), recipientAccessDeniedText)
}

// unverifiedAddressRules are a receiving Postfix's replies when its
// address verification (reject_unverified_recipient, reject_unverified_sender)
// could not confirm the address. The text after them is the result of the
// receiver's own probe to its next hop: "connection timed out", or a reply
// such as "Client host [10.0.0.1] blocked using zen.spamhaus.org" that
// names the receiver's probing host. So no word in it is about this
// server, and the rules below must not see it. Each substring is lowercase.
var unverifiedAddressRules = []textRule{
	{UserUnknown, "", 0, []string{"recipient address rejected: unverified address"}},
	{SenderRejected, "", 0, []string{"sender address rejected: unverified address"}},
}

// matchGeneralText applies the recipient's "Access denied" and
// unverifiedAddressRules, textRules, then vagueDeferralRules unless the
// enhanced status code dsn names the address or the mailbox, then
// lateTextRules.
func matchGeneralText(reason, carrier string, phase parsers.Phase, dsn string) (Class, bool) {
	if strings.Contains(reason, recipientAccessDeniedText) {
		return UserUnknown, true
	}
	if c, ok := matchText(unverifiedAddressRules, reason, carrier, phase); ok {
		return c, true
	}
	if c, ok := matchText(textRules, reason, carrier, phase); ok {
		return c, true
	}
	if !namesAddressOrMailbox(dsn) {
		if c, ok := matchText(vagueDeferralRules, reason, carrier, phase); ok {
			return c, true
		}
	}
	return matchText(lateTextRules, reason, carrier, phase)
}

// namesAddressOrMailbox reports whether the enhanced status code dsn has
// the subject address status (X.1.X) or mailbox status (X.2.X) of RFC 3463.
// Such a code is more specific than a vague "try again later" in the
// same reply: "450 4.2.0 Mailbox temporarily unavailable, try again later" is about
// the recipient's mailbox, not about how fast this server sends.
func namesAddressOrMailbox(dsn string) bool {
	_, rest, ok := strings.Cut(dsn, ".")
	if !ok {
		return false
	}
	subject, _, _ := strings.Cut(rest, ".")
	return subject == "1" || subject == "2"
}

// codeRules map an enhanced status code (RFC 3463 and the IANA registry of
// enhanced status codes) to a class. A key with two parts ("5.7") matches any
// detail that has no exact entry.
var codeRules = map[string]Class{
	"5.1.1":   UserUnknown,
	"4.1.1":   UserUnknown,
	"5.1.10":  UserUnknown, // recipient address has null MX (RFC 7505)
	"5.1.2":   DNS,         // bad destination system address
	"4.1.2":   DNS,
	"5.1.7":   SenderRejected,
	"5.1.8":   SenderRejected,
	"4.1.8":   SenderRejected,
	"4.2.0":   MailboxUnavailable, // other or undefined mailbox status
	"5.2.0":   MailboxUnavailable,
	"4.2.1":   MailboxUnavailable, // mailbox disabled, not accepting messages
	"5.2.1":   MailboxUnavailable,
	"5.2.2":   MailboxFull,
	"4.2.2":   MailboxFull,
	"4.2.3":   MessageTooBig, // message length exceeds administrative limit
	"5.2.3":   MessageTooBig,
	"5.3.4":   MessageTooBig,
	"4.3.5":   LocalConfig,
	"5.3.5":   LocalConfig,
	"4.4.1":   Network,
	"4.4.2":   ConnectionLost,
	"4.4.3":   DNS,
	"5.4.4":   DNS,
	"4.4.4":   DNS,
	"4.4.6":   LocalConfig, // mail loops
	"5.4.6":   LocalConfig,
	"5.5.3":   TooManyRecipients,
	"4.5.3":   TooManyRecipients,
	"5.7.1":   Blocked,
	"5.7.20":  AuthFailure, // no passing DKIM signature
	"5.7.21":  AuthFailure,
	"5.7.22":  AuthFailure,
	"5.7.23":  AuthFailure, // SPF validation failed
	"5.7.24":  AuthFailure,
	"5.7.25":  RequirePTR,     // reverse DNS validation failed
	"5.7.26":  AuthFailure,    // multiple authentication checks failed (DMARC)
	"5.7.27":  SenderRejected, // sender address has null MX (RFC 7505)
	"4.7.0":   RateLimited,
	"4.7.28":  RateLimited,
	"5.7.28":  RateLimited,
	"4.7.650": RateLimited, // Microsoft: rate limited due to IP reputation
	"4.7.651": RateLimited,
	"4.2":     MailboxUnavailable,
	"5.2":     MailboxUnavailable,
	"4.4":     Network,
	"4.6":     ContentFormat,
	"5.6":     ContentFormat,
	"4.7":     RateLimited,
	"5.7":     Blocked,
}

// matchCode returns the class of an enhanced status code, and whether it
// matched exactly rather than by class and subject only.
func matchCode(dsn string) (class Class, exact, ok bool) {
	if c, ok := codeRules[dsn]; ok {
		return c, true, true
	}
	first := strings.IndexByte(dsn, '.')
	if first < 0 {
		return ClassNone, false, false
	}
	second := strings.IndexByte(dsn[first+1:], '.')
	if second < 0 {
		return ClassNone, false, false
	}
	c, ok := codeRules[dsn[:first+1+second]]
	return c, false, ok
}
