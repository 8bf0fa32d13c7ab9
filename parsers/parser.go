package parsers

import "time"

// Options fixes what a log line does not say about its own time.
type Options struct {
	// Year is used for yearless timestamps when it is not zero; no
	// December-to-January stepping is done then.
	Year int
	// Reference places yearless timestamps when Year is zero: a stamp takes
	// Reference's year, or the year before when its month is later than
	// Reference's month (December lines in a file last written in January).
	// Sources pass the file's modification time, or the current time for a
	// live stream. Reference's year and month are read in Location.
	Reference time.Time
	// Location is the zone of timestamps that carry no offset. Nil means UTC.
	Location *time.Location
}

// Parser parses Postfix log lines. A Parser is not safe for concurrent use;
// give each goroutine its own.
type Parser struct {
	opts Options

	// refYear and refMonth are Options.Reference in Options.Location.
	refYear  int
	refMonth time.Month

	// zones caches the zones of timestamps with a non-zero UTC offset.
	// Entries are replaced round-robin, and next is the slot to replace.
	zones [4]zoneEntry
	next  int

	// stamp[:stampLen] is the timestamp text of the last line read with a
	// BSD or ISO header, and stampTime its value. stampLen 0 means none.
	stamp     [40]byte
	stampLen  int
	stampTime time.Time
}

type zoneEntry struct {
	offset int // seconds east of UTC
	loc    *time.Location
}

// NewParser returns a Parser with the given options.
func NewParser(opts Options) *Parser {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	p := &Parser{opts: opts}
	p.SetReference(opts.Reference)
	return p
}

// SetReference changes Options.Reference, for a stream that crosses into a
// new file or a new year.
func (p *Parser) SetReference(t time.Time) {
	p.opts.Reference = t
	p.refYear, p.refMonth, _ = t.In(p.opts.Location).Date()
	p.stampLen = 0 // a yearless stamp may now mean another year
}

// Parse resets ev and fills it from one log line.
//
// The line is a syslog header followed by Postfix's text. The header is
// one of (the grammar is in header.go):
//
//	Dec  4 19:52:10 host prog[pid]: text              traditional syslog
//	Dec 04 19:52:10 host prog[pid]: text              maillog_file, journalctl -o short
//	Dec 04 19:52:10.999950 host prog[pid]: text       journalctl -o short-precise
//	2026-12-04T19:52:10.724915+00:00 host prog[pid]: text   rsyslog RFC3339
//	2026-12-04T19:52:10+0000 host prog[pid]: text     journalctl -o short-iso
//	<22>1 2026-12-04T19:52:10Z host prog pid - -  text  RFC5424
//
// with an optional "<PRI>" in front of the first five, "[pid]" and the
// colon optional, and the offset written "Z", "+hh:mm" or "+hhmm". Program
// is the tag before "[" and Daemon the part of it after the last "/".
// The text is
//
//	message  = [queue-id ": "] [severity ": "] text
//	queue-id = short-id / long-id / "NOQUEUE"       ; see ValidQueueID
//	severity = "warning" / "error" / "fatal" / "panic"
//
// and its known forms give these kinds:
//
//	ID: to=<R>, relay=..., status=WORD (REASON)    KindDelivery, any delivery agent
//	ID: from=<S>, size=N, nrcpt=N (queue active)   KindQueued
//	ID: from=<S>, status=expired|force-expired...  KindExpired
//	ID: removed                                    KindRemoved (KindDeleted from postsuper)
//	ID: message-id=<M>, ID: resent-message-id=<M>  KindMessageID
//	ID: uid=N from=<S>[ orig_id=ID]                KindPickup
//	ID: client=NAME[ADDR][, key=value]...          KindClient
//	ID|NOQUEUE: ACTION: STAGE from NAME[ADDR]...   KindReject (smtpd, postscreen, cleanup, milters)
//	ID: KIND notification: NEWID                   KindNotification
//	ID: requeued / placed on hold / released from hold / expired
//	                                               KindRequeued, KindHeld, KindReleased, KindExpireMarked
//	ID: canceled                                   KindCanceled
//	[ID: ]SEVERITY: ...                            KindDiagnostic, when nothing above matched
//	session, TLS, start, stop, statistics lines    KindOther
//
// A line whose header cannot be read, or whose Postfix text matches no
// known form, is KindUnrecognized. Program and Daemon are still set when
// the header was readable, so callers can count such lines by daemon. A
// line from a program that is not Postfix is KindForeign. A trailing "\n"
// or "\r\n" is ignored.
//
// When RFC5424 APP-NAME is only "postfix" (rsyslog without
// parser.permitSlashInProgramName), Daemon stays "postfix" and Kind comes
// from the shape of the text alone. "ID: removed" then reads as qmgr's
// KindRemoved, since postsuper's KindDeleted needs the daemon name.
//
// Parse keeps no reference to line, and every []byte in ev is a sub-slice
// of it. Parse does not allocate, except when a timestamp carries a
// non-zero UTC offset that is not among the last four seen.
func (p *Parser) Parse(line []byte, ev *Event) {
	*ev = Event{}
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
	}

	msg, ok := p.parseHeader(line, ev)
	if !ok {
		*ev = Event{}
		return
	}
	if !isPostfix(ev.Program, ev.Daemon) {
		ev.Kind = KindForeign
		ev.Text = msg
		return
	}
	classify(msg, ev)
}
