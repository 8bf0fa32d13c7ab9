package demo

import (
	"bytes"
	"time"
)

// stampKind is the timestamp form that starts a recorded line.
type stampKind uint8

const (
	// stampNone is a line without a readable timestamp.
	stampNone stampKind = iota
	// stampSyslogZero is "Dec 04 19:46:53", as Postfix's maillog_file writes.
	stampSyslogZero
	// stampSyslogSpace is "Dec  4 19:46:53", as traditional syslog writes.
	stampSyslogSpace
	// stampRFC3339 is "2026-12-04T19:46:53[.ffffff](Z|+hh:mm)", as rsyslog's
	// default file format writes.
	stampRFC3339
)

// syslogStampLen is the length of "Dec 04 19:46:53".
const syslogStampLen = 15

// Layouts of the syslog stamp forms.
const (
	layoutSyslogZero  = "Jan 02 15:04:05"
	layoutSyslogSpace = "Jan _2 15:04:05"
)

// readStamp reads the timestamp that starts line. A yearless stamp is
// placed in year and location. It returns stampNone when the line starts
// with neither form.
func readStamp(line []byte, year int, location *time.Location) (time.Time, stampKind) {
	if len(line) >= syslogStampLen && line[3] == ' ' && line[6] == ' ' {
		layout, kind := layoutSyslogZero, stampSyslogZero
		if line[4] == ' ' {
			layout, kind = layoutSyslogSpace, stampSyslogSpace
		}
		t, err := time.ParseInLocation(layout, string(line[:syslogStampLen]), location)
		if err != nil {
			return time.Time{}, stampNone
		}
		return time.Date(year, t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, location), kind
	}
	if len(line) >= 20 && line[4] == '-' && line[10] == 'T' {
		field := line
		if end := bytes.IndexByte(line, ' '); end > 0 {
			field = line[:end]
		}
		t, err := time.Parse(time.RFC3339Nano, string(field))
		if err != nil {
			return time.Time{}, stampNone
		}
		return t, stampRFC3339
	}
	return time.Time{}, stampNone
}

// appendStamp appends the line's text to dst with its timestamp moved days
// calendar days later, keeping the stamp's form and its clock time.
func appendStamp(dst, line []byte, kind stampKind, stamp time.Time, days int) []byte {
	if days == 0 || kind == stampNone {
		return append(dst, line...)
	}
	shifted := stamp.AddDate(0, 0, days)
	switch kind {
	case stampSyslogZero:
		dst = shifted.AppendFormat(dst, layoutSyslogZero)
		return append(dst, line[syslogStampLen:]...)
	case stampSyslogSpace:
		dst = shifted.AppendFormat(dst, layoutSyslogSpace)
		return append(dst, line[syslogStampLen:]...)
	default:
		// Only the date changes, so the fraction and the zone stay as they
		// were written.
		dst = shifted.AppendFormat(dst, "2006-01-02")
		return append(dst, line[len("2006-01-02"):]...)
	}
}

// formatStamp formats t in the given form, for lines the demo adds.
func formatStamp(dst []byte, kind stampKind, t time.Time) []byte {
	switch kind {
	case stampSyslogSpace:
		return t.AppendFormat(dst, layoutSyslogSpace)
	case stampRFC3339:
		return t.AppendFormat(dst, "2006-01-02T15:04:05.000000Z07:00")
	default:
		return t.AppendFormat(dst, layoutSyslogZero)
	}
}
