package parsers

import "bytes"

// postfixDaemons are the process names Postfix 3.x logs under. They
// identify a Postfix line whose syslog_name does not start with "postfix",
// such as "mta-out/smtp".
var postfixDaemons = [...]string{
	"anvil", "bounce", "cleanup", "discard", "dnsblog", "error", "flush",
	"lmtp", "local", "master", "oqmgr", "pickup", "pipe", "postdrop",
	"postfix-script", "postlogd", "postmulti", "postqueue", "postscreen",
	"postsuper", "proxymap", "qmgr", "qmqpd", "scache", "sendmail",
	"showq", "smtp", "smtpd", "spawn", "tlsmgr", "tlsproxy",
	"trivial-rewrite", "verify", "virtual",
}

// isPostfix reports whether a tag belongs to Postfix. Its first component
// is "postfix" or starts with "postfix-" (postfix, postfix/smtp,
// postfix-out/smtp, and the bare "postfix" or "postfix-out" that rsyslog
// leaves in RFC5424 APP-NAME), or an instance prefix comes before a known
// daemon name ("mta-out/smtp").
func isPostfix(program, daemon []byte) bool {
	// Fast path for the common tags, which spares the search for "/".
	if hasPrefix(program, "postfix") && (len(program) == len("postfix") || program[7] == '/' || program[7] == '-') {
		return true
	}
	first := program
	if i := bytes.IndexByte(program, '/'); i >= 0 {
		first = program[:i]
	}
	if string(first) == "postfix" || hasPrefix(first, "postfix-") {
		return true
	}
	if len(daemon) == len(program) {
		return false
	}
	for _, d := range postfixDaemons {
		if string(daemon) == d {
			return true
		}
	}
	return false
}

// classify sets ev.Kind and the fields of that kind from the Postfix text
// after the syslog header, for the forms listed on Parse. It goes by the
// shape of the text rather than by daemon, so a line whose tag is only
// "postfix" (the daemon lost in RFC5424 APP-NAME) still gets its kind.
func classify(msg []byte, ev *Event) {
	if id, rest, ok := cutQueueID(msg); ok {
		ev.QueueID = id
		msg = rest
	}
	withSeverity := msg
	msg = cutSeverity(msg, ev)
	if ev.QueueID != nil && ev.Severity == SeverityWarning && isCleanupContext(msg) {
		// cleanup logs a header_checks or body_checks WARN action at info
		// level with the action word "warning", which looks like a severity
		// (cleanup_act_log in cleanup_message.c).
		ev.Severity = SeverityInfo
		ev.Text = msg
		if !parseReject(msg, withSeverity[:len("warn")], ev) {
			clearFields(ev)
		}
		return
	}
	if ev.QueueID == nil && ev.Severity != SeverityInfo {
		// Some daemons write the ID after the severity:
		// "warning: 6EFD4BE08E: queue file size limit exceeded".
		if id, rest, ok := cutQueueID(msg); ok && !isNoQueue(id) {
			ev.QueueID = id
			msg = rest
		}
	}
	ev.Text = msg

	if ev.QueueID != nil {
		if classifyQueued(msg, ev) {
			return
		}
		// A form parser may have set fields before it gave up.
		clearFields(ev)
	}
	switch {
	case ev.Severity != SeverityInfo:
		ev.Kind = KindDiagnostic
	case isOther(msg, ev.Daemon):
		ev.Kind = KindOther
	default:
		ev.Kind = KindUnrecognized
	}
}

// classifyQueued handles text that follows a queue ID and reports whether
// it matched a known form.
func classifyQueued(msg []byte, ev *Event) bool {
	if len(msg) == 0 {
		return false
	}
	noQueueID := isNoQueue(ev.QueueID)
	if !noQueueID && ev.Severity == SeverityInfo {
		switch msg[0] {
		case 't':
			if hasPrefix(msg, "to=<") {
				return parseDelivery(msg, ev)
			}
		case 'f':
			if hasPrefix(msg, "from=<") {
				return parseQmgrFrom(msg, ev)
			}
		case 'm':
			if hasPrefix(msg, "message-id=") {
				return parseMessageID(msg[len("message-id="):], ev)
			}
		case 'r':
			if hasPrefix(msg, "resent-message-id=") {
				return parseMessageID(msg[len("resent-message-id="):], ev)
			}
		case 'u':
			if hasPrefix(msg, "uid=") {
				return parsePickup(msg, ev)
			}
		case 'c':
			if hasPrefix(msg, "client=") {
				return parseClient(msg, ev)
			}
		}
		if parseNotification(msg, ev) || parseQueueAction(msg, ev) {
			return true
		}
	}
	if action, rest, ok := cutRejectAction(msg); ok && ev.Severity == SeverityInfo {
		return parseReject(rest, action, ev)
	}
	if ev.Severity != SeverityInfo {
		return false
	}
	for _, p := range queuedOtherPrefixes {
		if hasPrefix(msg, p) {
			ev.Kind = KindOther
			return true
		}
	}
	if !noQueueID && string(msg) == "skipped, still being delivered" {
		ev.Kind = KindOther
		return true
	}
	return false
}

