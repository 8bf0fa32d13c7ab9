package alerts

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/stats"
)

var evalStart = time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)

// domainCounts are the counts a test puts in one window of one domain.
type domainCounts struct {
	domain                               string
	attempts, deferred, bounced, expired int64
	rateLimited                          int64 // attempts of class rate_limited, part of deferred
}

// snapshotAt builds a snapshot at evalStart plus minutes, with the counts in
// window w of each domain and nothing in the other windows.
func snapshotAt(minutes int, w stats.Window, domains ...domainCounts) *stats.Snapshot {
	snap := &stats.Snapshot{Now: evalStart.Add(time.Duration(minutes) * time.Minute)}
	for _, d := range domains {
		var ds stats.DomainStats
		ds.Domain = d.domain
		c := &ds.Windows[w]
		c.Attempts = d.attempts
		c.Deferred = d.deferred
		c.Bounced = d.bounced
		c.Expired = d.expired
		c.Sent = d.attempts - d.deferred - d.bounced
		c.Classes[diagnose.RateLimited] = d.rateLimited
		snap.Domains = append(snap.Domains, ds)
	}
	return snap
}

func mustCompile(t *testing.T, rules ...Rule) []Threshold {
	t.Helper()
	thresholds, err := Compile(rules)
	if err != nil {
		t.Fatal(err)
	}
	return thresholds
}

// eventNames turns events into "state rule domain" strings for comparison.
func eventNames(events []Event) []string {
	names := make([]string, len(events))
	for i, ev := range events {
		names[i] = ev.State + " " + strconv.Itoa(ev.Rule) + " " + ev.Domain
	}
	return names
}

func TestEvaluateSequence(t *testing.T) {
	docomo := mustCompile(t, Rule{Domain: "docomo.ne.jp", Window: "15m", Rate: 20, MinAttempts: ptr[int64](10)})
	steps := []struct {
		name   string
		counts domainCounts
		want   []string
		active int
	}{
		{"below min_attempts", domainCounts{domain: "docomo.ne.jp", attempts: 9, deferred: 9}, nil, 0},
		{"below threshold", domainCounts{domain: "docomo.ne.jp", attempts: 100, deferred: 19}, nil, 0},
		{"reaches threshold", domainCounts{domain: "docomo.ne.jp", attempts: 100, deferred: 11, bounced: 5, expired: 5}, []string{"firing 1 docomo.ne.jp"}, 1},
		{"stays above", domainCounts{domain: "docomo.ne.jp", attempts: 100, deferred: 50}, nil, 1},
		{"hysteresis keeps it", domainCounts{domain: "docomo.ne.jp", attempts: 100, deferred: 16}, nil, 1},
		{"clears below 80 percent", domainCounts{domain: "docomo.ne.jp", attempts: 100, deferred: 15}, []string{"cleared 1 docomo.ne.jp"}, 0},
		{"hysteresis band does not fire", domainCounts{domain: "docomo.ne.jp", attempts: 100, deferred: 18}, nil, 0},
		{"fires again", domainCounts{domain: "docomo.ne.jp", attempts: 100, deferred: 30}, []string{"firing 1 docomo.ne.jp"}, 1},
		{"clears when traffic stops", domainCounts{domain: "docomo.ne.jp"}, []string{"cleared 1 docomo.ne.jp"}, 0},
	}
	var state State
	for i, step := range steps {
		next, events := Evaluate(docomo, snapshotAt(i, stats.Window15m, step.counts), state)
		if got := eventNames(events); !slices.Equal(got, step.want) {
			t.Errorf("step %q: events %q, want %q", step.name, got, step.want)
		}
		if next.Len() != step.active {
			t.Errorf("step %q: %d alerts firing, want %d", step.name, next.Len(), step.active)
		}
		state = next
	}
}

