package parsers

import (
	"bytes"
	"strconv"
)

// A defer, bounce or trace logfile (queue_directory/defer/ID and the like)
// holds one entry per recipient:
//
//	logfile = *( *empty-line entry )
//	entry   = [legacy-line] 1*attribute-line empty-line
//	legacy  = "<" address ">: " reason     (backwards_bounce_logfile_compatibility = yes)
//	attribute-line = name "=" value
//
// Names Postfix 3.7 writes, in order: recipient, original_recipient
// (only when it differs), offset, dsn_orig_rcpt, notify_flags, status,
// action, diag_type, diag_text, mta_type, mta_mname, reason. Addresses are
// in quoted external form. Delivery agents append entries during an
// attempt, so the last entry of a recipient is the newest.

// DeferEntry is one recipient's entry in a defer or bounce logfile.
type DeferEntry struct {
	// Recipient is the recipient address (external, quoted form), from
	// recipient= or, without it, from the legacy line.
	Recipient string
	// OrigRecipient is original_recipient=, empty when it equals Recipient.
	OrigRecipient string
	// Offset is the file offset of the recipient's R record in the queue
	// file, or -1 when the entry has none.
	Offset int64
	// DSNOrigRcpt is the DSN ORCPT, such as "rfc822;a@docomo.ne.jp".
	DSNOrigRcpt string
	// NotifyFlags is the DSN NOTIFY bit mask.
	NotifyFlags int
	// Status is the enhanced status code, such as "4.2.0".
	Status string
	// Action is delayed, failed, delivered, expanded or relayed.
	Action string
	// DiagType and DiagText are the remote diagnostic, such as "smtp" and
	// "450 4.2.0 <a@docomo.ne.jp>: Recipient address rejected: ...".
	DiagType string
	DiagText string
	// MTAType and MTAName name the remote MTA, such as "dns" and
	// "mx1.docomo.ne.jp".
	MTAType string
	MTAName string
	// Reason is the text the log shows in parentheses after status=, or the
	// legacy line's reason when reason= is missing.
	Reason string
	// UnknownLines counts lines of the entry this parser does not know:
	// names other than the above, and lines without "=".
	UnknownLines int
}

// ParseDeferLog reads a defer or bounce logfile and returns the entries by
// recipient address. When a recipient has several entries, the last one
// wins, because it is the newest. Entries with no address are dropped. A
// final entry without its closing empty line is kept, so a logfile caught
// while being appended to still gives what it holds.
func ParseDeferLog(data []byte) map[string]DeferEntry {
	entries := make(map[string]DeferEntry)
	var (
		current DeferEntry
		started bool
		legacy  string // reason from the legacy line
	)
	finish := func() {
		if started && current.Recipient != "" {
			if current.Reason == "" {
				current.Reason = legacy
			}
			entries[current.Recipient] = current
		}
		current = DeferEntry{Offset: -1}
		started = false
		legacy = ""
	}
	current.Offset = -1

	for len(data) > 0 {
		var line []byte
		line, data, _ = bytes.Cut(data, []byte{'\n'})
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) == 0 {
			finish()
			continue
		}
		started = true

		if line[0] == '<' && current.Recipient == "" && legacy == "" {
			if address, reason, ok := parseLegacyDeferLine(line); ok {
				current.Recipient = address
				legacy = reason
				continue
			}
		}
		name, value, ok := bytes.Cut(line, []byte{'='})
		if !ok {
			current.UnknownLines++
			continue
		}
		current.set(string(name), string(value))
	}
	finish()
	return entries
}

// parseLegacyDeferLine reads "<address>: reason". The address may contain
// ">" inside a quoted local part, so the separator is the first ">: ".
func parseLegacyDeferLine(line []byte) (address, reason string, ok bool) {
	end := bytes.Index(line, []byte(">: "))
	if end < 0 {
		return "", "", false
	}
	return string(line[1:end]), string(line[end+3:]), true
}

func (e *DeferEntry) set(name, value string) {
	switch name {
	case "recipient":
		e.Recipient = value
	case "original_recipient":
		e.OrigRecipient = value
	case "offset":
		if n, err := strconv.ParseInt(value, 10, 64); err == nil && n >= 0 {
			e.Offset = n
		} else {
			e.UnknownLines++
		}
	case "dsn_orig_rcpt":
		e.DSNOrigRcpt = value
	case "notify_flags":
		if n, err := strconv.Atoi(value); err == nil {
			e.NotifyFlags = n
		} else {
			e.UnknownLines++
		}
	case "status":
		e.Status = value
	case "action":
		e.Action = value
	case "diag_type":
		e.DiagType = value
	case "diag_text":
		e.DiagText = value
	case "mta_type":
		e.MTAType = value
	case "mta_mname":
		e.MTAName = value
	case "reason":
		e.Reason = value
	default:
		e.UnknownLines++
	}
}
