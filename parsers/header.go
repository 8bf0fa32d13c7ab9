package parsers

import (
	"bytes"
	"time"
)

// The header grammar accepted by parseHeader, with SP a single space:
//
//	line      = rfc5424 / [pri] stamp SP host SP tag SP message
//	pri       = "<" 1*3DIGIT ">"
//	stamp     = bsd-stamp / iso-stamp
//	bsd-stamp = month SP day SP clock            ; "Dec  4 19:52:10", "Dec 04 19:52:10"
//	day       = 2DIGIT / SP DIGIT
//	iso-stamp = 4DIGIT "-" 2DIGIT "-" 2DIGIT "T" clock zone
//	clock     = 2DIGIT ":" 2DIGIT ":" 2DIGIT ["." 1*DIGIT]
//	zone      = "Z" / ("+" / "-") 2DIGIT [":"] 2DIGIT
//	host      = 1*(any byte but SP)
//	tag       = program ["[" pid "]"] [":"]
//	program   = 1*(any byte but SP, "[" and ":")
//	rfc5424   = pri "1" SP (iso-stamp / "-") SP host SP program SP (pid / "-")
//	            SP msgid SP (1*sd-element / "-") [SP message]
//
// The BSD stamp is rsyslog's traditional format (space-padded day),
// Postfix's own maillog_file and journalctl -o short (zero-padded day), or
// journalctl -o short-precise (with a fraction). The ISO stamp is rsyslog's
// RFC3339 format ("+00:00"), journalctl -o short-iso ("+0000") and RFC5424.
// The colon after the tag is optional because rsyslog drops it when it
// writes an RFC5424 message in the traditional format. Leading spaces and a
// UTF-8 byte order mark are trimmed from an RFC5424 message.

// parseHeader reads the header of line into ev and returns the message
// text after it. It returns false when the header is not readable.
func (p *Parser) parseHeader(line []byte, ev *Event) ([]byte, bool) {
	sc := scanner{s: line}
	if len(line) > 0 && line[0] == '<' {
		if !sc.pri() {
			return nil, false
		}
		if sc.consume("1 ") {
			return p.parseRFC5424(&sc, ev)
		}
	}

	if !p.cachedStamp(&sc, ev) {
		start := sc.pos
		if !p.readStamp(&sc, ev) {
			return nil, false
		}
		p.rememberStamp(sc.s[start:sc.pos], ev.Time)
	}
	if !sc.consume(" ") {
		return nil, false
	}
	// Host names are short, and over a short span a byte loop costs less
	// than a bytes.IndexByte call.
	r := sc.rest()
	n := 0
	for n < len(r) && r[n] != ' ' {
		n++
	}
	if n == 0 || n == len(r) {
		return nil, false
	}
	ev.Host = r[:n]
	sc.pos += n + 1

	if !readTag(&sc, ev) {
		return nil, false
	}
	return sc.rest(), true
}

// cachedStamp reuses the time of the previous line when this line starts
// with the same timestamp text, as runs of lines from one second do. It
// saves the cost of time.Date and of the digit checks.
func (p *Parser) cachedStamp(sc *scanner, ev *Event) bool {
	n := p.stampLen
	r := sc.rest()
	if n == 0 || len(r) <= n || r[n] != ' ' || string(r[:n]) != string(p.stamp[:n]) {
		return false
	}
	ev.Time = p.stampTime
	sc.pos += n
	return true
}

func (p *Parser) rememberStamp(text []byte, t time.Time) {
	if len(text) > len(p.stamp) {
		p.stampLen = 0
		return
	}
	p.stampLen = copy(p.stamp[:], text)
	p.stampTime = t
}

// pri skips "<" 1*3DIGIT ">".
func (sc *scanner) pri() bool {
	start := sc.pos
	sc.pos++
	n, ok := sc.uint()
	if !ok || n > 191 || sc.pos-start > 4 || !sc.consume(">") {
		sc.pos = start
		return false
	}
	return true
}