func TestEvaluateFiredEventFields(t *testing.T) {
	rules := mustCompile(t, Rule{
		Carrier: "docomo", Window: "5m", Rate: 25,
		Hook: []string{"/bin/true"}, HookTimeout: "3s", Bell: ptr(false),
	})
	snap := snapshotAt(0, stats.Window5m, domainCounts{domain: "docomo.ne.jp", attempts: 40, deferred: 10, bounced: 2, expired: 1})
	state, events := Evaluate(rules, snap, State{})
	if len(events) != 1 {
		t.Fatalf("%d events, want 1", len(events))
	}
	ev := events[0]
	if ev.State != Fired {
		t.Errorf("State = %q, want %q", ev.State, Fired)
	}
	if !ev.Time.Equal(snap.Now) || !ev.Since.Equal(snap.Now) {
		t.Errorf("Time %v, Since %v, want both %v", ev.Time, ev.Since, snap.Now)
	}
	if ev.Carrier != diagnose.CarrierDocomo || ev.Window != "5m" || ev.Threshold != 25 {
		t.Errorf("Carrier %q, Window %q, Threshold %v", ev.Carrier, ev.Window, ev.Threshold)
	}
	if ev.Attempts != 40 || ev.Expired != 1 || ev.Failures != 13 || ev.Rate != 100*13.0/41 {
		t.Errorf("Attempts %d, Expired %d, Failures %d, Rate %v; want 40, 1, 13, %v", ev.Attempts, ev.Expired, ev.Failures, ev.Rate, 100*13.0/41)
	}
	if len(ev.Hook) != 1 || ev.HookTimeout != 3*time.Second || ev.Bell {
		t.Errorf("Hook %q, HookTimeout %v, Bell %v", ev.Hook, ev.HookTimeout, ev.Bell)
	}

	// A later evaluation keeps Since and takes the new counts.
	later := snapshotAt(1, stats.Window5m, domainCounts{domain: "docomo.ne.jp", attempts: 50, deferred: 20})
	state, events = Evaluate(rules, later, state)
	if len(events) != 0 {
		t.Errorf("events %q while still firing, want none", eventNames(events))
	}
	active := state.Active()
	if len(active) != 1 {
		t.Fatalf("%d alerts firing, want 1", len(active))
	}
	if !active[0].Since.Equal(snap.Now) {
		t.Errorf("Since = %v, want the first firing %v", active[0].Since, snap.Now)
	}
	if active[0].Attempts != 50 || active[0].Rate != 40 {
		t.Errorf("Attempts %d, Rate %v; want 50, 40", active[0].Attempts, active[0].Rate)
	}
}

// Recipients that expire in the window after deferrals before it count in
// the denominator as well as among the failures, so the rate stays at most
// 100 %. A class rule leaves them out of both.
func TestEvaluateRateWithExpiries(t *testing.T) {
	tests := []struct {
		name     string
		rule     Rule
		counts   domainCounts
		wantRate float64
	}{
		{"every attempt failed", Rule{Domain: "docomo.ne.jp", Window: "15m", Rate: 20},
			domainCounts{domain: "docomo.ne.jp", attempts: 137, deferred: 137, expired: 2}, 100},
		{"more expiries than attempts", Rule{Domain: "docomo.ne.jp", Window: "15m", Rate: 20, MinAttempts: ptr[int64](1)},
			domainCounts{domain: "docomo.ne.jp", attempts: 10, deferred: 5, expired: 30}, 100 * 35.0 / 40},
		{"class rule", Rule{Domain: "docomo.ne.jp", Class: "rate_limited", Window: "15m", Rate: 20},
			domainCounts{domain: "docomo.ne.jp", attempts: 137, deferred: 137, expired: 2, rateLimited: 137}, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := mustCompile(t, tt.rule)
			_, events := Evaluate(rules, snapshotAt(0, stats.Window15m, tt.counts), State{})
			if len(events) != 1 {
				t.Fatalf("%d events, want 1", len(events))
			}
			ev := events[0]
			if ev.Rate > 100 {
				t.Errorf("Rate = %v, more than 100", ev.Rate)
			}
			if ev.Rate != tt.wantRate {
				t.Errorf("Rate = %v, want %v", ev.Rate, tt.wantRate)
			}
		})
	}
}

