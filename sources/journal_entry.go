package sources

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// journalRecord holds the fields of one journalctl --output=json record
// that a line is made of, each as journalctl printed it.
type journalRecord struct {
	Message        json.RawMessage `json:"MESSAGE"`
	Identifier     json.RawMessage `json:"SYSLOG_IDENTIFIER"`
	SyslogPID      json.RawMessage `json:"SYSLOG_PID"`
	PID            json.RawMessage `json:"_PID"`
	Comm           json.RawMessage `json:"_COMM"`
	Hostname       json.RawMessage `json:"_HOSTNAME"`
	SourceRealtime json.RawMessage `json:"_SOURCE_REALTIME_TIMESTAMP"`
	Realtime       json.RawMessage `json:"__REALTIME_TIMESTAMP"`
	Cursor         json.RawMessage `json:"__CURSOR"`
}

// journalEntry is a decoded record. A nil field was missing or null.
type journalEntry struct {
	message    []byte
	identifier []byte
	pid        []byte
	hostname   []byte
	stamp      time.Time // zero when the entry has no usable timestamp
	cursor     string
}

// decodeJournalEntry decodes one record of journalctl --output=json. Every
// value there is a JSON string, except that a value with bytes that are
// not printable UTF-8 is an array of byte values, a value over 4096 bytes
// is null unless journalctl was given --all, and a field that occurs more
// than once is an array of such values (systemd 252). The error is set only
// when record is not a JSON object.
func decodeJournalEntry(record []byte) (journalEntry, error) {
	var fields journalRecord
	if err := json.Unmarshal(record, &fields); err != nil {
		return journalEntry{}, err
	}
	entry := journalEntry{
		message:    journalValue(fields.Message),
		identifier: journalValue(fields.Identifier),
		pid:        journalValue(fields.SyslogPID),
		hostname:   journalValue(fields.Hostname),
		cursor:     string(journalValue(fields.Cursor)),
	}
	if entry.identifier == nil {
		entry.identifier = journalValue(fields.Comm)
	}
	if entry.pid == nil {
		entry.pid = journalValue(fields.PID)
	}
	for _, raw := range []json.RawMessage{fields.SourceRealtime, fields.Realtime} {
		if stamp, err := journalStamp(journalValue(raw)); err == nil {
			entry.stamp = stamp
			break
		}
	}
	return entry, nil
}

// journalValue returns the bytes of one field value: a string, an array of
// byte values, or the first of the values of a repeated field. It returns
// nil for a missing or null field and for anything else.
func journalValue(raw json.RawMessage) []byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	switch raw[0] {
	case '"':
		var text string
		if json.Unmarshal(raw, &text) != nil {
			return nil
		}
		return []byte(text)
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil || len(items) == 0 {
			return nil
		}
		first := bytes.TrimSpace(items[0])
		if len(first) > 0 && (first[0] == '"' || first[0] == '[' || first[0] == 'n') {
			// A repeated field: its values in the order of the entry.
			return journalValue(first)
		}
		var values []int
		if json.Unmarshal(raw, &values) != nil {
			return nil
		}
		value := make([]byte, len(values))
		for i, v := range values {
			if v < 0 || v > 255 {
				return nil
			}
			value[i] = byte(v)
		}
		return value
	}
	return nil
}

// journalStamp reads a timestamp in microseconds since the epoch.
func journalStamp(value []byte) (time.Time, error) {
	if value == nil {
		return time.Time{}, errors.New("missing")
	}
	micros, err := strconv.ParseInt(string(value), 10, 64)
	if err != nil || micros <= 0 {
		return time.Time{}, fmt.Errorf("invalid timestamp %q", value)
	}
	return time.UnixMicro(micros), nil
}

// appendLine appends the entry as a syslog line with an RFC 3339 header,
// stamped at stamp, to dst.
func (e journalEntry) appendLine(dst []byte, stamp time.Time) []byte {
	dst = stamp.AppendFormat(dst, journalStampLayout)
	dst = append(dst, ' ')
	dst = appendToken(dst, e.hostname)
	dst = append(dst, ' ')
	dst = appendToken(dst, e.identifier)
	if len(e.pid) > 0 {
		dst = append(dst, '[')
		dst = append(dst, e.pid...)
		dst = append(dst, ']')
	}
	dst = append(dst, ':', ' ')
	for _, c := range e.message {
		if c == '\n' || c == '\r' {
			c = ' '
		}
		dst = append(dst, c)
	}
	return dst
}

// appendToken appends a header field, "-" when it is empty. Spaces and
// newlines become '_' so the field stays one token of the header.
func appendToken(dst, value []byte) []byte {
	if len(value) == 0 {
		return append(dst, '-')
	}
	for _, c := range value {
		if c == ' ' || c == '\n' || c == '\r' || c == '\t' {
			c = '_'
		}
		dst = append(dst, c)
	}
	return dst
}
