package pipeline

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"
	"time"

	"github.com/mailtop/mailtop/internal/loggen"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// memorySource hands out the lines of a log held in memory, in batches of
// sources.MaxBatchLines, repeating the log rounds times.
type memorySource struct {
	lines  [][]byte
	rounds int
	next   int
	batch  []sources.Line
}

func (s *memorySource) Next(ctx context.Context) ([]sources.Line, error) {
	s.batch = s.batch[:0]
	for len(s.batch) < sources.MaxBatchLines && s.rounds > 0 {
		s.batch = append(s.batch, sources.Line{Text: s.lines[s.next], Origin: "memory"})
		s.next++
		if s.next == len(s.lines) {
			s.next = 0
			s.rounds--
		}
	}
	if s.rounds == 0 {
		return s.batch, io.EOF
	}
	return s.batch, nil
}

func (s *memorySource) Close() error { return nil }

// BenchmarkRunCapturedLog parses and counts the captured Postfix 3.7 log,
// repeated up to about 100,000 lines per collector. One op is one line.
func BenchmarkRunCapturedLog(b *testing.B) {
	data, err := os.ReadFile("../testdata/postfix-3.7-maillog.txt")
	if err != nil {
		b.Fatalf("read the test log: %v", err)
	}
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	b.ReportAllocs()
	b.ResetTimer()
	done := 0
	for done < b.N {
		rounds := max(1, min(107, (b.N-done)/len(lines)))
		src := &memorySource{lines: lines, rounds: rounds}
		coll := stats.New(stats.DefaultConfig())
		if err := Run(context.Background(), src, coll, Options{Year: 2026, Location: time.UTC}); err != nil {
			b.Fatal(err)
		}
		done += rounds * len(lines)
	}
}

// BenchmarkRunGenerated parses and counts a generated day of 300,000 lines,
// with the collector set up as the report sets it (no raw lines, finished
// messages kept briefly) and as the dashboard sets it. One op is one line.
func BenchmarkRunGenerated(b *testing.B) {
	var log bytes.Buffer
	if _, err := loggen.Generate(&log, loggen.Options{Lines: 300000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(log.Bytes(), []byte("\n")), []byte("\n"))
	report := stats.DefaultConfig()
	report.SummaryOnly = true
	report.DiscardLines = true
	report.FinishedRetention = 5 * time.Minute
	report.MaxAttemptsPerRecipient = 2

	for _, bc := range []struct {
		name string
		cfg  stats.Config
	}{{"report", report}, {"dashboard", stats.DefaultConfig()}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			done := 0
			for done < b.N {
				src := &memorySource{lines: lines, rounds: 1}
				coll := stats.New(bc.cfg)
				if err := Run(context.Background(), src, coll, Options{Year: 2026, Location: time.UTC}); err != nil {
					b.Fatal(err)
				}
				done += len(lines)
			}
			b.ReportMetric(float64(done)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}
