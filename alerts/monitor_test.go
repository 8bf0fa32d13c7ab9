package alerts

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mailtop/mailtop/stats"
)

func TestMonitorRunsHooksInOrder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "events")
	script := writeScript(t, `cat >> "$1"`)
	rules := mustCompile(t, Rule{Domain: "docomo.ne.jp", Window: "5m", Rate: 50, Hook: []string{script, out}})

	var mu sync.Mutex
	var hookErrors []error
	m := NewMonitor(context.Background(), rules, MonitorOptions{OnHookError: func(_ Event, err error) {
		mu.Lock()
		defer mu.Unlock()
		hookErrors = append(hookErrors, err)
	}})

	fired := m.Observe(snapshotAt(0, stats.Window5m, domainCounts{domain: "docomo.ne.jp", attempts: 20, deferred: 20}))
	if !fired.Bell || len(fired.Active) != 1 || len(fired.Events) != 1 {
		t.Errorf("first update: Bell %v, %d active, %d events; want true, 1, 1", fired.Bell, len(fired.Active), len(fired.Events))
	}
	still := m.Observe(snapshotAt(1, stats.Window5m, domainCounts{domain: "docomo.ne.jp", attempts: 20, deferred: 20}))
	if still.Bell || len(still.Events) != 0 || len(still.Active) != 1 {
		t.Errorf("second update: Bell %v, %d events, %d active; want false, 0, 1", still.Bell, len(still.Events), len(still.Active))
	}
	cleared := m.Observe(snapshotAt(2, stats.Window5m, domainCounts{domain: "docomo.ne.jp", attempts: 20}))
	if cleared.Bell || len(cleared.Active) != 0 || len(cleared.Events) != 1 {
		t.Errorf("third update: Bell %v, %d active, %d events; want false, 0, 1", cleared.Bell, len(cleared.Active), len(cleared.Events))
	}
	m.Close()

	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"state":"firing"`) || !strings.Contains(lines[1], `"state":"cleared"`) {
		t.Errorf("the hook read %q, want a firing and then a cleared event", lines)
	}
	if len(hookErrors) != 0 {
		t.Errorf("hook errors: %v", hookErrors)
	}
}

func TestMonitorDisableHooks(t *testing.T) {
	out := filepath.Join(t.TempDir(), "events")
	script := writeScript(t, `cat >> "$1"`)
	rules := mustCompile(t, Rule{Domain: "docomo.ne.jp", Window: "5m", Rate: 50, Hook: []string{script, out}, Bell: ptr(false)})
	m := NewMonitor(context.Background(), rules, MonitorOptions{DisableHooks: true})
	update := m.Observe(snapshotAt(0, stats.Window5m, domainCounts{domain: "docomo.ne.jp", attempts: 20, deferred: 20}))
	m.Close()
	if update.Bell {
		t.Error("Bell = true for a rule with bell = false")
	}
	if len(update.Active) != 1 {
		t.Errorf("%d alerts firing, want 1", len(update.Active))
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a hook ran with DisableHooks set")
	}
}

func TestMonitorReportsHookErrors(t *testing.T) {
	script := writeScript(t, `exit 7`)
	rules := mustCompile(t, Rule{Carrier: "docomo", Window: "5m", Rate: 50, Hook: []string{script}})
	errs := make(chan error, 1)
	m := NewMonitor(context.Background(), rules, MonitorOptions{OnHookError: func(_ Event, err error) { errs <- err }})
	m.Observe(snapshotAt(0, stats.Window5m, domainCounts{domain: "docomo.ne.jp", attempts: 20, deferred: 20}))
	m.Close()
	select {
	case err := <-errs:
		if !strings.Contains(err.Error(), "exit status 7") {
			t.Errorf("error %q lacks the exit status", err)
		}
	default:
		t.Error("OnHookError was not called")
	}
}

func TestMonitorMatchesRuleDomains(t *testing.T) {
	rules := mustCompile(t,
		Rule{Carrier: "au", Window: "5m", Rate: 50},
		Rule{Domain: "example.com", Window: "1h", Rate: 20},
	)
	m := NewMonitor(context.Background(), rules, MonitorOptions{})
	defer m.Close()
	tests := []struct {
		domain string
		want   bool
	}{
		{"au.com", true},
		{"ezweb.ne.jp", true},
		{"example.com", true},
		{"mail.example.com", true},
		{"docomo.ne.jp", false},
		{"notexample.com", false},
		{stats.OverflowDomain, false},
	}
	for _, tt := range tests {
		if got := m.Matches(tt.domain); got != tt.want {
			t.Errorf("Matches(%q) = %v, want %v", tt.domain, got, tt.want)
		}
	}
	if !m.HasRules() {
		t.Errorf("HasRules = false with two rules")
	}
}

func TestMonitorWithoutRulesMatchesNothing(t *testing.T) {
	m := NewMonitor(context.Background(), nil, MonitorOptions{})
	defer m.Close()
	if m.Matches("docomo.ne.jp") || m.HasRules() {
		t.Errorf("a monitor without rules matches domains")
	}
}

func TestMonitorLogsRoundedRate(t *testing.T) {
	var log strings.Builder
	rules := mustCompile(t, Rule{Domain: "docomo.ne.jp", Window: "5m", Rate: 20})
	m := NewMonitor(context.Background(), rules, MonitorOptions{Logger: slog.New(slog.NewTextHandler(&log, nil))})
	// 4 of 13 is 30.769...%.
	m.Observe(snapshotAt(0, stats.Window5m, domainCounts{domain: "docomo.ne.jp", attempts: 13, deferred: 4}))
	m.Close()

	if !strings.Contains(log.String(), "rate=30.8 ") {
		t.Errorf("the log does not show the rate rounded to 30.8:\n%s", log.String())
	}
}
