package parsers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A Postfix queue file (record types from rec_type.h, checked against
// Postfix 3.7) is a sequence of records:
//
//	record = TYPE LENGTH DATA
//	TYPE   = 1 byte, a printable ASCII letter or sign such as C, T, S, R, E
//	LENGTH = 1*5 bytes, unsigned, 7 bits per byte, least-significant group
//	         first; a byte with the high bit set is followed by another
//	DATA   = LENGTH bytes, any value, not NUL-terminated
//
// The records form three segments: the envelope (C first, then T, S, O, R,
// D, A and others), the content from M (N and L lines) and the extracted
// segment from X (more recipients and attributes), closed by E. A p record
// holds an offset where reading continues; cleanup and milters use it to
// splice records in. A w record is padding.

// Record types ParseQueueFile acts on.
const (
	recSize       = 'C' // content size, data offset, recipient count, ...
	recTime       = 'T' // arrival "sec usec"
	recCreateTime = 'c' // create time, older form of A create_time
	recFullName   = 'F' // sender full name
	recFilter     = 'L' // content_filter in the envelope, continuation in the content
	recSender     = 'S' // envelope sender, empty for the null sender
	recRecipient  = 'R' // recipient still to be delivered
	recDone       = 'D' // recipient already delivered or bounced
	recOrig       = 'O' // original recipient of the next R or D
	recCanceled   = '/' // canceled recipient
	recWarn       = 'W' // time of the next delay warning
	recAttr       = 'A' // name=value
	recContent    = 'M' // start of the content
	recNormal     = 'N' // one content line
	recPadding    = 'w' // deleted text
	recExtracted  = 'X' // start of the extracted segment
	recPointer    = 'p' // continue at this offset
	recDSNOrig    = 'o' // DSN ORCPT of the next recipient, older form
	recDSNNotify  = 'n' // DSN NOTIFY of the next recipient, older form
	recEnd        = 'E' // end of the file
)

// Errors ParseQueueFile wraps. Each error message adds the record's offset.
var (
	// ErrTruncated means the file ends before its E record, in the middle
	// of a record or between two. Postfix writes E last, so a complete file
	// always has one; a file still being written or cut short has none.
	ErrTruncated = errors.New("queue file truncated")
	// ErrMalformedRecord means a record cannot be a Postfix record: a type
	// byte outside printable ASCII, a length field of more than 5 bytes, or
	// a pointer or size field that is not a number.
	ErrMalformedRecord = errors.New("malformed queue file record")
	// ErrRecordTooLong means a record claims more than MaxQueueRecordLength
	// bytes, which a real queue file does not hold.
	ErrRecordTooLong = errors.New("queue file record too long")
	// ErrPointerLoop means p records lead back to an offset already
	// followed, so reading would never reach the end.
	ErrPointerLoop = errors.New("queue file pointer records form a loop")
)

// MaxQueueRecordLength bounds the length of one record, so that a damaged
// length field cannot make ParseQueueFile allocate gigabytes.
//
// NOTE: Postfix limits header records to header_size_limit (default
// 102400) and content lines to line_length_limit (default 2048); 1 MiB
// leaves room for raised limits but is a choice, not a Postfix constant.
const MaxQueueRecordLength = 1 << 20

// maxPointers bounds the p records followed in one file. cleanup writes a
// few per added header or recipient; a file needing more is damaged.
const maxPointers = 100000

// QueueFileOptions controls ParseQueueFile.
type QueueFileOptions struct {
	// Content requests the message content (headers and body) in
	// QueueMessage.Content. Without it the content is skipped with one
	// seek where the C record allows, which is all a queue listing needs.
	Content bool
	// Attributes names the A records to keep in QueueMessage.Attributes;
	// nil keeps every one. A queue listing needs a few of the dozen or so
	// that smtpd writes, and keeping only those saves their copies.
	Attributes []string
}

// QueueMessage is the envelope of one queued message, as its queue file
// records it.
type QueueMessage struct {
	// Arrival is the T record: when the message entered Postfix, to the
	// microsecond. A requeue keeps it. Zero when the file has no T.
	Arrival time.Time
	// CreateTime is when this queue file was made (A create_time or c),
	// later than Arrival after a requeue. Zero when absent.
	CreateTime time.Time
	// WarnTime is the W record: when the next delay warning is due. Zero
	// when none is due.
	WarnTime time.Time

	// ContentSize is field 1 of the C record: headers and body in bytes, the
	// size postqueue reports. Zero when the file has no C record, as
	// maildrop files may not.
	ContentSize int64
	// DataOffset is field 2 of C: the file offset where the content starts.
	DataOffset int64
	// RecipientCount is field 3 of C: recipients in total, pending and done.
	RecipientCount int
	// QmgrFlags and SendOpts are fields 4 and 6 of C; ContentLength is field
	// 5, the size qmgr logs as size=. Older files have 3 to 5 fields.
	QmgrFlags     int64
	ContentLength int64
	SendOpts      int64

	// Sender is the envelope sender; "" is the null sender of bounces.
	Sender string
	// FullName is the sender's full name (F), as sendmail -F sets it.
	FullName string
	// Recipients are the recipients in file order, both pending (R) and
	// done (D). Canceled recipients are left out.
	Recipients []QueueRecipient

	// Attributes are the message's A records, name to value; the last one
	// wins. Per-recipient attributes (dsn_orig_rcpt, notify_flags) go to the
	// recipient instead. Common names: create_time, rewrite_context,
	// log_client_name, log_client_address, log_helo_name,
	// log_protocol_name, sasl_username, envelope_id, ret_flags.
	Attributes map[string]string

	// Content is the headers and body, lines ending in "\n", when
	// QueueFileOptions.Content was set.
	Content []byte

	// Records counts the records read, pointer records included.
	Records int
	// UnknownRecords counts records of a printable type this parser does
	// not act on; they are skipped.
	UnknownRecords int
}

// QueueRecipient is one recipient record of a queue file.
type QueueRecipient struct {
	// Address is the recipient as Postfix will deliver to it (internal,
	// unquoted form).
	Address string
	// OrigAddress is the preceding O record: the address before aliasing
	// or rewriting. Empty when the file has none.
	OrigAddress string
	// DSNOrigRcpt is the DSN ORCPT ("rfc822;addr"), empty when absent.
	DSNOrigRcpt string
	// NotifyFlags is the DSN NOTIFY bit mask, 0 when absent.
	NotifyFlags int
	// Offset is the file offset of the R or D record. Defer logfiles name
	// the recipient's record by this offset.
	Offset int64
	// Done means the recipient was delivered or bounced (a D record).
	Done bool
	// Extracted means the record came from the extracted segment (after X),
	// where cleanup puts recipients taken from headers.
	Extracted bool
}

// PendingRecipients returns the recipients still to be delivered.
func (m *QueueMessage) PendingRecipients() []QueueRecipient {
	var pending []QueueRecipient
	for _, r := range m.Recipients {
		if !r.Done {
			pending = append(pending, r)
		}
	}
	return pending
}

type queueSegment uint8

const (
	segmentEnvelope queueSegment = iota
	segmentContent
	segmentExtracted
)

// ParseQueueFile reads the queue file r, from offset 0 to its E record,
// following p records and skipping w records. Unless opts.Content is set,
// it skips the content with one seek when the C record gives its size and
// reads the records in between otherwise.
//
// Errors wrap ErrTruncated, ErrMalformedRecord, ErrRecordTooLong,
// ErrPointerLoop or the error of r. A file may change while it is read
// (qmgr rewrites R to D in place), so a caller scanning a live queue should
// treat a result as a snapshot, and an error as worth one retry.
func ParseQueueFile(r io.ReaderAt, opts QueueFileOptions) (QueueMessage, error) {
	buf := chunkPool.Get().(*[]byte)
	defer chunkPool.Put(buf)
	p := queueFileParser{
		in:   recordReader{r: r, buf: (*buf)[:0]},
		opts: opts,
	}
	return p.parse()
}

// chunkPool recycles recordReader buffers, because a queue scan parses
// thousands of files in a row. Nothing returned by ParseQueueFile aliases
// a buffer: record data is copied into strings or Content.
var chunkPool = sync.Pool{New: func() any {
	buf := make([]byte, chunkSize)
	return &buf
}}

type queueFileParser struct {
	in   recordReader
	opts QueueFileOptions
	msg  QueueMessage

	segment  queueSegment
	followed map[int64]bool

	// The O, ORCPT and NOTIFY values wait here for the next recipient.
	orig        string
	dsnOrigRcpt string
	notifyFlags int
}

func (p *queueFileParser) parse() (QueueMessage, error) {
	var pos int64
	for {
		rec, err := p.in.record(pos)
		if err != nil {
			return p.msg, err
		}
		p.msg.Records++
		next := rec.next

		switch rec.kind {
		case recEnd:
			return p.msg, nil
		case recPointer:
			next, err = p.pointer(rec)
		case recContent:
			next, err = p.startContent(rec)
		case recExtracted:
			p.segment = segmentExtracted
		default:
			err = p.apply(rec)
		}
		if err != nil {
			return p.msg, err
		}
		pos = next
	}
}

// pointer returns where reading continues after the p record rec.
func (p *queueFileParser) pointer(rec record) (int64, error) {
	target, err := parseDecimal(rec.data)
	if err != nil || target < 0 {
		return 0, fmt.Errorf("%w: pointer record at offset %d contains %q, expected a decimal offset",
			ErrMalformedRecord, rec.offset, rec.data)
	}
	if target == 0 {
		// A placeholder that cleanup may fill in later.
		return rec.next, nil
	}
	if p.followed == nil {
		p.followed = make(map[int64]bool)
	}
	if p.followed[target] || len(p.followed) >= maxPointers {
		return 0, fmt.Errorf("%w: pointer record at offset %d leads to offset %d again",
			ErrPointerLoop, rec.offset, target)
	}
	p.followed[target] = true
	return target, nil
}

// startContent handles the M record and returns the offset to read next:
// past the content when only the envelope is wanted and the C record gives
// the content's extent, else the first content record.
func (p *queueFileParser) startContent(rec record) (int64, error) {
	p.segment = segmentContent
	if p.opts.Content || p.msg.ContentSize <= 0 || p.msg.DataOffset != rec.next {
		return rec.next, nil
	}
	// cleanup places the X record right after the content. Check that it
	// is there, because a file edited by milters may be laid out otherwise;
	// then read the content records one by one instead.
	end := rec.next + p.msg.ContentSize
	extracted, err := p.in.record(end)
	if err == nil && extracted.kind == recExtracted {
		return end, nil
	}
	return rec.next, nil
}

// apply stores what one record that neither jumps nor changes the segment
// carries.
func (p *queueFileParser) apply(rec record) error {
	if p.segment == segmentContent {
		p.content(rec)
		return nil
	}
	switch rec.kind {
	case recSize:
		return p.size(rec)
	case recTime:
		if t, ok := parseArrival(rec.data); ok && p.msg.Arrival.IsZero() {
			p.msg.Arrival = t
		}
	case recCreateTime:
		if t, ok := parseArrival(rec.data); ok {
			p.msg.CreateTime = t
		}
	case recWarn:
		if sec, err := parseDecimal(rec.data); err == nil && sec > 0 {
			p.msg.WarnTime = time.Unix(sec, 0)
		} else {
			p.msg.WarnTime = time.Time{}
		}
	case recSender:
		p.msg.Sender = string(rec.data)
	case recFullName:
		p.msg.FullName = string(rec.data)
	case recOrig:
		p.orig = string(rec.data)
	case recDSNOrig:
		p.dsnOrigRcpt = string(rec.data)
	case recDSNNotify:
		if n, err := parseDecimal(rec.data); err == nil {
			p.notifyFlags = int(n)
		}
	case recRecipient, recDone:
		if p.msg.Recipients == nil && p.msg.RecipientCount > 0 {
			// The C record counts the recipients, so the slice is made
			// once; a damaged count is not trusted beyond a few.
			p.msg.Recipients = make([]QueueRecipient, 0, min(p.msg.RecipientCount, 16))
		}
		p.msg.Recipients = append(p.msg.Recipients, QueueRecipient{
			Address:     string(rec.data),
			OrigAddress: p.orig,
			DSNOrigRcpt: p.dsnOrigRcpt,
			NotifyFlags: p.notifyFlags,
			Offset:      rec.offset,
			Done:        rec.kind == recDone,
			Extracted:   p.segment == segmentExtracted,
		})
		p.clearRecipientState()
	case recCanceled:
		p.clearRecipientState()
	case recAttr:
		p.attribute(rec.data)
	case recPadding, recFilter:
		// Padding carries nothing. The content_filter transport (L in the
		// envelope) is not part of QueueMessage.
	default:
		if !knownQueueRecord(rec.kind) {
			p.msg.UnknownRecords++
		}
	}
	return nil
}

func (p *queueFileParser) clearRecipientState() {
	p.orig = ""
	p.dsnOrigRcpt = ""
	p.notifyFlags = 0
}

func (p *queueFileParser) content(rec record) {
	if !p.opts.Content {
		return
	}
	switch rec.kind {
	case recNormal:
		p.msg.Content = append(p.msg.Content, rec.data...)
		p.msg.Content = append(p.msg.Content, '\n')
	case recFilter:
		// In the content, L continues a line longer than
		// line_length_limit: the next record completes it.
		p.msg.Content = append(p.msg.Content, rec.data...)
	case recPadding:
	default:
		p.msg.UnknownRecords++
	}
}

// size reads the C record: 3 to 6 fields, each right-aligned in 15
// columns.
func (p *queueFileParser) size(rec record) error {
	var values [8]int64
	count := 0
	rest := rec.data
	for {
		rest = bytes.TrimLeft(rest, " \t\n\v\f\r")
		if len(rest) == 0 {
			break
		}
		end := bytes.IndexAny(rest, " \t\n\v\f\r")
		if end < 0 {
			end = len(rest)
		}
		n, ok := parseDigits(rest[:end])
		if !ok {
			return fmt.Errorf("%w: size record at offset %d contains %q, expected decimal numbers",
				ErrMalformedRecord, rec.offset, rec.data)
		}
		if count < len(values) {
			values[count] = n
		}
		count++
		rest = rest[end:]
	}
	at := func(i int) int64 {
		if i < count {
			return values[i]
		}
		return 0
	}
	p.msg.ContentSize = at(0)
	p.msg.DataOffset = at(1)
	p.msg.RecipientCount = int(at(2))
	p.msg.QmgrFlags = at(3)
	p.msg.ContentLength = at(4)
	p.msg.SendOpts = at(5)
	return nil
}

// attribute stores an A record's "name=value". dsn_orig_rcpt and
// notify_flags belong to the recipient that follows.
func (p *queueFileParser) attribute(data []byte) {
	name, value, _ := bytes.Cut(data, []byte{'='})
	switch string(name) {
	case "dsn_orig_rcpt":
		p.dsnOrigRcpt = string(value)
		return
	case "notify_flags":
		if n, ok := parseDigits(value); ok {
			p.notifyFlags = int(n)
		}
		return
	case "create_time":
		if sec, ok := parseDigits(value); ok {
			p.msg.CreateTime = time.Unix(sec, 0)
		}
	}
	key, keep := p.keepAttribute(name)
	if !keep {
		return
	}
	if p.msg.Attributes == nil {
		// Room for the attributes of a message from smtpd, or for those
		// requested, so that the map rarely grows.
		size := 16
		if p.opts.Attributes != nil {
			size = len(p.opts.Attributes)
		}
		p.msg.Attributes = make(map[string]string, size)
	}
	p.msg.Attributes[key] = string(value)
}

// keepAttribute reports whether QueueFileOptions.Attributes lets the
// attribute name into QueueMessage.Attributes, and returns the map key:
// the requested name itself when there is a list, so that it is not
// copied again for every file.
func (p *queueFileParser) keepAttribute(name []byte) (string, bool) {
	if p.opts.Attributes == nil {
		return string(name), true
	}
	for _, kept := range p.opts.Attributes {
		if string(name) == kept {
			return kept, true
		}
	}
	return "", false
}

// knownQueueRecord reports whether kind is a record type Postfix writes
// that carries nothing QueueMessage holds: I (inspection transport),
// r and e (return-receipt, errors-to), P (priority), V (VERP), < (DSN RET),
// i (DSN ENVID), m (milter count), f (flags), d (delay), K (killed) and
// > (redirect).
func knownQueueRecord(kind byte) bool {
	switch kind {
	case 'I', 'r', 'e', 'P', 'V', '<', 'i', 'm', 'f', 'd', 'K', '>':
		return true
	}
	return false
}

// parseArrival reads "sec usec", or "sec" as older Postfix versions wrote it.
func parseArrival(data []byte) (time.Time, bool) {
	secText, usecText, hasUsec := strings.Cut(strings.TrimSpace(string(data)), " ")
	sec, err := strconv.ParseInt(secText, 10, 64)
	if err != nil || sec < 0 {
		return time.Time{}, false
	}
	var usec int64
	if hasUsec {
		usec, err = strconv.ParseInt(strings.TrimSpace(usecText), 10, 64)
		if err != nil || usec < 0 || usec >= 1000000 {
			usec = 0
		}
	}
	return time.Unix(sec, usec*1000), true
}

// parseDigits reads an optionally signed decimal number as
// strconv.ParseInt does, without making a string of it.
func parseDigits(field []byte) (int64, bool) {
	negative := false
	digits := field
	if len(digits) > 0 && (digits[0] == '-' || digits[0] == '+') {
		negative = digits[0] == '-'
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 18 {
		// Longer numbers may overflow: leave them to strconv.
		n, err := strconv.ParseInt(string(field), 10, 64)
		return n, err == nil
	}
	var n int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if negative {
		n = -n
	}
	return n, true
}

// parseDecimal reads a number that Postfix right-aligns with spaces
// ("%15ld").
func parseDecimal(data []byte) (int64, error) {
	return strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
}
