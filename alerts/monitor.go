package alerts

import (
	"context"
	"log/slog"
	"math"
	"sync"

	"github.com/mailtop/mailtop/stats"
)

// hookQueueSize bounds the events waiting for their hook. Events arrive
// only when an alert fires or clears, so the queue fills only when hooks
// hang until their timeout while many alerts change.
const hookQueueSize = 64

// MonitorOptions configure a Monitor.
type MonitorOptions struct {
	// Logger receives a line for every event and every hook run. Nil
	// discards them.
	Logger *slog.Logger
	// DisableHooks keeps hook commands from running, for the demo, whose
	// alerts come from a recording.
	DisableHooks bool
	// OnHookError is called, on the hook goroutine, for each hook that
	// failed, for instance to show it on screen. It may be nil.
	OnHookError func(Event, error)
}

// Update is the outcome of one Monitor.Observe.
type Update struct {
	// Active are the alerts firing, by rule and then by domain.
	Active []Alert
	// Events are the alerts that fired or cleared at this snapshot.
	Events []Event
	// Bell is true when an alert whose rule has bell = true fired.
	Bell bool
}

// Monitor keeps the alert State across snapshots and runs hooks. Hooks
// run one at a time, in the order of their events, on a goroutine of the
// Monitor, so a firing and its clearing reach the hook in that order and
// a slow hook never delays the screen.
type Monitor struct {
	rules []Threshold
	opts  MonitorOptions
	state State

	ctx    context.Context
	queue  chan Event
	closed sync.Once
	done   chan struct{}
}

// NewMonitor starts a Monitor for rules. Cancelling ctx kills a running
// hook; Close waits for the hook goroutine to end.
func NewMonitor(ctx context.Context, rules []Threshold, opts MonitorOptions) *Monitor {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	m := &Monitor{
		rules: rules,
		opts:  opts,
		ctx:   ctx,
		queue: make(chan Event, hookQueueSize),
		done:  make(chan struct{}),
	}
	go m.runHooks()
	return m
}

// Observe evaluates the rules on snap, queues the hooks of the events and
// returns what the screen shows. Call it from one goroutine at a time.
func (m *Monitor) Observe(snap *stats.Snapshot) Update {
	next, events := Evaluate(m.rules, snap, m.state)
	m.state = next
	update := Update{Active: next.Active(), Events: events}

	for _, ev := range events {
		m.opts.Logger.Info("alert "+ev.State, "rule", ev.Rule, "domain", ev.Domain,
			"rate", roundTenth(ev.Rate), "threshold", ev.Threshold, "attempts", ev.Attempts, "expired", ev.Expired, "window", ev.Window)
		if ev.State == Fired && ev.Bell {
			update.Bell = true
		}
		if len(ev.Hook) == 0 || m.opts.DisableHooks {
			continue
		}
		select {
		case m.queue <- ev:
		default:
			m.opts.Logger.Error("alert hook skipped: too many hooks waiting", "hook", ev.Hook,
				"state", ev.State, "rule", ev.Rule, "domain", ev.Domain, "waiting", hookQueueSize)
		}
	}
	return update
}

// Matches reports whether a rule applies to domain, so that a snapshot
// given to Observe must hold that domain's counts. It reads only the
// rules, which never change, so it is safe for concurrent use.
func (m *Monitor) Matches(domain string) bool {
	for i := range m.rules {
		if m.rules[i].matches(domain) {
			return true
		}
	}
	return false
}

// HasRules reports whether the Monitor checks any rule.
func (m *Monitor) HasRules() bool {
	return len(m.rules) > 0
}

// Close stops taking events and waits until the queued hooks ran, or
// were killed because the Monitor's context ended.
func (m *Monitor) Close() {
	m.closed.Do(func() { close(m.queue) })
	<-m.done
}

func (m *Monitor) runHooks() {
	defer close(m.done)
	for ev := range m.queue {
		if m.ctx.Err() != nil {
			continue // drain without running
		}
		if err := RunHook(m.ctx, m.opts.Logger, ev); err != nil && m.opts.OnHookError != nil {
			m.opts.OnHookError(ev, err)
		}
	}
}

// roundTenth rounds a percentage to one decimal place for the log, where
// 30.76923076923077 would only be noise. The hook's JSON keeps the exact
// value.
func roundTenth(percent float64) float64 {
	return math.Round(percent*10) / 10
}
