package stats

import (
	"bytes"
	"testing"
	"time"

	"github.com/mailtop/mailtop/internal/loggen"
	"github.com/mailtop/mailtop/parsers"
)

// generatedBatches returns a generated log of n lines with tailDomains
// long-tail domains, parsed, in batches of the size the log sources use.
// The events point into the returned text, which must stay alive.
func generatedBatches(b *testing.B, n, tailDomains int) ([][]parsers.Event, [][][]byte) {
	b.Helper()
	var log bytes.Buffer
	opts := loggen.Options{Lines: n, Seed: 1, TailDomains: tailDomains}
	if tailDomains > 0 {
		opts.TailShare = 0.9
	}
	if _, err := loggen.Generate(&log, opts); err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(log.Bytes(), []byte("\n")), []byte("\n"))
	p := parsers.NewParser(parsers.Options{Year: 2026})
	const batchLines = 1600 // about sources.MaxBatchBytes of generated lines
	var events [][]parsers.Event
	var texts [][][]byte
	for start := 0; start < len(lines); start += batchLines {
		end := min(start+batchLines, len(lines))
		evs := make([]parsers.Event, end-start)
		for i := range evs {
			p.Parse(lines[start+i], &evs[i])
		}
		events = append(events, evs)
		texts = append(texts, lines[start:end])
	}
	return events, texts
}

// BenchmarkCollectorGenerated adds a generated log, already parsed, to a
// collector set up as the report sets it and as the dashboard sets it,
// with the generator's default domains and with a long tail of 100,000.
// It measures the collector alone, on one goroutine. One op is one line,
// but whole logs are added, so ns/line and lines/s are the figures to read.
func BenchmarkCollectorGenerated(b *testing.B) {
	report := DefaultConfig()
	report.SummaryOnly = true
	report.DiscardLines = true
	report.FinishedRetention = 5 * time.Minute
	report.MaxAttemptsPerRecipient = 2

	for _, input := range []struct {
		name        string
		lines       int
		tailDomains int
	}{{"day", 300000, 0}, {"tail100k", 1000000, 100000}} {
		events, texts := generatedBatches(b, input.lines, input.tailDomains)
		for _, setup := range []struct {
			name string
			cfg  Config
		}{{"report", report}, {"dashboard", DefaultConfig()}} {
			b.Run(input.name+"/"+setup.name, func(b *testing.B) {
				b.ReportAllocs()
				done := 0
				for done < b.N {
					c := New(setup.cfg)
					for i := range events {
						c.AddBatch(events[i], texts[i])
						done += len(events[i])
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(done), "ns/line")
				b.ReportMetric(float64(done)/b.Elapsed().Seconds(), "lines/s")
			})
		}
	}
}
