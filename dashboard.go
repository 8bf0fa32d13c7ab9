package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/mailtop/mailtop/actions"
	"github.com/mailtop/mailtop/alerts"
	"github.com/mailtop/mailtop/config"
	"github.com/mailtop/mailtop/demo"
	"github.com/mailtop/mailtop/diagnose"
	"github.com/mailtop/mailtop/l10n"
	"github.com/mailtop/mailtop/parsers"
	"github.com/mailtop/mailtop/pipeline"
	"github.com/mailtop/mailtop/sources"
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

// demoPreload is the stretch of the recording the demo shows at start.
const demoPreload = 2 * time.Hour

// demoQueueInterval is how often the demo's queue screen gets a new
// snapshot, in wall time: about 3 minutes of recording at demo.DefaultSpeed.
const demoQueueInterval = time.Second

// defaultDashboardSince is how far back the dashboard starts without --since.
const defaultDashboardSince = "24h"

// feed is the dashboard's input: a line source, the clock its windows end
// at, and the controller its action keys use, nil in read-only mode.
type feed struct {
	source     sources.LogSource
	now        func() time.Time
	controller actions.Controller
	labels     []string // log sources named in the header
	since      string   // the --since value the log is read from, for the debug log
	// keepLinesFrom is the start of the kept raw lines: a day before the
	// end of the log when it is read from further back (see
	// stats.Config.KeepLinesFrom), else zero.
	keepLinesFrom time.Time
	// staleLog is set when every line of the log files is older than
	// --since, so that the dashboard explains why it shows nothing.
	staleLog *tui.StaleLog
	journal  bool   // the lines come from the systemd journal
	queueDir string // the queue_directory the queue screen watches; "" for none
	// queueErr is the error of finding the Postfix instance, which leaves
	// queueDir empty outside the demo.
	queueErr error
	location *time.Location
	close    func()
	// unknownRecipients reads the log again, from the start the dashboard
	// read it from, for the export key.
	unknownRecipients func(ctx context.Context, overrides *diagnose.Overrides) ([]*unknownRecipient, error)
}

