package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
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
	// logZone is set when the log's timestamps without an offset seem to
	// be in another zone than the one they are read in.
	logZone  *tui.LogZone
	journal  bool   // the lines come from the systemd journal
	queueDir string // the queue_directory the queue screen watches; "" for none
	// queueErr is the error of finding the Postfix instance, which leaves
	// queueDir empty outside the demo.
	queueErr error
	location *time.Location
	close    func()
	// pause stops the demo's replay while a confirmation is open; nil
	// outside the demo.
	pause func(paused bool)
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
	if in.logZone != nil {
		opts.logger.Info("the log's timestamps seem to be in another zone", "zone", in.location.String(),
			"last_line", in.logZone.Last, "modified", in.logZone.Modified, "log_offset_seconds", in.logZone.LogOffset)
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
	var demoQueue *demo.SimulatedQueue
	if opts.demo {
		// The replay takes the log lines of the simulated actions.
		actionLog, _ := in.source.(demo.ActionLog)
		demoQueue = demo.NewSimulatedQueue(coll, actionLog, in.now)
	}
	if simulated, ok := in.controller.(*actions.Simulated); ok && demoQueue != nil {
		simulated.LookupFunc = demoQueue.Lookup
		simulated.OnAction = demoQueue.Apply
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
	go sendSnapshots(ctx, coll, monitor, in.now, views, updates, reading)

	var queueUpdates <-chan sources.QueueScan
	if in.queueDir != "" {
		watcher := sources.NewQueueWatcher(in.queueDir, sources.QueueWatchOptions{
			Queue: sources.QueueOptions{
				Runner:    sources.ExecRunner{},
				ConfigDir: opts.configDir,
				MailOwner: findMailOwner(ctx, opts.configDir, opts.logger),
				// The watched directory is the instance's own.
				CheckMaster: true,
			},
		})
		go watcher.Run(ctx)
		queueUpdates = countMaildrop(ctx, watcher.Updates(), coll)
	}
	var queueContent tui.QueueContentReader
	if opts.demo {
		// The demo has no queue directory: its queue is what the replayed
		// log has left undelivered, with the simulated actions applied.
		queueUpdates = demoQueue.Watch(ctx, demoQueueInterval)
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
		Location:   in.location,
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
		LogZone:  in.logZone,

		ConfirmOpen: in.pause,
	}
	if !opts.demo && in.queueErr == nil {
		// The why panel's transport lines then fit this instance, as
		// mailtop check prints them.
		tuiOpts.TransportAdvice = checkTransportAdvice(opts.configDir, l10n.New(lang))
	}
	tuiOpts.Views = views
	tuiOpts.OnFrame = frameLogger(opts.logger, os.Getenv)
	if err := tui.Run(ctx, tuiOpts, updates); err != nil {
		return dashboardRunError(err)
	}
	return nil
}

// dashboardRunError wraps the error that ended the dashboard. When no
// terminal could be opened, its hint line states that and names mailtop
// report, which works without one.
func dashboardRunError(err error) error {
	wrapped := fmt.Errorf("run the dashboard: %w (it needs an interactive terminal; mailtop report prints the counts without one)", err)
	// bubbletea opens /dev/tty when standard input is not a terminal, and
	// that fails without a controlling terminal, as under cron or setsid.
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) && pathErr.Path == "/dev/tty" {
		return hintedError{wrapped, "cli.error.noTerminal", map[string]any{}}
	}
	return wrapped
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
		logZone:       logZoneMismatch(opts, setup, time.Now()),
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
		pause:      replay.SetPaused,

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
