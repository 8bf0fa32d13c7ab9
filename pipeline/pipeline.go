// Package pipeline connects a log source to the parser and the statistics
// collector: lines in, counts out.
package pipeline

import (
	"context"
	"errors"
	"io"
	"slices"
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
	// ClassifyWhileParsing classifies the failed deliveries on the
	// goroutine that parses, with a classifier of the collector's set-up,
	// instead of on the one that adds the lines. This pays when adding is
	// the slower of the two, as in the dashboard, which keeps more of each
	// line than the report.
	ClassifyWhileParsing bool
}

// parsedBatch is one batch from the source, copied out of the source's
// buffers and parsed, so that it outlives the next call to Next.
type parsedBatch struct {
	text    []byte                 // the lines back to back
	texts   [][]byte               // each line, a slice of text
	events  []parsers.Event        // each line parsed; the events point into text
	classes []stats.Classification // each line's class, with Options.ClassifyWhileParsing
	err     error                  // the error Next returned with the batch, or ctx's error
}

// batchesInFlight is the number of parsed batches that exist at once: one
// being filled by the reader while the collector adds the other.
const batchesInFlight = 2

// Run reads batches from src, parses every line and adds it to coll until
// src is exhausted (it returns nil then) or ctx ends (it returns ctx's
// error). A source error ends the run and is returned. Every line read from
// src is added to coll before Run returns.
//
// One goroutine reads and parses the next batch while the calling goroutine
// adds the previous one to coll, so parsing overlaps counting when two
// cores are free.
// That goroutine has ended when Run returns, so the caller may close src.
func Run(ctx context.Context, src sources.LogSource, coll *stats.Collector, opts Options) error {
	free := make(chan *parsedBatch, batchesInFlight)
	full := make(chan *parsedBatch, batchesInFlight)
	for range batchesInFlight {
		free <- new(parsedBatch)
	}
	var classifier *stats.Classifier
	if opts.ClassifyWhileParsing {
		classifier = coll.NewClassifier()
	}
	go readBatches(ctx, src, opts, classifier, free, full)

	var last error
	for b := range full {
		if classifier != nil {
			coll.AddBatchClassified(b.events, b.texts, b.classes)
		} else {
			coll.AddBatch(b.events, b.texts)
		}
		last = b.err
		free <- b
	}
	if errors.Is(last, io.EOF) {
		return nil
	}
	return last
}

// readBatches fills the batches from free with the lines of src and sends
// them to full, until it sends one with an error. It then closes full.
// With a classifier, it also classifies each line.
func readBatches(ctx context.Context, src sources.LogSource, opts Options, classifier *stats.Classifier,
	free <-chan *parsedBatch, full chan<- *parsedBatch) {
	defer close(full)
	parser := parsers.NewParser(parsers.Options{Year: opts.Year, Location: opts.Location})
	var reference time.Time
	for {
		b := <-free
		lines, err := src.Next(ctx)
		if err == nil {
			err = ctx.Err()
		}
		b.err = err

		b.copyLines(lines)
		for i := range lines {
			if ref := lines[i].Reference; !ref.Equal(reference) {
				reference = ref
				parser.SetReference(reference)
			}
			parser.Parse(b.texts[i], &b.events[i])
		}
		if classifier != nil {
			b.classes = b.classes[:0]
			for i := range b.events {
				b.classes = append(b.classes, classifier.Classify(&b.events[i]))
			}
		}
		full <- b
		if err != nil {
			return
		}
	}
}

// copyLines copies the text of lines into b and sizes b.events to match.
func (b *parsedBatch) copyLines(lines []sources.Line) {
	size := 0
	for i := range lines {
		size += len(lines[i].Text)
	}
	// text must not grow while it is sliced, or the slices would point into
	// the old array.
	b.text = slices.Grow(b.text[:0], size)
	b.texts = b.texts[:0]
	for i := range lines {
		start := len(b.text)
		b.text = append(b.text, lines[i].Text...)
		b.texts = append(b.texts, b.text[start:len(b.text):len(b.text)])
	}
	if cap(b.events) < len(lines) {
		b.events = make([]parsers.Event, len(lines))
	}
	b.events = b.events[:len(lines)]
}
