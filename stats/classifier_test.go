package stats

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/internal/loggen"
	"github.com/mailtop/mailtop/parsers"
)

// generatedLog returns n generated lines with tailDomains long-tail
// domains, parsed.
func generatedLog(t *testing.T, n, tailDomains int) ([]parsers.Event, [][]byte) {
	t.Helper()
	var log bytes.Buffer
	opts := loggen.Options{Lines: n, Seed: 3, TailDomains: tailDomains, TailShare: 0.5}
	if _, err := loggen.Generate(&log, opts); err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(log.Bytes(), []byte("\n")), []byte("\n"))
	p := parsers.NewParser(parsers.Options{Year: 2026})
	events := make([]parsers.Event, len(lines))
	for i := range lines {
		p.Parse(lines[i], &events[i])
	}
	return events, lines
}

// Lines classified beforehand by a Classifier of the collector's set-up,
// as the pipeline does on its parsing goroutine, must leave the collector
// as the same lines added unclassified do. The cases cover override rules,
// one of them limited to a domain, and the report's set-up.
func TestAddBatchClassifiedMatchesAddBatch(t *testing.T) {
	overrides, err := diagnose.CompileOverrides([]diagnose.OverrideRule{
		{Pattern: `(?i)content restrictions`, Domain: "docomo.ne.jp", Class: "spam_content"},
		{Pattern: `(?i)try again later`, Class: "rate_limited"},
	})
	if err != nil {
		t.Fatal(err)
	}
	report := DefaultConfig()
	report.SummaryOnly = true
	report.FinishedRetention = 5 * time.Minute
	withOverrides := DefaultConfig()
	withOverrides.Overrides = overrides

	captured, capturedLines := parseCapturedLog(t)
	generated, generatedLines := generatedLog(t, 60000, 3000)
	logs := []struct {
		name   string
		events []parsers.Event
		lines  [][]byte
	}{{"captured", captured, capturedLines}, {"generated", generated, generatedLines}}
	setups := []struct {
		name string
		cfg  Config
	}{{"dashboard", DefaultConfig()}, {"overrides", withOverrides}, {"report", report}}

	for _, log := range logs {
		for _, setup := range setups {
			t.Run(log.name+"/"+setup.name, func(t *testing.T) {
				plain := New(setup.cfg)
				classified := New(setup.cfg)
				classifier := classified.NewClassifier()
				classes := make([]Classification, 0, 512)
				for start := 0; start < len(log.events); start += 512 {
					end := min(start+512, len(log.events))
					events, lines := log.events[start:end], log.lines[start:end]
					classes = classes[:0]
					for i := range events {
						classes = append(classes, classifier.Classify(&events[i]))
					}
					plain.AddBatch(events, lines)
					classified.AddBatchClassified(events, lines, classes)
				}
				if classifier.misses == 0 {
					t.Fatal("the classifier classified no failure")
				}
				if classified.classifier.misses != 0 {
					t.Errorf("the collector classified %d failures itself", classified.classifier.misses)
				}
				if n := len(classified.interned.current); n != 0 {
					t.Errorf("the collector interned %d DSNs and relays itself", n)
				}

				_, last := plain.Span()
				now := last.Add(time.Minute)
				if got, want := classified.Snapshot(now), plain.Snapshot(now); !reflect.DeepEqual(got, want) {
					t.Errorf("snapshot differs:\n got %+v\nwant %+v", got.Totals, want.Totals)
				}
				got, want := classified.Summary(), plain.Summary()
				byName := func(a, b DomainTotal) int { return strings.Compare(a.Domain, b.Domain) }
				slices.SortFunc(got.Domains, byName)
				slices.SortFunc(want.Domains, byName)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("summary differs:\n got %+v\nwant %+v", got, want)
				}
				for i := range log.events {
					id := string(log.events[i].QueueID)
					if id == "" {
						continue
					}
					got, _ := classified.Message(id)
					want, _ := plain.Message(id)
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("message %s differs:\n got %+v\nwant %+v", id, got, want)
					}
				}
			})
		}
	}
}

func TestAddBatchClassifiedPanicsOnLengthMismatch(t *testing.T) {
	c := New(Config{})
	defer func() {
		if recover() == nil {
			t.Error("AddBatchClassified with 1 event, 1 line and 0 classes did not panic")
		}
	}()
	c.AddBatchClassified(make([]parsers.Event, 1), make([][]byte, 1), nil)
}
