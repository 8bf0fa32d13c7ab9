// Package pipeline connects a log source to the parser and the statistics
// collector: lines in, counts out.
package pipeline

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// Options fix what the log lines do not say about their own time.
type Options struct {
	// Year, when not zero, is the year of every yearless timestamp.
	Year int
	// Location is the zone of timestamps without an offset; nil means UTC.
	Location *time.Location
}

// Run reads batches from src, parses every line and adds it to coll until
// src is exhausted (it returns nil then) or ctx ends (it returns ctx's
// error). A source error ends the run and is returned.
func Run(ctx context.Context, src sources.LogSource, coll *stats.Collector, opts Options) error {
	parser := parsers.NewParser(parsers.Options{Year: opts.Year, Location: opts.Location})
	var (
		// events and texts are reused for every batch. The events point
		// into the batch's text, which stays valid until the next call to
		// Next, so the whole batch is added before that call.
		events    []parsers.Event
		texts     [][]byte
		reference time.Time
	)
	for {
		batch, err := src.Next(ctx)
		if cap(events) < len(batch) {
			events = make([]parsers.Event, len(batch))
			texts = make([][]byte, len(batch))
		}
		events, texts = events[:len(batch)], texts[:len(batch)]
		for i := range batch {
			line := &batch[i]
			if !line.Reference.Equal(reference) {
				reference = line.Reference
				parser.SetReference(reference)
			}
			parser.Parse(line.Text, &events[i])
			texts[i] = line.Text
		}
		coll.AddBatch(events, texts)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}
