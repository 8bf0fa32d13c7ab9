package actions

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// Queue names as postqueue -j reports them.
const (
	QueueMaildrop = "maildrop"
	QueueIncoming = "incoming"
	QueueActive   = "active"
	QueueDeferred = "deferred"
	QueueHold     = "hold"
)

// ErrNotQueued reports a queue ID that postqueue does not list: the message
// was delivered, deleted, expired or requeued under a new ID.
var ErrNotQueued = errors.New("not in the queue")

// QueuedMessage is one message as postqueue -j lists it.
type QueuedMessage struct {
	QueueID string
	// Queue is maildrop, incoming, active, deferred or hold.
	Queue string
	// Arrival is the time the message entered Postfix, to the second. A
	// requeue keeps it.
	Arrival time.Time
	// Size is the message size in bytes, headers and body.
	Size int64
	// Sender is the envelope sender, "" for the null sender of bounces.
	Sender string
	// Recipients are the recipients still to be delivered.
	Recipients []Recipient
	// ForcedExpire is set by postsuper -e or -f (Postfix 3.5 and later).
	ForcedExpire bool
}

// Recipient is a recipient still to be delivered.
type Recipient struct {
	Address string
	// DelayReason is the reason of the last failed attempt, empty when no
	// attempt failed yet.
	DelayReason string
}

// ParseQueueJSON parses the output of postqueue -j: one JSON object per
// line, and no output at all for an empty queue. It returns the messages in
// the order listed. A message caught moving between queues may be listed
// twice; both entries are returned.
func ParseQueueJSON(out []byte) ([]QueuedMessage, error) {
	var messages []QueuedMessage
	lineNumber := 0
	for len(out) > 0 {
		var line []byte
		line, out, _ = bytes.Cut(out, []byte{'\n'})
		lineNumber++
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		m, err := parseQueueLine(line)
		if err != nil {
			return messages, fmt.Errorf("parse postqueue -j output, line %d: %w", lineNumber, err)
		}
		messages = append(messages, m)
	}
	return messages, nil
}

func parseQueueLine(line []byte) (QueuedMessage, error) {
	raw, err := parsers.ParsePostqueueLine(line)
	if err != nil {
		return QueuedMessage{}, err
	}
	m := QueuedMessage{
		QueueID:      raw.QueueID,
		Queue:        raw.QueueName,
		Arrival:      raw.Arrival,
		Size:         raw.Size,
		Sender:       raw.Sender,
		ForcedExpire: raw.ForcedExpire,
	}
	for _, r := range raw.Recipients {
		m.Recipients = append(m.Recipients, Recipient{Address: r.Address, DelayReason: r.DelayReason})
	}
	return m, nil
}

// postqueueOutput is the output of postqueue -j.
type postqueueOutput struct {
	out []byte
	// direct is set when Postfix was not running and postqueue read the
	// queue files itself. Such a listing leaves out the files that the
	// postfix user cannot read, so a missing message may still be queued.
	direct bool
}

// listQueue runs postqueue [-c DIR] -j. When postqueue fails because
// Postfix is not running, the error is a *NotRunningError.
func (p *Postfix) listQueue(ctx context.Context) (postqueueOutput, error) {
	argv := p.command("postqueue", "-j")
	stdout, stderr, err := p.run(ctx, argv, nil)
	if err != nil {
		if mailSystemDown(stderr) {
			return postqueueOutput{}, &NotRunningError{ConfigDir: p.ConfigDir, Err: err}
		}
		return postqueueOutput{}, err
	}
	return postqueueOutput{out: stdout, direct: mailSystemDown(stderr)}, nil
}

// List returns every queued message, from postqueue [-c DIR] -j.
func (p *Postfix) List(ctx context.Context) ([]QueuedMessage, error) {
	listing, err := p.listQueue(ctx)
	if err != nil {
		return nil, err
	}
	return ParseQueueJSON(listing.out)
}

// Lookup returns the queued message with the given queue ID, from
// postqueue [-c DIR] -j. It returns an error wrapping ErrNotQueued when the
// queue does not list the ID, and a *NotRunningError instead when Postfix
// is not running, because the listing then cannot show that the message
// left.
func (p *Postfix) Lookup(ctx context.Context, id string) (QueuedMessage, error) {
	if err := validateQueueID(id); err != nil {
		return QueuedMessage{}, err
	}
	listing, err := p.listQueue(ctx)
	if err != nil {
		return QueuedMessage{}, err
	}
	m, err := findQueued(listing.out, id)
	if errors.Is(err, ErrNotQueued) && listing.direct {
		return m, &NotRunningError{ConfigDir: p.ConfigDir, QueueIDs: []string{id}}
	}
	return m, err
}

// findQueued decodes only the lines that mention id: a large queue lists
// thousands of messages and one is wanted.
func findQueued(out []byte, id string) (QueuedMessage, error) {
	lineNumber := 0
	for len(out) > 0 {
		var line []byte
		line, out, _ = bytes.Cut(out, []byte{'\n'})
		lineNumber++
		if !bytes.Contains(line, []byte(id)) {
			continue
		}
		m, err := parseQueueLine(bytes.TrimSpace(line))
		if err != nil {
			return QueuedMessage{}, fmt.Errorf("parse postqueue -j output, line %d: %w", lineNumber, err)
		}
		if m.QueueID == id {
			return m, nil
		}
	}
	return QueuedMessage{}, fmt.Errorf("queue ID %s: %w", id, ErrNotQueued)
}
