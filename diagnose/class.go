// Package diagnose sorts each non-success delivery reply into a reason class
// that an operator can act on.
//
// The package is pure: no IO and no clock; the log time is an input.
package diagnose

import "slices"

// Class is a reason class. The names are stable: they appear in
// `report --json` and `classify` output and in config overrides.
type Class uint8

const (
	ClassNone          Class = iota // a success, or no failure seen
	UserUnknown                     // the mailbox does not exist
	Filtered                        // the recipient's own settings refused the message
	MailboxFull                     // the mailbox is over quota
	MailboxUnavailable              // the mailbox exists but is disabled or cannot take mail now
	TooManyRecipients               // too many recipients in one transaction or per period
	Greylisted                      // the receiver deliberately defers a first attempt and accepts a later retry (greylisting)
	RateLimited                     // the receiver throttles this sender (rate, connections, volume)
	Blocked                         // the sending IP or its reputation is blocked, temporarily or not
	SpamContent                     // the content was judged to be spam or a policy violation
	AuthFailure                     // SPF, DKIM or DMARC failed
	RequirePTR                      // the sending IP has no or a mismatched reverse DNS name
	ContentFormat                   // malformed message: line too long, bad header syntax
	MessageTooBig                   // the message exceeds the receiver's size limit
	SenderRejected                  // the envelope sender or its domain was refused or cannot be resolved
	RelayDenied                     // the receiver does not relay for this destination
	Network                         // no connection: refused, timed out, no route
	ConnectionLost                  // the connection dropped or timed out during the dialogue
	DNS                             // the destination's name or MX could not be resolved
	TLS                             // the TLS handshake or policy failed
	Suspended                       // Postfix's own "delivery temporarily suspended" quoting a failure no rule matches: no connection was made
	LocalConfig                     // a problem on this server: alias database unavailable, mail loops back to myself
	Other                           // a failure no rule matched

	NumClasses
)

var classNames = [NumClasses]string{
	ClassNone:          "",
	UserUnknown:        "user_unknown",
	Filtered:           "filtered",
	MailboxFull:        "mailbox_full",
	MailboxUnavailable: "mailbox_unavailable",
	TooManyRecipients:  "too_many_recipients",
	Greylisted:         "greylisted",
	RateLimited:        "rate_limited",
	Blocked:            "blocked",
	SpamContent:        "spam_content",
	AuthFailure:        "auth_failure",
	RequirePTR:         "require_ptr",
	ContentFormat:      "content_format",
	MessageTooBig:      "message_too_big",
	SenderRejected:     "sender_rejected",
	RelayDenied:        "relay_denied",
	Network:            "network",
	ConnectionLost:     "connection_lost",
	DNS:                "dns",
	TLS:                "tls",
	Suspended:          "suspended",
	LocalConfig:        "local_config",
	Other:              "other",
}

// String returns the class's stable snake_case name; ClassNone is "".
func (c Class) String() string {
	if c >= NumClasses {
		return "other"
	}
	return classNames[c]
}

// ClassNames returns the names of the classes, without ClassNone's "",
// in the order of the Class constants.
func ClassNames() []string {
	return slices.Clone(classNames[ClassNone+1:])
}

// ParseClass returns the class with the given name, and false for an unknown name.
func ParseClass(name string) (Class, bool) {
	for i, n := range classNames {
		if n == name && i != int(ClassNone) {
			return Class(i), true
		}
	}
	return ClassNone, false
}
