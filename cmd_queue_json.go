package main

import (
	"bytes"
	"encoding/json"
	"io"
	"runtime"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/tui"
)

// queueDocument is the --json output. newQueueCommand's help documents it.
type queueDocument struct {
	Source         string             `json:"source"`
	QueueDirectory string             `json:"queue_directory"`
	MailOwner      string             `json:"mail_owner"`
	FallbackReason string             `json:"fallback_reason"`
	PostqueueError string             `json:"postqueue_error"`
	PostfixRunning *bool              `json:"postfix_running"`
	GeneratedAt    time.Time          `json:"generated_at"`
	Domain         string             `json:"domain"`
	Counts         map[string]int     `json:"counts"`
	Incomplete     int                `json:"incomplete"`
	Vanished       int                `json:"vanished"`
	Skipped        int                `json:"skipped"`
	Errors         []queueErrorJSON   `json:"errors"`
	Messages       []queueMessageJSON `json:"messages"`
}

type queueErrorJSON struct {
	QueueName string `json:"queue_name"`
	QueueID   string `json:"queue_id"`
	Path      string `json:"path"`
	Error     string `json:"error"`
}

// queueMessageJSON and queueRecipientJSON spell out one element of the
// document's messages list. writeQueueJSON writes that list by hand, so
// these types only document the shape and serve the tests that compare
// the writer with encoding/json.
type queueMessageJSON struct {
	QueueID      string               `json:"queue_id"`
	QueueName    string               `json:"queue_name"`
	ArrivalTime  time.Time            `json:"arrival_time"`
	AgeSeconds   int64                `json:"age_seconds"`
	MessageSize  int64                `json:"message_size"`
	Sender       string               `json:"sender"`
	ForcedExpire bool                 `json:"forced_expire"`
	NextRetry    *time.Time           `json:"next_retry"`
	SASLUsername string               `json:"sasl_username"`
	Client       string               `json:"client"`
	FileProblem  string               `json:"file_problem"`
	FileUID      *uint32              `json:"file_uid"`
	Recipients   []queueRecipientJSON `json:"recipients"`
}

// queueFileProblemNames are the file_problem values of the JSON output.
var queueFileProblemNames = map[sources.QueueFileProblem]string{
	sources.QueueFileOK:          "",
	sources.QueueFileNotOwned:    "not_owned_by_mail_owner",
	sources.QueueFileNotReadable: "not_readable_by_mail_owner",
}

type queueRecipientJSON struct {
	Address      string `json:"address"`
	OrigAddress  string `json:"orig_address"`
	Done         bool   `json:"done"`
	Status       string `json:"status"`
	Reason       string `json:"reason"`
	Class        string `json:"class"`
	BounceReason string `json:"bounce_reason"`
}

// writeQueueJSON writes the document one message at a time, so that a
// queue of 100,000 messages is never held as JSON in memory whole. The
// output is the same as encoding queueDocument with encoding/json, two-space
// indents and HTML escaping off. The head goes through encoding/json, and
// the messages through appendQueueMessage, which writes the same bytes
// without reflection.
func writeQueueJSON(out io.Writer, snap sources.QueueSnapshot, domain string, now time.Time, overrides *diagnose.Overrides) error {
	doc := queueDocument{
		Source:         string(snap.Source),
		QueueDirectory: snap.Dir,
		MailOwner:      snap.MailOwner,
		FallbackReason: snap.FallbackReason,
		PostqueueError: snap.PostqueueError,
		PostfixRunning: postfixRunning(snap.Master),
		GeneratedAt:    now.UTC().Truncate(time.Second),
		Domain:         domain,
		Counts:         make(map[string]int),
		Incomplete:     snap.Incomplete,
		Vanished:       snap.Vanished,
		Skipped:        snap.Skipped,
		Errors:         []queueErrorJSON{},
		Messages:       []queueMessageJSON{},
	}
	for _, q := range sources.MessageQueues {
		doc.Counts[q] = snap.Counts[q]
	}
	for _, fileErr := range snap.Errors {
		doc.Errors = append(doc.Errors, queueErrorJSON{
			QueueName: fileErr.Queue,
			QueueID:   fileErr.QueueID,
			Path:      fileErr.Path,
			Error:     fileErr.Err.Error(),
		})
	}

	// Encode the document with no messages, then put them in place of its
	// empty list, which ends it.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	// Reasons quote addresses in angle brackets, which HTML escaping would
	// turn into \u003c and \u003e.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	const emptyEnd = "[]\n}\n"
	head, found := bytes.CutSuffix(buf.Bytes(), []byte(emptyEnd))
	if !found || len(snap.Messages) == 0 {
		_, err := out.Write(buf.Bytes())
		return err
	}
	if _, err := out.Write(head); err != nil {
		return err
	}
	if _, err := io.WriteString(out, "["); err != nil {
		return err
	}
	if err := writeQueueMessages(out, snap.Messages, now, overrides); err != nil {
		return err
	}
	_, err := io.WriteString(out, "\n  ]\n}\n")
	return err
}