func runDashboard(ctx context.Context, opts *options) error {
	if opts.lang == "" {
		// The screen is drawn in UTF-8; Japanese text sent to a terminal set
		// to EUC-JP or Shift_JIS comes out garbled.
		if locale, nonUTF8 := l10n.NonUTF8Locale(os.Getenv); nonUTF8 && l10n.DetectLanguage("", os.Getenv) == l10n.Japanese {
			return fmt.Errorf("the locale %s is not UTF-8, but the dashboard draws in UTF-8: set LANG=ja_JP.UTF-8 and a UTF-8 terminal, or pass --lang ja (UTF-8 anyway) or --lang en", locale)
		}
	}
	cfg, err := config.Load(opts.configFile, os.Getenv)
	if err != nil {
		return err
	}
	var in feed
	if opts.demo {
		in, err = openDemoFeed(opts)
	} else {
		in, err = openLiveFeed(ctx, opts)
	}
	if err != nil {
		return err
	}
	defer in.close()
	lang := l10n.DetectLanguage(opts.lang, os.Getenv)
	mode := "live"
	if opts.demo {
		mode = "demo"
	}
	opts.logger.Info("dashboard started", "version", versionText(), "mode", mode, "read_only", opts.readOnly,
		"sources", in.labels, "since", in.since, "lang", lang, "config", cfg.Path, "instance", opts.configDir)
	if in.staleLog != nil {
		opts.logger.Info("every log line is older than --since", "since", in.staleLog.Since, "last_line", in.staleLog.End)
	}
	started := time.Now()
	reading := &historyLogger{LogSource: in.source, logger: opts.logger, start: started, unsized: !opts.demo, journal: in.journal}
	defer func() {
		opts.logger.Info("dashboard stopped", "lines", reading.total(), "seconds", time.Since(started).Seconds())
	}()

	coll, err := newCollector(cfg, true, in.keepLinesFrom, in.now())
	if err != nil {
		return err
	}
	if simulated, ok := in.controller.(*actions.Simulated); ok {
		simulated.LookupFunc = demoQueueLookup(coll)
	}
	overrides, err := diagnose.CompileOverrides(cfg.Overrides)
	if err != nil {
		return fmt.Errorf("config file %s: %w", cfg.Path, err)
	}
	// The file goes to the directory mailtop was started in, where the
	// operator looks for it, else to the temporary directory.
	exportUnknown := dashboardExport(in, overrides, []string{".", os.TempDir()})
	ctx, cancel := context.WithCancel(ctx)
	limitHeap(ctx, dashboardHeapLimit, os.Getenv, opts.logger)
	pipelineDone := make(chan struct{})
	go func() {
		defer close(pipelineDone)
		err := pipeline.Run(ctx, reading, coll, pipeline.Options{Year: opts.year, Location: in.location, ClassifyWhileParsing: true})
		if err != nil && ctx.Err() == nil {
			opts.logger.Error("reading the mail log stopped", "err", err)
		}
	}()
	// The source is closed by the deferred in.close only after the pipeline
	// has stopped reading from it.
	defer func() {
		cancel()
		<-pipelineDone
	}()
	updates := make(chan tui.SnapshotMsg, 1)
	// Hooks do not run in the demo: its alerts are about recorded mail.
	monitor := alerts.NewMonitor(ctx, cfg.Thresholds, alerts.MonitorOptions{Logger: opts.logger, DisableHooks: opts.demo})
	defer monitor.Close()
	views := tui.NewViewRequests()
	go sendSnapshots(ctx, coll, monitor, in.now, views, updates, reading.progress)

	var queueUpdates <-chan sources.QueueScan
	if in.queueDir != "" {
		watcher := sources.NewQueueWatcher(in.queueDir, sources.QueueWatchOptions{
			Queue: sources.QueueOptions{
				Runner:    sources.ExecRunner{},
				ConfigDir: opts.configDir,
				MailOwner: findMailOwner(ctx, opts.configDir, opts.logger),
			},
		})
		go watcher.Run(ctx)
		queueUpdates = watcher.Updates()
	}
	var queueContent tui.QueueContentReader
	if opts.demo {
		// The demo has no queue directory: its queue is what the replayed
		// log has left undelivered, and the simulated actions change it
		// through the lines they add to the replay.
		queueUpdates = demo.WatchQueue(ctx, coll, in.now, demoQueueInterval)
		queueContent = demo.QueueContent(coll)
	}
	queueActor, _ := in.controller.(actions.BatchController)
	// Forward attempts go to the audit log the queue actions write to.
	var audit *actions.Audit
	if postfix, ok := in.controller.(*actions.Postfix); ok {
		audit = postfix.Audit
	}

	host, _ := os.Hostname()
	tuiOpts := tui.Options{
		Host:       host,
		Instance:   opts.configDir,
		Sources:    in.labels,
		ConfigPath: cfg.Path,
		Watch:      cfg.Watch,
		ReadOnly:   opts.readOnly,
		Demo:       opts.demo,
		Lang:       lang,
		Actor:      in.controller,
		Source:     coll,
		Now:        in.now,
		Filter:     opts.domain,

		QueueActor:      queueActor,
		QueueUpdates:    queueUpdates,
		QueueContent:    queueContent,
		QueueNoInstance: in.queueErr != nil,

		ExportUnknown: exportUnknown,

		Relays:    cfg.Relays,
		Audit:     audit,
		Overrides: overrides,

		StaleLog: in.staleLog,
	}
	tuiOpts.Views = views
	tuiOpts.OnFrame = frameLogger(opts.logger, os.Getenv)
	if err := tui.Run(ctx, tuiOpts, updates); err != nil {
		return fmt.Errorf("run the dashboard: %w (it needs an interactive terminal; mailtop report prints the counts without one)", err)
	}
	return nil
}