// queuedOtherPrefixes start the info lines after a queue ID that carry
// nothing the counters use. smtpd in Postfix 3.10 and later puts the queue
// ID in front of its session end lines, and 3.6 and later log recipients
// passed between agents. smtp logs a failed attempt on one MX host before
// it tries the next, and the delivery line that follows has the outcome.
var queuedOtherPrefixes = [...]string{
	"lost connection after ",
	"timeout after ",
	"too many errors after ",
	"passing <",
	"host ",
	"lost connection with ",
	"conversation with ",
	"enabling PIPELINING workaround for ",
}

// parseQueueAction reads the one-phrase lines of qmgr, cleanup and
// postsuper. "removed" is qmgr's unless the daemon is postsuper, so a bare
// "postfix" tag makes it qmgr's, the common case.
func parseQueueAction(msg []byte, ev *Event) bool {
	switch string(msg) {
	case "removed":
		ev.Kind = KindRemoved
		if string(ev.Daemon) == "postsuper" {
			ev.Kind = KindDeleted
		}
	case "requeued":
		ev.Kind = KindRequeued
	case "placed on hold":
		ev.Kind = KindHeld
	case "released from hold":
		ev.Kind = KindReleased
	case "expired":
		ev.Kind = KindExpireMarked
	case "canceled":
		ev.Kind = KindCanceled
	default:
		return false
	}
	return true
}

// cutQueueID splits "ID: rest" when ID is a valid queue ID or NOQUEUE. It
// accepts the IDs that validQueueID accepts, but it finds the ":" and
// checks both ID forms in one pass, and it stops at the first byte that
// fits neither form.
func cutQueueID(msg []byte) (id, rest []byte, ok bool) {
	if hasPrefix(msg, noQueue+": ") {
		return msg[:len(noQueue)], msg[len(noQueue)+2:], true
	}
	n := min(len(msg), maxQueueIDLen+1)
	forms := shortIDByte | longIDByte
	lastZ := -1
	i := 0
	for ; i < n && msg[i] != ':'; i++ {
		forms &= queueIDBytes[msg[i]]
		if forms == 0 {
			return nil, nil, false
		}
		if msg[i] == 'z' {
			lastZ = i
		}
	}
	if i == n || i+1 >= len(msg) || msg[i+1] != ' ' {
		return nil, nil, false
	}
	// These are the length and separator rules of isShortQueueID and
	// isLongQueueID.
	short := forms&shortIDByte != 0 && i >= 6
	long := forms&longIDByte != 0 && i >= 12 && lastZ >= 10 && lastZ != i-1
	if !short && !long {
		return nil, nil, false
	}
	return msg[:i], msg[i+2:], true
}

func isNoQueue(id []byte) bool { return string(id) == noQueue }

// cutSeverity removes a "warning: ", "error: ", "fatal: " or "panic: "
// prefix and records it in ev.Severity.
func cutSeverity(msg []byte, ev *Event) []byte {
	if len(msg) == 0 {
		return msg
	}
	var word string
	var sev Severity
	switch msg[0] {
	case 'w':
		word, sev = "warning: ", SeverityWarning
	case 'e':
		word, sev = "error: ", SeverityError
	case 'f':
		word, sev = "fatal: ", SeverityFatal
	case 'p':
		word, sev = "panic: ", SeverityPanic
	default:
		return msg
	}
	if !hasPrefix(msg, word) {
		return msg
	}
	ev.Severity = sev
	return msg[len(word):]
}

// clearFields empties what a form parser may have set before it gave up,
// keeping the header, the queue ID, the severity and the text.
func clearFields(ev *Event) {
	*ev = Event{
		Time:     ev.Time,
		Host:     ev.Host,
		Program:  ev.Program,
		Daemon:   ev.Daemon,
		PID:      ev.PID,
		QueueID:  ev.QueueID,
		Severity: ev.Severity,
		Text:     ev.Text,
	}
}