// queueJSONChunk is how many messages one goroutine of writeQueueMessages
// encodes at a time: about half a megabyte of JSON.
const queueJSONChunk = 512

// queueJSONPool recycles the buffers of encoded chunks.
var queueJSONPool = sync.Pool{New: func() any {
	buf := make([]byte, 0, 1<<20)
	return &buf
}}

// encodedChunk is the JSON of messages[from:to], ready when done is closed.
type encodedChunk struct {
	from, to int
	data     *[]byte
	err      error
	done     chan struct{}
}

// writeQueueMessages writes the elements of the messages list in order,
// each preceded by a comma after the first. Chunks of messages are encoded
// on every processor at once, and at most two chunks per processor wait
// to be written, so memory stays bounded whatever the queue size.
func writeQueueMessages(out io.Writer, messages []sources.QueuedMessage, now time.Time, overrides *diagnose.Overrides) error {
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *encodedChunk)
	ordered := make(chan *encodedChunk, 2*workers)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			classes := newQueueClassCache(overrides)
			for chunk := range jobs {
				chunk.data = queueJSONPool.Get().(*[]byte)
				*chunk.data, chunk.err = appendQueueMessages((*chunk.data)[:0], messages, chunk.from, chunk.to, now, classes)
				close(chunk.done)
			}
		})
	}
	wg.Go(func() {
		defer close(ordered)
		defer close(jobs)
		for from := 0; from < len(messages); from += queueJSONChunk {
			chunk := &encodedChunk{from: from, to: min(from+queueJSONChunk, len(messages)), done: make(chan struct{})}
			select {
			case ordered <- chunk:
			case <-stop:
				return
			}
			select {
			case jobs <- chunk:
			case <-stop:
				return
			}
		}
	})

	var err error
	for chunk := range ordered {
		<-chunk.done
		err = chunk.err
		if err == nil {
			_, err = out.Write(*chunk.data)
		}
		queueJSONPool.Put(chunk.data)
		if err != nil {
			break
		}
	}
	if err != nil {
		// The producer stops handing out chunks, and the workers finish
		// those they hold.
		close(stop)
	}
	wg.Wait()
	return err
}

// appendQueueMessages appends the elements of messages[from:to], each on
// a new line at the depth of the messages list.
func appendQueueMessages(b []byte, messages []sources.QueuedMessage, from, to int, now time.Time, classes *queueClassCache) ([]byte, error) {
	var err error
	for i := from; i < to; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    "...)
		if b, err = appendQueueMessage(b, &messages[i], now, classes); err != nil {
			return b, err
		}
	}
	return b, nil
}