// openLiveFeed follows the instance's log from --since (24 hours back by
// default) and acts through the real Postfix commands.
func openLiveFeed(ctx context.Context, opts *options) (feed, error) {
	sinceValue := opts.since
	if sinceValue == "" {
		sinceValue = defaultDashboardSince
	}
	since, err := parseSince(sinceValue, time.Now(), opts.location)
	if err != nil {
		return feed{}, usageError{err}
	}
	src, setup, err := openLogs(ctx, opts, since, true)
	if err != nil {
		return feed{}, err
	}
	logOpenedSources(opts.logger, setup)
	queueDir, queueErr := findQueueDir(ctx, opts, setup)
	if queueErr != nil && opts.configDir != "" {
		// The journal needs no instance, but -c DIR names one that the
		// header shows and the actions use.
		src.Close()
		return feed{}, fmt.Errorf("find Postfix instance %s: %w", opts.configDir, queueErr)
	}
	if opts.journal {
		// report and classify read an empty journal and warn after it,
		// but the dashboard would only stay empty, so it stops here with
		// the error it gives when it falls back to the journal itself. A
		// missing -c DIR is reported first, as the more specific error.
		if _, err := findJournal(); err != nil {
			src.Close()
			return feed{}, err
		}
	}
	if queueErr != nil {
		opts.logger.Info("the queue screen reads no queue", "err", queueErr)
	}
	// A read-only dashboard gets no controller and so needs no audit log,
	// which lets a user without a writable home directory watch.
	var controller actions.Controller
	var audit *actions.Audit
	if !opts.readOnly {
		audit, err = openAuditLog(opts.auditFile, true)
		if err != nil {
			src.Close()
			return feed{}, err
		}
		controller = &actions.Postfix{
			ConfigDir: opts.configDir,
			Runner:    actions.ExecRunner{},
			Audit:     audit,
		}
	}
	return feed{
		source:     src,
		now:        time.Now,
		controller: controller,
		labels:     setup.paths[len(setup.paths)-1:], // the followed file; older ones are rotated copies
		journal:    setup.journal,
		since:      sinceValue,
		queueDir:   queueDir,
		queueErr:   queueErr,
		location:   opts.location,

		keepLinesFrom: keepLinesFrom(opts, setup),
		staleLog:      staleLog(opts, setup, since, sinceValue),
		close: func() {
			src.Close()
			audit.Close()
		},
		unknownRecipients: func(ctx context.Context, overrides *diagnose.Overrides) ([]*unknownRecipient, error) {
			return readUnknownRecipientsFromLogs(ctx, opts, overrides, since, "")
		},
	}, nil
}

// keepLinesFrom returns a day before the last line of the followed file,
// so that a dashboard opened on days of history does not copy the raw lines
// of messages too old to show. It returns zero for the journal, standard
// input and a file without a readable last line.
func keepLinesFrom(opts *options, setup logSetup) time.Time {
	if setup.journal || len(setup.paths) == 0 {
		return time.Time{}
	}
	path := setup.paths[len(setup.paths)-1]
	if path == "-" {
		return time.Time{}
	}
	last, ok, err := sources.LastStamp(path, sources.Options{Year: opts.year, Location: opts.location})
	if err != nil || !ok {
		return time.Time{}
	}
	return last.Add(-stats.DefaultConfig().FinishedRetention)
}

// staleLog returns the end of the log when the last line of every file
// read is stamped before since, so that --since skipped every line. It
// returns nil for the journal, standard input, --since all, and a file
// whose last line has no readable stamp, where mailtop cannot tell.
func staleLog(opts *options, setup logSetup, since time.Time, sinceValue string) *tui.StaleLog {
	if since.IsZero() || setup.journal || len(setup.paths) == 0 {
		return nil
	}
	var end time.Time
	for _, path := range setup.paths {
		if path == "-" {
			return nil
		}
		last, ok, err := sources.LastStamp(path, sources.Options{Year: opts.year, Location: opts.location})
		if err != nil || !ok || !last.Before(since) {
			return nil
		}
		if last.After(end) {
			end = last
		}
	}
	return &tui.StaleLog{End: end, Since: sinceValue}
}

// logOpenedSources writes one debug log line for each log source the
// dashboard reads, with the size of each file when it was opened.
func logOpenedSources(logger *slog.Logger, setup logSetup) {
	if setup.journal {
		logger.Info("log source opened", "source", journalLabel, "follow", true)
		return
	}
	for i, path := range setup.paths {
		attrs := []any{"source", path, "follow", i == len(setup.paths)-1}
		if info, err := os.Stat(path); err == nil && path != "-" {
			attrs = append(attrs, "size", info.Size())
		}
		logger.Info("log source opened", attrs...)
	}
}

// historyWait is how long a read waits for its lines before the debug log
// records that the history of the log has been read. A log with no history
// yet waits ten times longer, because journalctl may take a moment to start.
const historyWait = 100 * time.Millisecond

// historyLogger passes the lines of a log source on and writes one debug
// log line once the history has been read: when a read has waited
// historyWait for new lines, or at the end of the source. It also counts
// the lines for the "dashboard stopped" line at exit.
type historyLogger struct {
	sources.LogSource
	logger *slog.Logger
	start  time.Time
	lines  atomic.Int64
	done   atomic.Bool
	// unsized makes the header note the reading of a history whose size
	// is not known, until a read waits.
	unsized bool
	// journal makes a history of no lines a warning: journalctl found no
	// entry of the mail facility.
	journal bool
}

