// Package parsers turns Postfix log lines into typed events.
//
// The package is pure: it does no IO and reads no clock. The year and time
// zone of yearless timestamps are supplied by the caller through Options.
package parsers

import "time"

// Kind is the kind of event one log line carries.
type Kind uint8

const (
	// KindUnrecognized is a line that is not a well-formed syslog or
	// Postfix log line, or a Postfix line whose text matches no known form.
	// Program and Daemon are set when the header could be read.
	KindUnrecognized Kind = iota
	// KindForeign is a well-formed line from a program that is not Postfix
	// (dovecot, opendkim, cron and the like share mail.log).
	KindForeign
	// KindOther is a Postfix line of a known form that carries nothing the
	// counters use: connect, disconnect, TLS, statistics, start and stop.
	KindOther
	// KindDelivery is a delivery agent's "ID: to=<...>, relay=..., status=..." line.
	KindDelivery
	// KindQueued is qmgr's "ID: from=<...>, size=N, nrcpt=N (queue active)".
	KindQueued
	// KindExpired is qmgr's "ID: from=<...>, status=expired, returned to sender"
	// or status=force-expired.
	KindExpired
	// KindRemoved is qmgr's "ID: removed": the message left the queue.
	KindRemoved
	// KindMessageID is cleanup's "ID: message-id=<...>".
	KindMessageID
	// KindPickup is pickup's "ID: uid=N from=<...>[ orig_id=OLDID]".
	KindPickup
	// KindClient is smtpd's "ID: client=NAME[ADDR][, sasl_method=..., sasl_username=...]".
	KindClient
	// KindReject is an smtpd or cleanup policy action: "NOQUEUE: reject: RCPT
	// from ...", "ID: hold: header ...", "ID: milter-reject: ...".
	KindReject
	// KindNotification is bounce's "ID: sender non-delivery notification: NEWID"
	// and the other notice kinds (see NotificationKind).
	KindNotification
	// KindRequeued is postsuper's "ID: requeued".
	KindRequeued
	// KindHeld is postsuper's "ID: placed on hold".
	KindHeld
	// KindReleased is postsuper's "ID: released from hold".
	KindReleased
	// KindDeleted is postsuper's "ID: removed" (an operator deleted it).
	KindDeleted
	// KindExpireMarked is postsuper's "ID: expired" (postsuper -e or -f).
	KindExpireMarked
	// KindDiagnostic is a warning, error, fatal or panic line (see Severity)
	// that has no more specific kind.
	KindDiagnostic
	// KindCanceled is cleanup's "ID: canceled" (Postfix 3.10 and later): the
	// client went away before the message was queued, so the ID is dead.
	KindCanceled

	numKinds
)

// Severity is the level Postfix writes into the text of a line.
type Severity uint8

const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityError
	SeverityFatal
	SeverityPanic
)

// Status is the outcome word of a delivery or expiry line.
type Status uint8

const (
	StatusNone Status = iota
	StatusSent
	StatusDeferred
	StatusBounced
	// StatusSoftBounce is "SOFTBOUNCE": soft_bounce=yes turned a bounce into a deferral.
	StatusSoftBounce
	// StatusDeliverable and StatusUndeliverable come from address
	// verification probes; they are not deliveries.
	StatusDeliverable
	StatusUndeliverable
	// StatusExpired and StatusForceExpired appear only in KindExpired lines.
	StatusExpired
	StatusForceExpired
	// StatusUnknown is a status word this parser does not know; the line is
	// still a KindDelivery.
	StatusUnknown
)

// Phase is the SMTP stage that a remote reply or a failure belongs to, taken
// from "(in reply to ... command)", "while receiving the initial server
// greeting" and the like.
type Phase uint8

const (
	PhaseNone      Phase = iota
	PhaseConnect         // "connect to H[A]:P: Connection refused" and other connect errors
	PhaseGreeting        // "... the initial server greeting", "refused to talk to me"
	PhaseHELO            // EHLO, HELO or LHLO
	PhaseSTARTTLS        // "... the STARTTLS response"
	PhaseMAIL            // "MAIL FROM command", "sending MAIL FROM"
	PhaseRCPT            // "RCPT TO command", "sending RCPT TO"
	PhaseDATA            // "DATA command", "sending DATA command"
	PhaseBody            // "sending message body"
	PhaseEndOfDATA       // "end of DATA command", "sending end of data"
	PhaseRSET            // "final RSET command", "RSET probe"
	PhaseQUIT            // "QUIT command"
)

// NotificationKind is the kind of notice bounce(8) generated.
type NotificationKind uint8

const (
	NotifyNone NotificationKind = iota
	NotifySenderNonDelivery
	NotifyPostmasterNonDelivery
	NotifySenderDelay
	NotifyPostmasterDelay
	NotifySenderDeliveryStatus // success DSN
)

// Event is one parsed log line.
//
// Every []byte field is a sub-slice of the line passed to Parse and is valid
// only until that buffer is reused; callers copy what they keep. Fields that
// do not apply to Kind are zero. Parse resets the whole Event first.
type Event struct {
	Kind Kind

	// Header.
	Time     time.Time
	Host     []byte
	Program  []byte // "postfix/relay/smtp": everything before "[pid]"
	Daemon   []byte // "smtp": the part of Program after its last '/'
	PID      int
	QueueID  []byte // nil when the line has none; "NOQUEUE" for policy rejects
	Severity Severity
	Text     []byte // the text after "QUEUEID: " and any "warning: " prefix

	// KindDelivery.
	To        []byte // recipient without angle brackets, in Postfix's quoted external form
	OrigTo    []byte
	Relay     []byte // "host[ip]:port", "none", "local", a pipe transport name
	Delay     float64
	Delays    [4]float64 // before qmgr, in qmgr, connection setup, transmission; seconds
	DSN       []byte     // "4.2.0"
	Status    Status
	Reason    []byte // the text inside the final parentheses after status=WORD
	ReplyCode int    // 3-digit SMTP code from "said: 550 ...", "refused to talk to me: 554" or a reason that starts with one ("250 2.0.0 Ok"); 0 if none
	Phase     Phase

	// KindQueued, KindExpired, KindPickup, KindReject.
	From  []byte // sender without angle brackets; empty for the null sender <>
	Size  int64
	NRcpt int

	// KindMessageID.
	MessageID []byte

	// KindPickup.
	UID    int
	OrigID []byte // set after postsuper -r, and by KindClient from orig_queue_id= behind a content filter

	// KindClient and KindReject.
	Client       []byte // "name[addr]"
	SASLUsername []byte

	// KindReject; a reject line also sets From, To, DSN, ReplyCode and
	// Reason (the reply text).
	Action []byte // reject, warn, hold, discard, filter, redirect, milter-reject, milter-hold, milter-discard; also accepted: bcc, prepend, replace, strip, info
	Stage  []byte // CONNECT, HELO, MAIL, RCPT, DATA, END-OF-MESSAGE, VRFY, ETRN, header, body, content

	// KindNotification.
	Notification NotificationKind
	NewID        []byte
}
