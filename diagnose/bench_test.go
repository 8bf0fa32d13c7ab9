package diagnose

import (
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// BenchmarkClassify classifies every case of the reply-text corpus, once
// per iteration, without and with operator overrides.
func BenchmarkClassify(b *testing.B) {
	cases := readCorpus(b)
	parser := parsers.NewParser(parsers.Options{Location: time.UTC})
	inputs := make([]Input, 0, len(cases))
	for _, c := range cases {
		var ev parsers.Event
		parser.Parse([]byte(c.line), &ev)
		inputs = append(inputs, inputOf(&ev))
	}
	overrides, err := CompileOverrides([]OverrideRule{
		{Pattern: `(?i)greylist`, Class: "rate_limited"},
		{Pattern: `Unknown user`, Domain: "example.org", Phase: "rcpt", Class: "user_unknown"},
	})
	if err != nil {
		b.Fatal(err)
	}

	for _, bc := range []struct {
		name      string
		overrides *Overrides
	}{{"builtin", nil}, {"overrides", overrides}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for i := range inputs {
					bc.overrides.Classify(inputs[i])
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(inputs)), "ns/reply")
		})
	}
}