// Next reads the next batch of lines from the source.
func (h *historyLogger) Next(ctx context.Context) ([]sources.Line, error) {
	if h.done.Load() {
		lines, err := h.LogSource.Next(ctx)
		h.lines.Add(int64(len(lines)))
		return lines, err
	}
	called := time.Now()
	read := h.lines.Load()
	wait := historyWait
	if read == 0 {
		wait *= 10
	}
	timer := time.AfterFunc(wait, func() {
		// A file source says when it has read its history. Without that a
		// wait would be taken for the end, and on a busy machine a read
		// of the history itself can wait that long.
		if ctx.Err() == nil && !h.sizedPending() {
			h.report(read, called)
		}
	})
	lines, err := h.LogSource.Next(ctx)
	timer.Stop()
	if errors.Is(err, io.EOF) {
		h.report(read, called)
	}
	h.lines.Add(int64(len(lines)))
	return lines, err
}

// report writes the debug log line about the history once. The lines
// were read before the read that started at caughtUp.
func (h *historyLogger) report(lines int64, caughtUp time.Time) {
	if !h.done.CompareAndSwap(false, true) {
		return
	}
	h.logger.Info("log history read", "lines", lines, "seconds", caughtUp.Sub(h.start).Seconds())
	// NOTE: a journalctl that takes longer than the first wait to print
	// its first entry is reported as empty too.
	if lines == 0 && h.journal {
		h.logger.Warn("the systemd journal gave no lines: it has no entry of the mail facility in the time read; "+
			"if Postfix logs to a file, pass --log with its path", "match", sources.MailFacilityMatch)
	}
}

// sized returns the progress of a source that knows the size of its
// history, and false for one that does not.
func (h *historyLogger) sized() (sources.Progress, bool) {
	source, ok := h.LogSource.(sources.ProgressSource)
	if !ok {
		return sources.Progress{}, false
	}
	p := source.Progress()
	return p, !p.Unsized
}

// sizedPending reports whether the source knows the size of its history
// and has not read all of it.
func (h *historyLogger) sizedPending() bool {
	p, ok := h.sized()
	return ok && p.Read < p.Total
}

// progress returns how far the history has been read, for the header.
// Log files give a percentage of their bytes. The journal and standard
// input give none, and are taken as read once a read waits, as for the
// debug log line. The demo shows nothing: its replay never waits long.
func (h *historyLogger) progress() tui.History {
	if p, ok := h.sized(); ok {
		if p.Read >= p.Total {
			return tui.History{}
		}
		return tui.History{Reading: true, Percent: int(min(p.Read*100/p.Total, 100))}
	}
	if h.unsized && !h.done.Load() {
		return tui.History{Reading: true, Percent: -1}
	}
	return tui.History{}
}

// total returns the number of lines read so far.
func (h *historyLogger) total() int64 {
	return h.lines.Load()
}

// openDemoFeed replays the embedded recording in accelerated time; actions
// are simulated and their log lines appear in the replay.
func openDemoFeed(opts *options) (feed, error) {
	// The morning's first two hours arrive at once, so the screen opens
	// on the first notices of the day and docomo's failures among them.
	replay, err := demo.New(demo.Options{Location: opts.location, Preload: demoPreload})
	if err != nil {
		return feed{}, fmt.Errorf("start the demo: %w", err)
	}
	opts.logger.Info("log source opened", "source", "demo recording", "preload", demoPreload.String(), "now", replay.Now())
	return demoFeed(replay, opts.year), nil
}

// demoFeed returns the dashboard's input from replay: its lines, its clock
// and its zone, with actions simulated through the lines they add to it.
func demoFeed(replay *demo.Replay, year int) feed {
	return feed{
		source:     replay,
		now:        replay.Now,
		controller: &actions.Simulated{OnAction: replay.InjectAction},
		labels:     []string{"demo recording"},
		since:      "demo preload " + demoPreload.String(),
		location:   replay.Location(),
		close:      func() { replay.Close() },

		unknownRecipients: demoUnknownRecipients(replay, year),
	}
}

// dashboardExport returns the function of the export key for in, which
// writes the file to the first of dirs where that works. The file's name
// is stamped by in.now, the clock the screen shows: in the demo that is
// the replay's time, so the name falls on the day the rows are dated.
func dashboardExport(in feed, overrides *diagnose.Overrides, dirs []string) func(context.Context) (string, int, error) {
	return newUnknownRecipientsExport(func(ctx context.Context) ([]*unknownRecipient, error) {
		return in.unknownRecipients(ctx, overrides)
	}, dirs, in.location, in.now)
}

