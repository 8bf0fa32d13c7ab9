package parsers

import "bytes"

// rejectActions are the words smtpd access restrictions, postscreen,
// header_checks, body_checks and milters log before a policy action.
var rejectActions = [...]string{
	"reject", "warn", "hold", "discard", "filter", "redirect",
	"milter-reject", "milter-hold", "milter-discard",
	"bcc", "prepend", "replace", "strip", "info",
}

// cutRejectAction splits "ACTION: rest" when ACTION is a policy action.
func cutRejectAction(msg []byte) (action, rest []byte, ok bool) {
	n := min(len(msg), len("milter-discard")+1)
	i := bytes.IndexByte(msg[:n], ':')
	if i < 3 || i+1 >= len(msg) || msg[i+1] != ' ' {
		return nil, nil, false
	}
	for _, a := range rejectActions {
		if string(msg[:i]) == a {
			return msg[:i], msg[i+2:], true
		}
	}
	return nil, nil, false
}

const (
	fromFieldSep  = "; from=<"
	protoFieldSep = "; proto="
	fromWordSep   = " from "
)

// parseReject reads a policy action line after "ACTION: ":
//
//	smtpd   = stage " from " client [":" port] ": " reply ["; " fields]
//	cleanup = ("header" / "body" / "content") SP text " from " client "; " fields [": " reply]
//	reply   = [code (SP / "-")] [dsn SP] text
//	fields  = field *((SP / ", ") field)   ; from=<S> to=<R> proto=P helo=<H> sasl_*=V
//
// stage is CONNECT, HELO, MAIL, RCPT, DATA, END-OF-MESSAGE, VRFY or ETRN;
// postscreen writes the client as "[addr]:port", and cleanup writes
// "local" for mail that did not come over SMTP. Client is name[addr]
// without the port. Reason is the reply text after the code and the DSN.
// The fields start at the last "; from=<" (or "; proto=" for a CONNECT
// stage reject), because a header value or a reply may contain ";".
func parseReject(rest []byte, action []byte, ev *Event) bool {
	stageEnd := bytes.IndexByte(rest, ' ')
	if stageEnd <= 0 {
		return false
	}
	stage := rest[:stageEnd]
	if !isStage(stage) {
		return false
	}
	tail := lastIndex(rest, fromFieldSep)
	if tail < 0 {
		tail = lastIndex(rest, protoFieldSep)
	}
	if tail >= 0 && tail < stageEnd {
		return false
	}
	head := rest
	if tail >= 0 {
		head = rest[:tail]
	}

	var reply []byte
	if isCleanupContext(rest) {
		// cleanup: the client follows the last " from " before the fields.
		if tail < 0 {
			return false
		}
		i := bytes.LastIndex(head, []byte(fromWordSep))
		if i < stageEnd {
			return false
		}
		ev.Client = head[i+len(fromWordSep):]
	} else {
		sc := scanner{s: head, pos: stageEnd}
		if !sc.consume(" from ") {
			return false
		}
		start := sc.pos
		if _, ok := sc.until(']'); !ok {
			return false
		}
		ev.Client = head[start:sc.pos]
		if !sc.consume(": ") {
			// postscreen: "[addr]:port: "
			if !sc.consume(":") {
				return false
			}
			if _, ok := sc.uint(); !ok || !sc.consume(": ") {
				return false
			}
		}
		reply = sc.rest()
	}
	if len(ev.Client) == 0 {
		return false
	}

	if tail >= 0 {
		if r, ok := readRejectFields(rest[tail+2:], ev); ok && len(r) > 0 {
			reply = r
		}
	}
	readReply(reply, ev)
	ev.Action = action
	ev.Stage = stage
	ev.Kind = KindReject
	return true
}

// isCleanupContext reports whether an action is cleanup's, whose stage is
// the part of the message a rule matched: "header", "body" or "content".
func isCleanupContext(rest []byte) bool {
	return hasPrefix(rest, "header ") || hasPrefix(rest, "body ") || hasPrefix(rest, "content ")
}

// isStage reports whether b looks like an SMTP stage or cleanup's "header"
// and "body": letters and "-" only.
func isStage(b []byte) bool {
	for _, c := range b {
		if (c < 'A' || c > 'Z') && (c < 'a' || c > 'z') && c != '-' {
			return false
		}
	}
	return true
}

// readRejectFields reads "from=<S> to=<R> proto=P helo=<H>" and the
// sasl_* fields of 3.10 and later, separated by spaces (smtpd, cleanup) or
// ", " (postscreen). It returns the text after a final ": ", where cleanup
// writes the reply of a header or body rule.
func readRejectFields(fields []byte, ev *Event) ([]byte, bool) {
	sc := scanner{s: fields}
	for !sc.done() {
		var ok bool
		switch {
		case sc.consume("from="):
			ev.From, ok = sc.angle()
		case sc.consume("to="):
			ev.To, ok = sc.angle()
		case sc.consume("helo="):
			if _, ok = sc.angle(); !ok {
				ok = len(sc.word()) > 0
			}
		case sc.consume("sasl_username="):
			ev.SASLUsername = sc.word()
			ok = true
		default:
			ok = len(sc.word()) > 0
		}
		if !ok {
			return nil, false
		}
		if sc.consume(": ") {
			return sc.rest(), true
		}
		if !sc.consume(", ") && !sc.consume(" ") {
			break
		}
	}
	return nil, sc.done()
}

// readReply splits "550 5.1.1 text" into ReplyCode, DSN and Reason. Both
// codes are optional: milters and cleanup rules often give only a DSN.
func readReply(reply []byte, ev *Event) {
	if code, ok := leadingCode(reply); ok && len(reply) > 3 {
		ev.ReplyCode = code
		reply = reply[4:]
	}
	if i := bytes.IndexByte(reply, ' '); i > 0 && isDSN(reply[:i]) {
		ev.DSN = reply[:i]
		reply = reply[i+1:]
	} else if isDSN(reply) {
		ev.DSN = reply
		reply = reply[len(reply):]
	}
	ev.Reason = reply
}
