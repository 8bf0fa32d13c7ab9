package diagnose

import (
	"bufio"
	"bytes"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/parsers"
)

// corpusCase is one case of testdata/diagnose/corpus.txt.
type corpusCase struct {
	name   string
	lineNo int
	line   string
	want   map[string]string // class, carrier, basis, confidence, collateral, advice
}

var corpusKeys = []string{"class", "carrier", "basis", "confidence", "collateral", "advice"}

// readCorpus reads the reply-text corpus, whose format the top of the file
// describes.
func readCorpus(t testing.TB) []corpusCase {
	t.Helper()
	f, err := os.Open("../testdata/diagnose/corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	var cases []corpusCase
	var pending *corpusCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<10)
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		switch {
		case strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#"):
			continue
		case strings.HasPrefix(text, "case "):
			if pending != nil {
				t.Fatalf("corpus line %d: case %q has no log line", n, pending.name)
			}
			name, wants, ok := strings.Cut(strings.TrimPrefix(text, "case "), " | ")
			if !ok {
				t.Fatalf("corpus line %d: case line lacks \" | \"", n)
			}
			c := corpusCase{name: strings.TrimSpace(name), want: map[string]string{}}
			for _, field := range strings.Fields(wants) {
				key, value, ok := strings.Cut(field, "=")
				if !ok || !slices.Contains(corpusKeys, key) {
					t.Fatalf("corpus line %d: bad expectation %q", n, field)
				}
				if value == "-" {
					value = ""
				}
				c.want[key] = value
			}
			for _, key := range corpusKeys {
				if _, ok := c.want[key]; !ok {
					t.Fatalf("corpus line %d: case %q lacks %s=", n, c.name, key)
				}
			}
			pending = &c
		default:
			if pending == nil {
				t.Fatalf("corpus line %d: log line without a case line", n)
			}
			pending.line, pending.lineNo = text, n
			cases = append(cases, *pending)
			pending = nil
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if pending != nil {
		t.Fatalf("corpus ends inside case %q", pending.name)
	}
	return cases
}

// inputOf builds a classifier input from a parsed delivery line, as the
// collector and the classify command do.
func inputOf(ev *parsers.Event) Input {
	to := string(ev.To)
	domain := ""
	if at := strings.LastIndexByte(to, '@'); at >= 0 {
		domain = strings.ToLower(to[at+1:])
	}
	return Input{
		Status:    ev.Status,
		DSN:       string(ev.DSN),
		ReplyCode: ev.ReplyCode,
		Phase:     ev.Phase,
		Reason:    string(ev.Reason),
		Relay:     string(ev.Relay),
		Domain:    domain,
		Recipient: to,
		Daemon:    string(ev.Daemon),
		Time:      ev.Time,
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func TestCorpus(t *testing.T) {
	cases := readCorpus(t)
	if len(cases) < 60 {
		t.Fatalf("read %d corpus cases, want at least 60", len(cases))
	}
	names := map[string]bool{}
	parser := parsers.NewParser(parsers.Options{Location: time.UTC})
	for _, c := range cases {
		if names[c.name] {
			t.Errorf("corpus case %q appears twice", c.name)
		}
		names[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			var ev parsers.Event
			parser.Parse([]byte(c.line), &ev)
			if ev.Kind != parsers.KindDelivery {
				t.Fatalf("corpus line %d parses as %v, want a delivery line", c.lineNo, ev.Kind)
			}
			in := inputOf(&ev)
			res := Classify(in)
			advice := Advise(res, in)

			got := map[string]string{
				"class":      res.Class.String(),
				"carrier":    res.Carrier,
				"basis":      res.Basis,
				"confidence": string(res.Confidence),
				"collateral": yesNo(res.Collateral),
				"advice":     strings.Join(advice.IDs(), ","),
			}
			for _, key := range corpusKeys {
				if got[key] != c.want[key] {
					t.Errorf("line %d: %s = %q, want %q (reason %q)", c.lineNo, key, got[key], c.want[key], in.Reason)
				}
			}
		})
	}
}

// capturedFailures give the expected class of every failure line of the
// log captured from a real Postfix 3.7, by a text only that failure's reason
// contains.
var capturedFailures = []struct {
	reason string
	class  Class
	basis  string
}{
	{"User unknown in virtual mailbox table", UserUnknown, BasisText},
	{"Greylisted, try again later", Greylisted, BasisText},
	{"Service not available, closing transmission channel", RateLimited, BasisCode},
	{"alias database unavailable", LocalConfig, BasisText},
	{"Message content rejected", SpamContent, BasisText},
	{"lost connection with 127.0.0.1[127.0.0.1] while receiving the initial server greeting", ConnectionLost, BasisText},
	{"timed out while receiving the initial server greeting", Network, BasisText},
	{"Connection refused", Network, BasisText},
	{"test domain does not exist", DNS, BasisCode},
}

func TestCapturedLogFailures(t *testing.T) {
	data, err := os.ReadFile("../testdata/postfix-3.7-maillog.txt")
	if err != nil {
		t.Fatal(err)
	}
	parser := parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC})
	failures := 0
	for n, line := range bytes.Split(data, []byte("\n")) {
		var ev parsers.Event
		parser.Parse(line, &ev)
		if ev.Kind != parsers.KindDelivery || ev.Status == parsers.StatusSent {
			continue
		}
		failures++
		in := inputOf(&ev)
		t.Run("line "+strconv.Itoa(n+1), func(t *testing.T) {
			matched := 0
			for _, want := range capturedFailures {
				if !strings.Contains(in.Reason, want.reason) {
					continue
				}
				matched++
				got := Classify(in)
				if got.Class != want.class {
					t.Errorf("class = %q, want %q (reason %q)", got.Class, want.class, in.Reason)
				}
				if got.Basis != want.basis {
					t.Errorf("basis = %q, want %q (reason %q)", got.Basis, want.basis, in.Reason)
				}
				if got.Collateral {
					t.Errorf("collateral is set for %q", in.Reason)
				}
			}
			if matched != 1 {
				t.Errorf("reason %q matches %d expectations, want 1", in.Reason, matched)
			}
		})
	}
	if failures != 160 {
		t.Errorf("found %d failure lines, want 160", failures)
	}
}
