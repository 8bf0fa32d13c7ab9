// Package e2e holds mailtop's end-to-end tests. They run a real, private
// Postfix instance (see postfixtest) and mailtop's binary, and compare what
// mailtop reports with what the test's own SMTP servers saw.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/e2e/postfixtest"
)

// report is the part of mailtop report --json the test compares.
type report struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Lines struct {
		Read         int `json:"read"`
		Postfix      int `json:"postfix"`
		Unrecognized int `json:"unrecognized"`
	} `json:"lines"`
	Totals  counts `json:"totals"`
	Domains []struct {
		Domain string `json:"domain"`
		counts
		Classes map[string]int `json:"classes"`
	} `json:"domains"`
}

func TestReportMatchesSinkRecords(t *testing.T) {
	postfixtest.Require(t)
	started := time.Now()

	binary := make(chan buildResult, 1)
	go func() { binary <- buildMailtop(t.TempDir()) }()

	sink := postfixtest.StartSink(t)
	routes := map[string]int{}
	for _, domain := range []string{"docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp", "gmail.example", "yahoo.example", "shop.example"} {
		port, err := sink.ListenSMTP(strings.SplitN(domain, ".", 2)[0])
		if err != nil {
			t.Fatal(err)
		}
		routes[domain] = port
	}
	silent, err := sink.ListenNoGreeting("isoftbank")
	if err != nil {
		t.Fatal(err)
	}
	routes["i.softbank.jp"] = silent
	refused, err := postfixtest.RefusedPort()
	if err != nil {
		t.Fatal(err)
	}
	routes["au.com"] = refused

	in := postfixtest.StartInstance(t, postfixtest.Config{
		Routes:               routes,
		MinimalBackoffTime:   retryInterval,
		MaximalBackoffTime:   retryInterval,
		QueueRunDelay:        queueRunDelay,
		MaximalQueueLifetime: queueLifetime,
	})

	if err := sink.SetBusyUntil("docomo", time.Now().Add(docomoBusy)); err != nil {
		t.Fatal(err)
	}
	messages := scenario()
	for i, m := range messages {
		m.submitted = time.Now()
		subject := fmt.Sprintf("ご注文 #%d の商品を発送しました", 1000+i)
		m.queueID, err = in.Submit(m.sender, m.rcpts, subject, "Your order has shipped.\n")
		if err != nil {
			t.Fatalf("submit message %d: %v", i+1, err)
		}
	}
	t.Logf("submitted %d messages to %d recipients in %v", len(messages), countRecipients(messages), time.Since(started).Round(time.Millisecond))

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	if err := in.WaitSettled(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("queue settled %v after the start", time.Since(started).Round(time.Second))

	records := sink.Records()
	want, problems := expectedCounts(messages, records)
	problems = append(problems, checkSchedule(messages, records, "docomo.ne.jp")...)
	for _, p := range problems {
		t.Errorf("sink records: %s", p)
	}

	lines, err := in.LogLines()
	if err != nil {
		t.Fatal(err)
	}
	for _, domain := range sortedUnion(keysOf(want)) {
		t.Logf("expected for %s: %+v classes %v", domain, want[domain].counts, want[domain].Classes)
	}
	suspended := 0
	for _, line := range lines {
		if strings.Contains(line, "@docomo.ne.jp>") && strings.Contains(line, "delivery temporarily suspended") {
			suspended++
		}
	}
	if suspended == 0 {
		t.Errorf("the maillog has no \"delivery temporarily suspended\" line for docomo.ne.jp: the busy period did not make Postfix suspend it, so the scenario misses that case")
	}
	t.Logf("the maillog has %d suspended docomo.ne.jp deliveries", suspended)

	logged := countFromLog(lines)
	for _, domain := range sortedUnion(keysOf(want), keysOf(logged)) {
		w, l := counts{}, counts{}
		if want[domain] != nil {
			w = want[domain].counts
		}
		if logged[domain] != nil {
			l = *logged[domain]
		}
		if w != l {
			t.Logf("domain %s: the sink-derived count %+v differs from a plain count of the maillog %+v (debugging aid)", domain, w, l)
		}
	}

	build := <-binary
	if build.err != nil {
		t.Fatalf("build mailtop: %v", build.err)
	}
	got, err := runReport(build.path, in.LogPath())
	if err != nil {
		t.Fatal(err)
	}
	compareReport(t, got, want)
	checkReportLines(t, got, len(lines), started)
}

// checkReportLines checks the report's line counts and time range against the
// maillog: every line is Postfix's and of a known form, and the range lies
// within the test's run. Postfix may log a few more lines (statistics) after
// the test read the file, so read may exceed lineCount.
func checkReportLines(t *testing.T, got report, lineCount int, started time.Time) {
	t.Helper()
	t.Logf("report lines: %+v, from %s to %s", got.Lines, got.From, got.To)
	if got.Lines.Read < lineCount {
		t.Errorf("lines.read = %d, want at least the %d lines of the maillog", got.Lines.Read, lineCount)
	}
	if got.Lines.Postfix != got.Lines.Read {
		t.Errorf("lines.postfix = %d, want all %d lines read: the maillog has only Postfix's lines", got.Lines.Postfix, got.Lines.Read)
	}
	if got.Lines.Unrecognized != 0 {
		t.Errorf("lines.unrecognized = %d, want 0: Postfix 3.7 wrote every line of this log", got.Lines.Unrecognized)
	}

	from, errFrom := time.Parse(time.RFC3339, got.From)
	to, errTo := time.Parse(time.RFC3339, got.To)
	if errFrom != nil || errTo != nil {
		t.Errorf("from %q or to %q is not RFC 3339: %v, %v", got.From, got.To, errFrom, errTo)
		return
	}
	// The log's timestamps have whole seconds.
	earliest, latest := started.Add(-time.Second), time.Now().Add(time.Second)
	if from.Before(earliest) || to.After(latest) || to.Before(from) {
		t.Errorf("report covers %v to %v, want a range within the test's run, %v to %v", from, to, earliest, latest)
	}
}

// compareReport checks the report against the expected counts domain by
// domain and field by field, and reports whether all matched.
func compareReport(t *testing.T, got report, want map[string]*domainCounts) bool {
	t.Helper()
	ok := true
	reported := map[string]int{}
	for i, d := range got.Domains {
		reported[d.Domain] = i
		if d.Domain != strings.ToLower(d.Domain) {
			t.Errorf("domain %q is not lowercase", d.Domain)
			ok = false
		}
	}

	var total counts
	for _, domain := range sortedUnion(keysOf(want), keysOf(reported)) {
		w := want[domain]
		if w == nil {
			w = &domainCounts{Classes: map[string]int{}}
		}
		total.Sent += w.Sent
		total.Deferred += w.Deferred
		total.Bounced += w.Bounced
		total.Expired += w.Expired

		i, found := reported[domain]
		if !found {
			t.Errorf("domain %s: missing from the report, want %+v", domain, w.counts)
			ok = false
			continue
		}
		g := got.Domains[i]
		for _, f := range []struct {
			name      string
			got, want int
		}{
			{"sent", g.Sent, w.Sent},
			{"deferred", g.Deferred, w.Deferred},
			{"bounced", g.Bounced, w.Bounced},
			{"expired", g.Expired, w.Expired},
		} {
			if f.got != f.want {
				t.Errorf("domain %s: %s = %d, want %d", domain, f.name, f.got, f.want)
				ok = false
			}
		}
		for _, class := range []string{"user_unknown", "filtered"} {
			if g.Classes[class] == w.Classes[class] {
				continue
			}
			if domain == "docomo.ne.jp" {
				t.Errorf("domain %s: classes[%s] = %d, want %d", domain, class, g.Classes[class], w.Classes[class])
				ok = false
			} else {
				// Only docomo's replies have a documented meaning per phase.
				t.Logf("domain %s: classes[%s] = %d; the sink saw %d such replies", domain, class, g.Classes[class], w.Classes[class])
			}
		}
	}
	if got.Totals != total {
		t.Errorf("totals = %+v, want %+v", got.Totals, total)
		ok = false
	}

	for i := 1; i < len(got.Domains); i++ {
		a, b := got.Domains[i-1], got.Domains[i]
		fa := a.Deferred + a.Bounced + a.Expired
		fb := b.Deferred + b.Bounced + b.Expired
		if fa < fb || (fa == fb && a.Domain > b.Domain) {
			t.Errorf("domains out of order: %s (%d failures) before %s (%d failures), want more failures first, then by name", a.Domain, fa, b.Domain, fb)
			ok = false
		}
	}
	return ok
}

type buildResult struct {
	path string
	err  error
}

// buildMailtop builds the module's main package into dir.
func buildMailtop(dir string) buildResult {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return buildResult{err: fmt.Errorf("find the test's source file to locate the module root")}
	}
	root := filepath.Dir(filepath.Dir(file))
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	path := filepath.Join(dir, "mailtop")
	cmd := exec.Command(goTool, "build", "-o", path, "github.com/mailtop/mailtop")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return buildResult{err: fmt.Errorf("go build in %s: %w\n%s", root, err, out)}
	}
	return buildResult{path: path}
}

// runReport runs mailtop report --json on the maillog. Postfix's own log file
// has no year and the instance logs in UTC, so both are given.
func runReport(binary, maillog string) (report, error) {
	args := []string{"report", "--json", "--log", maillog, "--year", strconv.Itoa(time.Now().UTC().Year()), "--tz", "UTC"}
	cmd := exec.Command(binary, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return report{}, fmt.Errorf("mailtop %s: %w; stderr: %s", strings.Join(args, " "), err, stderr.String())
	}
	var r report
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		return report{}, fmt.Errorf("decode mailtop report --json output: %w\n%s", err, stdout.String())
	}
	return r, nil
}

func countRecipients(messages []*scenarioMessage) int {
	n := 0
	for _, m := range messages {
		n += len(m.rcpts)
	}
	return n
}