func TestEvaluateMatching(t *testing.T) {
	tests := []struct {
		name    string
		rule    Rule
		domains []domainCounts
		want    []string
	}{
		{
			"carrier matches every domain of au",
			Rule{Carrier: "au", Window: "1h", Rate: 10},
			[]domainCounts{
				{domain: "ezweb.ne.jp", attempts: 10, deferred: 5},
				{domain: "au.com", attempts: 10, deferred: 5},
				{domain: "docomo.ne.jp", attempts: 10, deferred: 5},
			},
			[]string{"firing 1 au.com", "firing 1 ezweb.ne.jp"},
		},
		{
			"domain matches subdomains",
			Rule{Domain: "example.com", Window: "1h", Rate: 10},
			[]domainCounts{
				{domain: "example.com", attempts: 10, deferred: 5},
				{domain: "mx.example.com", attempts: 10, bounced: 5},
				{domain: "notexample.com", attempts: 10, deferred: 5},
			},
			[]string{"firing 1 example.com", "firing 1 mx.example.com"},
		},
		{
			"class counts only its class",
			Rule{Domain: "docomo.ne.jp", Class: "rate_limited", Window: "1h", Rate: 30},
			[]domainCounts{
				{domain: "docomo.ne.jp", attempts: 100, deferred: 90, rateLimited: 29},
			},
			nil,
		},
		{
			"class reaches its threshold",
			Rule{Domain: "docomo.ne.jp", Class: "rate_limited", Window: "1h", Rate: 30},
			[]domainCounts{
				{domain: "docomo.ne.jp", attempts: 100, deferred: 30, rateLimited: 30},
			},
			[]string{"firing 1 docomo.ne.jp"},
		},
		{
			"other window is not read",
			Rule{Domain: "docomo.ne.jp", Window: "5m", Rate: 10},
			[]domainCounts{{domain: "docomo.ne.jp", attempts: 100, deferred: 100}},
			nil,
		},
		{
			"overflow domain never matches",
			Rule{Domain: "(other)", Window: "1h", Rate: 10},
			[]domainCounts{{domain: stats.OverflowDomain, attempts: 100, deferred: 100}},
			nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rules := mustCompile(t, tc.rule)
			_, events := Evaluate(rules, snapshotAt(0, stats.Window1h, tc.domains...), State{})
			if got := eventNames(events); !slices.Equal(got, tc.want) {
				t.Errorf("events %q, want %q", got, tc.want)
			}
		})
	}
}

func TestEvaluateHoldsBelowMinAttempts(t *testing.T) {
	// A 1h rule with min_attempts 2 on a domain whose every attempt fails:
	// when old attempts leave the window one by one, the alert must stay
	// firing instead of clearing and firing again at each new attempt.
	rules := mustCompile(t, Rule{Domain: "docomo.ne.jp", Window: "1h", Rate: 20, MinAttempts: ptr[int64](2)})
	steps := []struct {
		name   string
		counts domainCounts
		want   []string
		active int
	}{
		{"fires", domainCounts{domain: "docomo.ne.jp", attempts: 2, deferred: 2}, []string{"firing 1 docomo.ne.jp"}, 1},
		{"one attempt left at 100 percent", domainCounts{domain: "docomo.ne.jp", attempts: 1, deferred: 1}, nil, 1},
		{"back to two", domainCounts{domain: "docomo.ne.jp", attempts: 2, deferred: 2}, nil, 1},
		{"one attempt that succeeded", domainCounts{domain: "docomo.ne.jp", attempts: 1}, nil, 1},
		{"enough attempts below 80 percent", domainCounts{domain: "docomo.ne.jp", attempts: 10, deferred: 1}, []string{"cleared 1 docomo.ne.jp"}, 0},
		{"fires again", domainCounts{domain: "docomo.ne.jp", attempts: 2, deferred: 2}, []string{"firing 1 docomo.ne.jp"}, 1},
		{"window empty", domainCounts{domain: "docomo.ne.jp"}, []string{"cleared 1 docomo.ne.jp"}, 0},
		{"expired only, no attempt", domainCounts{domain: "docomo.ne.jp", expired: 3}, nil, 0},
	}
	var state State
	for i, step := range steps {
		next, events := Evaluate(rules, snapshotAt(i, stats.Window1h, step.counts), state)
		if got := eventNames(events); !slices.Equal(got, step.want) {
			t.Errorf("step %q: events %q, want %q", step.name, got, step.want)
		}
		if next.Len() != step.active {
			t.Errorf("step %q: %d alerts firing, want %d", step.name, next.Len(), step.active)
		}
		state = next
	}
}

