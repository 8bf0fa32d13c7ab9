package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
)

// unknownRecipientsHeader is the header row of report --unknown-recipients.
// The column names are stable: scripts that clean mailing lists read them.
// New columns go at the end.
var unknownRecipientsHeader = []string{"recipient", "domain", "carrier", "time", "queue_id", "dsn", "reply", "basis"}

// Values of the basis column: why a row counts as an unknown address.
const (
	// basisRCPT: the receiver rejected the address as unknown in reply to
	// RCPT TO.
	basisRCPT = "unknown_at_rcpt"
	// basisDocomoSinceChange: docomo's "550 Unknown user" at end of DATA on
	// or after 2025-03-13. docomo used that reply for its users' filters
	// before then, and since then it more likely means an unknown address.
	basisDocomoSinceChange = "likely_unknown_since_docomo_2025-03-13"
)

// unknownRecipient is the latest failure of one address that a receiver
// rejected as unknown.
type unknownRecipient struct {
	recipient string
	domain    string
	carrier   string
	time      time.Time
	queueID   string
	dsn       string
	reply     string
	basis     string // basisRCPT or basisDocomoSinceChange
}

// unknownRecipientCollector keeps, per address, the latest delivery line
// that rejected it as unknown. Memory grows with the number of distinct
// unknown addresses, not with the length of the log.
//
// The RCPT TO phase counts when the class is user_unknown. A reply at end
// of DATA rejects the whole transaction, and receivers name one address for
// all recipients, so it counts in one case only. That case is docomo's "550
// Unknown user" for the recipient itself on or after 2025-03-13, when
// docomo stopped sending that reply for its users' filters (see
// diagnose.LikelyUnknownSinceDocomoChange). The basis column marks it. Address-verification probes are skipped because they are not
// deliveries.
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
	switch ev.Phase {
	case parsers.PhaseRCPT, parsers.PhaseDATA, parsers.PhaseBody, parsers.PhaseEndOfDATA:
	default:
		return // no reply that names an unknown address
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
	basis := basisRCPT
	switch {
	case ev.Phase == parsers.PhaseRCPT && res.Class == diagnose.UserUnknown && !diagnose.RecipientAccessReject(in):
		// A receiver's access(5) reject refuses an address that may exist.
	case diagnose.LikelyUnknownSinceDocomoChange(res):
		basis = basisDocomoSinceChange
	default:
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
		basis:     basis,
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

// classifySetup checks --domain, loads the config file's override rules and
// returns them with the start --since gives (zero without it), for the
// commands that classify failures from the log.
func classifySetup(opts *options) (*diagnose.Overrides, time.Time, error) {
	if err := checkDomainFlag(opts.domain); err != nil {
		return nil, time.Time{}, err
	}
	cfg, err := config.Load(opts.configFile, os.Getenv)
	if err != nil {
		return nil, time.Time{}, err
	}
	overrides, err := diagnose.CompileOverrides(cfg.Overrides)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("config file %s: %w", cfg.Path, err)
	}
	since := time.Time{}
	if opts.since != "" {
		since, _ = parseSince(opts.since, time.Now(), opts.location) // checked by prepare
	}
	return overrides, since, nil
}

// runUnknownRecipients prints the rows of report --unknown-recipients to
// stdout.
func runUnknownRecipients(ctx context.Context, opts *options, stdout io.Writer) error {
	overrides, since, err := classifySetup(opts)
	if err != nil {
		return err
	}
	rows, err := readUnknownRecipientsFromLogs(ctx, opts, overrides, since, opts.domain)
	if err != nil {
		return err
	}
	return writeUnknownRecipientsCSV(stdout, rows, opts.location)
}

// readUnknownRecipientsFromLogs opens the mail log that openLogs finds for
// opts from since on, without following it, and returns the rows of
// report --unknown-recipients for domain ("" for every domain). The report
// and the dashboard's export both read through it.
func readUnknownRecipientsFromLogs(ctx context.Context, opts *options, overrides *diagnose.Overrides, since time.Time, domain string) ([]*unknownRecipient, error) {
	src, _, err := openLogs(ctx, opts, since, false)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	parser := parsers.NewParser(parsers.Options{Year: opts.year, Location: opts.location})
	return collectUnknownRecipients(ctx, src, parser, overrides, domain)
}

// collectUnknownRecipients reads src to its end and returns the latest
// failure of each address rejected as unknown, sorted by domain and then
// address.
func collectUnknownRecipients(ctx context.Context, src sources.LogSource, parser *parsers.Parser, overrides *diagnose.Overrides, domain string) ([]*unknownRecipient, error) {
	c := newUnknownRecipientCollector(parser, overrides, domain)
	if err := readUnknownRecipients(ctx, src, c); err != nil {
		return nil, err
	}
	return c.sorted(), nil
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
			return readLogError(err)
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
			row.basis,
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

// unknownRecipientsFilePrefix starts the name of every file the dashboard
// exports; the file's time and ".csv" follow.
const unknownRecipientsFilePrefix = "mailtop-unknown-recipients-"

// newUnknownRecipientsExport returns the dashboard's export of unknown
// recipients. Each call gets the rows from read, writes them as CSV to a
// new file in the first of dirs where that works, and returns the file's
// absolute path and the number of rows. Times in the file and its name are
// in loc, and now stamps the name.
func newUnknownRecipientsExport(read func(context.Context) ([]*unknownRecipient, error), dirs []string, loc *time.Location, now func() time.Time) func(context.Context) (string, int, error) {
	return func(ctx context.Context) (string, int, error) {
		rows, err := read(ctx)
		if err != nil {
			return "", 0, err
		}
		name := unknownRecipientsFilePrefix + now().In(loc).Format("20060102-150405")
		write := func(w io.Writer) error { return writeUnknownRecipientsCSV(w, rows, loc) }
		var failures []error
		for _, dir := range dirs {
			path, err := writeNewFile(dir, name, ".csv", write)
			if err == nil {
				// The dashboard's footer shows this path, and a bare name
				// in "." does not say which directory the file is in.
				if abs, absErr := filepath.Abs(path); absErr == nil {
					path = abs
				}
				return path, len(rows), nil
			}
			failures = append(failures, err)
		}
		return "", 0, fmt.Errorf("export unknown recipients: %w", errors.Join(failures...))
	}
}

// writeNewFile writes a file named base+ext in dir through write, with mode
// 0600 because the rows name people's addresses. It writes under a
// temporary name and renames, so the file appears whole or not at all. An
// existing file keeps its content: the new one gets a -2, -3 ... suffix
// after base. It returns the path, relative when dir is.
//
// NOTE: a file created between the check for a free name and the rename
// is replaced; the dashboard runs one export at a time.
func writeNewFile(dir, base, ext string, write func(io.Writer) error) (path string, err error) {
	tmp, err := os.CreateTemp(dir, "."+base+"-*.tmp")
	if err != nil {
		return "", fmt.Errorf("create a file in %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return "", fmt.Errorf("set the mode of %s: %w", tmp.Name(), err)
	}
	if err := write(tmp); err != nil {
		return "", fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		return "", fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	path = filepath.Join(dir, base+ext)
	for n := 2; ; n++ {
		if _, statErr := os.Lstat(path); errors.Is(statErr, os.ErrNotExist) {
			break
		}
		path = filepath.Join(dir, base+"-"+strconv.Itoa(n)+ext)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("rename %s to %s: %w", tmp.Name(), path, err)
	}
	return path, nil
}

// memoryLogSource is a sources.LogSource over a log held in memory, such
// as the demo's embedded recording. Every line gets origin as its Origin
// and reference as its Reference, and io.EOF follows the last line.
type memoryLogSource struct {
	data      []byte
	origin    string
	reference time.Time
	batch     []sources.Line
}

func newMemoryLogSource(data []byte, origin string, reference time.Time) *memoryLogSource {
	return &memoryLogSource{data: data, origin: origin, reference: reference}
}

// Next returns the next lines, within sources.MaxBatchLines and
// sources.MaxBatchBytes unless one line alone is longer.
func (s *memoryLogSource) Next(ctx context.Context) ([]sources.Line, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.batch = s.batch[:0]
	size := 0
	for len(s.data) > 0 && len(s.batch) < sources.MaxBatchLines {
		line, rest, _ := bytes.Cut(s.data, []byte("\n"))
		if len(s.batch) > 0 && size+len(line) > sources.MaxBatchBytes {
			break
		}
		s.data = rest
		size += len(line)
		s.batch = append(s.batch, sources.Line{Text: line, Origin: s.origin, Reference: s.reference})
	}
	if len(s.batch) == 0 {
		return nil, io.EOF
	}
	return s.batch, nil
}

// Close does nothing: the data belongs to the caller.
func (s *memoryLogSource) Close() error { return nil }
