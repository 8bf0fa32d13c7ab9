package alerts

import (
	"cmp"
	"slices"
	"time"

	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/stats"
)

// Alert is one rule firing for one recipient domain. Its JSON form is part
// of what a hook reads on standard input, and the keys are stable.
type Alert struct {
	// Rule is the position of the [[alert]] table in the config file,
	// counted from 1.
	Rule   int    `json:"rule"`
	Domain string `json:"domain"`
	// Carrier is the Japanese mobile carrier of Domain (diagnose.CarrierOf),
	// or "" for any other domain.
	Carrier string `json:"carrier"`
	// Class is the rule's reason class, or "" when it counts every failure.
	Class     string  `json:"class"`
	Window    string  `json:"window"`    // 5m, 15m, 1h or 24h
	Threshold float64 `json:"threshold"` // percent
	// Rate is the percentage at the latest evaluation: Failures over
	// Attempts + Expired, so it is at most 100.
	Rate     float64 `json:"rate"`
	Attempts int64   `json:"attempts"` // in the window
	// Expired is the number of recipients that expired in the window,
	// which count as failures without being attempts. It is 0 for a rule
	// with a class, because expiries have no class.
	Expired  int64 `json:"expired"`
	Failures int64 `json:"failures"` // the rate's numerator, in the window
	// Since is the snapshot time at which the alert fired.
	Since time.Time `json:"since"`
}

// Kinds of Event.
const (
	Fired   = "firing"
	Cleared = "cleared"
)

// Event is an alert that fired or cleared at one evaluation. Its JSON form
// is what a hook reads on standard input:
//
//	{"state":"firing","time":"2026-12-04T10:15:00+09:00","rule":1,
//	 "domain":"docomo.ne.jp","carrier":"docomo","class":"","window":"15m",
//	 "threshold":20,"rate":44.4,"attempts":44,"expired":1,"failures":20,
//	 "since":"2026-12-04T10:15:00+09:00"}
type Event struct {
	State string    `json:"state"` // Fired or Cleared
	Time  time.Time `json:"time"`  // the snapshot's Now
	Alert
	// Hook, HookTimeout and Bell are copied from the rule, so the caller
	// acts on an Event without looking the rule up.
	Hook        []string      `json:"-"`
	HookTimeout time.Duration `json:"-"`
	Bell        bool          `json:"-"`
}

// key identifies an alert: one rule and one domain.
type key struct {
	rule   int
	domain string
}

// State is the set of alerts firing after an evaluation. The zero value
// has none. Evaluate never changes a State it is given, so a State may be
// read from another goroutine once Evaluate returned it.
type State struct {
	active map[key]Alert
}

// Active returns the alerts firing, by rule and then by domain.
func (s State) Active() []Alert {
	alerts := make([]Alert, 0, len(s.active))
	for _, a := range s.active {
		alerts = append(alerts, a)
	}
	slices.SortFunc(alerts, compareAlerts)
	return alerts
}

// Len returns the number of alerts firing.
func (s State) Len() int {
	return len(s.active)
}

func compareAlerts(a, b Alert) int {
	return cmp.Or(cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Domain, b.Domain))
}

// Evaluate checks every rule against every domain of snap and returns the
// alerts firing now and the events since prev: one Fired event for each
// alert that was not firing in prev, one Cleared event for each that stopped.
// Events are ordered by rule and then by domain.
//
// A rule fires for a domain when the rule's window holds at least
// MinAttempts attempts and the rate reaches the threshold. A firing alert
// clears when the window holds at least MinAttempts attempts and the rate
// falls below ClearRatio times the threshold, when the window holds no
// attempt at all, or when the domain or the rule is gone. Below MinAttempts
// attempts a firing alert stays firing, because clearing it there would fire
// it again at the next failure. Alerts that go on firing keep their Since
// time and take the latest counts, with no event.
//
// The stats overflow domain is never matched, because it mixes domains.
func Evaluate(rules []Threshold, snap *stats.Snapshot, prev State) (State, []Event) {
	next := State{active: make(map[key]Alert)}
	var events []Event

	for i := range rules {
		rule := &rules[i]
		for d := range snap.Domains {
			domain := &snap.Domains[d]
			if domain.Domain == stats.OverflowDomain || !rule.matches(domain.Domain) {
				continue
			}
			k := key{rule.Index, domain.Domain}
			alert := measureAlert(rule, domain)
			before, wasFiring := prev.active[k]

			switch {
			case wasFiring && stillFiring(rule, alert):
				alert.Since = before.Since
				next.active[k] = alert
			case !wasFiring && firing(rule, alert):
				alert.Since = snap.Now
				next.active[k] = alert
				events = append(events, newEvent(Fired, snap.Now, alert, rule))
			}
		}
	}

	for k, before := range prev.active {
		if _, ok := next.active[k]; ok {
			continue
		}
		cleared := before
		var rule *Threshold
		for i := range rules {
			if rules[i].Index == k.rule {
				rule = &rules[i]
				break
			}
		}
		if rule != nil {
			if domain := findDomain(snap, k.domain); domain != nil {
				cleared = measureAlert(rule, domain)
				cleared.Since = before.Since
			} else {
				cleared.Rate, cleared.Attempts, cleared.Expired, cleared.Failures = 0, 0, 0, 0
			}
		}
		events = append(events, newEvent(Cleared, snap.Now, cleared, rule))
	}

	slices.SortFunc(events, func(a, b Event) int {
		return cmp.Or(compareAlerts(a.Alert, b.Alert), cmp.Compare(a.State, b.State))
	})
	return next, events
}

// measureAlert returns the rule's counts for one domain, with no Since.
func measureAlert(rule *Threshold, domain *stats.DomainStats) Alert {
	counts := &domain.Windows[rule.Window]
	alert := Alert{
		Rule:      rule.Index,
		Domain:    domain.Domain,
		Carrier:   diagnose.CarrierOf("", domain.Domain),
		Class:     rule.Class.String(),
		Window:    rule.Window.String(),
		Threshold: rule.Rate,
		Attempts:  counts.Attempts,
		Failures:  rule.measure(counts),
	}
	if rule.Class == diagnose.ClassNone {
		// Expired recipients are among the failures, so they belong in
		// the denominator too. Otherwise recipients that were deferred
		// before the window and expired in it push the rate past 100 %.
		alert.Expired = counts.Expired
	}
	if outcomes := alert.Attempts + alert.Expired; outcomes > 0 {
		alert.Rate = 100 * float64(alert.Failures) / float64(outcomes)
	}
	return alert
}

func firing(rule *Threshold, a Alert) bool {
	return a.Attempts >= rule.MinAttempts && a.Rate >= rule.Rate
}

func stillFiring(rule *Threshold, a Alert) bool {
	if a.Attempts == 0 {
		return false
	}
	if a.Attempts < rule.MinAttempts {
		return true
	}
	return a.Rate >= ClearRatio*rule.Rate
}

func findDomain(snap *stats.Snapshot, name string) *stats.DomainStats {
	for i := range snap.Domains {
		if snap.Domains[i].Domain == name {
			return &snap.Domains[i]
		}
	}
	return nil
}

// newEvent builds an event. rule is nil for an alert whose rule is gone
// from the config, which then runs no hook and rings no bell.
func newEvent(state string, now time.Time, alert Alert, rule *Threshold) Event {
	ev := Event{State: state, Time: now, Alert: alert}
	if rule != nil {
		ev.Hook = rule.Hook
		ev.HookTimeout = rule.HookTimeout
		ev.Bell = rule.Bell
	}
	return ev
}
