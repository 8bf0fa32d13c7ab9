// Package tui is the mailtop dashboard: one Bubble Tea program that shows
// per-domain delivery counts, the failure feed and each message's life, and
// runs the rescue actions.
//
// The program reads nothing itself. Statistics arrive as SnapshotMsg values
// that the caller sends. Drill-down views call a Source and actions call an
// Actor, both from commands and never from Update or View.
package tui

import (
	"context"
	"errors"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/alerts"
	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/sources"
	"github.com/mailtop/mailtop/stats"
)

// Options configure the dashboard. Only Source and Actor do work; the rest
// is shown as it is.
type Options struct {
	Host       string   // the host name shown in the header
	Instance   string   // the Postfix config directory (-c DIR); "" is the default instance
	Sources    []string // log sources: file paths, "journald", a replay file
	ConfigPath string   // the mailtop config file loaded; "" shows "none"
	Watch      []string // domains pinned on top, in this order; empty means config.DefaultWatch
	Filter     string   // the domain filter to start with (--domain); "" shows every domain
	ReadOnly   bool     // refuse every action key (--read-only)
	Demo       bool     // the data is a recorded day and actions are simulated
	Lang       string   // "en" or "ja", from l10n.DetectLanguage
	NoColor    bool     // draw without colour (NO_COLOR); Run also reads the variable
	Actor      Actor    // runs rescue actions; nil disables them
	Source     Source   // drill-down lookups; nil disables Enter
	// QueueActor runs the queue screen's actions, on one message or many;
	// nil disables them. *actions.Postfix and *actions.Simulated satisfy it.
	QueueActor actions.BatchController
	// QueueUpdates delivers queue scans, for instance from
	// sources.QueueWatcher.Updates; Run sends each into the program as a
	// QueueSnapshotMsg. Nil leaves the queue screen waiting.
	QueueUpdates <-chan sources.QueueScan
	// QueueContent reads a queued message's content for the queue
	// message view, from a command. Nil means ReadQueueContent.
	QueueContent QueueContentReader
	// QueueNoInstance is set when no queue is read because postconf found
	// no Postfix instance. The queue screen then tells the operator to pass
	// -c DIR.
	QueueNoInstance bool
	// Now returns the current time for ages that are not taken from a
	// snapshot; nil means time.Now.
	Now func() time.Time
	// Location is the zone of the header's clock (--tz). Nil shows the
	// time in the zone of the snapshot's Now.
	Location *time.Location
	// ExportUnknown writes the addresses rejected as unknown in reply to
	// RCPT TO to a CSV file and returns its path and the number of rows
	// after the header. The export key runs it from a command; nil makes
	// the key report that export is not available.
	ExportUnknown func(ctx context.Context) (path string, rows int, err error)
	// TransportAdvice returns the lines mailtop check prints for domain on
	// this instance: the dedicated transport to add, fitted to its files
	// and next hop, or that the domain is already paced. The why panel
	// shows them in place of its lines for a default instance. Nil lines
	// with a nil error mean check has nothing to suggest; a nil function
	// (the demo, no Postfix instance) keeps the default lines.
	TransportAdvice func(ctx context.Context, domain string) ([]string, error)
	// Relays are the [[relay]] tables the forward dialog offers, in this
	// order. An empty list disables the forward key. Passwords are read
	// when a forward runs.
	Relays []config.Relay
	// Overrides are the operator's reason rules, which classify the
	// queued messages' reasons as they classify the log's; nil means none.
	Overrides *diagnose.Overrides
	// ConfirmOpen, when not nil, is called with true when a confirmation
	// of an action opens and with false when it closes, from Update. The
	// demo pauses its replay meanwhile, so that the recording does not
	// move the message on while the operator reads the prompt.
	ConfirmOpen func(open bool)
	// Audit receives one line for every forward attempt, and nil records
	// none. The hold or delete after a forward is recorded by QueueActor.
	Audit *actions.Audit
	// Views, when not nil, receives the rows the domain table needs, and
	// each SnapshotMsg then carries those rows in Page, so that a snapshot
	// of many domains copies only a page of them. Nil means every
	// SnapshotMsg contains all domains in its Snapshot.
	Views *ViewRequests
	// StaleLog, when not nil, means that every line of the log is stamped
	// before --since, so the source skipped them all. While no line has
	// been read, the screen shows how to see them.
	StaleLog *StaleLog
	// LogZone, when not nil, means that the log's timestamps without an
	// offset seem to be in another zone than Location. The screen warns
	// for as long as it runs.
	LogZone *LogZone
	// OnFrame, when not nil, is called after each frame that is the first
	// to show a key press or a snapshot, for measuring latency. It runs on
	// the program's goroutine and must return quickly.
	OnFrame func(FrameTrace)
}

