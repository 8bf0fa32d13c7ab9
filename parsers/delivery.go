package parsers

import "bytes"

// parseDelivery reads a delivery agent's recipient line (log_adhoc.c):
//
//	delivery = "to=<" rcpt ">" *(", " field) ", status=" word " (" reason ")"
//	field    = "orig_to=<" addr ">" / "relay=" value / "delay=" decimal /
//	           "delays=" decimal "/" decimal "/" decimal "/" decimal /
//	           "dsn=" 1*DIGIT "." 1*3DIGIT "." 1*3DIGIT / key "=" value
//
// Unknown fields (conn_use= since 2.3, tls= since 3.11) are skipped. The
// reason runs to the last ")" of the line because it often contains
// parentheses of its own. relay= and status= are required.
func parseDelivery(msg []byte, ev *Event) bool {
	sc := scanner{s: msg, pos: len("to=")}
	to, ok := sc.angle()
	if !ok {
		return false
	}
	ev.To = to
	haveRelay := false
	for sc.consume(", ") {
		// Switch on the key's first byte, so that each field is compared
		// with at most three known keys instead of all six.
		key := sc.rest()
		if len(key) == 0 {
			return false
		}
		known := false
		switch key[0] {
		case 's':
			if sc.consume("status=") {
				return haveRelay && parseStatus(&sc, ev)
			}
		case 'o':
			if sc.consume("orig_to=") {
				if ev.OrigTo, ok = sc.angle(); !ok {
					return false
				}
				known = true
			}
		case 'r':
			if sc.consume("relay=") {
				ev.Relay = sc.value()
				haveRelay = len(ev.Relay) > 0
				known = true
			}
		case 'd':
			switch {
			case sc.consume("delay="):
				if ev.Delay, ok = sc.decimal(); !ok {
					return false
				}
				known = true
			case sc.consume("delays="):
				if !readDelays(&sc, ev) {
					return false
				}
				known = true
			case sc.consume("dsn="):
				ev.DSN = sc.value()
				if !isDSN(ev.DSN) {
					return false
				}
				known = true
			}
		}
		if !known && !skipField(&sc) {
			return false
		}
	}
	return false
}

// skipField moves past one "key=value" field whose key is unknown.
func skipField(sc *scanner) bool {
	v := sc.value()
	i := bytes.IndexByte(v, '=')
	return i > 0
}

func readDelays(sc *scanner, ev *Event) bool {
	for i := range ev.Delays {
		if i > 0 && !sc.consume("/") {
			return false
		}
		d, ok := sc.decimal()
		if !ok {
			return false
		}
		ev.Delays[i] = d
	}
	return true
}

// parseStatus reads "WORD (REASON)" after "status=" and derives the reply
// code and SMTP phase from the reason.
func parseStatus(sc *scanner, ev *Event) bool {
	word := sc.word()
	ev.Status = statusOf(word)
	if len(word) == 0 || !sc.consume(" (") {
		return false
	}
	reason := sc.rest()
	// NOTE: Postfix cuts a log line at 2000 bytes, which can cost a long
	// reason its closing parenthesis. The reason then runs to the end.
	if i := bytes.LastIndexByte(reason, ')'); i >= 0 {
		reason = reason[:i]
	}
	ev.Reason = reason
	ev.ReplyCode = replyCode(reason)
	ev.Phase = phaseOf(reason)
	ev.Kind = KindDelivery
	return true
}

func statusOf(word []byte) Status {
	switch string(word) {
	case "sent":
		return StatusSent
	case "deferred":
		return StatusDeferred
	case "bounced":
		return StatusBounced
	case "SOFTBOUNCE":
		return StatusSoftBounce
	case "deliverable":
		return StatusDeliverable
	case "undeliverable":
		return StatusUndeliverable
	}
	return StatusUnknown
}

