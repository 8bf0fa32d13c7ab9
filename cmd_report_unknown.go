package main

import (
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
)

// unknownRecipientsHeader is the header row of report --unknown-recipients.
// The column names are stable: scripts that clean mailing lists read them.
var unknownRecipientsHeader = []string{"recipient", "domain", "carrier", "time", "queue_id", "dsn", "reply"}

// unknownRecipient is the latest failure of one address that a receiver
// rejected as unknown in reply to RCPT TO.
type unknownRecipient struct {
	recipient string
	domain    string
	carrier   string
	time      time.Time
	queueID   string
	dsn       string
	reply     string
}

// unknownRecipientCollector keeps, per address, the latest delivery line
// classed user_unknown in reply to RCPT TO. Memory grows with the number of
// distinct unknown addresses, not with the length of the log.
//
// Only the RCPT TO phase counts, because a reply at end of DATA rejects the
// whole transaction: docomo's "550 Unknown user" there is the recipient's
// own filter, and other receivers name one address for all recipients.
// Address-verification probes are skipped because they are not deliveries.
type unknownRecipientCollector struct {
	parser    *parsers.Parser
	overrides *diagnose.Overrides
	domain    string // only this recipient domain when not ""

	event     parsers.Event
	reference time.Time
	latest    map[string]*unknownRecipient // by recipient address as logged
}

func newUnknownRecipientCollector(parser *parsers.Parser, overrides *diagnose.Overrides, domain string) *unknownRecipientCollector {
	return &unknownRecipientCollector{
		parser:    parser,
		overrides: overrides,
		domain:    strings.ToLower(strings.TrimSpace(domain)),
		latest:    make(map[string]*unknownRecipient),
	}
}

func (c *unknownRecipientCollector) addBatch(batch []sources.Line) {
	for i := range batch {
		line := &batch[i]
		if !line.Reference.Equal(c.reference) {
			c.reference = line.Reference
			c.parser.SetReference(c.reference)
		}
		c.parser.Parse(line.Text, &c.event)
		if c.event.Kind == parsers.KindDelivery {
			c.add(&c.event)
		}
	}
}

func (c *unknownRecipientCollector) add(ev *parsers.Event) {
	if ev.Phase != parsers.PhaseRCPT {
		return
	}
	switch ev.Status {
	case parsers.StatusBounced, parsers.StatusDeferred, parsers.StatusSoftBounce:
	default:
		return // successes and address-verification probes
	}
	domain := recipientDomain(ev.To)
	if c.domain != "" && domain != c.domain {
		return
	}
	in := diagnose.Input{
		Status:    ev.Status,
		DSN:       string(ev.DSN),
		ReplyCode: ev.ReplyCode,
		Phase:     ev.Phase,
		Reason:    string(ev.Reason),
		Relay:     string(ev.Relay),
		Domain:    domain,
		Recipient: string(ev.To),
		Daemon:    string(ev.Daemon),
		Time:      ev.Time,
	}
	res := c.overrides.Classify(in)
	if res.Class != diagnose.UserUnknown {
		return
	}
	// Logs are read in time order, so a later line with the same time
	// is the later attempt.
	if prev, ok := c.latest[in.Recipient]; ok && ev.Time.Before(prev.time) {
		return
	}
	c.latest[in.Recipient] = &unknownRecipient{
		recipient: in.Recipient,
		domain:    domain,
		carrier:   res.Carrier,
		time:      ev.Time,
		queueID:   string(ev.QueueID),
		dsn:       in.DSN,
		reply:     in.Reason,
	}
}

// sorted returns the addresses by domain, then by address.
func (c *unknownRecipientCollector) sorted() []*unknownRecipient {
	rows := make([]*unknownRecipient, 0, len(c.latest))
	for _, row := range c.latest {
		rows = append(rows, row)
	}
	slices.SortFunc(rows, func(a, b *unknownRecipient) int {
		return cmp.Or(cmp.Compare(a.domain, b.domain), cmp.Compare(a.recipient, b.recipient))
	})
	return rows
}

// readUnknownRecipients reads src to its end into c.
func readUnknownRecipients(ctx context.Context, src sources.LogSource, c *unknownRecipientCollector) error {
	for {
		batch, err := src.Next(ctx)
		c.addBatch(batch)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read mail log: %w", err)
		}
	}
}

// writeUnknownRecipientsCSV writes the header row and one row per address.
// Times are RFC 3339 in loc.
//
// NOTE: fields are written as logged. A spreadsheet may read a cell that
// starts with =, +, - or @ as a formula, and addresses and reply texts come
// from the network.
func writeUnknownRecipientsCSV(w io.Writer, rows []*unknownRecipient, loc *time.Location) error {
	out := csv.NewWriter(w)
	if err := out.Write(unknownRecipientsHeader); err != nil {
		return fmt.Errorf("write unknown recipients: %w", err)
	}
	for _, row := range rows {
		record := []string{
			row.recipient,
			row.domain,
			row.carrier,
			row.time.In(loc).Format(time.RFC3339),
			row.queueID,
			row.dsn,
			row.reply,
		}
		if err := out.Write(record); err != nil {
			return fmt.Errorf("write unknown recipients: %w", err)
		}
	}
	out.Flush()
	if err := out.Error(); err != nil {
		return fmt.Errorf("write unknown recipients: %w", err)
	}
	return nil
}