// appendQueueMessage appends one element of the messages list as
// encoding/json indents it at the depth of that list ("    " prefix, "  "
// indent), without the leading newline and prefix of its first line.
func appendQueueMessage(b []byte, m *sources.QueuedMessage, now time.Time, classes *queueClassCache) ([]byte, error) {
	var err error
	b = append(b, "{\n      \"queue_id\": "...)
	b = appendJSONString(b, m.QueueID)
	b = append(b, ",\n      \"queue_name\": "...)
	b = appendJSONString(b, m.Queue)
	b = append(b, ",\n      \"arrival_time\": "...)
	if b, err = appendJSONTime(b, m.Arrival.UTC().Truncate(time.Second)); err != nil {
		return b, err
	}
	b = append(b, ",\n      \"age_seconds\": "...)
	b = strconv.AppendInt(b, int64(now.Sub(m.Arrival)/time.Second), 10)
	b = append(b, ",\n      \"message_size\": "...)
	b = strconv.AppendInt(b, m.Size, 10)
	b = append(b, ",\n      \"sender\": "...)
	b = appendJSONString(b, m.Sender)
	b = append(b, ",\n      \"forced_expire\": "...)
	b = strconv.AppendBool(b, m.ForcedExpire)
	b = append(b, ",\n      \"next_retry\": "...)
	if m.NextRetry.IsZero() {
		b = append(b, "null"...)
	} else if b, err = appendJSONTime(b, m.NextRetry.UTC()); err != nil {
		return b, err
	}
	b = append(b, ",\n      \"sasl_username\": "...)
	b = appendJSONString(b, m.SASLUsername)
	b = append(b, ",\n      \"client\": "...)
	b = appendJSONString(b, m.Client)
	b = append(b, ",\n      \"file_problem\": "...)
	b = appendJSONString(b, queueFileProblemNames[m.FileProblem])
	b = append(b, ",\n      \"file_uid\": "...)
	if m.FileProblem == sources.QueueFileOK {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendUint(b, uint64(m.FileUID), 10)
	}

	b = append(b, ",\n      \"recipients\": "...)
	if len(m.Recipients) == 0 {
		b = append(b, "[]\n    }"...)
		return b, nil
	}
	b = append(b, '[')
	for i := range m.Recipients {
		r := &m.Recipients[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n        {\n          \"address\": "...)
		b = appendJSONString(b, r.Address)
		b = append(b, ",\n          \"orig_address\": "...)
		b = appendJSONString(b, r.OrigAddress)
		b = append(b, ",\n          \"done\": "...)
		b = strconv.AppendBool(b, r.Done)
		b = append(b, ",\n          \"status\": "...)
		b = appendJSONString(b, r.Status)
		b = append(b, ",\n          \"reason\": "...)
		b = appendJSONString(b, r.Reason)
		b = append(b, ",\n          \"class\": "...)
		b = appendJSONString(b, classes.class(r))
		b = append(b, ",\n          \"bounce_reason\": "...)
		b = appendJSONString(b, r.BounceReason)
		b = append(b, "\n        }"...)
	}
	b = append(b, "\n      ]\n    }"...)
	return b, nil
}

// appendJSONTime appends t as time.Time.MarshalJSON writes it: RFC 3339
// with the nanoseconds that are not zero, in quotes.
func appendJSONTime(b []byte, t time.Time) ([]byte, error) {
	if year := t.Year(); year < 0 || year > 9999 {
		// MarshalJSON rejects these years, so return its error.
		_, err := t.MarshalJSON()
		return b, err
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

// hexDigits are the digits of the \u00XX escapes, lowercase as encoding/json
// writes them.
const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string the way encoding/json does
// with HTML escaping off. It escapes quotes and backslashes, writes the
// control characters as \b, \f, \n, \r, \t or \u00XX and each byte of
// invalid UTF-8 as \ufffd. It also escapes U+2028 and U+2029, because
// JavaScript reads them as line ends.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// queueClassCache remembers the reason class of recipients already
// classified, because classifying takes microseconds and a queue contains
// many recipients of one domain deferred for the same reason. The cache
// key is what tui.QueueReasonClass reads: the recipient's domain, status
// and reason.
type queueClassCache struct {
	overrides *diagnose.Overrides // the operator's reason rules, or nil
	classes   map[queueClassKey]string
}

type queueClassKey struct {
	domain, status, reason string
}

// maxQueueClassCache bounds the cache, so a queue of distinct reasons
// does not grow it without limit. Past it, classes are computed each time.
const maxQueueClassCache = 65536

func newQueueClassCache(overrides *diagnose.Overrides) *queueClassCache {
	return &queueClassCache{overrides: overrides, classes: make(map[queueClassKey]string)}
}

// class returns the reason class name of r, "" when r has no reason.
func (c *queueClassCache) class(r *sources.QueuedRecipient) string {
	if r.Reason == "" {
		return tui.QueueReasonClass(*r, c.overrides).String()
	}
	// NOTE: this relies on tui.QueueReasonClass reading the address only
	// for its domain. TestQueueClassCache checks that it does.
	domain := parsers.Domain([]byte(r.Address))
	key := queueClassKey{domain: r.Address[len(r.Address)-len(domain):], status: r.Status, reason: r.Reason}
	if name, ok := c.classes[key]; ok {
		return name
	}
	name := tui.QueueReasonClass(*r, c.overrides).String()
	if len(c.classes) < maxQueueClassCache {
		c.classes[key] = name
	}
	return name
}

// postfixRunning returns the postfix_running member: whether the master
// process ran at the listing, nil when that is unknown.
func postfixRunning(state sources.MasterState) *bool {
	if state == sources.MasterUnknown {
		return nil
	}
	running := state == sources.MasterRunning
	return &running
}
