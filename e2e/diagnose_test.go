package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/alerts"
	"github.com/mailtop/mailtop/e2e/postfixtest"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/stats"
)

// classifyLine is the part of one mailtop classify output line the test reads.
type classifyLine struct {
	QueueID   string `json:"queue_id"`
	Recipient string `json:"recipient"`
	Status    string `json:"status"`
	Phase     string `json:"phase"`
	Carrier   string `json:"carrier"`
	Class     string `json:"class"`
}

// TestDiagnoseOnRealPostfix sends docomo mail that the test server rejects
// at RCPT TO and at end of DATA, from two sender domains through pickup and
// smtpd, then makes the server turn every connection away. It checks what
// mailtop classify prints, the sending paths the collector counts, and that
// an [[alert]] rule runs its hook once the deferrals start.
func TestDiagnoseOnRealPostfix(t *testing.T) {
	postfixtest.Require(t)

	binary := make(chan buildResult, 1)
	go func() { binary <- buildMailtop(t.TempDir()) }()

	sink := postfixtest.StartSink(t)
	routes := map[string]int{}
	for _, domain := range []string{"docomo.ne.jp", "office.example", "shop.example"} {
		port, err := sink.ListenSMTP(strings.SplitN(domain, ".", 2)[0])
		if err != nil {
			t.Fatal(err)
		}
		routes[domain] = port
	}
	in := postfixtest.StartInstance(t, postfixtest.Config{Routes: routes})

	// The office's mail goes through sendmail and pickup, the shop's over
	// SMTP to smtpd. Each refusing recipient has a message of its own, so an
	// end-of-DATA reject cannot fail another recipient.
	submissions := []struct {
		smtp bool
		from string
		to   string
	}{
		{false, "office@office.example", "ok1@docomo.ne.jp"},
		{false, "office@office.example", "reject1@docomo.ne.jp"},
		{true, "shop@shop.example", "ok2@docomo.ne.jp"},
		{true, "shop@shop.example", "datafail1@docomo.ne.jp"},
	}
	for _, s := range submissions {
		submit := in.Submit
		if s.smtp {
			submit = in.SubmitSMTP
		}
		if _, err := submit(s.from, []string{s.to}, "ご注文の確認", "body\n"); err != nil {
			t.Fatalf("submit from %s to %s: %v", s.from, s.to, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if err := in.WaitSettled(ctx); err != nil {
		t.Fatalf("wait for the first messages: %v", err)
	}

	built := <-binary
	if built.err != nil {
		t.Fatal(built.err)
	}

	t.Run("classify", func(t *testing.T) {
		got := runClassify(t, built.path, in.LogPath())
		want := map[string]classifyLine{
			"reject1@docomo.ne.jp":   {Status: "bounced", Phase: "rcpt", Carrier: "docomo", Class: "user_unknown"},
			"datafail1@docomo.ne.jp": {Status: "bounced", Phase: "end_of_data", Carrier: "docomo", Class: "filtered"},
			"ok1@docomo.ne.jp":       {Status: "sent", Carrier: "docomo"},
		}
		for rcpt, w := range want {
			line, ok := got[rcpt]
			if !ok {
				t.Errorf("classify printed no line for %s", rcpt)
				continue
			}
			if line.Status != w.Status {
				t.Errorf("%s: status %q, want %q", rcpt, line.Status, w.Status)
			}
			if line.Phase != w.Phase {
				t.Errorf("%s: phase %q, want %q", rcpt, line.Phase, w.Phase)
			}
			if line.Carrier != w.Carrier {
				t.Errorf("%s: carrier %q, want %q", rcpt, line.Carrier, w.Carrier)
			}
			if line.Class != w.Class {
				t.Errorf("%s: class %q, want %q", rcpt, line.Class, w.Class)
			}
		}
	})

	feed := newLogFeed(t, in.LogPath())
	feed.read(t)

	t.Run("sending paths", func(t *testing.T) {
		paths := feed.collector.Paths("docomo.ne.jp", stats.WindowAll, time.Now())
		var office, shop *stats.PathStats
		for i := range paths {
			p := &paths[i]
			switch p.SenderDomain {
			case "office.example":
				office = p
			case "shop.example":
				shop = p
			}
		}
		if office == nil || shop == nil {
			t.Fatalf("paths %+v lack office.example or shop.example", paths)
		}
		if !strings.HasPrefix(office.Client, "pickup uid=") {
			t.Errorf("office client = %q, want pickup uid=N", office.Client)
		}
		if !strings.HasSuffix(shop.Client, "[127.0.0.1]") {
			t.Errorf("shop client = %q, want smtpd's name[127.0.0.1]", shop.Client)
		}
		for _, p := range []*stats.PathStats{office, shop} {
			if p.Relay != "127.0.0.1[127.0.0.1]" {
				t.Errorf("%s relay = %q, want 127.0.0.1[127.0.0.1]", p.SenderDomain, p.Relay)
			}
			if p.Counts.Sent != 1 {
				t.Errorf("%s sent %d, want 1", p.SenderDomain, p.Counts.Sent)
			}
			if p.Counts.Bounced != 1 {
				t.Errorf("%s bounced %d, want 1", p.SenderDomain, p.Counts.Bounced)
			}
		}
	})

	t.Run("alert hook on deferrals", func(t *testing.T) {
		dir := t.TempDir()
		hook := filepath.Join(dir, "hook.sh")
		out := filepath.Join(dir, "event.json")
		if err := os.WriteFile(hook, []byte("#!/bin/sh\ncat > \"$1\"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		minAttempts := int64(4)
		rules, err := alerts.Compile([]alerts.Rule{{
			Domain: "docomo.ne.jp", Window: "5m", Rate: 60, MinAttempts: &minAttempts,
			Hook: []string{hook, out}, HookTimeout: "5s",
		}})
		if err != nil {
			t.Fatal(err)
		}
		monitor := alerts.NewMonitor(ctx, rules, alerts.MonitorOptions{})
		defer monitor.Close()

		// Two of four deliveries failed so far: 50%, under the threshold.
		if up := monitor.Observe(feed.collector.Snapshot(time.Now())); len(up.Events) != 0 {
			t.Fatalf("alert events before the deferrals: %+v", up.Events)
		}

		if err := sink.SetBusyUntil("docomo", time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		busy := []string{"ok3@docomo.ne.jp", "ok4@docomo.ne.jp", "ok5@docomo.ne.jp", "ok6@docomo.ne.jp"}
		for _, rcpt := range busy {
			if _, err := in.Submit("office@office.example", []string{rcpt}, "busy", "body\n"); err != nil {
				t.Fatalf("submit to %s: %v", rcpt, err)
			}
		}
		err = in.WaitLog(ctx, func(lines []string) bool {
			deferred := 0
			for _, line := range lines {
				for _, rcpt := range busy {
					if strings.Contains(line, "to=<"+rcpt+">") && strings.Contains(line, "status=deferred") {
						deferred++
					}
				}
			}
			return deferred >= len(busy)
		})
		if err != nil {
			t.Fatalf("wait for the deferrals: %v", err)
		}

		feed.read(t)
		up := monitor.Observe(feed.collector.Snapshot(time.Now()))
		if len(up.Events) != 1 || up.Events[0].State != alerts.Fired {
			t.Fatalf("events after the deferrals = %+v, want one firing", up.Events)
		}
		monitor.Close()

		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("hook output: %v", err)
		}
		var ev struct {
			State  string  `json:"state"`
			Domain string  `json:"domain"`
			Rate   float64 `json:"rate"`
		}
		if err := json.Unmarshal(data, &ev); err != nil {
			t.Fatalf("decode hook input %q: %v", data, err)
		}
		if ev.State != alerts.Fired {
			t.Errorf("hook state = %q, want %q", ev.State, alerts.Fired)
		}
		if ev.Domain != "docomo.ne.jp" {
			t.Errorf("hook domain = %q, want docomo.ne.jp", ev.Domain)
		}
		if ev.Rate < 60 {
			t.Errorf("hook rate = %.1f, want at least 60", ev.Rate)
		}
	})
}

// runClassify runs mailtop classify on the maillog and returns its lines by
// recipient. An empty config file keeps the machine's own out of the test.
func runClassify(t *testing.T, binary, maillog string) map[string]classifyLine {
	t.Helper()
	config := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(config, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"classify", "--config", config, "--year", strconv.Itoa(time.Now().UTC().Year()), "--tz", "UTC", maillog}
	cmd := exec.Command(binary, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("mailtop %s: %v; stderr: %s", strings.Join(args, " "), err, stderr.String())
	}
	out := map[string]classifyLine{}
	scanner := bufio.NewScanner(&stdout)
	for scanner.Scan() {
		var line classifyLine
		if err := json.Unmarshal(scanner.Bytes(), &line); err != nil {
			t.Fatalf("decode classify line %q: %v", scanner.Text(), err)
		}
		out[line.Recipient] = line
	}
	return out
}

// logFeed parses a growing maillog into a collector, each line once.
type logFeed struct {
	path      string
	offset    int64
	parser    *parsers.Parser
	collector *stats.Collector
}

func newLogFeed(t *testing.T, path string) *logFeed {
	t.Helper()
	return &logFeed{
		path:      path,
		parser:    parsers.NewParser(parsers.Options{Year: time.Now().UTC().Year(), Location: time.UTC}),
		collector: stats.New(stats.Config{}),
	}
}

// read adds the maillog's complete lines written since the last read.
func (f *logFeed) read(t *testing.T) {
	t.Helper()
	data, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	data = data[f.offset:]
	end := bytes.LastIndexByte(data, '\n')
	if end < 0 {
		return
	}
	data = data[:end+1]
	f.offset += int64(len(data))
	for _, line := range bytes.Split(data[:len(data)-1], []byte("\n")) {
		var ev parsers.Event
		f.parser.Parse(line, &ev)
		f.collector.Add(&ev, line)
	}
}