func TestEvaluateHeldAlertKeepsSince(t *testing.T) {
	rules := mustCompile(t, Rule{Domain: "docomo.ne.jp", Window: "5m", Rate: 50, MinAttempts: ptr[int64](20)})
	state, _ := Evaluate(rules, snapshotAt(0, stats.Window5m, domainCounts{domain: "docomo.ne.jp", attempts: 20, deferred: 20}), State{})
	state, events := Evaluate(rules, snapshotAt(1, stats.Window5m, domainCounts{domain: "docomo.ne.jp", attempts: 3, deferred: 1}), state)
	if len(events) != 0 {
		t.Fatalf("events %q below min_attempts, want none", eventNames(events))
	}
	active := state.Active()
	if len(active) != 1 {
		t.Fatalf("%d alerts firing, want 1", len(active))
	}
	if !active[0].Since.Equal(evalStart) || active[0].Attempts != 3 {
		t.Errorf("held alert has Since %v, Attempts %d; want %v, 3", active[0].Since, active[0].Attempts, evalStart)
	}
}

func TestEvaluateDomainGoneClears(t *testing.T) {
	rules := mustCompile(t, Rule{Domain: "docomo.ne.jp", Window: "5m", Rate: 50})
	state, _ := Evaluate(rules, snapshotAt(0, stats.Window5m, domainCounts{domain: "docomo.ne.jp", attempts: 20, deferred: 20}), State{})
	_, events := Evaluate(rules, snapshotAt(1, stats.Window5m), state)
	if len(events) != 1 || events[0].State != Cleared {
		t.Fatalf("events %q, want one cleared", eventNames(events))
	}
	if events[0].Attempts != 0 || events[0].Rate != 0 {
		t.Errorf("cleared event has Attempts %d, Rate %v; want 0, 0", events[0].Attempts, events[0].Rate)
	}
	if len(events[0].Hook) != 0 || !events[0].Bell {
		t.Errorf("cleared event has Hook %q, Bell %v; want the rule's", events[0].Hook, events[0].Bell)
	}
}

func TestEvaluateRuleRemovedClears(t *testing.T) {
	two := mustCompile(t,
		Rule{Domain: "example.com", Window: "5m", Rate: 50},
		Rule{Domain: "docomo.ne.jp", Window: "5m", Rate: 50, Hook: []string{"/bin/true"}},
	)
	snap := snapshotAt(0, stats.Window5m, domainCounts{domain: "docomo.ne.jp", attempts: 20, deferred: 20})
	state, _ := Evaluate(two, snap, State{})
	_, events := Evaluate(two[:1], snap, state)
	if len(events) != 1 || events[0].State != Cleared || events[0].Rule != 2 {
		t.Fatalf("events %q, want rule 2 cleared", eventNames(events))
	}
	if events[0].Hook != nil || events[0].Bell {
		t.Errorf("a removed rule's event has Hook %q, Bell %v; want none", events[0].Hook, events[0].Bell)
	}
}

func TestEvaluateKeepsPrevious(t *testing.T) {
	rules := mustCompile(t, Rule{Domain: "docomo.ne.jp", Window: "5m", Rate: 50})
	first, _ := Evaluate(rules, snapshotAt(0, stats.Window5m, domainCounts{domain: "docomo.ne.jp", attempts: 20, deferred: 20}), State{})
	Evaluate(rules, snapshotAt(1, stats.Window5m), first)
	if first.Len() != 1 {
		t.Errorf("the previous State changed: %d alerts firing, want 1", first.Len())
	}
}

func TestEvaluateOrdersEvents(t *testing.T) {
	rules := mustCompile(t,
		Rule{Carrier: "softbank", Window: "5m", Rate: 10},
		Rule{Carrier: "docomo", Window: "5m", Rate: 10},
	)
	snap := snapshotAt(0, stats.Window5m,
		domainCounts{domain: "softbank.ne.jp", attempts: 10, deferred: 10},
		domainCounts{domain: "docomo.ne.jp", attempts: 10, deferred: 10},
		domainCounts{domain: "i.softbank.jp", attempts: 10, deferred: 10},
	)
	_, events := Evaluate(rules, snap, State{})
	want := []string{"firing 1 i.softbank.jp", "firing 1 softbank.ne.jp", "firing 2 docomo.ne.jp"}
	if got := eventNames(events); !slices.Equal(got, want) {
		t.Errorf("events %q, want %q", got, want)
	}
}
