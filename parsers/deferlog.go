package parsers

import (
	"bytes"
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
	entries := make(map[string]DeferEntry, 4)
	for _, entry := range AppendDeferEntries(nil, data) {
		entries[entry.Recipient] = entry
	}
	return entries
}

// AppendDeferEntries appends the entries of a defer or bounce logfile to
// dst in file order and returns the extended slice. It keeps every entry
// that has an address, several for one recipient too, so the newest entry
// of a recipient is its last. Callers that read thousands of logfiles use
// it with a reused dst instead of ParseDeferLog, which builds a map for
// each.
func AppendDeferEntries(dst []DeferEntry, data []byte) []DeferEntry {
	var (
		current DeferEntry
		started bool
		// recipientSet records a recipient= line, which takes precedence
		// over the legacy line's address even when empty.
		recipientSet bool
		// The legacy line's address and reason stay bytes of data, made
		// strings only when the entry lacks recipient= or reason=.
		legacyAddress, legacyReason []byte
	)
	finish := func() {
		if started {
			if !recipientSet {
				current.Recipient = string(legacyAddress)
			}
			if current.Reason == "" && len(legacyReason) > 0 {
				current.Reason = string(legacyReason)
			}
			if current.Recipient != "" {
				dst = append(dst, current)
			}
		}
		current = DeferEntry{Offset: -1}
		started, recipientSet = false, false
		legacyAddress, legacyReason = nil, nil
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

		// A legacy line counts until the entry has an address or a reason.
		noRecipient := current.Recipient == "" && (recipientSet || len(legacyAddress) == 0)
		if line[0] == '<' && noRecipient && len(legacyReason) == 0 {
			if address, reason, ok := parseLegacyDeferLine(line); ok {
				legacyAddress, legacyReason = address, reason
				continue
			}
		}
		name, value, ok := bytes.Cut(line, []byte{'='})
		if !ok {
			current.UnknownLines++
			continue
		}
		if string(name) == "recipient" {
			recipientSet = true
		}
		current.set(name, value)
	}
	finish()
	return dst
}

// parseLegacyDeferLine reads "<address>: reason". The address may contain
// ">" inside a quoted local part, so the separator is the first ">: ".
func parseLegacyDeferLine(line []byte) (address, reason []byte, ok bool) {
	end := bytes.Index(line, []byte(">: "))
	if end < 0 {
		return nil, nil, false
	}
	return line[1:end], line[end+3:], true
}

// set stores one name=value line. Values are copied into strings, except
// the few words Postfix writes over and over, which share constants.
func (e *DeferEntry) set(name, value []byte) {
	switch string(name) {
	case "recipient":
		e.Recipient = string(value)
	case "original_recipient":
		e.OrigRecipient = string(value)
	case "offset":
		if n, ok := parseDigits(value); ok && n >= 0 {
			e.Offset = n
		} else {
			e.UnknownLines++
		}
	case "dsn_orig_rcpt":
		e.DSNOrigRcpt = string(value)
	case "notify_flags":
		if n, ok := parseDigits(value); ok && n == int64(int(n)) {
			e.NotifyFlags = int(n)
		} else {
			e.UnknownLines++
		}
	case "status":
		e.Status = commonDeferValue(value)
	case "action":
		e.Action = commonDeferValue(value)
	case "diag_type":
		e.DiagType = commonDeferValue(value)
	case "diag_text":
		e.DiagText = string(value)
	case "mta_type":
		e.MTAType = commonDeferValue(value)
	case "mta_mname":
		e.MTAName = string(value)
	case "reason":
		e.Reason = string(value)
	default:
		e.UnknownLines++
	}
}

// commonDeferValue returns value as a string, without allocating for the
// actions, diagnostic and MTA types and status codes that most entries
// carry.
func commonDeferValue(value []byte) string {
	switch string(value) {
	case "delayed":
		return "delayed"
	case "failed":
		return "failed"
	case "smtp":
		return "smtp"
	case "dns":
		return "dns"
	case "4.0.0":
		return "4.0.0"
	case "4.2.0":
		return "4.2.0"
	case "4.3.0":
		return "4.3.0"
	case "4.3.2":
		return "4.3.2"
	case "4.4.1":
		return "4.4.1"
	case "4.4.2":
		return "4.4.2"
	case "4.7.0":
		return "4.7.0"
	case "5.0.0":
		return "5.0.0"
	case "5.1.1":
		return "5.1.1"
	}
	return string(value)
}
