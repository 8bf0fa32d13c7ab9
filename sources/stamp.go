package sources

import "time"

// stampReader reads the timestamp at the start of a log line. It is the
// small subset of the parser that positioning needs: --since and the
// ordering of several files look at one line in thousands, so it skips the
// rest of the header.
//
// Accepted forms, all at the very start of the line:
//
//	Dec  4 19:52:10              traditional syslog, space-padded day
//	Dec 04 19:52:10              Postfix maillog_file, zero-padded day
//	2026-12-04T19:52:10[.ffffff](Z|+hh:mm|+hhmm)   rsyslog RFC 3339
//	<22>1 2026-12-04T19:52:10...                    RFC 5424
type stampReader struct {
	// year is used for yearless stamps when it is not zero.
	year int
	// reference gives yearless stamps their year when year is zero: the
	// reference's year, or the one before for a month later than the
	// reference's month (December lines in a file last written in January).
	reference time.Time
	// location is the zone of yearless stamps.
	location *time.Location
}

// read returns the timestamp that starts line, after any NUL padding, and
// false when the line does not start with one of the accepted forms.
func (r stampReader) read(line []byte) (time.Time, bool) {
	if len(line) > 0 && line[0] == 0 {
		line = trimPadding(line)
	}
	// The first line of a file may start with a byte order mark, which
	// the readers drop. Probes that read the file directly see it.
	if hasBOM(line) {
		line = line[len(utf8BOM):]
	}
	if len(line) > 0 && line[0] == '<' {
		return readRFC5424Stamp(line)
	}
	if len(line) > 0 && isDigit(line[0]) {
		return readRFC3339Stamp(line)
	}
	return r.readSyslogStamp(line)
}

// hasOffset reports whether the stamp that starts line carries its own UTC
// offset, as the RFC 3339 and RFC 5424 forms do. It assumes that read
// accepts line.
func (r stampReader) hasOffset(line []byte) bool {
	if len(line) > 0 && line[0] == 0 {
		line = trimPadding(line)
	}
	if hasBOM(line) {
		line = line[len(utf8BOM):]
	}
	return len(line) > 0 && (line[0] == '<' || isDigit(line[0]))
}

var monthNames = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func (r stampReader) readSyslogStamp(line []byte) (time.Time, bool) {
	// "Mmm dd hh:mm:ss" is 15 bytes; the day may be " 4" or "04".
	if len(line) < 15 || line[3] != ' ' || line[6] != ' ' || line[9] != ':' || line[12] != ':' {
		return time.Time{}, false
	}
	month := 0
	for i, name := range monthNames {
		if string(line[:3]) == name {
			month = i + 1
			break
		}
	}
	if month == 0 {
		return time.Time{}, false
	}
	dayField := line[4:6]
	if dayField[0] == ' ' {
		dayField = dayField[1:]
	}
	day, ok := readNumber(dayField)
	hour, okHour := readNumber(line[7:9])
	minute, okMinute := readNumber(line[10:12])
	second, okSecond := readNumber(line[13:15])
	if !ok || !okHour || !okMinute || !okSecond || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 {
		return time.Time{}, false
	}

	year := r.year
	if year == 0 {
		year = r.reference.Year()
		if time.Month(month) > r.reference.Month() {
			year--
		}
	}
	location := r.location
	if location == nil {
		location = time.Local
	}
	return time.Date(year, time.Month(month), day, hour, minute, second, 0, location), true
}

func readRFC5424Stamp(line []byte) (time.Time, bool) {
	// "<PRI>1 " with PRI of one to three digits.
	end := 1
	for end < len(line) && end <= 4 && isDigit(line[end]) {
		end++
	}
	if end == 1 || end+3 > len(line) || line[end] != '>' || line[end+1] != '1' || line[end+2] != ' ' {
		return time.Time{}, false
	}
	return readRFC3339Stamp(line[end+3:])
}

func readRFC3339Stamp(line []byte) (time.Time, bool) {
	// "2026-12-04T19:52:10" is 19 bytes, then an optional fraction and a zone.
	if len(line) < 20 || line[4] != '-' || line[7] != '-' || line[10] != 'T' || line[13] != ':' || line[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := readNumber(line[0:4])
	month, ok2 := readNumber(line[5:7])
	day, ok3 := readNumber(line[8:10])
	hour, ok4 := readNumber(line[11:13])
	minute, ok5 := readNumber(line[14:16])
	second, ok6 := readNumber(line[17:19])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 {
		return time.Time{}, false
	}

	rest := line[19:]
	nanosecond := 0
	if rest[0] == '.' {
		digits := 0
		scale := 100000000
		rest = rest[1:]
		for len(rest) > 0 && isDigit(rest[0]) {
			if digits < 9 {
				nanosecond += int(rest[0]-'0') * scale
				scale /= 10
			}
			digits++
			rest = rest[1:]
		}
		if digits == 0 {
			return time.Time{}, false
		}
	}

	offset, ok := readZoneOffset(rest)
	if !ok {
		return time.Time{}, false
	}
	location := time.UTC
	if offset != 0 {
		location = time.FixedZone("", offset)
	}
	return time.Date(year, time.Month(month), day, hour, minute, second, nanosecond, location), true
}

// readZoneOffset reads "Z", "+hh:mm" or "+hhmm" (or '-') and returns the
// offset east of UTC in seconds.
func readZoneOffset(zone []byte) (int, bool) {
	if len(zone) == 0 {
		return 0, false
	}
	if zone[0] == 'Z' {
		return 0, true
	}
	if zone[0] != '+' && zone[0] != '-' || len(zone) < 5 {
		return 0, false
	}
	hours, okHours := readNumber(zone[1:3])
	minutesField := zone[3:5]
	if zone[3] == ':' {
		if len(zone) < 6 {
			return 0, false
		}
		minutesField = zone[4:6]
	}
	minutes, okMinutes := readNumber(minutesField)
	if !okHours || !okMinutes || hours > 23 || minutes > 59 {
		return 0, false
	}
	offset := hours*3600 + minutes*60
	if zone[0] == '-' {
		offset = -offset
	}
	return offset, true
}

// readNumber reads a short decimal field made only of digits.
func readNumber(field []byte) (int, bool) {
	if len(field) == 0 {
		return 0, false
	}
	n := 0
	for _, c := range field {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
