package main

import (
	"context"
	"time"

	"github.com/mailtop/mailtop/alerts"
	"github.com/mailtop/mailtop/stats"
	"github.com/mailtop/mailtop/tui"
)

// snapshotInterval is how often the screen gets new counts. Lines are
// counted as they arrive; only the redraws are paced.
const snapshotInterval = 250 * time.Millisecond

// snapshotCostRatio bounds the time spent taking snapshots: after one that
// took d, the next regular one waits at least snapshotCostRatio times d.
// A snapshot holds the collector's lock for part of its time, so with
// 100,000 domains taking one four times a second slowed the reading of a
// log growing by 50,000 lines a second.
const snapshotCostRatio = 8

// sendSnapshots offers the screen a fresh snapshot every snapshotInterval,
// and at once when the screen requests other rows of the domain table.
// Each snapshot holds only the rows views requests, the domains the alert
// rules match and the totals, so its cost does not grow with the domains
// shown. When the screen has not taken the previous one yet, the newer one
// replaces it, so a slow terminal never makes the pipeline wait.
//
// While no line arrives, the counts change only when the minute of the
// clock does, so a regular tick then takes no snapshot: it resends the
// last one while the lines/s figure falls to zero, and then sends
// nothing. A snapshot is still taken every idleSnapshotInterval, so ages
// on screen stay current.
//
// reading, when not nil, reports how far the log's history has been read.
// Each message carries that, so the header can show that the counts are
// still growing, and the lines/s figure counts only the lines read after
// the history. With a nil reading every line counts.
func sendSnapshots(ctx context.Context, coll *stats.Collector, monitor *alerts.Monitor, now func() time.Time, views *tui.ViewRequests, updates chan tui.SnapshotMsg, reading logReading) {
	sendSnapshotsEvery(ctx, coll, monitor, now, views, updates, reading, snapshotInterval, idleSnapshotInterval)
}

// logReading reports how far the dashboard has read its log.
// *historyLogger implements it.
type logReading interface {
	// progress returns how far the history has been read, for the header.
	progress() tui.History
	// liveLines returns the number of lines read after the history.
	liveLines() int64
	// historyEnd returns the number of lines of the history, once the
	// source has read all of them.
	historyEnd() (int64, bool)
}

// allLive is the logReading of a log without history: every line the
// collector has read counts as live.
type allLive struct{ coll *stats.Collector }

func (a allLive) progress() tui.History { return tui.History{} }

func (a allLive) liveLines() int64 { return a.coll.LinesRead() }

func (a allLive) historyEnd() (int64, bool) { return 0, false }

// historyPollInterval is how often the snapshots check whether the
// collector has added the last line of the history, once the source has
// read it. The snapshot that shows the whole history is taken then,
// without waiting for the next regular one, which with many domains can
// be half a second away.
const historyPollInterval = 20 * time.Millisecond

// idleSnapshotInterval is the longest time between two snapshots while no
// line arrives.
const idleSnapshotInterval = 5 * time.Second

// sendSnapshotsEvery is sendSnapshots with its intervals as arguments, for
// tests.
func sendSnapshotsEvery(ctx context.Context, coll *stats.Collector, monitor *alerts.Monitor, now func() time.Time,
	views *tui.ViewRequests, updates chan tui.SnapshotMsg, reading logReading, interval, idleInterval time.Duration) {
	if reading == nil {
		reading = allLive{coll}
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	var (
		lastRead int64 // lines the collector had read at the last tick
		lastLive = reading.liveLines()
		lastTick = time.Now()
		rate     float64
	)
	var include func(string) bool
	if monitor.HasRules() {
		include = monitor.Matches
	}
	var gap time.Duration // the wait after the last snapshot, from its cost
	lastTaken := time.Now()
	var (
		takenMinute time.Time // the clock's minute at the last snapshot
		last        tui.SnapshotMsg
	)
	historyTicker := time.NewTicker(historyPollInterval)
	defer historyTicker.Stop()
	historyPoll := historyTicker.C // nil once a snapshot has counted the whole history
	take := func() (*stats.Snapshot, *stats.DomainPage) {
		request := views.Latest()
		request.Include = include
		start := time.Now()
		at := now()
		snap, page := coll.SnapshotView(at, request)
		gap = snapshotCostRatio * time.Since(start)
		lastTaken = time.Now()
		takenMinute = at.Truncate(time.Minute)
		return snap, page
	}
	for {
		var msg tui.SnapshotMsg
		history := reading.progress()
		select {
		case <-ctx.Done():
			return
		case <-views.Changed():
			snap, page := take()
			msg = observe(monitor, snap, page, rate)
		case <-historyPoll:
			end, ok := reading.historyEnd()
			if !ok || coll.LinesRead() < end {
				continue
			}
			history = reading.progress()
			snap, page := take()
			msg = observe(monitor, snap, page, rate)
		case tick := <-ticker.C:
			if time.Since(lastTaken) < gap {
				continue
			}
			read := coll.LinesRead()
			idle := last.Snapshot != nil && read == lastRead &&
				now().Truncate(time.Minute).Equal(takenMinute) && time.Since(lastTaken) < idleInterval
			if idle && rate == 0 && history == last.History {
				continue // the screen already shows all there is
			}
			// Only the regular ticks move the rate, so a snapshot taken
			// for a key press does not make it jump. It counts the live
			// lines only: the history arrives in a burst that would take
			// seconds to fade from the figure.
			live := reading.liveLines()
			elapsed := tick.Sub(lastTick).Seconds()
			if elapsed > 0 {
				current := float64(live-lastLive) / elapsed
				rate = 0.7*rate + 0.3*current // smooth the header's lines/s
				if current == 0 && rate < 0.05 {
					rate = 0 // shown as 0.0
				}
			}
			lastRead, lastLive, lastTick = read, live, tick
			if idle {
				msg = last
				msg.LinesPerSecond, msg.Bell = rate, false
			} else {
				snap, page := take()
				msg = observe(monitor, snap, page, rate)
			}
		}
		msg.History = history
		if end, ok := reading.historyEnd(); historyPoll != nil && ok && msg.Snapshot.Lines.Read >= end {
			historyTicker.Stop()
			historyPoll = nil
		}
		last = msg
		select {
		case updates <- msg:
		default:
			select {
			case old := <-updates:
				// The screen never saw old: keep its bell.
				msg.Bell = msg.Bell || old.Bell
			default:
			}
			updates <- msg
		}
	}
}

// observe passes a new snapshot to the alert monitor and returns the
// message that shows both on screen.
func observe(monitor *alerts.Monitor, snap *stats.Snapshot, page *stats.DomainPage, rate float64) tui.SnapshotMsg {
	update := monitor.Observe(snap)
	return tui.SnapshotMsg{Snapshot: snap, Page: page, LinesPerSecond: rate, Alerts: update.Active, Bell: update.Bell}
}
