package parsers

import "time"

// Options fixes what a log line does not say about its own time.
type Options struct {
	// Year is used for yearless timestamps when it is not zero; no
	// December-to-January stepping is done then.
	Year int
	// Reference places yearless timestamps when Year is zero: a stamp takes
	// Reference's year, or the year before when its month is later than
	// Reference's month (December lines in a file last written in January).
	// Sources pass the file's modification time, or the current time for a
	// live stream.
	Reference time.Time
	// Location is the zone of timestamps that carry no offset. Nil means UTC.
	Location *time.Location
}

// Parser parses Postfix log lines. A Parser is not safe for concurrent use;
// give each goroutine its own.
type Parser struct {
	opts Options
}

// NewParser returns a Parser with the given options.
func NewParser(opts Options) *Parser {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	return &Parser{opts: opts}
}

// SetReference changes Options.Reference, for a stream that crosses into a
// new file or a new year.
func (p *Parser) SetReference(t time.Time) { p.opts.Reference = t }
