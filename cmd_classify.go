package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
)

func newClassifyCommand(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:   "classify [FILE|-]",
		Short: "Print the reason class of every delivery line as JSON, one object a line",
		Long: `Read a mail log once and print one JSON object for each delivery line
(to=<...>, status=...), sent ones included, in log order:

  {"queue_id":"7E996BE094","recipient":"reject2@docomo.ne.jp",
   "domain":"docomo.ne.jp","status":"bounced","dsn":"5.1.1","phase":"rcpt",
   "carrier":"docomo","class":"user_unknown","collateral":false,
   "suspended":false,"basis":"text"}

status is sent, deferred, bounced, softbounce, deliverable or undeliverable.
phase is the SMTP stage of the reply (connect, greeting, helo, starttls,
mail, rcpt, data, body, end_of_data, rset, quit) or "". class is "" for a
success. basis is override, token, text or code, or "" when no rule matched.
suspended is true for Postfix's "delivery temporarily suspended" line,
whose class is that of the failure it quotes.

FILE is read in addition to any --log; - reads standard input. Without
either, the log that Postfix names is read. Whole files are read unless
--since is given. [[override]] rules in the config file apply.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError{hintedError{
					fmt.Errorf("classify takes at most one FILE argument, but got %d (%s): give one log file, or - for standard input, and pass the others with --log", len(args), strings.Join(args, " ")),
					"cli.error.classifyArgs", map[string]any{"Count": len(args)},
				}}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runClassify(cmd.Context(), opts, args, cmd.OutOrStdout())
		},
	}
}

// classifyRecord is one line of `classify` output. The keys are stable.
type classifyRecord struct {
	QueueID    string `json:"queue_id"`
	Recipient  string `json:"recipient"`
	Domain     string `json:"domain"`
	Status     string `json:"status"`
	DSN        string `json:"dsn"`
	Phase      string `json:"phase"`
	Carrier    string `json:"carrier"`
	Class      string `json:"class"`
	Collateral bool   `json:"collateral"`
	Suspended  bool   `json:"suspended"`
	Basis      string `json:"basis"`
}

func runClassify(ctx context.Context, opts *options, args []string, stdout io.Writer) error {
	overrides, since, err := classifySetup(opts)
	if err != nil {
		return err
	}
	opts.logArguments = args
	src, setup, err := openLogs(ctx, opts, since, false)
	if err != nil {
		return classifyLogError(err)
	}
	defer src.Close()
	warnLogZone(os.Stderr, opts, setup)
	warnStaleLog(opts, setup, since)

	out := bufio.NewWriter(stdout)
	c := classifier{
		parser:    parsers.NewParser(parsers.Options{Year: opts.year, Location: opts.location}),
		overrides: overrides,
		domain:    strings.ToLower(strings.TrimSpace(opts.domain)),
		encoder:   json.NewEncoder(out),
	}
	c.encoder.SetEscapeHTML(false)
	for {
		batch, err := src.Next(ctx)
		if werr := c.writeBatch(batch); werr != nil {
			return werr
		}
		// Flush each batch, so a line read from standard input shows
		// without waiting for the next ones.
		if werr := out.Flush(); werr != nil {
			return fmt.Errorf("write classify output: %w", werr)
		}
		if errors.Is(err, io.EOF) {
			counts := logCounts{read: c.read, postfix: c.postfix, skipped: skippedBeforeSince(src)}
			warnNoPostfixLines(opts, setup, counts, logByArgument)
			c.warnUnrecognized(opts)
			c.warnDomainUnmatched(opts)
			return nil
		}
		if err != nil {
			return classifyLogError(readLogError(err))
		}
	}
}

// classifyLogError rewords the error for a binary log so that its advice
// names the FILE argument of classify instead of --log. Other errors are
// returned as they are.
func classifyLogError(err error) error {
	var binary *sources.BinaryLogError
	if !errors.As(err, &binary) {
		return err
	}
	return hintedError{
		fmt.Errorf("cannot read log %s: %w (%s): give classify the file that Postfix or syslog writes, as in mailtop classify /var/log/mail.log",
			binary.Name, sources.ErrBinaryLog, binary.Detail),
		"cli.error.binaryLogArgument", map[string]any{"Path": binaryLogName(binary)},
	}
}

// classifier turns log lines into classifyRecords. Between lines it keeps
// the parser's timestamp cache and the senders of the messages in the
// queue, at most 2*maxClassifySenders of them, so memory stays bounded
// however long the log is.
type classifier struct {
	parser    *parsers.Parser
	overrides *diagnose.Overrides
	domain    string // only this recipient domain when not ""
	encoder   *json.Encoder

	// senders and olderSenders map queue IDs to the envelope senders that
	// qmgr logged, so that a reply naming the message's own sender is not
	// taken for a collateral reject. When senders is full it becomes
	// olderSenders, whose entries are dropped.
	senders, olderSenders map[string]string

	event     parsers.Event
	reference time.Time

	read         int64 // lines read
	postfix      int64 // lines from a Postfix program, recognized or not
	unrecognized int64 // lines of KindUnrecognized, as report counts them
	deliveries   int64 // delivery lines to any domain
	written      int64 // records written
}

func (c *classifier) writeBatch(batch []sources.Line) error {
	for i := range batch {
		line := &batch[i]
		if !line.Reference.Equal(c.reference) {
			c.reference = line.Reference
			c.parser.SetReference(c.reference)
		}
		c.parser.Parse(line.Text, &c.event)
		c.read++
		if fromPostfix(&c.event) {
			c.postfix++
		}
		if c.event.Kind == parsers.KindUnrecognized {
			c.unrecognized++
		}
		switch c.event.Kind {
		case parsers.KindQueued:
			c.noteSender(c.event.QueueID, c.event.From)
			continue
		case parsers.KindRemoved:
			delete(c.senders, string(c.event.QueueID))
			delete(c.olderSenders, string(c.event.QueueID))
			continue
		case parsers.KindDelivery:
		default:
			continue // other Postfix lines, foreign programs and garbage
		}
		c.deliveries++
		rec, ok := c.record(&c.event)
		if !ok {
			continue
		}
		if err := c.encoder.Encode(&rec); err != nil {
			return fmt.Errorf("write classify output: %w", err)
		}
		c.written++
	}
	return nil
}

// warnUnrecognized prints a warning with the number of lines that could
// not be parsed, which report gives in its summary line, because their
// deliveries are missing from the output. It prints nothing when no line
// came from Postfix, because warnNoPostfixLines then warns that the input
// is not a mail log.
func (c *classifier) warnUnrecognized(opts *options) {
	if c.unrecognized == 0 || c.postfix == 0 {
		return
	}
	id := "log.classifyUnrecognized"
	if c.unrecognized == 1 {
		id = "log.classifyUnrecognizedOne"
	}
	printWarning(os.Stderr, textLocalizer(opts), id, map[string]any{"Unrecognized": c.unrecognized, "Read": c.read})
}

// maxClassifySenders bounds each of the two generations of
// classifier.senders. A delivery line whose qmgr line came more than
// 2*maxClassifySenders messages earlier is classified as if its sender
// were unknown.
const maxClassifySenders = 1 << 16

// noteSender records the envelope sender of the message queueID, from
// qmgr's "from=<...>" line.
func (c *classifier) noteSender(queueID, from []byte) {
	if len(queueID) == 0 || len(from) == 0 {
		return
	}
	if c.senders == nil || len(c.senders) >= maxClassifySenders {
		c.olderSenders, c.senders = c.senders, make(map[string]string)
	}
	c.senders[string(queueID)] = string(from)
}

// sender returns the envelope sender logged for the message queueID, or ""
// when none was seen.
func (c *classifier) sender(queueID []byte) string {
	if s, ok := c.senders[string(queueID)]; ok {
		return s
	}
	return c.olderSenders[string(queueID)]
}

// warnDomainUnmatched prints a warning when the log had delivery lines but
// none to the --domain given, so that an empty output is not taken for a
// domain without failures.
func (c *classifier) warnDomainUnmatched(opts *options) {
	if c.domain == "" || c.written > 0 || c.deliveries == 0 {
		return
	}
	id := "log.classifyDomainNone"
	if c.deliveries == 1 {
		id = "log.classifyDomainNoneOne"
	}
	printWarning(os.Stderr, textLocalizer(opts), id, map[string]any{"Domain": c.domain, "Deliveries": c.deliveries})
}

// fromPostfix reports whether ev comes from a Postfix program, by the rule
// that stats.LineCounts.Postfix counts with: every kind but a foreign line,
// and an unrecognized line only when its program name could be read.
func fromPostfix(ev *parsers.Event) bool {
	switch ev.Kind {
	case parsers.KindForeign:
		return false
	case parsers.KindUnrecognized:
		return len(ev.Program) > 0
	}
	return true
}

// record classifies one delivery event, and returns false when --domain
// excludes it.
func (c *classifier) record(ev *parsers.Event) (classifyRecord, bool) {
	domain := recipientDomain(ev.To)
	if c.domain != "" && domain != c.domain {
		return classifyRecord{}, false
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
		Sender:    c.sender(ev.QueueID),
		Daemon:    string(ev.Daemon),
		Time:      ev.Time,
	}
	res := c.overrides.Classify(in)
	return classifyRecord{
		QueueID:    string(ev.QueueID),
		Recipient:  in.Recipient,
		Domain:     domain,
		Status:     diagnose.StatusName(ev.Status),
		DSN:        in.DSN,
		Phase:      diagnose.PhaseName(ev.Phase),
		Carrier:    res.Carrier,
		Class:      res.Class.String(),
		Collateral: res.Collateral,
		Suspended:  res.Suspended,
		Basis:      res.Basis,
	}, true
}

// recipientDomain returns the lowercased part of an address after its last
// '@', or "" when it has none.
func recipientDomain(addr []byte) string {
	at := bytes.LastIndexByte(addr, '@')
	if at < 0 {
		return ""
	}
	return strings.ToLower(string(addr[at+1:]))
}
