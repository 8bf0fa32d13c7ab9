package loggen

import (
	"bytes"
	"sync"
	"testing"

	"github.com/mailtop/mailtop/parsers"
)

// benchLines is a generated log of one million lines, split into lines,
// built once for all benchmarks.
var benchLines = sync.OnceValue(func() [][]byte {
	var buf bytes.Buffer
	if _, err := Generate(&buf, Options{Lines: 1000000, Seed: 1}); err != nil {
		panic(err)
	}
	return bytes.SplitAfter(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n"))
})

// BenchmarkParseGenerated parses a generated million-line log, with the
// line mix of the captured Postfix 3.7 log, and reports lines per second.
// One op is one line.
func BenchmarkParseGenerated(b *testing.B) {
	lines := benchLines()
	p := parsers.NewParser(parsers.Options{Year: 2026})
	var ev parsers.Event
	var size int64
	for _, l := range lines {
		size += int64(len(l))
	}
	b.SetBytes(size / int64(len(lines)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p.Parse(lines[i%len(lines)], &ev)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkGenerate measures the generator itself, per line written.
func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Generate(discard{}, Options{Lines: 100000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*100000/b.Elapsed().Seconds(), "lines/s")
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