// readTag reads program["[" pid "]"][":"] and the space after it. It
// reads the tag in one pass: the loop over the program notes its last "/"
// for Daemon, and the pid's digits are converted as they are scanned.
func readTag(sc *scanner, ev *Event) bool {
	r := sc.rest()
	i, slash := 0, -1
	if hasPrefix(r, "postfix/") {
		// Most tags start with "postfix/", which contains no byte that
		// ends the program, so the loop can start after it.
		i, slash = len("postfix/"), len("postfix")
	}
	for ; i < len(r); i++ {
		c := r[i]
		if c == ' ' || c == '[' || c == ':' {
			break
		}
		if c == '/' {
			slash = i
		}
	}
	if i == 0 || i == len(r) {
		return false
	}
	ev.Program = r[:i]
	ev.Daemon = r[slash+1 : i]

	if r[i] == '[' {
		// The pid is 1 to 9 digits, as atoi accepts, closed by "]".
		i++
		start, pid := i, 0
		for i < len(r) && i-start < 9 && isDigit(r[i]) {
			pid = pid*10 + int(r[i]-'0')
			i++
		}
		if i == start || i == len(r) || r[i] != ']' {
			return false
		}
		ev.PID = pid
		i++
	}
	if i < len(r) && r[i] == ':' {
		i++
	}
	if i == len(r) || r[i] != ' ' {
		return false
	}
	sc.pos += i + 1
	return true
}

func setProgram(ev *Event, program []byte) {
	ev.Program = program
	ev.Daemon = program
	if i := bytes.LastIndexByte(program, '/'); i >= 0 {
		ev.Daemon = program[i+1:]
	}
}

// parseRFC5424 reads the fields after "<PRI>1 ".
func (p *Parser) parseRFC5424(sc *scanner, ev *Event) ([]byte, bool) {
	if !sc.consume("-") && !p.isoStamp(sc, ev) {
		return nil, false
	}
	if !sc.consume(" ") {
		return nil, false
	}

	host, ok := sc.until(' ')
	if !ok || len(host) == 0 {
		return nil, false
	}
	if len(host) != 1 || host[0] != '-' {
		ev.Host = host
	}

	app, ok := sc.until(' ')
	if !ok || len(app) == 0 {
		return nil, false
	}
	setProgram(ev, app)
	procID, ok := sc.until(' ')
	if !ok {
		return nil, false
	}
	if pid, isNum := atoi(procID); isNum {
		ev.PID = pid
	}

	if _, ok := sc.until(' '); !ok { // MSGID
		return nil, false
	}
	if !sc.structuredData() {
		return nil, false
	}

	// The message is optional. rsyslog writes it after one more space, and
	// Postfix's own text may start with a second one.
	for !sc.done() && sc.s[sc.pos] == ' ' {
		sc.pos++
	}
	sc.consume("\xef\xbb\xbf")
	return sc.rest(), true
}