// demoUnknownRecipients returns the demo's export of unknown recipients.
// It reads the whole recorded day, also the hours the replay has not
// reached yet, with the dates the replay gives that day on screen.
func demoUnknownRecipients(replay *demo.Replay, year int) func(context.Context, *diagnose.Overrides) ([]*unknownRecipient, error) {
	return func(ctx context.Context, overrides *diagnose.Overrides) ([]*unknownRecipient, error) {
		src := newMemoryLogSource(replay.ShiftedRecording(), demo.DefaultOrigin, replay.Now())
		parser := parsers.NewParser(parsers.Options{Year: year, Location: replay.Location()})
		return collectUnknownRecipients(ctx, src, parser, overrides, "")
	}
}

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
// history, when not nil, tells how far the log's history has been read;
// each message carries it, so the header can say that the counts are
// still growing.
func sendSnapshots(ctx context.Context, coll *stats.Collector, monitor *alerts.Monitor, now func() time.Time, views *tui.ViewRequests, updates chan tui.SnapshotMsg, history func() tui.History) {
	sendSnapshotsEvery(ctx, coll, monitor, now, views, updates, history, snapshotInterval, idleSnapshotInterval)
}

// idleSnapshotInterval is the longest time between two snapshots while no
// line arrives.
const idleSnapshotInterval = 5 * time.Second

// sendSnapshotsEvery is sendSnapshots with its intervals as arguments, for
// tests.
func sendSnapshotsEvery(ctx context.Context, coll *stats.Collector, monitor *alerts.Monitor, now func() time.Time,
	views *tui.ViewRequests, updates chan tui.SnapshotMsg, history func() tui.History, interval, idleInterval time.Duration) {
	if history == nil {
		history = func() tui.History { return tui.History{} }
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	var (
		lastRead int64
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
		reading := history()
		select {
		case <-ctx.Done():
			return
		case <-views.Changed():
			snap, page := take()
			msg = observe(monitor, snap, page, rate)
		case tick := <-ticker.C:
			if time.Since(lastTaken) < gap {
				continue
			}
			read := coll.LinesRead()
			idle := last.Snapshot != nil && read == lastRead &&
				now().Truncate(time.Minute).Equal(takenMinute) && time.Since(lastTaken) < idleInterval
			if idle && rate == 0 && reading == last.History {
				continue // the screen already shows all there is
			}
			// Only the regular ticks move the rate, so a snapshot taken
			// for a key press does not make it jump.
			elapsed := tick.Sub(lastTick).Seconds()
			if elapsed > 0 {
				current := float64(read-lastRead) / elapsed
				rate = 0.7*rate + 0.3*current // smooth the header's lines/s
				if current == 0 && rate < 0.05 {
					rate = 0 // shown as 0.0
				}
			}
			lastRead, lastTick = read, tick
			if idle {
				msg = last
				msg.LinesPerSecond, msg.Bell = rate, false
			} else {
				snap, page := take()
				msg = observe(monitor, snap, page, rate)
			}
		}
		msg.History = reading
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

// traceFramesVariable names the environment variable that, set to any
// value together with --debug, logs each frame that follows a key press or
// shows a new snapshot, for measuring the screen's latency.
const traceFramesVariable = "MAILTOP_TRACE_FRAMES"

// frameLogger returns a function that logs each frame to logger when the
// environment sets traceFramesVariable, else nil. key_ms is the time from
// the key press to the end of View, from monotonic clock readings.
func frameLogger(logger *slog.Logger, getenv func(string) string) func(tui.FrameTrace) {
	if getenv(traceFramesVariable) == "" {
		return nil
	}
	return func(f tui.FrameTrace) {
		attrs := []any{"drawn", f.Drawn.Format(time.RFC3339Nano)}
		if f.Key != "" {
			attrs = append(attrs, "key", f.Key,
				"key_ms", float64(f.Drawn.Sub(f.KeyAt).Microseconds())/1000)
		}
		if f.NewSnapshot {
			attrs = append(attrs, "lines_read", f.LinesRead, "last_line", f.LastLine.Format(time.RFC3339),
				"table_rows", f.TableRows)
		}
		logger.Debug("frame drawn", attrs...)
	}
}

// demoQueueLookup replaces postqueue -j in the demo. A message counts as
// queued while the replayed log has not finished it, so the simulated
// actions reject messages that were delivered or bounced, as real ones do.
func demoQueueLookup(coll *stats.Collector) func(id string) (actions.QueuedMessage, bool) {
	return func(id string) (actions.QueuedMessage, bool) {
		msg, ok := coll.Message(id)
		if !ok || msg.Finished {
			return actions.QueuedMessage{}, false
		}
		queue := actions.QueueDeferred
		if msg.Held {
			queue = actions.QueueHold
		}
		return actions.QueuedMessage{
			QueueID: msg.QueueID,
			Queue:   queue,
			Arrival: msg.Arrival,
			Sender:  msg.Sender,
			Size:    msg.Size,
		}, true
	}
}