// isDSN reports whether b is an enhanced status code (RFC 3463):
// class "." subject "." detail, with class 2, 4 or 5 and up to three digits
// in each of the others.
func isDSN(b []byte) bool {
	if len(b) < 5 || (b[0] != '2' && b[0] != '4' && b[0] != '5') || b[1] != '.' {
		return false
	}
	dot := bytes.IndexByte(b[2:], '.')
	if dot < 1 || dot > 3 {
		return false
	}
	return allDigits(b[2:2+dot]) && len(b)-(3+dot) >= 1 && len(b)-(3+dot) <= 3 && allDigits(b[3+dot:])
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

const (
	saidSep    = " said: "
	refusedSep = " refused to talk to me: "
)

// indexColonSep is bytes.Index for a separator that ends in ": ", such as
// saidSep and refusedSep. It steps from one ":" to the next with
// bytes.IndexByte. A reason has few colons but many spaces, and a space is
// the byte that bytes.Index would look for first.
func indexColonSep(s []byte, sep string) int {
	for i := 0; ; i++ {
		j := bytes.IndexByte(s[i:], ':')
		if j < 0 {
			return -1
		}
		i += j
		end := i + 2 // the index after the ": "
		if end >= len(sep) && end <= len(s) && string(s[end-len(sep):end]) == sep {
			return end - len(sep)
		}
	}
}

// replyCode returns the remote server's SMTP reply code from "host H[A]
// said: 550 ..." or "host H[A] refused to talk to me: 554 ...", and the
// code a reason starts with ("250 2.0.0 Ok: queued as ..."), else 0. A
// multi-line reply reads "421-4.7.28 ..." and counts too.
func replyCode(reason []byte) int {
	if code, ok := leadingCode(reason); ok {
		return code
	}
	if i := indexColonSep(reason, saidSep); i >= 0 {
		code, _ := leadingCode(reason[i+len(saidSep):])
		return code
	}
	if i := indexColonSep(reason, refusedSep); i >= 0 {
		code, _ := leadingCode(reason[i+len(refusedSep):])
		return code
	}
	return 0
}

// leadingCode reads a reply code "[2-5]DIGIT DIGIT" followed by a space, a
// "-" or the end.
func leadingCode(b []byte) (int, bool) {
	if len(b) < 3 || b[0] < '2' || b[0] > '5' || !isDigit(b[1]) || !isDigit(b[2]) {
		return 0, false
	}
	if len(b) > 3 && b[3] != ' ' && b[3] != '-' {
		return 0, false
	}
	return int(b[0]-'0')*100 + int(b[1]-'0')*10 + int(b[2]-'0'), true
}

// SuspendedPrefix starts the reason of qmgr's "delivery temporarily
// suspended" lines, which Postfix logs without connecting while it treats
// the destination as dead. The rest of the reason is the failure that made
// Postfix suspend it: "host mx[192.0.2.1] said: 421 ..." or "connect to
// mx[192.0.2.1]:25: Connection refused".
const SuspendedPrefix = "delivery temporarily suspended: "

// IsSuspended reports whether a delivery reason starts with
// SuspendedPrefix.
func IsSuspended(reason []byte) bool { return hasPrefix(reason, SuspendedPrefix) }

const (
	inReplyTo = "(in reply to "
	whileWord = "while "
)

// phaseOf finds the SMTP stage a failure reason names. For "delivery
// temporarily suspended: INNER", qmgr's copy of an earlier failure, the
// phase is INNER's.
func phaseOf(reason []byte) Phase {
	if IsSuspended(reason) {
		reason = reason[len(SuspendedPrefix):]
	}
	if hasPrefix(reason, "connect to ") {
		return PhaseConnect
	}
	if i := lastIndex(reason, inReplyTo); i >= 0 {
		if ph := commandPhase(reason[i+len(inReplyTo):]); ph != PhaseNone {
			return ph
		}
	}
	if i := lastIndex(reason, whileWord); i > 0 && reason[i-1] == ' ' {
		if ph := whilePhase(reason[i+len(whileWord):]); ph != PhaseNone {
			return ph
		}
	}
	if indexColonSep(reason, refusedSep) >= 0 {
		return PhaseGreeting
	}
	return PhaseNone
}

// commandPhase maps the text after "(in reply to ".
func commandPhase(s []byte) Phase {
	switch {
	case hasPrefix(s, "RCPT TO command"):
		return PhaseRCPT
	case hasPrefix(s, "end of DATA command"):
		return PhaseEndOfDATA
	case hasPrefix(s, "MAIL FROM command"):
		return PhaseMAIL
	case hasPrefix(s, "DATA command"), hasPrefix(s, "BDAT command"):
		return PhaseDATA
	case hasPrefix(s, "final RSET command"), hasPrefix(s, "RSET probe"), hasPrefix(s, "RSET command"):
		return PhaseRSET
	case hasPrefix(s, "QUIT command"):
		return PhaseQUIT
	case hasPrefix(s, "EHLO command"), hasPrefix(s, "HELO command"), hasPrefix(s, "LHLO command"):
		return PhaseHELO
	case hasPrefix(s, "STARTTLS command"):
		return PhaseSTARTTLS
	}
	return PhaseNone
}

// whilePhase maps the text after "lost connection with H[A] while " and
// "conversation with H[A] timed out while ".
func whilePhase(s []byte) Phase {
	switch {
	case hasPrefix(s, "receiving the initial server greeting"):
		return PhaseGreeting
	case hasPrefix(s, "performing the EHLO handshake"),
		hasPrefix(s, "performing the HELO handshake"),
		hasPrefix(s, "performing the LHLO handshake"):
		return PhaseHELO
	case hasPrefix(s, "receiving the STARTTLS response"):
		return PhaseSTARTTLS
	case hasPrefix(s, "sending MAIL FROM"):
		return PhaseMAIL
	case hasPrefix(s, "sending RCPT TO"):
		return PhaseRCPT
	case hasPrefix(s, "sending DATA command"):
		return PhaseDATA
	case hasPrefix(s, "sending message body"):
		return PhaseBody
	case hasPrefix(s, "sending end of data"):
		return PhaseEndOfDATA
	}
	return PhaseNone
}