// structuredData skips "-" or one or more "[...]" elements, where "\]"
// inside an element is an escaped bracket.
func (sc *scanner) structuredData() bool {
	if sc.consume("-") {
		return sc.done() || sc.s[sc.pos] == ' '
	}
	n := 0
	for !sc.done() && sc.s[sc.pos] == '[' {
		i := sc.pos + 1
		for i < len(sc.s) && sc.s[i] != ']' {
			if sc.s[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(sc.s) {
			return false
		}
		sc.pos = i + 1
		n++
	}
	return n > 0 && (sc.done() || sc.s[sc.pos] == ' ')
}

// readStamp reads a BSD or an ISO timestamp into ev.Time.
func (p *Parser) readStamp(sc *scanner, ev *Event) bool {
	r := sc.rest()
	if len(r) > 0 && isDigit(r[0]) {
		return p.isoStamp(sc, ev)
	}
	return p.bsdStamp(sc, ev)
}

// bsdStamp reads "Mmm dd hh:mm:ss[.frac]" with the day zero- or
// space-padded. The year comes from Options.
func (p *Parser) bsdStamp(sc *scanner, ev *Event) bool {
	r := sc.rest()
	if len(r) < len("Dec  4 19:52:10") || r[3] != ' ' || r[6] != ' ' {
		return false
	}
	month := monthOf(r[:3])
	if month == 0 {
		return false
	}
	var day int
	switch {
	case r[4] == ' ' && isDigit(r[5]):
		day = int(r[5] - '0')
	case isDigit(r[4]) && isDigit(r[5]):
		day = int(r[4]-'0')*10 + int(r[5]-'0')
	default:
		return false
	}
	sc.pos += 7
	hour, minute, sec, nsec, ok := sc.clock()
	if !ok || day < 1 || day > 31 {
		return false
	}
	ev.Time = time.Date(p.yearOf(month), month, day, hour, minute, sec, nsec, p.opts.Location)
	return true
}

// yearOf applies Options.Year or Options.Reference to a yearless stamp.
func (p *Parser) yearOf(month time.Month) int {
	// NOTE: with neither Year nor Reference set, the zero Reference puts
	// stamps in year 1, and stamps after January in year 0.
	if p.opts.Year != 0 {
		return p.opts.Year
	}
	if month > p.refMonth {
		return p.refYear - 1
	}
	return p.refYear
}

// isoStamp reads "YYYY-MM-DDThh:mm:ss[.frac]" and a zone.
func (p *Parser) isoStamp(sc *scanner, ev *Event) bool {
	r := sc.rest()
	if len(r) < len("2026-12-04T19:52:10Z") || r[4] != '-' || r[7] != '-' || r[10] != 'T' {
		return false
	}
	year, ok1 := atoi(r[0:4])
	month, ok2 := atoi(r[5:7])
	day, ok3 := atoi(r[8:10])
	if !ok1 || !ok2 || !ok3 || month < 1 || month > 12 || day < 1 || day > 31 {
		return false
	}
	sc.pos += 11
	hour, minute, sec, nsec, ok := sc.clock()
	if !ok {
		return false
	}
	loc, ok := p.zone(sc)
	if !ok {
		return false
	}
	ev.Time = time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc)
	return true
}

// clock reads "hh:mm:ss" and an optional fraction of up to 9 digits (more
// are read and ignored).
func (sc *scanner) clock() (hour, minute, sec, nsec int, ok bool) {
	r := sc.rest()
	if len(r) < 8 || r[2] != ':' || r[5] != ':' {
		return
	}
	var ok1, ok2, ok3 bool
	hour, ok1 = atoi(r[0:2])
	minute, ok2 = atoi(r[3:5])
	sec, ok3 = atoi(r[6:8])
	if !ok1 || !ok2 || !ok3 || hour > 23 || minute > 59 || sec > 60 {
		return 0, 0, 0, 0, false
	}
	i := 8
	if i+1 < len(r) && r[i] == '.' && isDigit(r[i+1]) {
		i++
		scale := 100000000
		for i < len(r) && isDigit(r[i]) {
			nsec += int(r[i]-'0') * scale
			scale /= 10
			i++
		}
	}
	sc.pos += i
	return hour, minute, sec, nsec, true
}

// zone reads "Z", "+hh:mm" or "+hhmm".
func (p *Parser) zone(sc *scanner) (*time.Location, bool) {
	r := sc.rest()
	if len(r) == 0 {
		return nil, false
	}
	if r[0] == 'Z' {
		sc.pos++
		return time.UTC, true
	}
	if r[0] != '+' && r[0] != '-' || len(r) < 5 {
		return nil, false
	}

	hh, ok1 := atoi(r[1:3])
	mmAt := 3
	if r[3] == ':' {
		mmAt = 4
	}
	if len(r) < mmAt+2 {
		return nil, false
	}
	mm, ok2 := atoi(r[mmAt : mmAt+2])
	if !ok1 || !ok2 || hh > 23 || mm > 59 {
		return nil, false
	}
	sc.pos += mmAt + 2

	offset := (hh*60 + mm) * 60
	if r[0] == '-' {
		offset = -offset
	}
	if offset == 0 {
		return time.UTC, true
	}
	return p.fixedZone(offset), true
}

// fixedZone returns a cached zone for offset, so that a file in one zone
// costs one allocation.
func (p *Parser) fixedZone(offset int) *time.Location {
	for _, z := range p.zones {
		if z.loc != nil && z.offset == offset {
			return z.loc
		}
	}
	loc := time.FixedZone("", offset)
	p.zones[p.next] = zoneEntry{offset: offset, loc: loc}
	p.next = (p.next + 1) % len(p.zones)
	return loc
}

// monthOf returns the month an English three-letter abbreviation names, or
// 0 when it names none.
func monthOf(b []byte) time.Month {
	switch string(b) {
	case "Jan":
		return time.January
	case "Feb":
		return time.February
	case "Mar":
		return time.March
	case "Apr":
		return time.April
	case "May":
		return time.May
	case "Jun":
		return time.June
	case "Jul":
		return time.July
	case "Aug":
		return time.August
	case "Sep":
		return time.September
	case "Oct":
		return time.October
	case "Nov":
		return time.November
	case "Dec":
		return time.December
	}
	return 0
}
