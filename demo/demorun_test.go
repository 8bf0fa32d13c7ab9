package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// demoRun is the demo as the dashboard wires it. A replay of the embedded
// recording runs on a fake clock at the recording's own pace, and a
// collector gets every line it plays. The simulated queue of that
// collector and a simulated controller acting on it complete it.
type demoRun struct {
	t          *testing.T
	clock      *fakeClock
	replay     *Replay
	coll       *stats.Collector
	parser     *parsers.Parser
	queue      *SimulatedQueue
	controller *actions.Simulated
	// played lists every line played so far, added lines included.
	played []string
}

func startDemoRun(t *testing.T) *demoRun {
	t.Helper()
	clock := newFakeClock()
	replay := newSampleReplay(t, clock, Options{Recording: Recording(), Preload: -1, Speed: 1})
	d := &demoRun{
		t:      t,
		clock:  clock,
		replay: replay,
		coll:   stats.New(stats.DefaultConfig()),
		parser: parsers.NewParser(parsers.Options{Year: 2026, Location: time.UTC}),
	}
	d.queue = NewSimulatedQueue(d.coll, replay, replay.Now)
	d.controller = &actions.Simulated{LookupFunc: d.queue.Lookup, OnAction: d.queue.Apply}
	d.drain()
	return d
}

// at returns the clock time ("15:04:05") on the recording's day, December
// 4, 2026, in UTC.
func (d *demoRun) at(clock string) time.Time {
	d.t.Helper()
	t, err := time.Parse(time.DateTime, "2026-12-04 "+clock)
	if err != nil {
		d.t.Fatal(err)
	}
	return t
}

// playUntil moves the replay's clock to t, feeds the collector every line
// due by then, and takes a snapshot of the queue there, as the queue
// screen does each second, so that the simulated deliveries due by t are
// made.
func (d *demoRun) playUntil(t time.Time) sources.QueueSnapshot {
	d.t.Helper()
	if ahead := t.Sub(d.replay.Now()); ahead > 0 {
		d.clock.Advance(ahead)
	}
	d.drain()
	return d.snapshot()
}

// snapshot returns the queue at the replay's time and feeds the collector
// the lines its simulated deliveries added.
func (d *demoRun) snapshot() sources.QueueSnapshot {
	snap := d.queue.Snapshot(d.replay.Now())
	d.drain()
	return snap
}

// drain feeds the collector the lines the replay has ready, as Next would
// return them, without waiting for more.
func (d *demoRun) drain() {
	r := d.replay
	for {
		r.buf, r.lines = r.buf[:0], r.lines[:0]
		injected := r.takeInjected()
		due := r.takeDue()
		if !injected && !due {
			return
		}
		for _, line := range r.lines {
			var ev parsers.Event
			d.parser.Parse(line.Text, &ev)
			d.coll.Add(&ev, line.Text)
			d.played = append(d.played, string(line.Text))
		}
	}
}

// act runs do on the listed message id and feeds the collector the lines
// the action added.
func (d *demoRun) act(name string, snap sources.QueueSnapshot, id string, do func(context.Context, []actions.Target) (actions.Result, error)) {
	d.t.Helper()
	res, err := do(context.Background(), []actions.Target{targetFor(d.t, snap, id)})
	if err != nil || len(res.Skipped) != 0 {
		d.t.Fatalf("%s of %s = %+v, %v, want it done", name, id, res, err)
	}
	d.drain()
}

// playedLines returns the lines played so far that contain every one of
// texts.
func (d *demoRun) playedLines(texts ...string) []string {
	var found []string
	for _, line := range d.played {
		matches := true
		for _, text := range texts {
			matches = matches && strings.Contains(line, text)
		}
		if matches {
			found = append(found, line)
		}
	}
	return found
}