// StaleLog describes a log whose last line is older than the --since
// start of the dashboard.
type StaleLog struct {
	End   time.Time // the stamp of the log's last line
	Since string    // the --since value, as the operator typed it
}

// FrameTrace describes a frame the screen drew: the first after a key
// press, or the first with a new snapshot. Times carry monotonic clock
// readings, so their differences are exact durations.
type FrameTrace struct {
	Drawn time.Time // when View returned the frame
	// Key is the key press this frame is the first to follow, as
	// tea.KeyPressMsg.String spells it, and KeyAt is when Update got it.
	// Key is "" when no key was pressed since the last frame.
	Key   string
	KeyAt time.Time
	// NewSnapshot is true when the frame is the first to show its
	// snapshot. LinesRead and LastLine are that snapshot's Lines.Read and
	// Last.
	NewSnapshot bool
	LinesRead   int64
	LastLine    time.Time
	// TableRows is the number of rows of the domain table, the pinned
	// ones included, loaded or not.
	TableRows int
}

// SnapshotMsg carries a statistics snapshot into the program. The caller
// sends it at a bounded rate of a few per second, batching log lines in
// between, because every one costs an Update and a render.
type SnapshotMsg struct {
	Snapshot       *stats.Snapshot
	LinesPerSecond float64 // log lines read per second, averaged by the caller
	// Alerts are the alert rules firing at this snapshot; the screen shows
	// them in a banner above the footer.
	Alerts []alerts.Alert
	// Bell rings the terminal bell once: an alert with bell = true fired.
	Bell bool
	// Page contains the domain table's rows when Options.Views is set, in
	// reply to the latest request the screen published. The snapshot's
	// Domains then contain only the domains of the page and a few more.
	Page *stats.DomainPage
	// History is how far the log's history has been read, so that the
	// header can show that the counts are not complete yet.
	History History
}

// History is how far the dashboard has read the lines that were in the
// logs when it started.
type History struct {
	// Reading is set until those lines have been read.
	Reading bool
	// Percent is how much of them was read, from 0 to 100, or -1 when
	// their size is not known (the journal, standard input).
	Percent int
}

// Run starts the dashboard on the terminal and returns when the operator
// quits or ctx ends. It sends every SnapshotMsg from updates into the
// program; a closed updates channel leaves the screen showing the last one.
// Cancelling ctx stops the program and is not an error.
func Run(ctx context.Context, opts Options, updates <-chan SnapshotMsg) error {
	if os.Getenv("NO_COLOR") != "" {
		opts.NoColor = true
	}
	model := New(opts)
	model.ctx = ctx
	program := tea.NewProgram(model, tea.WithContext(ctx))

	done := make(chan struct{})
	defer close(done)
	go forwardSnapshots(program, updates, done)
	if opts.QueueUpdates != nil {
		go forwardQueueScans(program, opts.QueueUpdates, done)
		go sendQueueClock(program, done)
	}

	_, err := program.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}

// forwardSnapshots sends each update into program until updates closes or
// done does.
func forwardSnapshots(program *tea.Program, updates <-chan SnapshotMsg, done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case update, ok := <-updates:
			if !ok {
				return
			}
			program.Send(update)
		}
	}
}

// forwardQueueScans sends each queue scan into program until scans closes
// or done does.
func forwardQueueScans(program *tea.Program, scans <-chan sources.QueueScan, done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case scan, ok := <-scans:
			if !ok {
				return
			}
			program.Send(QueueSnapshotMsg{Snapshot: scan.Snapshot, Err: scan.Err})
		}
	}
}

// queueClockInterval is how often the queue screen's ages and retry times
// advance. Log snapshots come only every 5 s while no line arrives, and
// queue scans up to 30 s apart, so neither moves them every second.
const queueClockInterval = time.Second

// sendQueueClock sends a queueClockMsg into program every
// queueClockInterval until done closes.
func sendQueueClock(program *tea.Program, done <-chan struct{}) {
	ticker := time.NewTicker(queueClockInterval)
	defer ticker.Stop()
	for {
		select {
		case <-done:
			return
		case <-ticker.C:
			program.Send(queueClockMsg{})
		}
	}
}
